/*
 * vm.c - the machine: guest RAM, the PC's devices on the bus, the kernel
 * booted into RAM, the console attached, an accelerator running the vCPU
 * until the machine stops; and the clock and polling every accelerator's
 * run loop uses (vm_now_ns, vm_poll, vm_stop_reason, vm_idle).
 *
 * The board (addresses and IRQs from layout.h):
 *   8259A pair (interrupt controller)   0x20, 0xa0, ELCR 0x4d0
 *   8254 PIT + port B                   0x40-0x43, 0x61      IRQ 0
 *   i8042 keyboard controller           0x60, 0x64           IRQ 1 (reset line)
 *   MC146818 RTC/CMOS                   0x70-0x71            IRQ 8
 *   16550A UART, COM1 = the console     0x3f8-0x3ff          IRQ 4
 *   POST/delay/port A sinks             0x80, 0xed, 0x92
 *   PCI host bridge (conf #1)           0xcf8-0xcff          00:00.0
 *   virtio-blk per --disk               I/O BAR              00:01.0 ... IRQ 10, 11, 5, 9
 *
 * Time: guest time is host CLOCK_MONOTONIC since power-on, for every device
 * and for the TSC (VM_TSC_HZ), so the kernel's calibrations agree with each
 * other. A slow CPU does not slow the clock down: the guest sees fewer
 * instructions per tick, as on a slow machine. What the clock leaves out is
 * the host not running us at all: on a loaded host mimic is preempted for
 * 20 ms and more at a time, the PIT then folds five periods into one
 * interrupt, the guest's jiffies fall behind its TSC and the kernel marks
 * the TSC unstable. A step of more than VM_CLOCK_MAX_STEP_NS between two
 * readings counts as that much (vm_now_ns), which keeps every period's
 * interrupt, and the difference is made up for in bounded steps at each
 * vm_poll, so the guest's date stays with the host's; sleeping while
 * halted (vm_idle) counts in full. This is for the soft CPU only, whose TSC
 * is this clock: under KVM the TSC is the host's, and the clock is plain
 * CLOCK_MONOTONIC (the PIT then owes and pays back missed periods itself).
 *
 * RAM is one anonymous mapping with MAP_NORESERVE: a 3 GiB guest costs
 * only the pages it touches.
 */
#include "full-vm/vm.h"
#include "full-vm/boot.h"
#include "full-vm/console.h"
#include "full-vm/dev/dev.h"
#include "full-vm/layout.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A sleep while halted is cut short this often at the latest, to look at
 * stop requests (a signal, the console closing) even with no deadline. */
#define IDLE_MAX_NS 100000000ull

/* The KVM accelerator is built where the build has it (accel/kvm.c); a
 * weak reference keeps `--accel kvm` an error message, not a link error,
 * where it is not. */
extern const struct accel_ops accel_kvm __attribute__((weak));

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t vm_now_ns(struct vm *vm)
{
    uint64_t h = host_ns(), d = h - vm->clock_host_last;
    /* Only where the TSC comes from this clock too (the soft CPU): under
     * KVM the guest's TSC is the host's and the devices must keep to it. */
    if (d > VM_CLOCK_MAX_STEP_NS && vm->accel == &accel_soft) {
        vm->clock_elided_ns += d - VM_CLOCK_MAX_STEP_NS;
        vm->clock_debt_ns += d - VM_CLOCK_MAX_STEP_NS;
        d = VM_CLOCK_MAX_STEP_NS;
    }
    vm->clock_host_last = h;
    vm->clock_ns += d;
    return vm->clock_ns;
}

/* After a sleep: all of it is guest time. */
static void clock_catch_up(struct vm *vm)
{
    uint64_t h = host_ns();
    vm->clock_ns += h - vm->clock_host_last;
    vm->clock_host_last = h;
}

static uint64_t bus_clock(struct bus *bus)
{
    return vm_now_ns(bus->machine);
}

uint64_t vm_poll(struct vm *vm)
{
    uint64_t now = vm_now_ns(vm);
    if (vm->clock_debt_ns) {
        /* Make up for preemption left out of guest time, a bounded step
         * per poll: the devices see each step, so no period is skipped. */
        uint64_t r = vm->clock_debt_ns < VM_CLOCK_REPAY_NS ? vm->clock_debt_ns : VM_CLOCK_REPAY_NS;
        vm->clock_debt_ns -= r;
        vm->clock_ns += r;
        now += r;
    }
    console_poll_input(now);
    uint64_t next = bus_poll(&vm->bus, now);
    console_flush();
    return next;
}

int vm_stop_reason(struct vm *vm)
{
    switch (vm->bus.stop_request) {
    case BUS_STOP_RESET: return VM_STOP_RESET;
    case BUS_STOP_POWEROFF: return VM_STOP_POWEROFF;
    default: break;
    }
    return console_stop_requested() ? VM_STOP_USER : 0;
}

void vm_idle(struct vm *vm, uint64_t deadline_ns)
{
    uint64_t now = vm_now_ns(vm);
    if (deadline_ns <= now)
        return;
    uint64_t wait = deadline_ns - now;
    if (wait > IDLE_MAX_NS)
        wait = IDLE_MAX_NS;
    struct timespec ts = { (time_t)(wait / 1000000000ull), (long)(wait % 1000000000ull) };
    struct pollfd p = { .fd = console_wait_fd(), .events = POLLIN };
    uint64_t t0 = host_ns();
    /* A negative fd is ignored by ppoll: then this is a plain sleep. */
    ppoll(&p, 1, &ts, NULL);
    vm->idle_ns += host_ns() - t0;
    clock_catch_up(vm);
}

/* ---- files ---------------------------------------------------------------- */

struct mapped {
    const uint8_t *buf;
    size_t len;
};

static int map_ro(const char *path, const char *what, struct mapped *m)
{
    m->buf = NULL;
    m->len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "mimic vm: %s %s: %s\n", what, path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "mimic vm: %s %s: not a regular file\n", what, path);
        close(fd);
        return -1;
    }
    if (st.st_size == 0) {
        fprintf(stderr, "mimic vm: %s %s: empty file\n", what, path);
        close(fd);
        return -1;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        fprintf(stderr, "mimic vm: %s %s: %s\n", what, path, strerror(errno));
        return -1;
    }
    m->buf = p;
    m->len = (size_t)st.st_size;
    return 0;
}

static void unmap(struct mapped *m)
{
    if (m->buf)
        munmap((void *)m->buf, m->len);
    m->buf = NULL;
}

/* ---- assembly ------------------------------------------------------------- */

static int add(struct vm *vm, struct device *dev, const char *what)
{
    if (!dev) {
        fprintf(stderr, "mimic vm: cannot create the %s\n", what);
        return -1;
    }
    if (bus_add(&vm->bus, dev)) {
        if (dev->destroy)
            dev->destroy(dev);
        return -1;
    }
    return 0;
}

/* The board of the header comment. Returns the console UART, or NULL. */
static struct device *build_board(struct vm *vm)
{
    struct bus *bus = &vm->bus;
    struct device *uart;
    if (add(vm, pic_new(bus), "interrupt controller (8259A)") || add(vm, pit_new(bus), "timer (8254 PIT)") ||
        add(vm, rtc_new(bus), "RTC") || add(vm, i8042_new(bus), "keyboard controller (i8042)") ||
        add(vm, misc_ports_new(bus), "POST/delay ports") ||
        add(vm, uart = uart_new(bus, 0x3f8, LAYOUT_IRQ_COM1), "serial port COM1"))
        return NULL;
    if (!bus->irq) {
        fprintf(stderr, "mimic vm: the interrupt controller did not attach to the bus\n");
        return NULL;
    }
    struct device *host = pci_host_new(bus);
    if (add(vm, host, "PCI host bridge"))
        return NULL;
    static const unsigned disk_irq[VM_MAX_DISKS] = LAYOUT_IRQ_VIRTIO_BLK;
    for (unsigned i = 0; i < vm->cfg.n_disks; i++) {
        /* virtio_blk_new names the image and why on failure. */
        struct device *d = virtio_blk_new(bus, host, LAYOUT_PCI_SLOT_VIRTIO_BLK0 + i, disk_irq[i], vm->cfg.disks[i],
                                          false);
        if (!d || add(vm, d, "virtio-blk disk"))
            return NULL;
    }
    return uart;
}

static const struct accel_ops *pick_accel(const char *name)
{
    if (!name || !strcmp(name, "soft"))
        return &accel_soft;
    if (!strcmp(name, "kvm")) {
        if (!&accel_kvm) {
            fprintf(stderr, "mimic vm: --accel kvm: this build of mimic has no KVM accelerator\n");
            return NULL;
        }
        return &accel_kvm;
    }
    fprintf(stderr, "mimic vm: --accel %s: unknown accelerator (soft or kvm)\n", name);
    return NULL;
}

static void print_disk_stats(struct vm *vm)
{
    unsigned n = 0;
    for (unsigned i = 0; i < vm->bus.n_devices; i++) {
        struct device *d = vm->bus.devices[i];
        if (strcmp(d->name, "virtio-blk"))
            continue;
        struct virtio_blk_stats st;
        virtio_blk_get_stats(d, &st);
        fprintf(stderr, "mimic vm: disk %u (%s): %llu requests, %llu bytes read, %llu written, %llu flushes, "
                        "%llu errors\n", n, n < vm->cfg.n_disks ? vm->cfg.disks[n] : "?",
                (unsigned long long)st.requests, (unsigned long long)st.bytes_read,
                (unsigned long long)st.bytes_written, (unsigned long long)st.flushes, (unsigned long long)st.errors);
        n++;
    }
}

static const char *stop_name(int stop)
{
    switch (stop) {
    case VM_STOP_RESET: return "the guest reset the machine (reboot)";
    case VM_STOP_POWEROFF: return "the guest powered the machine off";
    case VM_STOP_USER: return "stopped from the console (Ctrl-A x)";
    default: return "stopped on an error";
    }
}

int vm_main(const struct vm_config *cfg)
{
    struct vm *vm = calloc(1, sizeof *vm);
    if (!vm) {
        fprintf(stderr, "mimic vm: out of memory\n");
        return 1;
    }
    vm->cfg = *cfg;
    int status = 1;
    uint64_t size = cfg->mem_size ? cfg->mem_size : LAYOUT_RAM_DEFAULT;
    long page = sysconf(_SC_PAGESIZE);
    struct mapped kfile = { 0 }, ifile = { 0 };
    struct boot_kernel kernel;
    bool kernel_open = false, accel_up = false;
    memset(&kernel, 0, sizeof kernel);

    if (size < LAYOUT_RAM_MIN || size > LAYOUT_RAM_MAX || size % (uint64_t)page) {
        char given[40];
        if (size % (1 << 20))
            snprintf(given, sizeof given, "%llu bytes", (unsigned long long)size);
        else
            snprintf(given, sizeof given, "%lluM", (unsigned long long)(size >> 20));
        fprintf(stderr, "mimic vm: --mem %s: must be a multiple of the page size between %lluM and %lluM "
                        "(the PCI window starts at 0x%llx)\n", given, LAYOUT_RAM_MIN >> 20, LAYOUT_RAM_MAX >> 20,
                LAYOUT_PCI_MMIO);
        goto out;
    }
    if (cfg->n_disks > VM_MAX_DISKS) {
        fprintf(stderr, "mimic vm: %u disks: at most %d\n", cfg->n_disks, VM_MAX_DISKS);
        goto out;
    }
    vm->accel = pick_accel(cfg->accel);
    if (!vm->accel)
        goto out;

    /* The kernel, the initrd, into RAM. */
    if (!cfg->kernel) {
        fprintf(stderr, "mimic vm: no --kernel\n");
        goto out;
    }
    if (map_ro(cfg->kernel, "kernel", &kfile) || (cfg->initrd && map_ro(cfg->initrd, "initrd", &ifile)))
        goto out;
    struct boot_error berr;
    if (boot_open_kernel(kfile.buf, kfile.len, cfg->kernel, &kernel, &berr)) {
        fprintf(stderr, "mimic vm: %s\n", berr.msg);
        goto out;
    }
    kernel_open = true;
    void *ram = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED) {
        fprintf(stderr, "mimic vm: guest RAM (%lluM): %s\n", (unsigned long long)(size >> 20), strerror(errno));
        goto out;
    }
    vm->ram = ram;
    vm->ram_size = size;
    struct boot_info info;
    if (boot_load(&kernel, vm->ram, size, ifile.buf, ifile.len, cfg->initrd, cfg->append, &vm->entry, &info,
                  &berr)) {
        fprintf(stderr, "mimic vm: %s\n", berr.msg);
        goto out;
    }
    if (cfg->stats) {
        if (kernel.is_bzimage)
            fprintf(stderr, "mimic vm: %s: protocol %u.%02u, payload %s %zu bytes -> vmlinux %zu bytes, "
                            "decompressed in %.1f ms\n", cfg->kernel, kernel.setup.version >> 8,
                    kernel.setup.version & 0xff, kernel.compression, kernel.payload_len, kernel.vmlinux_len,
                    kernel.decompress_ns / 1e6);
        fprintf(stderr, "mimic vm: kernel 0x%llx-0x%llx, entry 0x%llx; initrd 0x%llx (%llu bytes); RAM %lluM\n",
                (unsigned long long)info.kernel_lo, (unsigned long long)info.kernel_hi,
                (unsigned long long)vm->entry.rip, (unsigned long long)info.initrd_addr,
                (unsigned long long)info.initrd_size, (unsigned long long)(size >> 20));
    }
    /* The decompressed kernel is in guest RAM now: its copy goes. */
    boot_close_kernel(&kernel);
    kernel_open = false;
    unmap(&kfile);
    unmap(&ifile);

    /* Power on: the clock starts, the devices come up. */
    vm->start_ns = vm->clock_host_last = host_ns();
    vm->clock_ns = 0;
    bus_init(&vm->bus, vm->ram, size);
    vm->bus.now_ns = bus_clock;
    vm->bus.machine = vm;
    struct device *uart = build_board(vm);
    if (!uart || console_open(uart))
        goto out;
    if (vm->accel->init(vm))
        goto out;
    accel_up = true;
    if (vm->accel->set_entry(vm, &vm->entry))
        goto out;

    uint64_t t0 = host_ns();
    int stop = vm->accel->run(vm);
    uint64_t run_ns = host_ns() - t0;
    console_close();
    fprintf(stderr, "mimic vm: %s\n", stop_name(stop));
    status = stop == VM_STOP_ERROR ? 1 : 0;
    if (cfg->stats) {
        fprintf(stderr, "mimic vm: ran %.3f s, %.3f s of it halted (idle); guest time %.3f s (host preemption: "
                        "%.3f s left out, %.3f s not made up for at the end); %llu bus accesses nobody answered\n",
                run_ns / 1e9, vm->idle_ns / 1e9, vm->clock_ns / 1e9, vm->clock_elided_ns / 1e9,
                vm->clock_debt_ns / 1e9, (unsigned long long)vm->bus.unclaimed);
        if (vm->accel->print_stats)
            vm->accel->print_stats(vm);
        print_disk_stats(vm);
    }

out:
    console_close();
    if (accel_up && vm->accel->destroy)
        vm->accel->destroy(vm);
    bus_remove_all(&vm->bus);
    if (kernel_open)
        boot_close_kernel(&kernel);
    unmap(&kfile);
    unmap(&ifile);
    if (vm->ram)
        munmap(vm->ram, vm->ram_size);
    free(vm);
    return status;
}
