/*
 * kvm.c - the KVM accelerator (accel.h): the machine's one vCPU runs on the
 * host CPU through /dev/kvm, and every exit comes back to the same bus the
 * soft accelerator uses (port I/O, MMIO) or to the machine's loop (HLT,
 * interrupt windows, shutdown).
 *
 * What the machine keeps and KVM does not get: the interrupt controller.
 * No in-kernel irqchip is created: the 8259A pair is a bus device
 * (bus->irq), and an interrupt it has pending is injected with
 * KVM_INTERRUPT once the vCPU can take it (ready_for_interrupt_injection
 * and IF=1), asking for an exit at the next interrupt window otherwise.
 * Timers live on the bus too and are polled through vm_poll(): a periodic
 * host timer (KICK_NS) kicks the vCPU out of KVM_RUN (immediate_exit set
 * from its signal handler, so a kick that lands before KVM_RUN is not
 * lost) so that a guest spinning without exits still sees its timer ticks.
 *
 * Every failure names the ioctl and the host's reason. On hosts whose
 * /dev/kvm is the kvm_pvm flavour (no VT-x/SVM), KVM_CREATE_VM may work
 * while a standard guest cannot run: KVM_RUN's failure is then reported as
 * such, never hidden.
 *
 * x86-64 hosts only (the register layouts are x86's): elsewhere this file
 * is empty and vm.c's weak reference to accel_kvm says `--accel kvm` is not
 * in the build. The Makefile links it in with -u accel_kvm.
 */
#if defined(__x86_64__)
#include "full-vm/accel.h"
#include "full-vm/bus.h"
#include "full-vm/vm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* How often the vCPU is kicked out of KVM_RUN to poll devices: the PIT's
 * fastest useful rate (1 kHz) without costing much on an idle guest. */
#define KICK_NS 1000000L
/* Where VT-x wants its three-page real-mode TSS: the top of the 32-bit
 * space, under the BIOS area, outside RAM and the PCI window (layout.h
 * keeps [LAYOUT_PCI_MMIO_END, 4 GiB) free of devices). */
#define KVM_TSS_ADDR 0xfffbd000ul
#define MAX_CPUID_ENTRIES 256

struct kvm_state {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;
    timer_t kick_timer;
    bool have_timer;
    struct {
        uint64_t runs, io, mmio, hlt, irq_window, injected, kicks, shutdown;
    } n;
};

/* The running vCPU's kvm_run, for the kick signal's handler. One machine
 * per process. */
static struct kvm_run *volatile kick_target;

static void kick_handler(int sig)
{
    (void)sig;
    struct kvm_run *r = kick_target;
    if (r)
        r->immediate_exit = 1;
}

static struct kvm_state *state(struct vm *vm)
{
    return vm->accel_state;
}

static void kvm_destroy(struct vm *vm)
{
    struct kvm_state *k = state(vm);
    if (!k)
        return;
    kick_target = NULL;
    if (k->have_timer)
        timer_delete(k->kick_timer);
    if (k->run)
        munmap(k->run, k->run_size);
    if (k->vcpu_fd >= 0)
        close(k->vcpu_fd);
    if (k->vm_fd >= 0)
        close(k->vm_fd);
    if (k->kvm_fd >= 0)
        close(k->kvm_fd);
    free(k);
    vm->accel_state = NULL;
}

/* Hand the guest what the host's KVM supports: without KVM_SET_CPUID2 the
 * guest sees no long mode, no SSE, nothing a kernel needs. */
static int set_cpuid(struct kvm_state *k)
{
    size_t sz = sizeof(struct kvm_cpuid2) + MAX_CPUID_ENTRIES * sizeof(struct kvm_cpuid_entry2);
    struct kvm_cpuid2 *c = calloc(1, sz);
    if (!c) {
        fprintf(stderr, "mimic vm: kvm: out of memory\n");
        return -1;
    }
    c->nent = MAX_CPUID_ENTRIES;
    if (ioctl(k->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_GET_SUPPORTED_CPUID: %s\n", strerror(errno));
        free(c);
        return -1;
    }
    if (ioctl(k->vcpu_fd, KVM_SET_CPUID2, c) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_SET_CPUID2 (%u entries): %s\n", c->nent, strerror(errno));
        free(c);
        return -1;
    }
    free(c);
    return 0;
}

static int start_kick_timer(struct kvm_state *k)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kick_handler;     /* no SA_RESTART: KVM_RUN returns EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) < 0) {
        fprintf(stderr, "mimic vm: kvm: sigaction(SIGALRM): %s\n", strerror(errno));
        return -1;
    }
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGALRM;
    sev._sigev_un._tid = gettid();
    if (timer_create(CLOCK_MONOTONIC, &sev, &k->kick_timer) < 0) {
        fprintf(stderr, "mimic vm: kvm: timer_create: %s\n", strerror(errno));
        return -1;
    }
    k->have_timer = true;
    return 0;
}

static int kvm_init(struct vm *vm)
{
    struct kvm_state *k = calloc(1, sizeof *k);
    if (!k) {
        fprintf(stderr, "mimic vm: kvm: out of memory\n");
        return -1;
    }
    k->kvm_fd = k->vm_fd = k->vcpu_fd = -1;
    vm->accel_state = k;

    k->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (k->kvm_fd < 0) {
        fprintf(stderr, "mimic vm: kvm: /dev/kvm: %s\n", strerror(errno));
        goto fail;
    }
    int api = ioctl(k->kvm_fd, KVM_GET_API_VERSION, 0);
    if (api != KVM_API_VERSION) {
        fprintf(stderr, "mimic vm: kvm: KVM_GET_API_VERSION: %d%s%s, expected %d\n", api,
                api < 0 ? " " : "", api < 0 ? strerror(errno) : "", KVM_API_VERSION);
        goto fail;
    }
    if (ioctl(k->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IMMEDIATE_EXIT) <= 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_CHECK_EXTENSION(KVM_CAP_IMMEDIATE_EXIT): not supported "
                        "(a kernel from 4.11 on is needed)\n");
        goto fail;
    }
    k->vm_fd = ioctl(k->kvm_fd, KVM_CREATE_VM, 0);
    if (k->vm_fd < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_CREATE_VM: %s\n", strerror(errno));
        goto fail;
    }
    /* Needed by VT-x before the first KVM_RUN; AMD accepts and ignores it. */
    if (ioctl(k->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_SET_TSS_ADDR 0x%lx: %s\n", KVM_TSS_ADDR, strerror(errno));
        goto fail;
    }
    struct kvm_userspace_memory_region mr = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = vm->ram_size,
        .userspace_addr = (uintptr_t)vm->ram,
    };
    if (ioctl(k->vm_fd, KVM_SET_USER_MEMORY_REGION, &mr) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_SET_USER_MEMORY_REGION (RAM, %llu MiB): %s\n",
                (unsigned long long)(vm->ram_size >> 20), strerror(errno));
        goto fail;
    }
    k->vcpu_fd = ioctl(k->vm_fd, KVM_CREATE_VCPU, 0);
    if (k->vcpu_fd < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_CREATE_VCPU: %s\n", strerror(errno));
        goto fail;
    }
    int sz = ioctl(k->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (sz < (int)sizeof(struct kvm_run)) {
        fprintf(stderr, "mimic vm: kvm: KVM_GET_VCPU_MMAP_SIZE: %s\n", sz < 0 ? strerror(errno) : "too small");
        goto fail;
    }
    k->run_size = (size_t)sz;
    k->run = mmap(NULL, k->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->vcpu_fd, 0);
    if (k->run == MAP_FAILED) {
        k->run = NULL;
        fprintf(stderr, "mimic vm: kvm: mmap of the vCPU's kvm_run: %s\n", strerror(errno));
        goto fail;
    }
    if (set_cpuid(k) < 0)
        goto fail;
    return 0;
fail:
    kvm_destroy(vm);
    return -1;
}

static void flat_segment(struct kvm_segment *s, uint16_t sel, bool code, bool long_mode)
{
    memset(s, 0, sizeof *s);
    s->selector = sel;
    s->base = 0;
    s->limit = 0xffffffff;
    s->type = code ? 0xb : 0x3;       /* execute/read or read/write, accessed */
    s->present = 1;
    s->dpl = 0;
    s->s = 1;
    s->g = 1;
    s->l = code && long_mode;
    s->db = !(code && long_mode);     /* a 64-bit code segment has D = 0 */
}

static int kvm_set_entry(struct vm *vm, const struct vm_entry *e)
{
    struct kvm_state *k = state(vm);
    struct kvm_sregs sr;
    if (ioctl(k->vcpu_fd, KVM_GET_SREGS, &sr) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_GET_SREGS: %s\n", strerror(errno));
        return -1;
    }
    bool lm = e->mode == 64;
    if (e->mode != 64 && e->mode != 32) {
        fprintf(stderr, "mimic vm: kvm: entry mode %d: only 64 (long) and 32 (protected) exist\n", e->mode);
        return -1;
    }
    flat_segment(&sr.cs, e->cs, true, lm);
    flat_segment(&sr.ds, e->ds, false, lm);
    sr.es = sr.fs = sr.gs = sr.ss = sr.ds;
    /* VT-x refuses to enter with the reset TR (a 16-bit TSS) in long mode:
     * a busy TSS of the mode's width (type 11 in both), until the guest
     * loads its own with LTR. */
    memset(&sr.tr, 0, sizeof sr.tr);
    sr.tr.limit = 0x67;
    sr.tr.type = 11;
    sr.tr.present = 1;
    sr.gdt.base = e->gdt_base;
    sr.gdt.limit = e->gdt_limit;
    sr.idt.base = 0;
    sr.idt.limit = 0;
    /* CR0: PE, ET, NE (native FPU errors) and, in long mode, PG. */
    sr.cr0 = 0x1 | 0x10 | 0x20 | (lm ? 0x80000000ull : 0);
    sr.cr3 = lm ? e->cr3 : 0;
    sr.cr4 = lm ? 0x20 : 0;           /* PAE */
    sr.efer = lm ? 0x500 : 0;         /* LME | LMA */
    if (ioctl(k->vcpu_fd, KVM_SET_SREGS, &sr) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_SET_SREGS: %s\n", strerror(errno));
        return -1;
    }
    struct kvm_regs r;
    memset(&r, 0, sizeof r);
    r.rip = e->rip;
    r.rsp = e->rsp;
    r.rsi = e->rsi;
    r.rflags = 0x2;                   /* bit 1 is always set; IF off */
    if (ioctl(k->vcpu_fd, KVM_SET_REGS, &r) < 0) {
        fprintf(stderr, "mimic vm: kvm: KVM_SET_REGS: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

static void do_io(struct vm *vm, struct kvm_run *run)
{
    uint8_t *p = (uint8_t *)run + run->io.data_offset;
    unsigned size = run->io.size;
    for (uint32_t i = 0; i < run->io.count; i++, p += size) {
        if (run->io.direction == KVM_EXIT_IO_OUT) {
            uint64_t v = 0;
            memcpy(&v, p, size);
            bus_write(&vm->bus, IO_PORT, run->io.port, size, v);
        } else {
            uint64_t v = bus_read(&vm->bus, IO_PORT, run->io.port, size);
            memcpy(p, &v, size);
        }
    }
}

static void do_mmio(struct vm *vm, struct kvm_run *run)
{
    unsigned len = run->mmio.len;
    if (len > 8)
        len = 8;
    if (run->mmio.is_write) {
        uint64_t v = 0;
        memcpy(&v, run->mmio.data, len);
        bus_write(&vm->bus, IO_MMIO, run->mmio.phys_addr, len, v);
    } else {
        uint64_t v = bus_read(&vm->bus, IO_MMIO, run->mmio.phys_addr, len);
        memcpy(run->mmio.data, &v, len);
    }
}

static bool irq_pending(struct vm *vm)
{
    struct irq_chip *c = vm->bus.irq;
    return c && c->pending(c->opaque);
}

/* Inject the PIC's interrupt if the vCPU can take it now; otherwise ask
 * KVM to exit as soon as it can. */
static int offer_interrupt(struct vm *vm, struct kvm_state *k)
{
    struct kvm_run *run = k->run;
    if (!irq_pending(vm)) {
        run->request_interrupt_window = 0;
        return 0;
    }
    if (run->ready_for_interrupt_injection && run->if_flag) {
        struct kvm_interrupt irq = { .irq = vm->bus.irq->ack(vm->bus.irq->opaque) };
        if (ioctl(k->vcpu_fd, KVM_INTERRUPT, &irq) < 0) {
            fprintf(stderr, "mimic vm: kvm: KVM_INTERRUPT vector 0x%x: %s\n", irq.irq, strerror(errno));
            return -1;
        }
        k->n.injected++;
        run->request_interrupt_window = irq_pending(vm);
    } else {
        run->request_interrupt_window = 1;
    }
    return 0;
}

/* The vCPU executed HLT (KVM returns to us: no in-kernel irqchip). Sleep
 * until a device raises an interrupt, polling them at their deadlines
 * (vm_idle also wakes for console input). */
static int wait_halted(struct vm *vm, struct kvm_state *k)
{
    if (!k->run->if_flag) {
        fprintf(stderr, "mimic vm: kvm: the guest halted with interrupts disabled: nothing can wake it\n");
        return VM_STOP_ERROR;
    }
    for (;;) {
        uint64_t next = vm_poll(vm);
        int stop = vm_stop_reason(vm);
        if (stop)
            return stop;
        if (irq_pending(vm))
            return 0;
        vm_idle(vm, next);
    }
}

static int run_loop(struct vm *vm, struct kvm_state *k)
{
    struct kvm_run *run = k->run;
    for (;;) {
        vm_poll(vm);
        int stop = vm_stop_reason(vm);
        if (stop)
            return stop;
        if (offer_interrupt(vm, k) < 0)
            return VM_STOP_ERROR;
        k->n.runs++;
        if (ioctl(k->vcpu_fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                run->immediate_exit = 0;
                k->n.kicks++;
                continue;
            }
            fprintf(stderr, "mimic vm: kvm: KVM_RUN: %s%s\n", strerror(errno),
                    errno == EFAULT || errno == EINVAL
                        ? " (a /dev/kvm without VT-x/SVM, such as kvm_pvm, cannot run this guest)" : "");
            return VM_STOP_ERROR;
        }
        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            k->n.io++;
            do_io(vm, run);
            break;
        case KVM_EXIT_MMIO:
            k->n.mmio++;
            do_mmio(vm, run);
            break;
        case KVM_EXIT_HLT: {
            k->n.hlt++;
            int st = wait_halted(vm, k);
            if (st)
                return st;
            break;
        }
        case KVM_EXIT_IRQ_WINDOW_OPEN:
            k->n.irq_window++;
            break;
        case KVM_EXIT_INTR:
            run->immediate_exit = 0;
            k->n.kicks++;
            break;
        case KVM_EXIT_SHUTDOWN:
            k->n.shutdown++;          /* triple fault */
            return VM_STOP_RESET;
        case KVM_EXIT_SYSTEM_EVENT:
            if (run->system_event.type == KVM_SYSTEM_EVENT_RESET)
                return VM_STOP_RESET;
            if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN)
                return VM_STOP_POWEROFF;
            fprintf(stderr, "mimic vm: kvm: KVM_RUN: system event %u\n", run->system_event.type);
            return VM_STOP_ERROR;
        case KVM_EXIT_FAIL_ENTRY:
            fprintf(stderr, "mimic vm: kvm: KVM_RUN: entry failed, hardware reason 0x%llx\n",
                    (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
            return VM_STOP_ERROR;
        case KVM_EXIT_INTERNAL_ERROR:
            fprintf(stderr, "mimic vm: kvm: KVM_RUN: internal error, suberror %u\n", run->internal.suberror);
            return VM_STOP_ERROR;
        default:
            fprintf(stderr, "mimic vm: kvm: KVM_RUN: exit reason %u not handled\n", run->exit_reason);
            return VM_STOP_ERROR;
        }
    }
}

static int kvm_run_vcpu(struct vm *vm)
{
    struct kvm_state *k = state(vm);
    k->run->immediate_exit = 0;
    kick_target = k->run;
    if (!k->have_timer && start_kick_timer(k) < 0)
        return VM_STOP_ERROR;
    struct itimerspec its = { .it_interval = { 0, KICK_NS }, .it_value = { 0, KICK_NS } };
    timer_settime(k->kick_timer, 0, &its, NULL);
    int st = run_loop(vm, k);
    /* Stopped: no more kicks until the next run. */
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    timer_settime(k->kick_timer, 0, &off, NULL);
    kick_target = NULL;
    return st;
}

static void kvm_print_stats(struct vm *vm)
{
    struct kvm_state *k = state(vm);
    if (!k)
        return;
    fprintf(stderr,
            "kvm: %llu KVM_RUN calls; exits: %llu port I/O, %llu MMIO, %llu HLT, %llu interrupt windows, "
            "%llu kicks, %llu shutdowns; %llu interrupts injected\n",
            (unsigned long long)k->n.runs, (unsigned long long)k->n.io, (unsigned long long)k->n.mmio,
            (unsigned long long)k->n.hlt, (unsigned long long)k->n.irq_window, (unsigned long long)k->n.kicks,
            (unsigned long long)k->n.shutdown, (unsigned long long)k->n.injected);
}

const struct accel_ops accel_kvm = {
    .name = "kvm",
    .init = kvm_init,
    .set_entry = kvm_set_entry,
    .run = kvm_run_vcpu,
    .print_stats = kvm_print_stats,
    .destroy = kvm_destroy,
};

#endif /* __x86_64__ */
