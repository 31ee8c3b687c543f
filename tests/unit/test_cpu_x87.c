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
#define X87_SOFT_KNOWN_MISMATCHES 141

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

static void unmasked_zero_divide(bool soft, bool wait)
{
    setup();
    x87_soft_backend = soft;
    /* fldcw [rip+18] (the control word at code+24: 0x037b, ZE unmasked);
     * fld1; fldz; fdivp st(1),st (1/0); fld1 (or fwait) */
    const uint8_t prog[] = { 0xd9, 0x2d, 18, 0, 0, 0, 0xd9, 0xe8, 0xd9, 0xee, 0xde, 0xf9, wait ? 0x9b : 0xd9, 0xe8 };
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

Test(cpu, x87_unmasked_exception_host_backend, .timeout = 10) { unmasked_zero_divide(false, false); }
Test(cpu, x87_unmasked_exception_soft_backend, .timeout = 10) { unmasked_zero_divide(true, false); }
Test(cpu, x87_unmasked_exception_at_fwait, .timeout = 10) { unmasked_zero_divide(false, true); }

/* The two back ends against each other where the random states never go:
 * unmasked OE/UE (the exponent-wrapped result), PE, IE, DE, a suppressed
 * store, with precision control. The host back end is the hardware. Code:
 * fldcw [cw]; fld m80 [a]; fld m80 [b]; <op>; fld1 (#MF if pending). */
struct unmasked_case { const char *name; uint16_t cw; uint64_t am; uint16_t ae; uint64_t bm; uint16_t be; uint8_t op[6]; };

static void run_case(const struct unmasked_case *u, bool soft, uint8_t *fx, enum x86_exit *ex, uint8_t *vec, uint8_t *code)
{
    memset(code, 0x90, 128);
    unsigned n = 0;
    /* data: cw at 96, a at 104, b at 114, m32 result at 124 */
    code[n++] = 0xd9; code[n++] = 0x2d; int32_t d = 96 - (int32_t)(n + 4); memcpy(code + n, &d, 4); n += 4;
    code[n++] = 0xdb; code[n++] = 0x2d; d = 104 - (int32_t)(n + 4); memcpy(code + n, &d, 4); n += 4;
    code[n++] = 0xdb; code[n++] = 0x2d; d = 114 - (int32_t)(n + 4); memcpy(code + n, &d, 4); n += 4;
    unsigned oplen = (u->op[1] & 0xc7) == 0x05 ? 6 : 2;              /* [rip+disp32] operand */
    memcpy(code + n, u->op, oplen);
    if (oplen == 6) { d = 124 - (int32_t)(n + 6); memcpy(code + n + 2, &d, 4); }
    n += oplen;
    code[n++] = 0xd9; code[n++] = 0xe8;
    memcpy(code + 96, &u->cw, 2);
    memcpy(code + 104, &u->am, 8); memcpy(code + 112, &u->ae, 2);
    memcpy(code + 114, &u->bm, 8); memcpy(code + 122, &u->be, 2);
    memset(code + 124, 0x5a, 4);
    struct x86_cpu cpu;
    x87_soft_backend = soft;
    *ex = run_code(&cpu, code, 5);
    x87_soft_backend = false;
    *vec = cpu.fault_vector;
    x87_fxsave(&cpu, fx);
}

Test(cpu, x87_unmasked_responses_soft_equals_hardware, .timeout = 10)
{
    static const struct unmasked_case cases[] = {
        { "OE fmulp", 0x0377, 0xc000000000000000ull, 0x7e00, 0xa000000000000000ull, 0x7d00, { 0xde, 0xc9 } },
        { "OE fmulp PC24", 0x0077, 0xc000000000000001ull, 0x7e00, 0xa000000000000003ull, 0x7d00, { 0xde, 0xc9 } },
        { "OE faddp RZ", 0x0f77, 0xffffffffffffffffull, 0x7ffe, 0xffffffffffffffffull, 0x7ffe, { 0xde, 0xc1 } },
        { "UE fmulp", 0x036f, 0xc000000000000001ull, 0x0100, 0xa000000000000003ull, 0x3000, { 0xde, 0xc9 } },
        { "UE exact", 0x036f, 0x8000000000000000ull, 0x1000, 0x8000000000000000ull, 0x2fff - 0x1000 + 0x3fff - 0x2fff, { 0xde, 0xc9 } },
        { "UE fdivp", 0x036f, 0x8000000000000000ull, 0x0001, 0xc000000000000000ull, 0x3fff, { 0xde, 0xf9 } },
        { "PE fdivp", 0x035f, 0x8000000000000000ull, 0x3fff, 0xc000000000000000ull, 0x4000, { 0xde, 0xf9 } },
        { "IE fsqrt", 0x037e, 0x8000000000000000ull, 0x3fff, 0x8000000000000000ull, 0xbfff, { 0xd9, 0xfa } },
        { "DE faddp", 0x037d, 0x0000000000001234ull, 0x0000, 0x8000000000000000ull, 0x3fff, { 0xde, 0xc1 } },
        { "ZE fdivp", 0x037b, 0x8000000000000000ull, 0x3fff, 0, 0, { 0xde, 0xf9 } },
        { "UE fstp m32", 0x036f, 0x8000000000000000ull, 0x3fff, 0x8000000000000000ull, 0x3fff - 200, { 0xd9, 0x1d } },
        { "OE fstp m32", 0x0377, 0x8000000000000000ull, 0x3fff, 0x8000000000000000ull, 0x3fff + 200, { 0xd9, 0x1d } },
        { "PE fst m32", 0x035f, 0x8000000000000000ull, 0x3fff, 0xaaaaaaaaaaaaaaaaull, 0x3ffd, { 0xd9, 0x15 } },
        { "IE fistp m32", 0x037e, 0x8000000000000000ull, 0x3fff, 0x8000000000000000ull, 0x3fff + 40, { 0xdb, 0x1d } },
        { "IE fcompp SNaN", 0x037e, 0xa000000000000000ull, 0x7fff, 0x8000000000000000ull, 0x3fff, { 0xde, 0xd9 } },
        { "IE fucompp SNaN", 0x037e, 0x8000000000000000ull, 0x3fff, 0xa000000000000000ull, 0x7fff, { 0xda, 0xe9 } },
        { "DE fcom", 0x037d, 0x8000000000000000ull, 0x3fff, 0x0000000000000001ull, 0x0000, { 0xd8, 0xd1 } },
        { "ZE fxtract 0", 0x037b, 0x8000000000000000ull, 0x3fff, 0, 0x8000, { 0xd9, 0xf4 } },
        { "IE fprem inf", 0x037e, 0x8000000000000000ull, 0x3fff, 0x8000000000000000ull, 0x7fff, { 0xd9, 0xf8 } },
        { "UE fscale", 0x036f, 0x9c40000000000000ull, 0xc00d, 0x8000000000000000ull, 0x3fff, { 0xd9, 0xfd } },
        { "OE fscale", 0x0377, 0x9c40000000000000ull, 0x400d, 0x8000000000000000ull, 0x3fff, { 0xd9, 0xfd } },
        { "IE frndint SNaN", 0x037e, 0, 0, 0xa000000000000000ull, 0xffff, { 0xd9, 0xfc } },
        { "IE fadd inf-inf", 0x037e, 0x8000000000000000ull, 0x7fff, 0x8000000000000000ull, 0xffff, { 0xde, 0xc1 } },
    };
    setup();
    static uint8_t code_h[128], code_s[128];
    unsigned differ = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        uint8_t fh[512], fs[512], vh, vs;
        enum x86_exit eh, es;
        run_case(&cases[k], false, fh, &eh, &vh, code_h);
        run_case(&cases[k], true, fs, &es, &vs, code_s);
        bool same_state = eh == es && (eh != EXIT_FAULT || vh == vs) && !memcmp(fh, fs, 6) && !memcmp(fh + 32, fs + 32, 128) &&
                          !memcmp(code_h + 124, code_s + 124, 4);
        if (!same_state) {
            differ++;
            uint16_t swh, sws;
            memcpy(&swh, fh + 2, 2);
            memcpy(&sws, fs + 2, 2);
            cr_log_error("%s: host exit %d/%u sw %04x st0 %04x:%016llx, soft exit %d/%u sw %04x st0 %04x:%016llx", cases[k].name,
                         eh, vh, swh, *(uint16_t *)(fh + 40), *(unsigned long long *)(fh + 32), es, vs, sws,
                         *(uint16_t *)(fs + 40), *(unsigned long long *)(fs + 32));
        }
    }
    cr_assert_eq(differ, 0);
}
