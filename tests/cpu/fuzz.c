/*
 * fuzz.c - `make fuzz-cpu [SEED=n] [N=states] [ONLY=name]`: the differential
 * test of tests/cpu/harness.h over every form with many random states
 * (X87=0 or X87=1 in the environment: only non-x87 / x87 forms).
 * Exit status 1 when any state differs.
 */
#include "tests/cpu/harness.c"

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 1000;
    const char *only = argc > 3 && argv[3][0] ? argv[3] : NULL;
    bool verbose = getenv("VERBOSE") != NULL;
    struct diff_result r = cpu_diff_run(seed, n, only, getenv("X87") ? atoi(getenv("X87")) : -1, 100000, verbose);
    printf("fuzz-cpu: seed %llu, %u forms, %lu states (%lu native faults), %lu mismatches\n",
           (unsigned long long)seed, cpu_diff_form_count(), r.states, r.native_faults, r.mismatches);
    return r.mismatches ? 1 : 0;
}
