/*
 * test_cpu.c - the interpreter against the hardware, instruction by
 * instruction (tests/cpu/harness.h): every form with 100 random states from
 * a fixed seed. `make fuzz-cpu SEED=n N=n` runs the same with more states.
 *
 * The integer, MMX and SSE..SSE4.2 forms must match exactly. The x87 forms
 * are a known gap, tested in test_cpu_x87.c.
 */
#include "tests/unit/unit_util.h"
#include "tests/cpu/harness.c"

Test(cpu, integer_mmx_sse_forms_match_hardware, .timeout = 120)
{
    struct diff_result r = cpu_diff_run(20240601, 100, NULL, 0, 40, false);
    cr_log_info("cpu: %u forms, %lu states, %lu native faults, %lu mismatches",
                cpu_diff_form_count(), r.states, r.native_faults, r.mismatches);
    cr_assert_eq(r.mismatches, 0, "%lu of %lu states differ from the hardware (DIFF lines above)",
                 r.mismatches, r.states);
}
