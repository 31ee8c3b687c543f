// C++ exceptions (mingw g++: libgcc's SEH unwinder over RaiseException /
// RtlUnwindEx): throw and catch, destructors of RAII objects in order,
// rethrow with `throw;`, and a catch that throws a new exception.
#include <cstdio>
#include <stdexcept>

struct Noisy {
    const char *name;
    explicit Noisy(const char *n) : name(n) { std::printf("construct %s\n", name); }
    ~Noisy() { std::printf("destruct %s\n", name); }
};

static void thrower(int what)
{
    Noisy a("thrower-a");
    {
        Noisy b("thrower-b");
    }
    Noisy c("thrower-c");
    if (what == 1)
        throw std::runtime_error("runtime error one");
    if (what == 2)
        throw 42;
    std::printf("thrower returns\n");
}

static void middle(int what)
{
    Noisy m("middle");
    try {
        thrower(what);
    } catch (const std::runtime_error &e) {
        std::printf("middle caught '%s', rethrowing\n", e.what());
        throw;
    }
}

int main()
{
    try {
        middle(1);
    } catch (const std::exception &e) {
        std::printf("main caught '%s'\n", e.what());
    }
    try {
        middle(2);
    } catch (int v) {
        std::printf("main caught int %d\n", v);
    }
    middle(0);
    try {
        try {
            thrower(1);
        } catch (const std::exception &) {
            Noisy h("in-handler");
            throw std::logic_error("replacement");
        }
    } catch (const std::logic_error &e) {
        std::printf("main caught logic_error '%s'\n", e.what());
    }
    std::printf("done\n");
    return 0;
}
