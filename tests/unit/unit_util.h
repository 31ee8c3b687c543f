/*
 * unit_util.h - helpers shared by the Criterion unit tests (header-only: each
 * tests/unit/test_*.c is its own program). Loading files into buffers of
 * exactly their size (so that ASan catches a read one byte past the end),
 * running a reference tool (objdump, readelf) and capturing its output, a
 * fixed-seed random generator for mutation corpora, and the check that a
 * parser's error names the file, a structure and a field.
 */
#ifndef MIMIC_TESTS_UNIT_UTIL_H
#define MIMIC_TESTS_UNIT_UTIL_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct blob {
    uint8_t *buf;
    size_t len;
};

static inline bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The whole file in a malloc'd buffer of exactly its size; buf NULL on failure. */
static inline struct blob load_file(const char *path)
{
    struct blob b = { 0 };
    FILE *f = fopen(path, "rb");
    if (!f)
        return b;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n > 0 && fseek(f, 0, SEEK_SET) == 0) {
            b.buf = malloc((size_t)n);
            if (b.buf && fread(b.buf, 1, (size_t)n, f) == (size_t)n) {
                b.len = (size_t)n;
            } else {
                free(b.buf);
                b.buf = NULL;
            }
        }
    }
    fclose(f);
    return b;
}

/* A copy of the first len bytes in a buffer of exactly len bytes (len may be 0). */
static inline uint8_t *dup_prefix(const uint8_t *buf, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    cr_assert(p);
    memcpy(p, buf, len);
    return p;
}

/* Run a shell command; its whole stdout as a malloc'd string (NULL if it failed to start). */
static inline char *run_capture(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    cr_assert(s);
    size_t r;
    while ((r = fread(s + n, 1, cap - n - 1, p)) > 0) {
        n += r;
        if (cap - n < 4096) {
            cap *= 2;
            s = realloc(s, cap);
            cr_assert(s);
        }
    }
    s[n] = 0;
    if (pclose(p) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

static inline bool have_tool(const char *tool)
{
    char *s = run_capture("command -v %s", tool);
    bool ok = s && *s;
    free(s);
    return ok;
}

/* xorshift64*: a fixed seed gives the same corpus on every run and machine. */
struct rng { uint64_t s; };
static inline uint64_t rng_next(struct rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}
static inline uint32_t rng_below(struct rng *r, uint32_t n) { return n ? (uint32_t)(rng_next(r) % n) : 0; }

/*
 * A parser error must read "NAME: STRUCTURE...: FIELD ...": it starts with the
 * file name given to the parser, then one of the structures the format has,
 * then a colon and more text (the field and what is wrong with it).
 */
static inline void check_error_text(const char *name, const char *msg, const char *const *structures)
{
    size_t n = strlen(name);
    cr_assert(strncmp(msg, name, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ',
              "error does not start with the file name \"%s\": %s", name, msg);
    const char *rest = msg + n + 2;
    bool known = false;
    for (const char *const *s = structures; *s; s++) {
        if (!strncmp(rest, *s, strlen(*s))) {
            known = true;
            break;
        }
    }
    cr_assert(known, "error does not name a known structure: %s", msg);
    const char *colon = strchr(rest, ':');
    cr_assert(colon && colon[1] == ' ' && colon[2], "error does not name a field after the structure: %s", msg);
}

#endif
