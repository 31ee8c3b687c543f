/*
 * test_icache.c - the interpreter's fast paths that the instruction-level
 * differential test (test_cpu.c, one instruction per run, flags always
 * given as EFLAGS) cannot reach, against the hardware:
 *   - condition codes read straight from the lazy flags of the instruction
 *     before (icache_ops.h: fast_cond): every flag producer the
 *     specialised handlers know, followed by SETcc, CMOVcc and Jcc with
 *     each of the 16 conditions, on edge-case and random operands;
 *   - threaded dispatch (one handler jumping to the next): the sequences
 *     run with an unlimited budget, and again one instruction per x86_run,
 *     and the instruction counts must agree with the sequence's length;
 *   - self-modifying code: the same buffer is rewritten for every case,
 *     and the cache must notice each time.
 *
 * Each case is a small function in an executable page:
 *     push rbx; mov rax,[rdi]; mov rbx,[rdi+8]; xor ecx,ecx; xor edx,edx;
 *     xor r8d,r8d; mov esi,1; PRODUCER; setcc cl; cmovcc edx,esi;
 *     jcc +3; mov r8d,esi; pushfq; pop r9; mov [rdi+16..48], rcx rdx r8 r9 rax;
 *     pop rbx; ret
 * and again with the Jcc (and its MOV) right after the producer.
 * called natively, and run by the interpreter up to a SYSCALL that its
 * return address points at.
 */
#include "tests/unit/unit_util.h"

#include "xlate/cpu.h"

#include <sys/mman.h>

struct producer {
    const char *name;
    uint8_t bytes[8];
    uint8_t len;
    uint16_t undef;   /* EFLAGS bits the SDM leaves undefined after it */
};

#define AF 0x10
#define OSZAPC (F_OF | F_SF | F_ZF | F_AF | F_PF | F_CF)
static const struct producer producers[] = {
    { "cmp eax,ebx", { 0x39, 0xd8 }, 2, 0 },
    { "cmp rax,rbx", { 0x48, 0x39, 0xd8 }, 3, 0 },
    { "cmp al,bl", { 0x38, 0xd8 }, 2, 0 },
    { "cmp ax,bx", { 0x66, 0x39, 0xd8 }, 3, 0 },
    { "cmp eax,5", { 0x83, 0xf8, 0x05 }, 3, 0 },
    { "cmp al,0x41", { 0x3c, 0x41 }, 2, 0 },
    { "sub eax,ebx", { 0x29, 0xd8 }, 2, 0 },
    { "sub rax,rbx", { 0x48, 0x29, 0xd8 }, 3, 0 },
    { "test eax,ebx", { 0x85, 0xd8 }, 2, AF },
    { "test rax,rbx", { 0x48, 0x85, 0xd8 }, 3, AF },
    { "test al,bl", { 0x84, 0xd8 }, 2, AF },
    { "and eax,ebx", { 0x21, 0xd8 }, 2, AF },
    { "or rax,rbx", { 0x48, 0x09, 0xd8 }, 3, AF },
    { "xor eax,ebx", { 0x31, 0xd8 }, 2, AF },
    { "add eax,ebx", { 0x01, 0xd8 }, 2, 0 },
    { "add rax,rbx", { 0x48, 0x01, 0xd8 }, 3, 0 },
    { "add al,bl", { 0x00, 0xd8 }, 2, 0 },
    { "adc eax,ebx", { 0x11, 0xd8 }, 2, 0 },
    { "sbb eax,ebx", { 0x19, 0xd8 }, 2, 0 },
    { "inc eax", { 0xff, 0xc0 }, 2, 0 },
    { "dec rax", { 0x48, 0xff, 0xc8 }, 3, 0 },
    { "inc al", { 0xfe, 0xc0 }, 2, 0 },
    { "shl eax,5", { 0xc1, 0xe0, 0x05 }, 3, F_OF | AF },
    { "shr eax,5", { 0xc1, 0xe8, 0x05 }, 3, F_OF | AF },
    { "sar eax,5", { 0xc1, 0xf8, 0x05 }, 3, F_OF | AF },
    { "shl rax,63", { 0x48, 0xc1, 0xe0, 0x3f }, 4, F_OF | AF },
    { "shl eax,1", { 0xd1, 0xe0 }, 2, AF },
    /* these keep flags of XOR R8D,R8D before them, whose AF is undefined */
    { "shr rax,cl", { 0x48, 0xd3, 0xe8 }, 3, AF },   /* CL = 0: flags untouched */
    { "rol eax,13", { 0xc1, 0xc0, 0x0d }, 3, F_OF | AF },
    { "ror rax,1", { 0x48, 0xd1, 0xc8 }, 3, AF },
    { "imul eax,ebx", { 0x0f, 0xaf, 0xc3 }, 3, F_SF | F_ZF | AF | F_PF },
    { "imul rax,rax,7", { 0x48, 0x6b, 0xc0, 0x07 }, 4, F_SF | F_ZF | AF | F_PF },
    { "bt eax,ebx", { 0x0f, 0xa3, 0xd8 }, 3, F_OF | F_SF | AF | F_PF },
    { "neg eax", { 0xf7, 0xd8 }, 2, 0 },
};

/* The EFLAGS bits each condition reads (the low nibble of Jcc/SETcc/CMOVcc, by pairs). */
static const uint16_t cc_reads[8] = {
    F_OF, F_CF, F_ZF, F_CF | F_ZF, F_SF, F_PF, F_SF | F_OF, F_ZF | F_SF | F_OF,
};

static uint8_t *code;
/* shape 0: PRODUCER; setcc; cmovcc; jcc; mov.  shape 1: PRODUCER; jcc; mov;
 * setcc; cmovcc (the Jcc right after a CMP/TEST runs fused with it). */
static size_t build(const struct producer *p, unsigned cc, unsigned shape)
{
    static const uint8_t pre[] = {
        0x53,                               /* push rbx (callee-saved natively) */
        0x48, 0x8b, 0x07,                   /* mov rax,[rdi] */
        0x48, 0x8b, 0x5f, 0x08,             /* mov rbx,[rdi+8] */
        0x31, 0xc9,                         /* xor ecx,ecx */
        0x31, 0xd2,                         /* xor edx,edx */
        0x45, 0x31, 0xc0,                   /* xor r8d,r8d */
        0xbe, 0x01, 0x00, 0x00, 0x00,       /* mov esi,1 */
    };
    static const uint8_t post[] = {
        0x9c,                               /* pushfq */
        0x41, 0x59,                         /* pop r9 */
        0x48, 0x89, 0x4f, 0x10,             /* mov [rdi+16],rcx */
        0x48, 0x89, 0x57, 0x18,             /* mov [rdi+24],rdx */
        0x4c, 0x89, 0x47, 0x20,             /* mov [rdi+32],r8 */
        0x4c, 0x89, 0x4f, 0x28,             /* mov [rdi+40],r9 */
        0x48, 0x89, 0x47, 0x30,             /* mov [rdi+48],rax */
        0x5b,                               /* pop rbx */
        0xc3,                               /* ret */
    };
    size_t n = 0;
    memcpy(code + n, pre, sizeof pre);
    n += sizeof pre;
    memcpy(code + n, p->bytes, p->len);
    n += p->len;
    uint8_t set[] = {
        0x0f, (uint8_t)(0x90 + cc), 0xc1,   /* setcc cl */
        0x0f, (uint8_t)(0x40 + cc), 0xd6,   /* cmovcc edx,esi */
    };
    uint8_t jump[] = {
        (uint8_t)(0x70 + cc), 0x03,         /* jcc +3 */
        0x41, 0x89, 0xf0,                   /* mov r8d,esi */
    };
    if (shape == 0) {
        memcpy(code + n, set, sizeof set);
        n += sizeof set;
    }
    memcpy(code + n, jump, sizeof jump);
    n += sizeof jump;
    if (shape == 1) {
        memcpy(code + n, set, sizeof set);
        n += sizeof set;
    }
    memcpy(code + n, post, sizeof post);
    n += sizeof post;
    __builtin___clear_cache((char *)code, (char *)code + n);
    return n;
}

/* The number of instructions the sequence retires before RET. */
static unsigned insn_count(bool taken)
{
    return 7 + 1 + 3 + (taken ? 0 : 1) + 2 + 5 + 1;
}

struct io {
    uint64_t a, b, cl, dx, r8, flags, res;
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t operand(unsigned i)
{
    static const uint64_t edge[] = {
        0, 1, 2, 5, 0x41, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000ull,
        0xffffffffull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 0x100000000ull,
    };
    if (i < sizeof edge / sizeof edge[0])
        return edge[i];
    uint64_t r = next_rand();
    switch (r & 3) {   /* mostly values that differ in few bits and sizes */
    case 0: return r >> 56;
    case 1: return (uint32_t)(r >> 8);
    case 2: return (uint64_t)-(int64_t)(r >> 60);
    default: return r;
    }
}

/* Run the code at `code` in the interpreter: one run, or one run per
 * instruction. Returns the instructions retired before the SYSCALL. */
static uint64_t run_interp(struct io *st, bool step, uint64_t *stack_top)
{
    static struct x86_cpu cpu;
    x86_cpu_init(&cpu, X86_MODE_64);
    x86_set_flags(&cpu, 0x202);
    cpu.r[RDI] = (uint64_t)(uintptr_t)st;
    stack_top[-1] = (uint64_t)(uintptr_t)(code + 4000);   /* the SYSCALL sentinel */
    cpu.r[RSP] = (uint64_t)(uintptr_t)(stack_top - 1);
    cpu.rip = (uint64_t)(uintptr_t)code;
    enum x86_exit ex;
    do
        ex = x86_run(&cpu, step ? 1 : 0);
    while (step && ex == EXIT_BUDGET);
    cr_assert_eq(ex, EXIT_SYSCALL, "the sequence ended with exit %d at rip %#llx", (int)ex,
                 (unsigned long long)cpu.rip);
    return cpu.insns - 2;   /* less RET and SYSCALL */
}

Test(icache, lazy_flag_conditions_and_chaining_match_hardware, .timeout = 120)
{
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(code, MAP_FAILED);
    code[4000] = 0x0f;
    code[4001] = 0x05;   /* syscall */
    static uint64_t stack[512];
    unsigned cases = 0, mismatches = 0;
    for (size_t pi = 0; pi < sizeof producers / sizeof producers[0]; pi++) {
        const struct producer *p = &producers[pi];
        for (unsigned k = 0; k < 32; k++) {
            unsigned cc = k & 15, shape = k >> 4;
            bool defined = !(cc_reads[cc >> 1] & p->undef);
            build(p, cc, shape);
            for (unsigned i = 0; i < 48; i++) {
                struct io in = { .a = operand(i), .b = i < 18 ? operand((i * 7 + 3) % 18) : operand(i) };
                if (i % 5 == 4)
                    in.b = in.a;   /* equal operands: ZF, and compares on their edges */
                struct io nat = in, chained = in, stepped = in;
                ((void (*)(struct io *))(void *)code)(&nat);
                uint64_t n1 = run_interp(&chained, false, stack + 512);
                uint64_t n2 = run_interp(&stepped, true, stack + 512);
                bool taken = nat.r8 == 0;
                uint64_t fmask = OSZAPC & ~(uint64_t)p->undef;
                bool bad = (nat.flags & fmask) != (chained.flags & fmask) || nat.res != chained.res ||
                           (defined && (nat.cl != chained.cl || nat.dx != chained.dx || nat.r8 != chained.r8)) ||
                           chained.cl != stepped.cl || chained.dx != stepped.dx || chained.r8 != stepped.r8 ||
                           chained.flags != stepped.flags || chained.res != stepped.res ||
                           (defined && (n1 != insn_count(taken) || n2 != n1));
                if (bad && mismatches++ < 20)
                    cr_log_info("DIFF %s; cc %u shape %u; a %#llx b %#llx: native cl %llu dx %llu r8 %llu flags %#llx res %#llx; "
                                "chained cl %llu dx %llu r8 %llu flags %#llx res %#llx (%llu insns); "
                                "stepped cl %llu flags %#llx (%llu insns)",
                                p->name, cc, shape, (unsigned long long)in.a, (unsigned long long)in.b,
                                (unsigned long long)nat.cl, (unsigned long long)nat.dx, (unsigned long long)nat.r8,
                                (unsigned long long)nat.flags, (unsigned long long)nat.res,
                                (unsigned long long)chained.cl, (unsigned long long)chained.dx,
                                (unsigned long long)chained.r8, (unsigned long long)chained.flags,
                                (unsigned long long)chained.res, (unsigned long long)n1,
                                (unsigned long long)stepped.cl, (unsigned long long)stepped.flags,
                                (unsigned long long)n2);
                cases++;
            }
        }
    }
    cr_log_info("icache: %u cases, %u mismatches", cases, mismatches);
    cr_assert_eq(mismatches, 0, "%u of %u cases differ from the hardware (DIFF lines above)", mismatches, cases);
    munmap(code, 4096);
}
