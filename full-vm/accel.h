/*
 * accel.h - an accelerator runs the machine's vCPU: `soft` (xlate's CPU in
 * system mode with the shadow MMU, accel/soft.c) or `kvm` (/dev/kvm,
 * accel/kvm.c). Both reach devices through the same bus; the machine
 * (vm.c) does not know which one runs.
 */
#ifndef MIMIC_FULLVM_ACCEL_H
#define MIMIC_FULLVM_ACCEL_H

#include <stdint.h>

struct vm;

/* The register state the boot code hands to the first instruction
 * (64-bit boot protocol: long mode, paging, flat segments). */
struct vm_entry {
    uint64_t rip, rsp, rsi;
    uint64_t cr3;                /* identity + kernel mapping page tables built by boot.c */
    uint64_t gdt_base;
    uint16_t gdt_limit, cs, ds;
    int mode;                    /* 64: long mode; 32: protected mode, paging off */
};

enum vm_stop {
    VM_STOP_ERROR = -1,
    VM_STOP_RESET = 1,           /* triple fault, i8042 reset line, reboot */
    VM_STOP_POWEROFF,
    VM_STOP_USER,                /* Ctrl-A x on the console */
};

struct accel_ops {
    const char *name;
    /* Create the vCPU with RAM and bus from vm; -1 with a message naming
     * why (e.g. "/dev/kvm: ..."). */
    int (*init)(struct vm *vm);
    /* Load the entry state. */
    int (*set_entry)(struct vm *vm, const struct vm_entry *entry);
    /* Run until the machine stops (returns enum vm_stop). Interrupts come
     * from the bus's irq chip; timers and the console are polled through
     * vm_poll() (vm.c) between slices and while the vCPU halts. */
    int (*run)(struct vm *vm);
    /* Print the accelerator's counters (--stats) to stderr. */
    void (*print_stats)(struct vm *vm);
    void (*destroy)(struct vm *vm);
};

extern const struct accel_ops accel_soft, accel_kvm;

#endif
