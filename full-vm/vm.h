/*
 * vm.h - the machine: guest RAM, the bus with its PC devices, one vCPU
 * behind an accelerator, the serial console, and the boot of a Linux
 * kernel. `mimic vm` (tools/mimic_vm.c) fills struct vm_config and calls
 * vm_main().
 */
#ifndef MIMIC_FULLVM_VM_H
#define MIMIC_FULLVM_VM_H

#include "full-vm/accel.h"
#include "full-vm/bus.h"

#include <stdbool.h>
#include <stdint.h>

#define VM_MAX_DISKS 4

struct vm_config {
    const char *kernel;          /* bzImage or vmlinux ELF */
    const char *initrd;
    const char *append;          /* kernel command line */
    uint64_t mem_size;           /* bytes */
    const char *disks[VM_MAX_DISKS];
    unsigned n_disks;
    const char *accel;           /* "soft" (default) or "kvm" */
    bool stats;                  /* print shadow-paging and exit counters at exit */
};

struct vm {
    struct vm_config cfg;
    uint8_t *ram;                /* host mmap of the guest's physical memory */
    uint64_t ram_size;
    struct bus bus;
    const struct accel_ops *accel;
    void *accel_state;
    struct vm_entry entry;
    uint64_t start_ns;           /* host monotonic time at power-on: guest time is relative to it */
    uint64_t idle_ns;            /* host time spent in vm_idle (the vCPU halted) */
    /* The guest clock (vm.c): host monotonic time, less the gaps in which
     * the host did not run us (see vm_now_ns). */
    uint64_t clock_ns, clock_host_last;
    uint64_t clock_elided_ns;    /* preemption left out, in all */
    uint64_t clock_debt_ns;      /* ... and not yet made up for (vm_poll) */
};

/* The TSC ticks at 1 GHz from the machine's clock (vm_now_ns), the clock the
 * PIT and every other device count from too: the kernel's TSC calibration
 * against the PIT measures 1000 MHz, whatever the host's speed. */
#define VM_TSC_HZ 1000000000ull

/* Build the machine, boot the kernel, run until it stops. Returns mimic's
 * exit status: 0 when the guest rebooted or powered off. */
int vm_main(const struct vm_config *cfg);

/* Guest time in ns since power-on (the clock every device and the TSC use):
 * CLOCK_MONOTONIC, except that with the soft CPU a jump of more than
 * VM_CLOCK_MAX_STEP_NS between two readings while the vCPU runs (the host
 * preempted us) counts as that much only, so that a loaded host does not
 * make the guest skip timer periods. What is left out is made up for at
 * most VM_CLOCK_REPAY_NS per vm_poll (between slices), so guest time runs
 * faster for a while and comes back to host time. Sleeps in vm_idle count
 * in full. Both bounds stay under the PIT's 4 ms period (HZ=250). Under
 * KVM (the guest's TSC is the host's) the clock is plain host time. */
#define VM_CLOCK_MAX_STEP_NS 2000000ull
#define VM_CLOCK_REPAY_NS    2000000ull
uint64_t vm_now_ns(struct vm *vm);
/* Between slices and while halted: poll devices (timers, console input).
 * Returns the next deadline in guest ns. */
uint64_t vm_poll(struct vm *vm);
/* Between slices: the reason the machine must stop now (enum vm_stop), or
 * 0 to go on: a device's stop request (reset line) or Ctrl-A x on the
 * console. */
int vm_stop_reason(struct vm *vm);
/* The vCPU halted waiting for an interrupt: sleep until deadline_ns (guest
 * time, as vm_poll returns it) or until console input arrives, whichever
 * comes first; the caller then polls again. */
void vm_idle(struct vm *vm, uint64_t deadline_ns);

#endif
