/*
 * layout.h - the guest-physical map of mimic's PC, in one place (after
 * Firecracker's arch/x86_64/layout.rs). Boot code (boot.c), the machine
 * (vm.c) and the devices take their addresses and IRQ numbers from here;
 * nothing else names a guest-physical address.
 *
 *   0x0000_0000  +------------------------------+
 *                | real-mode IVT + BIOS data    |  left zero: the kernel reads the
 *                |   area (0x000-0x4ff)         |  EBDA pointer at 0x40e, finds 0, and
 *   0x0000_1000  | boot GDT                     |  falls back to its defaults
 *   0x0000_7000  | zero page (boot_params)      |
 *   0x0000_8000  | boot stack (grows down from  |
 *                |   0x9000)                    |
 *   0x0000_9000  | page tables: PML4, PDPT low, |
 *                |   PDPT high, 4 PDs           |  identity 0-4 GiB + the kernel map
 *   0x0002_0000  | kernel command line          |  up to 64 KiB
 *   0x0009_fc00  | EBDA (reserved in e820)      |
 *   0x000a_0000  | VGA hole (no e820 entry)     |
 *   0x000f_0000  | BIOS ROM area (reserved)     |  zero: no MP table, no SMBIOS
 *   0x0010_0000  +------------------------------+
 *                | RAM; the kernel's PT_LOAD     |  vmlinux asks for 0x100_0000
 *                |   segments at their p_paddr  |  (its LOAD_PHYSICAL_ADDR)
 *                | ...                          |
 *                | initrd, as high as allowed   |  page-aligned, below the end of RAM
 *   end of RAM   +------------------------------+  and initrd_addr_max
 *                | (gap)                        |
 *   0xc000_0000  | PCI MMIO window (BARs)       |  RAM may not reach it: --mem <= 3 GiB
 *   0xfec0_0000  | (IOAPIC/LAPIC: none here)    |
 *   0xffff_ffff  +------------------------------+
 *
 * Guest RAM is one host block covering guest-physical [0, mem) (the soft
 * CPU's bus and the bus's DMA both assume this), so the PCI window sits
 * above the largest RAM size allowed.
 */
#ifndef MIMIC_FULLVM_LAYOUT_H
#define MIMIC_FULLVM_LAYOUT_H

/* ---- boot structures (boot.c) -------------------------------------------- */

#define LAYOUT_GDT             0x1000ull    /* 4 descriptors: null, null, code 0x10, data 0x18 */
#define LAYOUT_ZERO_PAGE       0x7000ull    /* struct boot_params, 4 KiB; RSI at entry */
#define LAYOUT_BOOT_STACK_TOP  0x9000ull    /* RSP at entry (startup_64 sets its own at once) */
#define LAYOUT_PML4            0x9000ull
#define LAYOUT_PDPT_LOW        0xa000ull    /* PML4[0]: 0 - 512 GiB, four entries used */
#define LAYOUT_PDPT_HIGH       0xb000ull    /* PML4[511]: the top 512 GiB (kernel map) */
#define LAYOUT_PD              0xc000ull    /* 4 pages: 0xc000-0xffff, 2 MiB pages over 0-4 GiB */
#define LAYOUT_PAGE_TABLES_END 0x10000ull
#define LAYOUT_CMDLINE         0x20000ull
#define LAYOUT_CMDLINE_MAX     0x10000ull   /* the command line and its NUL */

/* The kernel's own map: __START_KERNEL_map = 0xffffffff80000000 -> physical 0
 * (PML4[511], PDPT[510..511]). startup_64 runs identity-mapped and builds its
 * own tables before it jumps high, so this is a convenience for a kernel
 * entered at a virtual address, not something stock kernels need. */
#define LAYOUT_KERNEL_MAP      0xffffffff80000000ull

/* ---- e820 ----------------------------------------------------------------- */

#define LAYOUT_LOW_RAM_END     0x9fc00ull   /* conventional memory: [0, 639 KiB) */
#define LAYOUT_EBDA            0x9fc00ull   /* reserved: [0x9fc00, 0xa0000) */
#define LAYOUT_VGA_HOLE        0xa0000ull   /* [0xa0000, 0xf0000): not listed (a gap) */
#define LAYOUT_BIOS_ROM        0xf0000ull   /* reserved: [0xf0000, 0x100000) */
#define LAYOUT_HIGH_RAM        0x100000ull  /* RAM again from 1 MiB to the end of RAM */

/* ---- kernel and initrd ---------------------------------------------------- */

/* Where a bzImage's kernel wants to live (pref_address of Debian's kernels,
 * CONFIG_PHYSICAL_START); vmlinux's p_paddr says the same. Used only to
 * check the segments: they are loaded at their own p_paddr. */
#define LAYOUT_KERNEL_MIN      LAYOUT_HIGH_RAM
#define LAYOUT_INITRD_ALIGN    0x1000ull

/* ---- memory size ---------------------------------------------------------- */

#define LAYOUT_PCI_MMIO        0xc0000000ull  /* PCI BARs are assigned in [this, LAYOUT_PCI_MMIO_END) */
#define LAYOUT_PCI_MMIO_END    0xfec00000ull
#define LAYOUT_RAM_MIN         (32ull << 20)  /* below that no stock kernel boots */
#define LAYOUT_RAM_MAX         LAYOUT_PCI_MMIO
#define LAYOUT_RAM_DEFAULT     (256ull << 20)

/* ---- ISA IRQ lines (the 8259A pair) -------------------------------------- *
 * The legacy devices sit where every PC has them; the PCI devices take the
 * lines a PIIX-era board routes INTA# to (10, 11, then 5, 9), which nothing
 * legacy uses here. Disk n (--disk, in order) gets LAYOUT_IRQ_VIRTIO_BLK[n]. */
#define LAYOUT_IRQ_PIT         0
#define LAYOUT_IRQ_KBD         1
#define LAYOUT_IRQ_CASCADE     2
#define LAYOUT_IRQ_COM1        4
#define LAYOUT_IRQ_RTC         8
#define LAYOUT_IRQ_MOUSE       12
#define LAYOUT_IRQ_VIRTIO_BLK  { 10, 11, 5, 9 }

/* ---- PCI devices ---------------------------------------------------------- */
#define LAYOUT_PCI_SLOT_VIRTIO_BLK0 1          /* 00:01.0, 00:02.0 ... (00:00.0 is the host bridge) */

#endif
