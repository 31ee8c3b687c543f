// Exceptions across many frames with standard containers in them:
// std::string and std::vector locals freed during unwinding, an exception
// from std::vector::at, a recursive descent unwound at depth 20, and an
// exception object carrying a std::string.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

static int live;
struct Counted {
    int id;
    explicit Counted(int i) : id(i) { live++; }
    Counted(const Counted &o) : id(o.id) { live++; }
    ~Counted() { live--; }
};

struct ParseError : std::runtime_error {
    std::string where;
    ParseError(const std::string &msg, const std::string &w) : std::runtime_error(msg), where(w) {}
};

static int recurse(int depth, std::vector<Counted> &trail)
{
    std::string label = "level-" + std::to_string(depth);
    Counted c(depth);
    trail.push_back(c);
    if (depth == 20)
        throw ParseError("too deep", label);
    return recurse(depth + 1, trail) + 1;
}

static long long sum_at(const std::vector<int> &v, size_t n)
{
    long long s = 0;
    for (size_t i = 0; i < n; i++)
        s += v.at(i);
    return s;
}

int main()
{
    std::vector<Counted> trail;
    try {
        recurse(0, trail);
    } catch (const ParseError &e) {
        std::printf("caught '%s' at %s, trail %zu, live %d\n", e.what(), e.where.c_str(), trail.size(), live);
    }
    trail.clear();
    std::printf("live after clear %d\n", live);

    std::vector<int> v{1, 2, 3, 4};
    try {
        std::printf("sum 4: %lld\n", sum_at(v, 4));
        std::printf("sum 5: %lld\n", sum_at(v, 5));
    } catch (const std::out_of_range &e) {
        std::printf("out_of_range caught\n");
    }

    std::string s = "abc";
    try {
        s.substr(10);
    } catch (const std::out_of_range &) {
        std::printf("substr out_of_range caught, s still %s\n", s.c_str());
    }
    for (int i = 0; i < 1000; i++) {
        try {
            throw std::string("loop ") + std::to_string(i);
        } catch (const std::string &m) {
            if (i % 250 == 0)
                std::printf("%s\n", m.c_str());
        }
    }
    return 0;
}
