// An exception nobody catches: libgcc's RaiseException comes back (the mingw
// runtime's unhandled filter continues GCC exceptions), so std::terminate
// runs, libstdc++ prints its message and abort() ends the process with 3.
// exit: 3
// stderr: terminate called after throwing an instance of 'std::runtime_error'
#include <cstdio>
#include <stdexcept>

struct Guard { ~Guard() { std::printf("never destroyed\n"); } };

int main()
{
    std::printf("start\n");
    std::fflush(stdout);
    Guard g;
    throw std::runtime_error("nobody catches this");
}
