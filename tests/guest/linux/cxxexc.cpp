// cxxexc.cpp - C++ exceptions through the unwinder: throw across many frames
// with destructors run in order, rethrow, nested exceptions, exception_ptr
// carried to another thread, catch by base class, noexcept function
// boundaries, exceptions in constructors of members, std::terminate-free
// cleanup, and standard-library exceptions (bad_alloc, out_of_range).
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

static std::string trail;

struct Noisy {
    char tag;
    explicit Noisy(char t) : tag(t) { trail += '+'; trail += t; }
    ~Noisy() { trail += '-'; trail += tag; }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

static int deep(int n)
{
    Noisy guard(static_cast<char>('a' + n % 26));
    if (n == 0) throw MyError("bottom reached", 42);
    return deep(n - 1) + 1;
}

struct Member {
    Member(bool fail) { if (fail) throw std::invalid_argument("member failed"); }
};
struct Holder {
    Noisy first{'H'};
    Member m;
    Holder(bool fail) : m(fail) {}
};

static void rethrower()
{
    try {
        throw std::out_of_range("inner");
    } catch (std::exception &) {
        trail += "[caught-inner]";
        throw;
    }
}

static void nested_thrower()
{
    try {
        throw std::runtime_error("cause");
    } catch (...) {
        std::throw_with_nested(std::logic_error("wrapper"));
    }
}

static void print_nested(const std::exception &e, int level)
{
    std::printf("  level %d: %s\n", level, e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception &inner) {
        print_nested(inner, level + 1);
    }
}

int main()
{
    try {
        deep(5);
    } catch (const MyError &e) {
        std::printf("caught MyError '%s' code %d trail %s\n", e.what(), e.code, trail.c_str());
    }
    trail.clear();
    try {
        rethrower();
    } catch (const std::logic_error &e) {
        std::printf("rethrow caught as logic_error: %s trail %s\n", e.what(), trail.c_str());
    }
    trail.clear();
    try {
        Holder h(true);
    } catch (const std::invalid_argument &e) {
        std::printf("constructor threw: %s, constructed member destroyed: %s\n", e.what(), trail.c_str());
    }
    try {
        nested_thrower();
    } catch (const std::exception &e) {
        std::printf("nested:\n");
        print_nested(e, 0);
    }
    std::exception_ptr ep;
    std::thread t([&ep] {
        try {
            std::vector<int> v(3);
            (void)v.at(10);
        } catch (...) {
            ep = std::current_exception();
        }
    });
    t.join();
    try {
        if (ep) std::rethrow_exception(ep);
    } catch (const std::out_of_range &e) {
        std::printf("exception from thread: out_of_range %d\n", std::strstr(e.what(), "10") != nullptr);
    }
    try {
        throw 17;
    } catch (long) {
        std::printf("wrong: long\n");
    } catch (int i) {
        std::printf("caught int %d\n", i);
    }
    try {
        throw "c string";
    } catch (const char *s) {
        std::printf("caught const char* %s\n", s);
    }
    try {
        std::map<std::string, int> m;
        (void)m.at("missing");
    } catch (const std::out_of_range &) {
        std::printf("map::at out_of_range\n");
    }
    try {
        /* operator new called directly: a new-expression may be elided */
        volatile std::size_t huge = static_cast<std::size_t>(-1) / 4;
        void *volatile p = ::operator new(huge);
        std::printf("wrong: allocated %d\n", p != nullptr);
    } catch (const std::bad_alloc &e) {
        std::printf("bad_alloc: %s\n", e.what());
    }
    try {
        std::string s("abc");
        (void)s.substr(10);
    } catch (const std::exception &e) {
        std::printf("substr threw out_of_range %d\n", dynamic_cast<const std::out_of_range *>(&e) != nullptr);
    }
    int caught = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            if (i % 3 == 0) throw i;
            if (i % 3 == 1) throw std::to_string(i);
        } catch (int) {
            caught += 1;
        } catch (const std::string &) {
            caught += 1000;
        }
    }
    std::printf("1000 throws: %d\n", caught);
    std::printf("uncaught_exceptions %d\n", std::uncaught_exceptions());
    struct InDtor {
        ~InDtor() { std::printf("in unwinding destructor: uncaught %d\n", std::uncaught_exceptions()); }
    };
    try {
        InDtor d;
        throw 1;
    } catch (int) {
    }
    return 0;
}
