/*
 * elf.h - the ELF32/ELF64 parser: pure functions over a file's bytes.
 *
 * Like pe.h: nothing here maps memory or touches the OS, every offset, size
 * and count read from the file is checked against the buffer before use, and
 * a malformed file gives an error naming the file, the structure and the
 * field ("ls: program header 2 (LOAD): p_offset 0x1000 + p_filesz 0x9000 past
 * end of file (size 0x8000)"). `mimic info` and `mimic dis` read files with
 * it; the ELF loader (mapping PT_LOAD segments, handing PT_INTERP to the
 * dynamic loader) builds on the same structures.
 *
 * Only little-endian files are accepted (x86, x86-64 and aarch64 are).
 */
#ifndef MIMIC_LOADER_ELF_H
#define MIMIC_LOADER_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_ET_REL  1
#define ELF_ET_EXEC 2
#define ELF_ET_DYN  3
#define ELF_ET_CORE 4

#define ELF_EM_386     3
#define ELF_EM_X86_64  62
#define ELF_EM_AARCH64 183

#define ELF_PT_NULL    0
#define ELF_PT_LOAD    1
#define ELF_PT_DYNAMIC 2
#define ELF_PT_INTERP  3
#define ELF_PT_NOTE    4
#define ELF_PT_PHDR    6
#define ELF_PT_TLS     7
#define ELF_PT_GNU_STACK 0x6474e551u

#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

#define ELF_SHT_NULL     0
#define ELF_SHT_PROGBITS 1
#define ELF_SHT_SYMTAB   2
#define ELF_SHT_STRTAB   3
#define ELF_SHT_DYNAMIC  6
#define ELF_SHT_NOBITS   8
#define ELF_SHT_DYNSYM   11

#define ELF_SHF_WRITE     0x1u
#define ELF_SHF_ALLOC     0x2u
#define ELF_SHF_EXECINSTR 0x4u

#define ELF_SHN_UNDEF  0
#define ELF_SHN_XINDEX 0xffffu

#define ELF_STT_OBJECT 1
#define ELF_STT_FUNC   2

#define ELF_DT_NULL    0
#define ELF_DT_NEEDED  1
#define ELF_DT_STRTAB  5
#define ELF_DT_STRSZ   10
#define ELF_DT_SONAME  14
#define ELF_DT_RPATH   15
#define ELF_DT_RUNPATH 29
#define ELF_DT_FLAGS_1 0x6ffffffbu
#define ELF_DF_1_PIE   0x08000000u

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf_shdr {
    const char *name;        /* from the section-name string table; "" when it has none */
    uint32_t type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
};

struct elf_file {
    const char *name;        /* file name used in error messages */
    const uint8_t *buf;
    size_t len;
    bool is64;               /* ELFCLASS64 */
    uint8_t osabi;
    uint16_t type;           /* ELF_ET_* */
    uint16_t machine;        /* ELF_EM_* */
    uint32_t flags;
    uint64_t entry;
    uint32_t nphdrs;
    struct elf_phdr *phdrs;  /* malloc'd; elf_free() releases */
    uint32_t nshdrs;         /* 0 when the file has no section headers (they are optional) */
    struct elf_shdr *shdrs;  /* malloc'd */
    const char *interp;      /* PT_INTERP path, NUL-terminated inside the segment (checked), else NULL */
};

struct elf_sym {
    const char *name;        /* points into the file buffer, NUL-terminated (checked) */
    uint64_t value, size;
    uint8_t type, bind, other;
    uint16_t shndx;
};

struct elf_symtab {
    const char *section;     /* ".symtab" or ".dynsym" */
    uint32_t count;
    struct elf_sym *syms;    /* malloc'd; index 0 is the null symbol */
};

struct elf_dynamic {
    uint32_t count;          /* entries before DT_NULL */
    uint32_t nneeded;
    const char **needed;     /* DT_NEEDED names, in order; malloc'd array, strings in the buffer */
    const char *soname, *rpath, *runpath;   /* NULL when absent */
    uint64_t flags_1;
};

struct elf_error { char msg[320]; };

/* Is the buffer an ELF file at all? Cheap sniff for format detection. */
bool elf_sniff(const uint8_t *buf, size_t len);

/* Headers, program headers (with PT_INTERP) and section headers (with names). */
int elf_parse(const uint8_t *buf, size_t len, const char *name, struct elf_file *elf, struct elf_error *err);
void elf_free(struct elf_file *elf);

/* Translate a virtual address range to a pointer into the file buffer through
 * the PT_LOAD segments; NULL if any byte of it is not backed by file data. */
const void *elf_vaddr_ptr(const struct elf_file *elf, uint64_t vaddr, uint64_t size);

/* The symbol table of section type ELF_SHT_SYMTAB or ELF_SHT_DYNSYM. A file
 * without one gives count 0 and returns 0. */
int elf_read_symbols(const struct elf_file *elf, uint32_t sh_type, struct elf_symtab *out, struct elf_error *err);
void elf_free_symbols(struct elf_symtab *tab);

/* PT_DYNAMIC: needed libraries, soname, run paths, DT_FLAGS_1 (zeroed when
 * the file has no dynamic segment, e.g. a static executable). */
int elf_read_dynamic(const struct elf_file *elf, struct elf_dynamic *out, struct elf_error *err);
void elf_free_dynamic(struct elf_dynamic *dyn);

const char *elf_machine_name(uint16_t machine);
const char *elf_type_name(uint16_t type);
const char *elf_ptype_name(uint32_t type);
const char *elf_shtype_name(uint32_t type);

#endif
