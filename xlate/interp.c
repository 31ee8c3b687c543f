/*
 * interp.c - the interpreter loop and its dispatch tables: decode at RIP,
 * look the handler up by (map, opcode), run it. Handlers are grouped by
 * family in interp_*.c; an encoding with no handler is #UD in the guest, and
 * named on stderr under --trace-unimpl.
 *
 * Performance: decoded instructions come from a per-thread cache
 * (icache.h) that checks the instruction bytes on every hit, so the loop
 * decodes each instruction once and needs no invalidation; specialised
 * handlers (icache_ops.h) chain to the next instruction without returning
 * here. The generic handlers stay the reference semantics and the
 * fallback on every host.
 */
#include "xlate/interp.h"
#include "xlate/icache.h"

#include <signal.h>
#include <stdio.h>

__thread uint64_t x86_insn_rip;
__thread bool x86_rmw;
static __thread struct x86_cpu *current_cpu;

#define H(name) HANDLER(name);
H(op_alu) H(op_grp1) H(op_test) H(op_incdec_reg) H(op_grp4) H(op_grp3) H(op_imul) H(op_grp2) H(op_shxd)
H(op_mov_rm_r) H(op_mov_r_rm) H(op_mov_rm_imm) H(op_mov_r_imm) H(op_mov_moffs) H(op_lea) H(op_movzx)
H(op_movsx) H(op_movsxd) H(op_xchg_rm) H(op_xchg_ax) H(op_cbw) H(op_cwd) H(op_push_r) H(op_pop_r)
H(op_push_imm) H(op_pop_rm) H(op_pushf) H(op_popf) H(op_lahf) H(op_sahf) H(op_cmov) H(op_setcc)
H(op_bswap) H(op_cmpxchg) H(op_xadd)
H(op_jcc) H(op_jmp_rel) H(op_call_rel) H(op_ret) H(op_loop) H(op_leave) H(op_enter) H(op_grp5) H(op_int)
H(op_int3) H(op_syscall) H(op_sysenter) H(op_hlt) H(op_flagop) H(op_nop) H(op_cpuid) H(op_rdtsc)
H(op_xlat) H(op_ud) H(op_string) H(op_io_user) H(op_bt_r) H(op_grp8) H(op_bsf_bsr) H(op_popcnt)
H(op_0f01) H(op_grp9) H(op_grp15) H(op_sse) H(op_sse38) H(op_sse3a) H(op_x87)
H(op_mov_from_sreg) H(op_mov_to_sreg) H(op_push_sreg) H(op_pop_sreg)
#undef H

/* The one-byte map. Opcodes left NULL are #UD (or not yet implemented: same
 * outcome, and --trace-unimpl says which). */
static const x86_handler one_byte[256] = {
    [0x00 ... 0x05] = op_alu, [0x08 ... 0x0d] = op_alu, [0x10 ... 0x15] = op_alu, [0x18 ... 0x1d] = op_alu,
    [0x20 ... 0x25] = op_alu, [0x28 ... 0x2d] = op_alu, [0x30 ... 0x35] = op_alu, [0x38 ... 0x3d] = op_alu,
    [0x06] = op_push_sreg, [0x07] = op_pop_sreg, [0x0e] = op_push_sreg, [0x16] = op_push_sreg,
    [0x17] = op_pop_sreg, [0x1e] = op_push_sreg, [0x1f] = op_pop_sreg,
    [0x40 ... 0x4f] = op_incdec_reg,
    [0x50 ... 0x57] = op_push_r, [0x58 ... 0x5f] = op_pop_r,
    [0x63] = op_movsxd, [0x68] = op_push_imm, [0x69] = op_imul, [0x6a] = op_push_imm, [0x6b] = op_imul,
    [0x6c ... 0x6f] = op_io_user,
    [0x70 ... 0x7f] = op_jcc,
    [0x80 ... 0x83] = op_grp1, [0x84 ... 0x85] = op_test, [0x86 ... 0x87] = op_xchg_rm,
    [0x88 ... 0x89] = op_mov_rm_r, [0x8a ... 0x8b] = op_mov_r_rm, [0x8c] = op_mov_from_sreg, [0x8d] = op_lea,
    [0x8e] = op_mov_to_sreg, [0x8f] = op_pop_rm,
    [0x90 ... 0x97] = op_xchg_ax, [0x98] = op_cbw, [0x99] = op_cwd, [0x9b] = op_x87 /* FWAIT */,
    [0x9c] = op_pushf, [0x9d] = op_popf, [0x9e] = op_sahf, [0x9f] = op_lahf,
    [0xa0 ... 0xa3] = op_mov_moffs, [0xa4 ... 0xa7] = op_string, [0xa8 ... 0xa9] = op_test,
    [0xaa ... 0xaf] = op_string,
    [0xb0 ... 0xbf] = op_mov_r_imm,
    [0xc0 ... 0xc1] = op_grp2, [0xc2 ... 0xc3] = op_ret, [0xc6 ... 0xc7] = op_mov_rm_imm,
    [0xc8] = op_enter, [0xc9] = op_leave, [0xcc] = op_int3, [0xcd] = op_int,
    [0xd0 ... 0xd3] = op_grp2, [0xd7] = op_xlat, [0xd8 ... 0xdf] = op_x87,
    [0xe0 ... 0xe3] = op_loop, [0xe4 ... 0xe7] = op_io_user, [0xe8] = op_call_rel,
    [0xe9] = op_jmp_rel, [0xeb] = op_jmp_rel, [0xec ... 0xef] = op_io_user,
    [0xf4] = op_hlt, [0xf5] = op_flagop, [0xf6 ... 0xf7] = op_grp3, [0xf8 ... 0xfd] = op_flagop,
    [0xfe] = op_grp4, [0xff] = op_grp5,
};

static const x86_handler two_byte[256] = {
    [0x01] = op_0f01, [0x05] = op_syscall, [0x0b] = op_ud, [0x0d] = op_nop /* PREFETCHW */,
    [0x10 ... 0x17] = op_sse, [0x18 ... 0x1f] = op_nop /* hint NOPs, PREFETCHh */,
    [0x28 ... 0x2f] = op_sse,
    [0x31] = op_rdtsc, [0x34] = op_sysenter,
    [0x40 ... 0x4f] = op_cmov,
    [0x50 ... 0x7f] = op_sse,
    [0x80 ... 0x8f] = op_jcc, [0x90 ... 0x9f] = op_setcc,
    [0xa0] = op_push_sreg, [0xa1] = op_pop_sreg, [0xa8] = op_push_sreg, [0xa9] = op_pop_sreg,
    [0xa2] = op_cpuid, [0xa3] = op_bt_r, [0xa4 ... 0xa5] = op_shxd, [0xab] = op_bt_r, [0xac ... 0xad] = op_shxd,
    [0xae] = op_grp15, [0xaf] = op_imul,
    [0xb0 ... 0xb1] = op_cmpxchg, [0xb3] = op_bt_r, [0xb6 ... 0xb7] = op_movzx, [0xb8] = op_popcnt,
    [0xb9] = op_ud, [0xba] = op_grp8, [0xbb] = op_bt_r, [0xbc ... 0xbd] = op_bsf_bsr, [0xbe ... 0xbf] = op_movsx,
    [0xc0 ... 0xc1] = op_xadd, [0xc2 ... 0xc6] = op_sse, [0xc7] = op_grp9, [0xc8 ... 0xcf] = op_bswap,
    [0xd0 ... 0xfe] = op_sse, [0xff] = op_ud,
};

void x86_cpu_init(struct x86_cpu *cpu, enum x86_mode mode)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->mode = mode;
    cpu->flags = 0x202;
    cpu->mxcsr = 0x1f80;
    extern void x87_init(struct x86_cpu *cpu);
    x87_init(cpu);
}

void x86_fault(struct x86_cpu *cpu, int vector, uint64_t code, uint64_t addr)
{
    cpu->fault_vector = (uint8_t)vector;
    cpu->fault_code = code;
    cpu->fault_addr = addr;
    cpu->rip = x86_insn_rip;
    siglongjmp(*cpu->fault_jmp, 1);
}

void x86_sys_trace_ud(struct x86_cpu *cpu, const struct x86_inst *d);

void x86_undefined(struct x86_cpu *cpu, const struct x86_inst *d)
{
    if (cpu->sys) {
        x86_sys_trace_ud(cpu, d);   /* guest code is not at a host address */
    } else if (cpu->trace_unimpl) {
        const uint8_t *p = (const uint8_t *)(uintptr_t)x86_insn_rip;
        fprintf(stderr, "#UD at 0x%llx:", (unsigned long long)x86_insn_rip);
        for (unsigned i = 0; i < (d && d->len ? d->len : 8u); i++)
            fprintf(stderr, " %02x", p[i]);
        fputc('\n', stderr);
    }
    x86_fault(cpu, VEC_UD, 0, 0);
}

/* Called from the embedder's SIGSEGV/SIGBUS handler: if the fault happened
 * while this thread's CPU was executing a guest instruction, turn it into
 * a #PF of that instruction and return to the loop; otherwise return. */
void x86_host_fault(void *addr, bool write)
{
    struct x86_cpu *cpu = current_cpu;
    if (!cpu || !cpu->fault_jmp)
        return;
    bool w = write || x86_rmw;
    x86_rmw = false;
    x86_fault(cpu, VEC_PF, 4 | (w ? 2 : 0), (uint64_t)(uintptr_t)addr);
}

static const x86_handler *table_for(const struct x86_inst *d)
{
    return d->map == MAP_ONE ? one_byte : two_byte;
}

/* The handler for a decoded instruction, or NULL (#UD). System mode
 * (sys_insn.c) overrides some and falls back to these. */
x86_handler x86_handler_for(const struct x86_inst *d)
{
    if (d->map == MAP_0F38)
        return op_sse38;
    if (d->map == MAP_0F3A)
        return op_sse3a;
    if (d->map > MAP_0F3A || (d->prefixes & PFX_VEX))
        return NULL;   /* VEX/EVEX/XOP: AVX is not advertised */
    return table_for(d)[d->opcode];
}

/* Decode at rip into the cache entry e (or, without a cache, into *tmp) and
 * return the record to run. Raises #UD for what cannot run. */
static __attribute__((noinline)) const struct icache_entry *decode_slow(struct x86_cpu *cpu, uint64_t rip,
                                                                      struct icache_entry *e,
                                                                      struct icache_entry *tmp)
{
    struct x86_inst d;
    /* Fetch: at most 15 bytes. In user mode code is host memory; a fetch
     * that runs into an unmapped page faults like any access. */
    enum x86_decode_error err = x86_decode((const uint8_t *)(uintptr_t)rip, 15, cpu->mode, &d);
    if (err != DECODE_OK || d.ud)
        x86_undefined(cpu, err == DECODE_OK ? &d : NULL);
    x86_handler h = x86_handler_for(&d);
    if (!h)
        x86_undefined(cpu, &d);
    if (!e) {
        tmp->d = d;
        tmp->next = icache_next_rip(rip, d.len, cpu->mode);
        tmp->h = icache_specialise(tmp, rip, cpu->mode, h);
        return tmp;
    }
    icache_fill(e, rip, cpu->mode, &d, h);
    return e;
}

/* The loop proper, out of x86_run so that nothing it keeps in registers
 * lives across sigsetjmp (which would force it to the stack). Retired
 * instructions are added to cpu->insns on a normal exit only (a fault
 * unwinds past this frame).
 *
 * Each handler called here may run up to icache_run.chain more
 * instructions itself (threaded dispatch, icache.h): the loop counts what
 * it used of that, and handles only misses and generic handlers' exits.
 * Optimised builds turn each handler's call of the next into a jump; a
 * sanitizer or -O0 build may not, and then every chained instruction is a
 * stack frame (guest threads run on 256 KiB host stacks): keep it short. */
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
#define CHAIN_MAX 32
#else
#define CHAIN_MAX 4096
#endif
static __attribute__((noinline)) enum x86_exit run_loop(struct x86_cpu *cpu, uint64_t limit)
{
    struct icache_entry *table = icache_table();
    struct icache_run *run = &icache_run;
    const uint64_t mode_tag = icache_tag(0, cpu->mode);   /* the mode never changes inside a run */
    run->table = table;
    run->mode_tag = mode_tag;
    enum x86_exit ex = EXIT_NONE;
    uint64_t n = 0;
    while (n < limit) {
        uint64_t rip = cpu->rip;
        x86_insn_rip = rip;
        struct icache_entry tmp;
        const struct icache_entry *e;
        uint64_t chain = 0;
        if (__builtin_expect(table != NULL, 1)) {
            struct icache_entry *slot = icache_slot(table, rip);
            if (__builtin_expect(slot->tag == (rip | mode_tag), 1) && icache_valid(slot, rip))
                e = slot;
            else if (slot->tag == ((rip | mode_tag) ^ ICACHE_NEAR_END) && icache_near_valid(slot, rip))
                e = slot;
            else
                e = decode_slow(cpu, rip, slot, &tmp);
            chain = limit - n - 1;
            chain = chain < CHAIN_MAX ? chain : CHAIN_MAX;
        } else {
            e = decode_slow(cpu, rip, NULL, &tmp);
        }
        cpu->rip = e->next;
        run->chain = chain;
        ex = e->h(cpu, &e->d);
        n += 1 + chain - run->chain;
        if (ex != EXIT_NONE)
            break;
    }
    cpu->insns += n;
    return ex == EXIT_NONE ? EXIT_BUDGET : ex;
}

enum x86_exit x86_sys_run(struct x86_cpu *cpu, uint64_t budget);

enum x86_exit x86_run(struct x86_cpu *cpu, uint64_t budget)
{
    if (__builtin_expect(cpu->sys != NULL, 0))
        return x86_sys_run(cpu, budget);   /* xlate/sys.c: own loop, faults go to the guest */
    sigjmp_buf jb;
    sigjmp_buf *saved = cpu->fault_jmp;
    struct x86_cpu *saved_cpu = current_cpu;
    current_cpu = cpu;
    if (sigsetjmp(jb, 0)) {
        cpu->fault_jmp = saved;
        current_cpu = saved_cpu;
        return EXIT_FAULT;
    }
    cpu->fault_jmp = &jb;
    enum x86_exit ex = run_loop(cpu, budget ? budget : ~0ull);
    cpu->fault_jmp = saved;
    current_cpu = saved_cpu;
    return ex;
}
