/*
 * soft.c - the soft accelerator: xlate's x86 CPU in system mode
 * (xlate/sysmode.h) runs the vCPU, and every port and MMIO access it makes
 * outside RAM comes back here and goes to the bus; external interrupts come
 * from the bus's interrupt controller (the 8259A pair).
 *
 * The run loop executes the guest in slices of instructions; between
 * slices the machine polls its devices (timers fire, console input
 * arrives, output is written: vm_poll) and looks for a reason to stop
 * (vm_stop_reason). HLT puts the loop to sleep until the next device
 * deadline or console input, so an idle guest costs no host CPU. A triple
 * fault ends the machine as a reset (Linux's reboot=t). HLT with
 * interrupts off can never end on this board (no NMI source), which is how
 * Linux halts or powers off without ACPI: the machine stops as powered off.
 */
#include "full-vm/accel.h"
#include "full-vm/vm.h"
#include "xlate/sysmode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Slices end near the next device deadline (a timer's next interrupt), at
 * most SLICE_MAX_NS of guest time after they start: the CPU's speed is
 * measured as it runs (instructions per ns, a moving average) and the
 * budget is the time to the deadline times that speed. A fixed budget
 * would overshoot the PIT's 4 ms period on a slow CPU (the PIT folds the
 * periods that pass between two polls into one interrupt, and the guest's
 * jiffies then fall behind its TSC). Polling costs a clock read and a walk
 * over ten devices, well under a percent of a slice. */
#define SLICE_MAX_NS    1000000ull
#define SLICE_MIN_INSNS 2000ull
#define SLICE_MAX_INSNS 2000000ull

struct soft {
    struct x86_cpu cpu;
    uint64_t slices, halts;
    uint64_t cpu_ns;             /* host time inside x86_run */
    uint64_t thread_ns;          /* CPU time the host gave the run loop (preemption excluded) */
    uint64_t longest_slice_ns, longest_slice_insns;
    uint64_t deadline;           /* the next device deadline, from the last vm_poll */
    double insns_per_ns;         /* measured speed of the CPU */
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct soft *soft_of(struct vm *vm)
{
    return vm->accel_state;
}

/* ---- the CPU's view of the machine ------------------------------------- */

static uint64_t sb_pio_read(void *opaque, uint16_t port, unsigned size)
{
    struct vm *vm = opaque;
    return bus_read(&vm->bus, IO_PORT, port, size);
}

static void sb_pio_write(void *opaque, uint16_t port, unsigned size, uint64_t val)
{
    struct vm *vm = opaque;
    bus_write(&vm->bus, IO_PORT, port, size, val);
}

static uint64_t sb_mmio_read(void *opaque, uint64_t pa, unsigned size)
{
    struct vm *vm = opaque;
    return bus_read(&vm->bus, IO_MMIO, pa, size);
}

static void sb_mmio_write(void *opaque, uint64_t pa, unsigned size, uint64_t val)
{
    struct vm *vm = opaque;
    bus_write(&vm->bus, IO_MMIO, pa, size, val);
}

static bool sb_irq_pending(void *opaque)
{
    struct vm *vm = opaque;
    struct irq_chip *irq = vm->bus.irq;
    return irq && irq->pending(irq->opaque);
}

static uint8_t sb_irq_ack(void *opaque)
{
    struct vm *vm = opaque;
    struct irq_chip *irq = vm->bus.irq;
    /* Only called after sb_irq_pending said yes; a chip that vanished in
     * between would make this a spurious IRQ 7 (vector 0x0f by BIOS
     * convention), never a crash. */
    return irq ? irq->ack(irq->opaque) : 0x0f;
}

static uint64_t sb_now_ns(void *opaque)
{
    return vm_now_ns(opaque);
}

/* ---- accelerator interface ------------------------------------------------ */

static int soft_init(struct vm *vm)
{
    struct soft *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "mimic vm: soft accelerator: out of memory\n");
        return -1;
    }
    struct x86_sys_bus sb = {
        .opaque = vm,
        .ram = vm->ram,
        .ram_size = vm->ram_size,
        .pio_read = sb_pio_read,
        .pio_write = sb_pio_write,
        .mmio_read = sb_mmio_read,
        .mmio_write = sb_mmio_write,
        .irq_pending = sb_irq_pending,
        .irq_ack = sb_irq_ack,
        .now_ns = sb_now_ns,
        .tsc_hz = VM_TSC_HZ,
    };
    x86_cpu_init(&s->cpu, X86_MODE_16);
    if (x86_sys_init(&s->cpu, &sb)) {
        fprintf(stderr, "mimic vm: soft accelerator: cannot put the CPU in system mode (out of memory)\n");
        free(s);
        return -1;
    }
    s->cpu.embedder = vm;
    vm->accel_state = s;
    return 0;
}

static int soft_set_entry(struct vm *vm, const struct vm_entry *e)
{
    struct x86_cpu *cpu = &soft_of(vm)->cpu;
    if (e->mode == 64)
        x86_sys_enter_long_mode(cpu, e->cr3, e->gdt_base, e->gdt_limit, e->cs, e->ds);
    else if (e->mode == 32)
        x86_sys_enter_protected_mode(cpu, e->gdt_base, e->gdt_limit, e->cs, e->ds);
    else {
        fprintf(stderr, "mimic vm: soft accelerator: entry mode %d: only 64 and 32 are supported\n", e->mode);
        return -1;
    }
    cpu->rip = e->rip;
    cpu->r[RSI] = e->rsi;
    cpu->r[RSP] = e->rsp;
    return 0;
}

/* The vCPU executed HLT: wait for an interrupt. Returns 0 when one is
 * there (or the CPU is no longer halted), else the reason to stop. */
static int soft_halt(struct vm *vm, struct soft *s)
{
    s->halts++;
    for (;;) {
        uint64_t next = s->deadline = vm_poll(vm);
        int stop = vm_stop_reason(vm);
        if (stop)
            return stop;
        if (!x86_sys_halted(&s->cpu))
            return 0;
        if (!(x86_get_flags(&s->cpu) & F_IF)) {
            fprintf(stderr, "mimic vm: the CPU halted with interrupts disabled at rip 0x%llx: nothing can wake it\n",
                    (unsigned long long)s->cpu.rip);
            return VM_STOP_POWEROFF;
        }
        if (sb_irq_pending(vm))
            return 0;
        vm_idle(vm, next);
    }
}

static uint64_t slice_budget(struct vm *vm, struct soft *s)
{
    uint64_t now = vm_now_ns(vm);
    uint64_t span = s->deadline > now ? s->deadline - now : 0;
    if (span > SLICE_MAX_NS)
        span = SLICE_MAX_NS;
    uint64_t n = (uint64_t)(span * s->insns_per_ns);
    return n < SLICE_MIN_INSNS ? SLICE_MIN_INSNS : n > SLICE_MAX_INSNS ? SLICE_MAX_INSNS : n;
}

static int run_loop(struct vm *vm)
{
    struct soft *s = soft_of(vm);
    struct x86_cpu *cpu = &s->cpu;
    s->insns_per_ns = 0.02;      /* a first guess (20 MIPS); measured from the first slices on */
    s->deadline = vm_poll(vm);
    for (;;) {
        int stop = vm_stop_reason(vm);
        if (stop)
            return stop;
        uint64_t t0 = host_ns(), i0 = cpu->insns;
        enum x86_exit exit = x86_run(cpu, slice_budget(vm, s));
        uint64_t dt = host_ns() - t0, di = cpu->insns - i0;
        s->cpu_ns += dt;
        s->slices++;
        if (dt > s->longest_slice_ns) {
            s->longest_slice_ns = dt;
            s->longest_slice_insns = di;
        }
        if (di >= SLICE_MIN_INSNS && dt)
            s->insns_per_ns = 0.875 * s->insns_per_ns + 0.125 * ((double)di / (double)dt);
        switch ((int)exit) {
        case EXIT_NONE:
        case EXIT_BUDGET:
            s->deadline = vm_poll(vm);
            break;
        case EXIT_HLT:
            stop = soft_halt(vm, s);
            if (stop)
                return stop;
            break;
        case EXIT_SHUTDOWN:
            fprintf(stderr, "mimic vm: triple fault at rip 0x%llx: machine reset\n", (unsigned long long)cpu->rip);
            return VM_STOP_RESET;
        case EXIT_FAULT:
            /* In system mode the CPU delivers faults to the guest itself;
             * one coming out here is one it could not deliver. */
            fprintf(stderr, "mimic vm: soft accelerator: CPU fault %u (code 0x%llx, address 0x%llx) at rip 0x%llx "
                            "not delivered to the guest\n", cpu->fault_vector, (unsigned long long)cpu->fault_code,
                    (unsigned long long)cpu->fault_addr, (unsigned long long)cpu->rip);
            return VM_STOP_ERROR;
        default:
            fprintf(stderr, "mimic vm: soft accelerator: unexpected CPU exit %d at rip 0x%llx\n", (int)exit,
                    (unsigned long long)cpu->rip);
            return VM_STOP_ERROR;
        }
    }
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int soft_run(struct vm *vm)
{
    uint64_t t0 = thread_cpu_ns();
    int stop = run_loop(vm);
    soft_of(vm)->thread_ns = thread_cpu_ns() - t0;
    return stop;
}

static void soft_print_stats(struct vm *vm)
{
    struct soft *s = soft_of(vm);
    const struct x86_sys_stats *st = x86_sys_stats(&s->cpu);
    /* MIPS over the CPU time the host gave us: on a loaded host the wall
     * time inside x86_run is mostly other processes' turn. */
    fprintf(stderr, "mimic vm: soft: %llu instructions, %.3f s inside x86_run, %.3f s of host CPU time for the "
                    "machine (%.1f MIPS), %llu slices, %llu halts\n", (unsigned long long)s->cpu.insns,
            s->cpu_ns / 1e9, s->thread_ns / 1e9, s->thread_ns ? s->cpu.insns * 1e3 / s->thread_ns : 0.0,
            (unsigned long long)s->slices, (unsigned long long)s->halts);
    fprintf(stderr, "mimic vm: soft: slices average %.0f us; the longest %.0f us (%llu instructions)\n",
            s->slices ? s->cpu_ns / 1e3 / s->slices : 0.0, s->longest_slice_ns / 1e3,
            (unsigned long long)s->longest_slice_insns);
    if (st)
        fprintf(stderr, "mimic vm: soft: shadow TLB %llu fills, %llu flushes, %llu single-page invalidations, "
                        "%llu hidden misses; %llu #PF to the guest, %llu exceptions, %llu interrupts\n",
                (unsigned long long)st->tlb_fills, (unsigned long long)st->tlb_flushes,
                (unsigned long long)st->tlb_invlpg, (unsigned long long)st->hidden_misses,
                (unsigned long long)st->guest_pf, (unsigned long long)st->exceptions,
                (unsigned long long)st->interrupts);
}

static void soft_destroy(struct vm *vm)
{
    struct soft *s = soft_of(vm);
    if (!s)
        return;
    x86_sys_free(&s->cpu);
    free(s);
    vm->accel_state = NULL;
}

const struct accel_ops accel_soft = {
    .name = "soft",
    .init = soft_init,
    .set_entry = soft_set_entry,
    .run = soft_run,
    .print_stats = soft_print_stats,
    .destroy = soft_destroy,
};
