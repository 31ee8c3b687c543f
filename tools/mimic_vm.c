/*
 * mimic_vm.c - `mimic vm`: boot a Linux kernel on mimic's PC (full-vm/).
 * Reads the options into struct vm_config and hands over to vm_main();
 * everything about the machine itself lives in full-vm/.
 *
 *   mimic vm --kernel FILE [--initrd FILE] [--append CMDLINE] [--mem SIZE]
 *            [--disk IMG]... [--accel soft|kvm] [--stats]
 *
 * Options take their value as the next argument or after '='. SIZE is a
 * number with an optional K, M or G suffix (plain numbers are MiB, as in
 * qemu's -m).
 */
#include "tools/mimic.h"
#include "full-vm/vm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vm_usage(FILE *f)
{
    fprintf(f,
            "usage: mimic vm --kernel FILE [OPTIONS]\n"
            "\n"
            "Boot a Linux x86-64 kernel (a bzImage, or a vmlinux ELF) on an emulated PC: 8259A PIC,\n"
            "8254 PIT, RTC, i8042, a 16550A serial port on this terminal, PCI with virtio-blk disks.\n"
            "\n"
            "  --kernel FILE       the kernel (Debian's /boot/vmlinuz-* works as it is)\n"
            "  --initrd FILE       an initramfs (cpio, optionally compressed) for the kernel\n"
            "  --append CMDLINE    the kernel command line, e.g. \"console=ttyS0\"\n"
            "  --mem SIZE          guest RAM, e.g. 256M (default) or 1G; plain numbers are MiB\n"
            "  --disk IMG          a raw disk image as a virtio-blk disk (/dev/vda, vdb ...; up to %d)\n"
            "  --accel soft|kvm    the CPU: mimic's own (default) or /dev/kvm\n"
            "  --stats             print boot timings and CPU counters at the end\n"
            "\n"
            "Console: the guest's ttyS0 is this terminal. Ctrl-A x ends the machine, Ctrl-A h lists the keys.\n"
            "Exit status: 0 when the guest reboots or powers off (or Ctrl-A x), 1 on an error, 2 on bad options.\n"
            "Without ACPI the kernel cannot power off: `poweroff` and `halt` halt the CPU with interrupts\n"
            "off, which ends the machine like `reboot` does; add panic=-1 so that a kernel panic ends it too.\n"
            "Typical: mimic vm --kernel /boot/vmlinuz-$(uname -r) --initrd initrd.cpio.gz \\\n"
            "             --append \"console=ttyS0 noapic nolapic acpi=off reboot=t\"\n",
            VM_MAX_DISKS);
}

/* "256M", "1G", "512" (MiB), "65536K". 0 on a malformed size. */
static uint64_t parse_size(const char *s)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 0;
    unsigned shift = 20;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return 0;
        }
        if (end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B"))
            return 0;
    }
    if (v > (UINT64_MAX >> shift))
        return 0;
    return (uint64_t)v << shift;
}

int cmd_vm(int argc, char **argv)
{
    struct vm_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.accel = "soft";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            vm_usage(stdout);
            return 0;
        }
        if (!strcmp(a, "--stats")) {
            cfg.stats = true;
            continue;
        }
        static const char *const with_value[] = { "--kernel", "--initrd", "--append", "--mem", "--disk", "--accel" };
        const char *opt = NULL, *val = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++) {
            size_t n = strlen(with_value[k]);
            if (!strncmp(a, with_value[k], n) && (a[n] == 0 || a[n] == '=')) {
                opt = with_value[k];
                if (a[n] == '=')
                    val = a + n + 1;
                else if (i + 1 < argc)
                    val = argv[++i];
                break;
            }
        }
        if (!opt) {
            fprintf(stderr, "mimic vm: unknown option '%s'\n", a);
            vm_usage(stderr);
            return 2;
        }
        if (!val) {
            fprintf(stderr, "mimic vm: %s needs a value\n", opt);
            return 2;
        }
        if (!strcmp(opt, "--kernel")) {
            cfg.kernel = val;
        } else if (!strcmp(opt, "--initrd")) {
            cfg.initrd = val;
        } else if (!strcmp(opt, "--append")) {
            cfg.append = val;
        } else if (!strcmp(opt, "--mem")) {
            cfg.mem_size = parse_size(val);
            if (!cfg.mem_size) {
                fprintf(stderr, "mimic vm: --mem %s: not a size (e.g. 256M, 1G)\n", val);
                return 2;
            }
        } else if (!strcmp(opt, "--disk")) {
            if (cfg.n_disks == VM_MAX_DISKS) {
                fprintf(stderr, "mimic vm: --disk %s: at most %d disks\n", val, VM_MAX_DISKS);
                return 2;
            }
            cfg.disks[cfg.n_disks++] = val;
        } else if (!strcmp(opt, "--accel")) {
            if (strcmp(val, "soft") && strcmp(val, "kvm")) {
                fprintf(stderr, "mimic vm: --accel %s: soft or kvm\n", val);
                return 2;
            }
            cfg.accel = val;
        }
    }
    if (!cfg.kernel) {
        fprintf(stderr, "mimic vm: --kernel FILE is required\n");
        vm_usage(stderr);
        return 2;
    }
    return vm_main(&cfg);
}
