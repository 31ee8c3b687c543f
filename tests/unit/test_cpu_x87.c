/*
 * test_cpu_x87.c - the x87 forms against the hardware (tests/cpu/harness.h).
 * On x86-64 hosts the computing x87 instructions run on the host's x87
 * (xlate/x87.c), so every state must match: the bound is a ratchet (it was
 * 5448 differing states of 12800 with the former long double/libm code) and
 * may only go down. The software back end (xlate/x87_soft.c over f80.c,
 * what hosts without an x87 use) is measured here too, by setting
 * x87_soft_backend: its differences are in the transcendentals, computed
 * through libm's long double (ulp-level, and C1); its own ratchet.
 * Then unmasked exceptions, which the random states (all masked) never
 * reach: #MF is raised by the next waiting instruction, the faulting one
 * leaves its destination and the stack alone.
 */
#include "tests/unit/unit_util.h"
#include "tests/cpu/harness.c"
#include "xlate/x87.h"

#define X87_KNOWN_MISMATCHES 0
#define X87_SOFT_KNOWN_MISMATCHES 165

Test(cpu, x87_forms_no_new_mismatches, .timeout = 120)
{
    struct diff_result r = cpu_diff_run(20240601, 100, NULL, 1, 0, false);
    cr_log_info("cpu: x87 forms: %lu states, %lu mismatches (bound %d)", r.states, r.mismatches,
                X87_KNOWN_MISMATCHES);
    cr_expect(r.states >= 12000, "only %lu x87 states ran", r.states);
    cr_assert_leq(r.mismatches, X87_KNOWN_MISMATCHES, "x87 regressed: %lu differing states, bound %d",
                  r.mismatches, X87_KNOWN_MISMATCHES);
}

Test(cpu, x87_soft_backend_no_new_mismatches, .timeout = 120)
{
    bool was = x87_soft_backend;
    x87_soft_backend = true;
    struct diff_result r = cpu_diff_run(20240601, 100, NULL, 1, 0, false);
    x87_soft_backend = was;
    cr_log_info("cpu: x87 forms through f80 (soft back end): %lu states, %lu mismatches (bound %d)", r.states,
                r.mismatches, X87_SOFT_KNOWN_MISMATCHES);
    cr_assert_leq(r.mismatches, X87_SOFT_KNOWN_MISMATCHES, "soft x87 regressed: %lu differing states, bound %d",
                  r.mismatches, X87_SOFT_KNOWN_MISMATCHES);
}

/* Run code from a fresh CPU for at most budget instructions. */
static enum x86_exit run_code(struct x86_cpu *cpu, const uint8_t *code, uint64_t budget)
{
    x86_cpu_init(cpu, X86_MODE_64);
    cpu->rip = (uint64_t)(uintptr_t)code;
    run_mode = 2;
    enum x86_exit ex = x86_run(cpu, budget);
    run_mode = 0;
    return ex;
}

static void unmasked_zero_divide(bool soft)
{
    setup();
    x87_soft_backend = soft;
    /* fldcw [rip+18] (the control word at code+24: 0x037b, ZE unmasked);
     * fld1; fldz; fdivp st(1),st (1/0); fld1 */
    static const uint8_t prog[] = { 0xd9, 0x2d, 18, 0, 0, 0, 0xd9, 0xe8, 0xd9, 0xee, 0xde, 0xf9, 0xd9, 0xe8 };
    uint8_t code[32] = { 0 };
    memcpy(code, prog, sizeof prog);
    code[24] = 0x7b;
    code[25] = 0x03;
    struct x86_cpu cpu;
    enum x86_exit ex = run_code(&cpu, code, 5);
    x87_soft_backend = false;
    struct x87 *f = x87_of(&cpu);
    cr_assert_eq(ex, EXIT_FAULT);
    cr_assert_eq(cpu.fault_vector, VEC_MF, "vector %u", cpu.fault_vector);
    cr_assert_eq(cpu.rip, (uint64_t)(uintptr_t)code + 12, "#MF at the next waiting instruction");
    cr_assert_eq(f->sw & 0xc7ff, SW_ZE | SW_ES | SW_B, "sw %04x", f->sw);
    cr_assert_eq((f->sw >> 11) & 7, 6, "FDIVP did not pop: TOP %u", (f->sw >> 11) & 7);
    cr_assert_eq(f->st[6].sexp, 0, "ST0 still +0");
    cr_assert_eq(f->st[7].sexp, 0x3fff, "ST1 still 1.0");
    cr_assert_eq(f->st[7].mant, 1ull << 63);
}

Test(cpu, x87_unmasked_exception_host_backend, .timeout = 10) { unmasked_zero_divide(false); }
Test(cpu, x87_unmasked_exception_soft_backend, .timeout = 10) { unmasked_zero_divide(true); }
