/*
 * bench.h - shared by the xlate CPU benchmarks (tests/bench/xlate/): the
 * work scale from argv[1] (default 1), and a checksum printed at the end so
 * that the compiler cannot drop the work and the script can compare the
 * output under mimic/qemu with the native run.
 */
#ifndef BENCH_H
#define BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static inline int bench_scale(int argc, char **argv)
{
    int s = argc > 1 ? atoi(argv[1]) : 1;
    return s > 0 ? s : 1;
}

/* A small deterministic generator (xorshift32): same data on every run and ABI. */
static inline uint32_t bench_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}
#endif
