/*
 * run.c - the xlate engine's process: load the ELF program, set up the
 * first guest thread, and drive the CPU: system calls go to the dispatcher,
 * faults become guest signals, pending signals are delivered between slices
 * of instructions.
 */
#include "syscalls/syscalls.h"
#include "syscalls/host_generic.h"
#include "loader/elf_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;
extern __thread struct guest_thread *current_guest;
void signals_init(void);
void signals_deliver_pending(struct guest_thread *t);
void signals_deliver_fault(struct guest_thread *t);
void signals_adopt_host_mask(struct guest_thread *t);

/* Instructions between checks for pending signals: bounds signal latency. */
#define SLICE 200000

void guest_flush_and_exit(int code)
{
    fflush(NULL);
    /* MIMIC_STATS=1: the exiting thread's retired guest instructions, for
     * tests/bench/xlate.sh (instructions per second). */
    const char *stats = getenv("MIMIC_STATS");
    if (stats && *stats && *stats != '0' && current_guest)
        fprintf(stderr, "mimic: insns %llu\n", (unsigned long long)current_guest->cpu.insns);
    _exit(code & 0xff);
}

static void run_thread(struct guest_thread *t)
{
    current_guest = t;
    for (;;) {
        enum x86_exit e = x86_run(&t->cpu, SLICE);
        switch (e) {
        case EXIT_SYSCALL:
            syscall_dispatch(t);
            break;
        case EXIT_INT80:
            syscall_dispatch32(t);
            break;
        case EXIT_FAULT:
            signals_deliver_fault(t);
            break;
        case EXIT_BUDGET:
            break;
        default:
            fprintf(stderr, "mimic: unexpected CPU exit %d at 0x%llx\n", e, (unsigned long long)t->cpu.rip);
            guest_flush_and_exit(134);
        }
        if (t->pending)
            signals_deliver_pending(t);
    }
}

void *guest_thread_main(void *arg)
{
    struct guest_thread *t = arg;
    pid_t tid = (pid_t)syscall(SYS_gettid);
    /* The kernel stores the tid before the child runs: a thread that exits
     * at once clears CLONE_CHILD_CLEARTID's word (pthread_join waits on it)
     * after these stores, never before. */
    if (t->settid_parent)
        __atomic_store_n((int *)(uintptr_t)t->settid_parent, tid, __ATOMIC_SEQ_CST);
    if (t->settid_child)
        __atomic_store_n((int *)(uintptr_t)t->settid_child, tid, __ATOMIC_SEQ_CST);
    t->settid_parent = t->settid_child = 0;
    __atomic_store_n(t->tid_out, tid, __ATOMIC_RELEASE);
    t->tid_out = NULL;
    run_thread(t);
    return NULL;
}

int xlate_run_elf(const char *path, int argc, char **argv, bool strace, bool trace_unimpl)
{
    struct elf_loaded l;
    struct elf_error err;
    char *exe = realpath(path, NULL);
    if (!exe) {
        fprintf(stderr, "mimic: %s: %s\n", path, strerror(errno));
        return 127;
    }
    /* AT_HWCAP on x86 is CPUID.1:EDX; AT_HWCAP2 bit 1 says FSGSBASE (not offered). */
    uint32_t id[4];
    x86_cpuid(1, 0, id);
    /* Look at the header first: an i386 program must be placed below 4 GiB. */
    bool is32 = false;
    {
        FILE *f = fopen(exe, "rb");
        unsigned char h[20] = { 0 };
        if (f) {
            if (fread(h, 1, sizeof h, f) != sizeof h)
                memset(h, 0, sizeof h);
            fclose(f);
        }
        is32 = h[4] == 1 && h[18] == 3;   /* ELFCLASS32, EM_386 */
    }
    if (elf_load_program(exe, argc, argv, environ, is32, id[3], 0, is32 ? "i686" : "x86_64", &l, &err)) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        return 126;
    }
    bool ok64 = l.machine == ELF_EM_X86_64 && l.is64, ok32 = l.machine == ELF_EM_386 && !l.is64;
    if (!ok64 && !ok32) {
        fprintf(stderr, "mimic: %s: %s programs are not run by the xlate engine (x86-64 and i386 are)\n", path,
                elf_machine_name(l.machine));
        return 126;
    }
    struct guest_process *p = &guest_proc;
    p->exe_path = exe;
    p->strace = strace;
    p->trace_unimpl = trace_unimpl;
    /* The break: right after the program's data, room reserved to grow into
     * (below 4 GiB for an i386 program). */
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    uint64_t brk = (l.brk + ps - 1) & ~(uint64_t)(ps - 1);
    size_t brk_room = ok32 ? 256ull << 20 : 1ull << 30;
    void *r = mmap((void *)(uintptr_t)brk, brk_room, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (r != MAP_FAILED && r != (void *)(uintptr_t)brk) {
        munmap(r, brk_room);   /* taken as a mere hint (kernels before 4.17, qemu-user 7.2) */
        r = MAP_FAILED;
    }
    if (r == MAP_FAILED) {
        /* No room right after the program: the break starts elsewhere (the
         * kernel randomizes it anyway; programs only ask brk(0)). */
        r = ok32 ? host_mmap_low4g(NULL, brk_room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                 : mmap(NULL, brk_room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (r == MAP_FAILED)
            brk_room = 0;
        else
            brk = (uint64_t)(uintptr_t)r;
    }
    p->brk_start = p->brk_cur = brk;
    p->brk_max = brk + brk_room;

    struct guest_thread *t = calloc(1, sizeof *t);
    t->proc = p;
    x86_cpu_init(&t->cpu, ok32 ? X86_MODE_32 : X86_MODE_64);
    if (ok32) {
        /* Linux's flat user segments: code 0x73 (entry 14), data 0x7b (entry 15). */
        t->cpu.gdt[14] = (struct x86_desc){ 0, 0xffffffffu, true };
        t->cpu.gdt[15] = (struct x86_desc){ 0, 0xffffffffu, true };
        t->cpu.seg_sel[SEG_REG_CS] = 0x73;
        t->cpu.seg_sel[SEG_REG_DS] = t->cpu.seg_sel[SEG_REG_ES] = t->cpu.seg_sel[SEG_REG_SS] = 0x7b;
    }
    t->cpu.trace_unimpl = trace_unimpl;
    t->cpu.rip = l.entry;
    t->cpu.r[RSP] = l.stack_top;
    t->cpu.r[RDX] = 0;   /* no atexit function from the "kernel" */
    signals_init();
    signals_adopt_host_mask(t);
    run_thread(t);
    return 0;
}
