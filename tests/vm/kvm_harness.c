/*
 * kvm_harness.c - a machine just big enough to run the CPU test kernels
 * (tests/vm/cpu/NAME.S) on the KVM accelerator (full-vm/accel/kvm.c) without
 * the full machine (vm.c): guest RAM, the bus (full-vm/bus.c) with a
 * UART's transmit side on COM1 and the i8042's reset line, the ELF's LOAD
 * segments at their p_paddr, and the 64-bit entry state the way boot.c
 * builds it for a vmlinux (flat GDT at 0x1000 with CS 0x10 / DS 0x18,
 * identity-mapped page tables at 0x9000, RSP 0x9000, RSI the empty zero
 * page at 0x7000). No PIT, no PIC: the tests that need them (pit, tsc) run
 * only in the full machine.
 *
 *   kvm-harness [--stats] KERNEL.elf    exit status 0 when the guest reset
 *                                       itself (i8042 or triple fault), 1 on
 *                                       any error, 77 ("SKIP kvm: ...") when
 *                                       /dev/kvm is absent, or is kvm_pvm
 *                                       (PVM-aware guests only) and fails
 *
 * It provides the functions of vm.h the accelerator calls (vm_now_ns,
 * vm_poll, vm_stop_reason, vm_idle), so vm.c is not linked in.
 */
#include "full-vm/accel.h"
#include "full-vm/bus.h"
#include "full-vm/vm.h"
#include "loader/elf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define RAM_SIZE   (64ull << 20)
#define GDT        0x1000ull
#define ZERO_PAGE  0x7000ull
#define STACK_TOP  0x9000ull
#define PML4       0x9000ull
#define PDPT       0xa000ull
#define PD         0xb000ull    /* one PD: 0-1 GiB in 2 MiB pages */
#define LOAD_MIN   0x100000ull

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t vm_now_ns(struct vm *vm)
{
    return mono_ns() - vm->start_ns;
}

uint64_t vm_poll(struct vm *vm)
{
    return bus_poll(&vm->bus, vm_now_ns(vm));
}

int vm_stop_reason(struct vm *vm)
{
    switch (vm->bus.stop_request) {
    case BUS_STOP_RESET: return VM_STOP_RESET;
    case BUS_STOP_POWEROFF: return VM_STOP_POWEROFF;
    default: return 0;
    }
}

void vm_idle(struct vm *vm, uint64_t deadline_ns)
{
    uint64_t now = vm_now_ns(vm);
    uint64_t wait = deadline_ns > now ? deadline_ns - now : 0;
    if (wait > 10000000)
        wait = 10000000;
    struct timespec ts = { 0, (long)wait };
    nanosleep(&ts, NULL);
}

/* COM1: the transmit register prints, the line status says "empty". */
static uint64_t uart_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    return addr == 0x3fd ? 0x60 : 0;
}

static void uart_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    if (addr == 0x3f8) {
        putchar((int)(val & 0xff));
        if ((val & 0xff) == '\n')
            fflush(stdout);
    }
}

/* i8042: status 0 (buffers empty); command 0xfe pulses the reset line. */
static uint64_t kbd_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    return 0;
}

static void kbd_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    if (addr == 0x64 && (val & 0xff) == 0xfe)
        dev->bus->stop_request = BUS_STOP_RESET;
}

static struct device uart = {
    .name = "harness-uart",
    .ranges = { { IO_PORT, 0x3f8, 8 } },
    .n_ranges = 1,
    .read = uart_read,
    .write = uart_write,
};

static struct device kbd = {
    .name = "harness-i8042",
    .ranges = { { IO_PORT, 0x60, 1 }, { IO_PORT, 0x64, 1 } },
    .n_ranges = 2,
    .read = kbd_read,
    .write = kbd_write,
};

static void wr64(uint8_t *ram, uint64_t pa, uint64_t v)
{
    memcpy(ram + pa, &v, 8);
}

static int load_elf(const char *path, uint8_t *ram, uint64_t *entry)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "kvm-harness: %s: %s\n", path, strerror(errno));
        return -1;
    }
    static uint8_t buf[4 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    struct elf_file e;
    struct elf_error err;
    if (elf_parse(buf, len, path, &e, &err)) {
        fprintf(stderr, "kvm-harness: %s\n", err.msg);
        return -1;
    }
    int rc = -1;
    if (!e.is64 || e.machine != ELF_EM_X86_64) {
        fprintf(stderr, "kvm-harness: %s: not an x86-64 ELF64 file\n", path);
        goto out;
    }
    for (uint32_t i = 0; i < e.nphdrs; i++) {
        const struct elf_phdr *ph = &e.phdrs[i];
        if (ph->type != ELF_PT_LOAD)
            continue;
        if (ph->paddr < LOAD_MIN || ph->memsz > RAM_SIZE || ph->paddr > RAM_SIZE - ph->memsz ||
            ph->filesz > ph->memsz || ph->offset > len || ph->filesz > len - ph->offset) {
            fprintf(stderr, "kvm-harness: %s: program header %u: segment outside [1 MiB, RAM) or the file\n", path, i);
            goto out;
        }
        memcpy(ram + ph->paddr, buf + ph->offset, ph->filesz);
        memset(ram + ph->paddr + ph->filesz, 0, ph->memsz - ph->filesz);
    }
    *entry = e.entry;
    rc = 0;
out:
    elf_free(&e);
    return rc;
}

int main(int argc, char **argv)
{
    bool stats = false;
    int a = 1;
    if (a < argc && !strcmp(argv[a], "--stats")) {
        stats = true;
        a++;
    }
    if (a + 1 != argc) {
        fprintf(stderr, "usage: kvm-harness [--stats] KERNEL.elf\n");
        return 2;
    }
    if (access("/dev/kvm", F_OK) != 0) {
        printf("SKIP kvm: /dev/kvm: no such device on this host\n");
        return 77;
    }

    static struct vm vm;
    vm.ram_size = RAM_SIZE;
    vm.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (vm.ram == MAP_FAILED) {
        fprintf(stderr, "kvm-harness: cannot map %llu MiB of guest RAM: %s\n", RAM_SIZE >> 20, strerror(errno));
        return 1;
    }
    bus_init(&vm.bus, vm.ram, vm.ram_size);
    vm.bus.machine = &vm;
    if (bus_add(&vm.bus, &uart) || bus_add(&vm.bus, &kbd))
        return 1;

    uint64_t entry;
    if (load_elf(argv[a], vm.ram, &entry))
        return 1;
    /* GDT: null, null, 0x10 code 64, 0x18 data (Linux's __BOOT_CS/__BOOT_DS) */
    wr64(vm.ram, GDT + 0x10, 0x00af9a000000ffffull);
    wr64(vm.ram, GDT + 0x18, 0x00cf92000000ffffull);
    wr64(vm.ram, PML4, PDPT | 3);
    wr64(vm.ram, PDPT, PD | 3);
    for (uint64_t i = 0; i < 512; i++)
        wr64(vm.ram, PD + i * 8, (i << 21) | 0x83);

    vm.accel = &accel_kvm;
    vm.entry = (struct vm_entry){
        .rip = entry, .rsp = STACK_TOP, .rsi = ZERO_PAGE, .cr3 = PML4,
        .gdt_base = GDT, .gdt_limit = 0x1f, .cs = 0x10, .ds = 0x18, .mode = 64,
    };
    vm.start_ns = mono_ns();
    if (vm.accel->init(&vm)) {
        if (access("/sys/module/kvm_pvm", F_OK) == 0) {
            printf("SKIP kvm: /dev/kvm is kvm_pvm here and refused a standard VM\n");
            return 77;
        }
        return 1;
    }
    if (vm.accel->set_entry(&vm, &vm.entry)) {
        vm.accel->destroy(&vm);
        return 1;
    }
    int st = vm.accel->run(&vm);
    fflush(stdout);
    if (st == VM_STOP_ERROR && access("/sys/module/kvm_pvm", F_OK) == 0) {
        /* kvm_pvm runs only PVM-aware guests: say so, as a skip, with the
         * accelerator's own message above. */
        printf("SKIP kvm: /dev/kvm is kvm_pvm here, which cannot run this guest\n");
        vm.accel->destroy(&vm);
        return 77;
    }
    if (stats)
        vm.accel->print_stats(&vm);
    vm.accel->destroy(&vm);
    switch (st) {
    case VM_STOP_RESET:
    case VM_STOP_POWEROFF:
        return 0;
    case VM_STOP_ERROR:
        return 1;
    default:
        fprintf(stderr, "kvm-harness: the machine stopped with %d\n", st);
        return 1;
    }
}
