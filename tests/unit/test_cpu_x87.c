/*
 * test_cpu_x87.c - the x87 forms against the hardware (tests/cpu/harness.h).
 * On x86-64 hosts the computing x87 instructions run on the host's x87
 * (xlate/x87.c), so every state must match. The bound is a ratchet (it was
 * 5448 differing states of 12800 with the long double/libm implementation):
 * it may only go down. The soft-float path (xlate/f80.c, -DX87_FORCE_SOFT)
 * is measured by `make fuzz-cpu X87=1` in such a build, and tested
 * operation by operation in test_f80.c.
 */
#include "tests/unit/unit_util.h"
#include "tests/cpu/harness.c"

#define X87_KNOWN_MISMATCHES 0

Test(cpu, x87_forms_no_new_mismatches, .timeout = 120)
{
    struct diff_result r = cpu_diff_run(20240601, 100, NULL, 1, 0, false);
    cr_log_info("cpu: x87 forms: %lu states, %lu mismatches (bound %d)", r.states, r.mismatches,
                X87_KNOWN_MISMATCHES);
    cr_expect(r.states >= 12000, "only %lu x87 states ran", r.states);
    cr_assert_leq(r.mismatches, X87_KNOWN_MISMATCHES, "x87 regressed: %lu differing states, bound %d",
                  r.mismatches, X87_KNOWN_MISMATCHES);
}
