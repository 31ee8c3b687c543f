/*
 * elf_load.h - map an ELF program (and its PT_INTERP) into this process for
 * a guest that shares the host's address space (user-mode translation with
 * identity mapping), and build the initial stack the kernel would build:
 * argc, argv, envp, auxv (AT_PHDR ... AT_RANDOM, AT_EXECFN), strings.
 */
#ifndef MIMIC_LOADER_ELF_LOAD_H
#define MIMIC_LOADER_ELF_LOAD_H

#include "loader/elf.h"

struct elf_loaded {
    bool is64;
    uint16_t machine;
    uint64_t entry;          /* where execution starts: the interpreter's entry, or the program's */
    uint64_t prog_entry;     /* AT_ENTRY */
    uint64_t phdr;           /* AT_PHDR */
    uint32_t phnum, phent;
    uint64_t interp_base;    /* AT_BASE, 0 without an interpreter */
    uint64_t brk;            /* end of the program's data: the initial program break */
    uint64_t stack_top;      /* initial RSP/ESP */
};

/* Map path (with its interpreter), then build the stack. low4g: keep every
 * mapping below 4 GiB (i386 guests). hwcap: AT_HWCAP/AT_HWCAP2 values.
 * platform: AT_PLATFORM string ("x86_64", "i686"). Returns 0, or -1 with a
 * message in err naming the file and field. */
int elf_load_program(const char *path, int argc, char **argv, char **envp, bool low4g,
                     uint64_t hwcap, uint64_t hwcap2, const char *platform,
                     struct elf_loaded *out, struct elf_error *err);

#endif
