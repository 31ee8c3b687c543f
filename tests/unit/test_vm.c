/*
 * test_vm.c - the machine's clock and run-loop helpers (full-vm/vm.c):
 * vm_now_ns leaves host preemption out of guest time in steps no larger
 * than VM_CLOCK_MAX_STEP_NS, vm_poll makes the difference up in steps of at
 * most VM_CLOCK_REPAY_NS, vm_idle's sleep counts in full, vm_stop_reason
 * maps the bus's stop requests; and vm_main refuses bad configurations by
 * name before it builds anything.
 *
 * The machine here has no devices (bus_poll then has no deadline) and no
 * console attached: the helpers must work on that too.
 */
#include "tests/unit/unit_util.h"
#include "full-vm/layout.h"
#include "full-vm/vm.h"

#include <time.h>

static uint64_t mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void machine(struct vm *vm)
{
    memset(vm, 0, sizeof *vm);
    bus_init(&vm->bus, NULL, 0);
    vm->bus.machine = vm;
    vm->start_ns = vm->clock_host_last = mono();
    vm->accel = &accel_soft;      /* the clock leaves preemption out for the soft CPU only */
}

Test(vm_clock, monotonic_and_real_time_when_not_preempted)
{
    struct vm vm;
    machine(&vm);
    uint64_t h0 = mono(), last = vm_now_ns(&vm);
    for (int i = 0; i < 100000; i++) {
        uint64_t t = vm_now_ns(&vm);
        cr_assert_geq(t, last, "guest time went back");
        last = t;
    }
    /* Readings close together: every step counted, guest time = host time
     * (unless this very process was preempted, which only makes it less). */
    uint64_t host = mono() - h0;
    cr_assert_leq(last, host + 1000000, "guest time %llu ahead of host time %llu", (unsigned long long)last,
                  (unsigned long long)host);
    cr_assert_eq(vm.clock_elided_ns, vm.clock_debt_ns);
}

Test(vm_clock, preemption_left_out_then_made_up)
{
    struct vm vm;
    machine(&vm);
    /* The host did not run us for 50 ms. */
    vm.clock_host_last -= 50000000;
    uint64_t t = vm_now_ns(&vm);
    cr_assert_geq(t, VM_CLOCK_MAX_STEP_NS);
    cr_assert_lt(t, VM_CLOCK_MAX_STEP_NS + 1000000, "a 50 ms gap counted as %llu ns", (unsigned long long)t);
    cr_assert_geq(vm.clock_debt_ns, 48000000 - 1000);
    cr_assert_eq(vm.clock_debt_ns, vm.clock_elided_ns);

    /* Each poll makes up at most VM_CLOCK_REPAY_NS (plus the real time
     * between two readings), until the debt is paid. */
    uint64_t before = vm_now_ns(&vm), polls = 0;
    while (vm.clock_debt_ns) {
        uint64_t d0 = vm.clock_debt_ns, c0 = vm.clock_ns;
        cr_assert_eq(vm_poll(&vm), UINT64_MAX, "a machine without devices has no deadline");
        cr_assert_leq(d0 - vm.clock_debt_ns, VM_CLOCK_REPAY_NS);
        cr_assert_leq(vm.clock_ns - c0, VM_CLOCK_REPAY_NS + VM_CLOCK_MAX_STEP_NS);
        cr_assert(++polls < 100, "debt not paid after %llu polls", (unsigned long long)polls);
    }
    cr_assert_geq(polls, 48000000 / VM_CLOCK_REPAY_NS);
    cr_assert_geq(vm_now_ns(&vm) - before, 48000000 - 1000, "the debt was not added to guest time");
}

Test(vm_clock, plain_host_time_under_kvm)
{
    struct vm vm;
    machine(&vm);
    vm.accel = &accel_kvm;
    vm.clock_host_last -= 50000000;
    uint64_t t = vm_now_ns(&vm);
    cr_assert_geq(t, 50000000, "under KVM a 50 ms gap is 50 ms (got %llu ns)", (unsigned long long)t);
    cr_assert_eq(vm.clock_debt_ns, 0);
}

Test(vm_clock, idle_sleep_counts_in_full)
{
    struct vm vm;
    machine(&vm);
    uint64_t t0 = vm_now_ns(&vm);
    /* 30 ms ahead: more than the largest step, so only the catch-up after
     * a sleep can account for it. */
    vm_idle(&vm, t0 + 30000000);
    uint64_t t1 = vm_now_ns(&vm);
    cr_assert_geq(t1 - t0, 30000000, "slept to %llu ns after %llu", (unsigned long long)t1, (unsigned long long)t0);
    cr_assert_geq(vm.idle_ns, 25000000);
    cr_assert_eq(vm.clock_debt_ns, 0, "a sleep is not preemption");
    /* A deadline already passed: no sleep at all. */
    uint64_t idle = vm.idle_ns;
    vm_idle(&vm, 0);
    cr_assert_eq(vm.idle_ns, idle);
}

Test(vm_stop, bus_requests)
{
    struct vm vm;
    machine(&vm);
    cr_assert_eq(vm_stop_reason(&vm), 0);
    vm.bus.stop_request = BUS_STOP_RESET;
    cr_assert_eq(vm_stop_reason(&vm), VM_STOP_RESET);
    vm.bus.stop_request = BUS_STOP_POWEROFF;
    cr_assert_eq(vm_stop_reason(&vm), VM_STOP_POWEROFF);
    vm.bus.stop_request = BUS_STOP_NONE;
    cr_assert_eq(vm_stop_reason(&vm), 0);
}

/* vm_main's own checks, each before any file is read or RAM mapped. */
Test(vm_main, refuses_bad_configurations)
{
    struct vm_config c = { .kernel = "/nonexistent/vmlinuz", .mem_size = LAYOUT_RAM_MAX + (1ull << 20) };
    cr_assert_eq(vm_main(&c), 1);
    c.mem_size = 1ull << 20;
    cr_assert_eq(vm_main(&c), 1);
    c.mem_size = (256ull << 20) + 1;           /* not a multiple of the page size */
    cr_assert_eq(vm_main(&c), 1);
    c.mem_size = 0;                             /* the default */
    c.accel = "tcg";
    cr_assert_eq(vm_main(&c), 1);
    c.accel = "soft";
    cr_assert_eq(vm_main(&c), 1);               /* the kernel file is missing */
    c.kernel = NULL;
    cr_assert_eq(vm_main(&c), 1);
}
