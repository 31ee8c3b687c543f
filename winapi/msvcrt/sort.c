/*
 * msvcrt/sort.c - qsort, bsearch and the linear searches (_lfind,
 * _lsearch) with their _s forms. The comparators are guest functions (the
 * Microsoft x64 ABI, crt_cmp_fn); glibc's qsort_r sorts and a small adapter
 * calls the guest comparator. bsearch calls compare(key, element) as msvcrt
 * does. Programs may not rely on the order of equal elements (msvcrt's sort
 * is not stable either).
 */
#include "winapi/msvcrt/crt.h"
#include <stdlib.h>
#include <string.h>

struct sort_ctx {
    crt_cmp_fn cmp;
    crt_cmp_s_fn cmp_s;
    void *arg;
};

static int call_cmp(const void *a, const void *b, void *p)
{
    struct sort_ctx *c = p;
    return c->cmp ? c->cmp(a, b) : c->cmp_s(c->arg, a, b);
}

CDECL void msvcrt_qsort(void *base, size_t n, size_t size, crt_cmp_fn cmp)
{
    if (!n || !size)
        return;
    if (!base || !cmp) {
        crt_set_errno(CRT_EINVAL);
        return;
    }
    struct sort_ctx c = { cmp, NULL, NULL };
    qsort_r(base, n, size, call_cmp, &c);
}

CDECL void msvcrt_qsort_s(void *base, size_t n, size_t size, crt_cmp_s_fn cmp, void *arg)
{
    if (!n || !size)
        return;
    if (!base || !cmp) {
        crt_set_errno(CRT_EINVAL);
        return;
    }
    struct sort_ctx c = { NULL, cmp, arg };
    qsort_r(base, n, size, call_cmp, &c);
}

static void *search(const void *key, const void *base, size_t n, size_t size, struct sort_ctx *c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *e = (const char *)base + mid * size;
        int r = c->cmp ? c->cmp(key, e) : c->cmp_s(c->arg, key, e);
        if (r == 0)
            return (void *)e;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

CDECL void *msvcrt_bsearch(const void *key, const void *base, size_t n, size_t size, crt_cmp_fn cmp)
{
    if (!n || !size)
        return NULL;
    if (!base || !cmp) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    struct sort_ctx c = { cmp, NULL, NULL };
    return search(key, base, n, size, &c);
}

CDECL void *msvcrt_bsearch_s(const void *key, const void *base, size_t n, size_t size,
                             crt_cmp_s_fn cmp, void *arg)
{
    if (!n || !size)
        return NULL;
    if (!base || !cmp) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    struct sort_ctx c = { NULL, cmp, arg };
    return search(key, base, n, size, &c);
}

static void *linear(const void *key, const void *base, const unsigned *n, size_t size, struct sort_ctx *c)
{
    for (unsigned i = 0; i < *n; i++) {
        const char *e = (const char *)base + (size_t)i * size;
        if (!(c->cmp ? c->cmp(key, e) : c->cmp_s(c->arg, key, e)))
            return (void *)e;
    }
    return NULL;
}

CDECL void *msvcrt__lfind(const void *key, const void *base, unsigned *n, unsigned size, crt_cmp_fn cmp)
{
    if (!n || !cmp || (!base && *n)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    struct sort_ctx c = { cmp, NULL, NULL };
    return linear(key, base, n, size, &c);
}

CDECL void *msvcrt__lfind_s(const void *key, const void *base, unsigned *n, size_t size,
                            crt_cmp_s_fn cmp, void *arg)
{
    if (!n || !cmp || (!base && *n)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    struct sort_ctx c = { NULL, cmp, arg };
    return linear(key, base, n, size, &c);
}

/* _lsearch appends the key when it is absent (the caller sized the array). */
CDECL void *msvcrt__lsearch(const void *key, void *base, unsigned *n, unsigned size, crt_cmp_fn cmp)
{
    if (!n || !cmp || !base || !key) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    struct sort_ctx c = { cmp, NULL, NULL };
    void *r = linear(key, base, n, size, &c);
    if (r)
        return r;
    char *slot = (char *)base + (size_t)*n * size;
    memcpy(slot, key, size);
    (*n)++;
    return slot;
}
