// Nested try blocks with different exception types: the innermost matching
// handler wins, catch(...) takes anything, a base-class handler catches a
// derived exception, pointers and class types, rethrow from catch(...), and
// an exception thrown and caught entirely inside a destructor during unwinding.
#include <cstdio>
#include <exception>
#include <stdexcept>

struct Base { virtual ~Base() {} virtual const char *name() const { return "Base"; } };
struct Derived : Base { const char *name() const override { return "Derived"; } };

struct Cleanup {
    ~Cleanup()
    {
        try {
            throw 3.5;
        } catch (double d) {
            std::printf("destructor caught its own %.1f\n", d);
        }
    }
};

static void raise_kind(int k)
{
    Cleanup c;
    switch (k) {
    case 0: throw 7;
    case 1: throw "text";
    case 2: throw Derived();
    case 3: throw std::invalid_argument("bad arg");
    case 4: throw 'x';
    }
}

static void layered(int k)
{
    try {
        try {
            raise_kind(k);
        } catch (int i) {
            std::printf("  inner: int %d\n", i);
        } catch (const char *s) {
            std::printf("  inner: string %s\n", s);
            throw;
        }
    } catch (const Base &b) {
        std::printf("  middle: %s by Base&\n", b.name());
    } catch (const std::exception &e) {
        std::printf("  middle: std::exception %s\n", e.what());
    } catch (...) {
        std::printf("  middle: something else, rethrowing\n");
        throw;
    }
}

int main()
{
    for (int k = 0; k < 5; k++) {
        std::printf("kind %d\n", k);
        try {
            layered(k);
            std::printf("  layered returned\n");
        } catch (const char *s) {
            std::printf("  outer: string %s\n", s);
        } catch (...) {
            std::printf("  outer: catch(...)\n");
        }
    }
    std::exception_ptr p;
    try {
        throw std::runtime_error("stored");
    } catch (...) {
        p = std::current_exception();
    }
    try {
        std::rethrow_exception(p);
    } catch (const std::runtime_error &e) {
        std::printf("rethrown from exception_ptr: %s\n", e.what());
    }
    std::printf("uncaught_exceptions %d\n", std::uncaught_exceptions());
    return 0;
}
