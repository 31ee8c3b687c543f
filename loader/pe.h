/*
 * pe.h - the PE32/PE32+ parser: pure functions over a file's bytes.
 *
 * Nothing here maps memory or touches the OS. Every offset, size and count
 * read from the file is checked against the buffer before it is used; a
 * malformed file yields an error naming the file, the structure and the
 * field ("app.exe: PE optional header: SizeOfHeaders 0x9000 past end of
 * file"). The results are plain lists of RVAs and names that pe_map.c and
 * `mimic info` consume.
 */
#ifndef MIMIC_LOADER_PE_H
#define MIMIC_LOADER_PE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define PE_MACHINE_I386  0x014c
#define PE_MACHINE_AMD64 0x8664
#define PE_MACHINE_ARM64 0xaa64

enum pe_dir {
    PE_DIR_EXPORT = 0, PE_DIR_IMPORT = 1, PE_DIR_RESOURCE = 2, PE_DIR_EXCEPTION = 3,
    PE_DIR_SECURITY = 4, PE_DIR_BASERELOC = 5, PE_DIR_DEBUG = 6, PE_DIR_ARCH = 7,
    PE_DIR_GLOBALPTR = 8, PE_DIR_TLS = 9, PE_DIR_LOAD_CONFIG = 10, PE_DIR_BOUND_IMPORT = 11,
    PE_DIR_IAT = 12, PE_DIR_DELAY_IMPORT = 13, PE_DIR_CLR = 14, PE_DIR_COUNT = 16
};

/* Section characteristics we act on. */
#define PE_SCN_CNT_CODE          0x00000020u
#define PE_SCN_CNT_UNINIT        0x00000080u
#define PE_SCN_MEM_EXECUTE       0x20000000u
#define PE_SCN_MEM_READ          0x40000000u
#define PE_SCN_MEM_WRITE         0x80000000u

#define PE_FILE_DLL              0x2000u
#define PE_FILE_RELOCS_STRIPPED  0x0001u

struct pe_section {
    char name[9];            /* the 8-byte field, NUL-terminated ("/4" for a long name) */
    const char *long_name;   /* "/N" resolved through the COFF string table, else NULL;
                              * points into the file buffer, NUL-terminated (checked) */
    uint32_t vaddr;          /* RVA */
    uint32_t vsize;          /* VirtualSize (0 means SizeOfRawData) */
    uint32_t raw_off;        /* PointerToRawData */
    uint32_t raw_size;       /* SizeOfRawData, clipped to what the file holds */
    uint32_t flags;          /* Characteristics */
};

struct pe_datadir { uint32_t rva, size; };

struct pe_file {
    const char *name;        /* file name used in error messages */
    const uint8_t *buf;
    size_t len;
    bool is64;               /* PE32+ */
    uint16_t machine;
    uint16_t characteristics;
    uint16_t subsystem;
    uint16_t dll_characteristics;
    uint64_t image_base;
    uint32_t entry_rva;
    uint32_t size_of_image;
    uint32_t size_of_headers;
    uint32_t section_align, file_align;
    uint64_t stack_reserve, stack_commit, heap_reserve, heap_commit;
    uint32_t nsections;
    struct pe_section *sections;      /* malloc'd; pe_free() releases */
    struct pe_datadir dirs[PE_DIR_COUNT];
    uint32_t ndirs;                   /* NumberOfRvaAndSizes, clipped to 16 */
    uint32_t coff_symtab, coff_nsyms; /* PointerToSymbolTable, NumberOfSymbols (GNU ld keeps them) */
};

/* One imported symbol: by name (with hint) or by ordinal. */
struct pe_import {
    const char *name;        /* NULL when imported by ordinal; points into the file buffer */
    uint16_t hint;
    uint16_t ordinal;
    uint32_t iat_rva;        /* where the bound address is written */
};

struct pe_import_dll {
    const char *dll;         /* points into the file buffer, NUL-terminated (checked) */
    bool delayed;            /* from the delay-load directory */
    uint32_t nimports;
    struct pe_import *imports;
    /* delay-load bookkeeping (RVAs), 0 for ordinary imports */
    uint32_t delay_module_handle_rva;
};

struct pe_imports {
    uint32_t ndlls;
    struct pe_import_dll *dlls;
};

/* Exports: entry i (i < NumberOfFunctions) is ordinal Base + i. A function
 * exported under several names appears once more per extra name, after those
 * entries (same ordinal, rva and forward). Unused slots have rva 0 and no
 * forward. */
struct pe_export {
    const char *name;        /* NULL for an ordinal-only export */
    uint32_t ordinal;        /* biased by Base */
    uint32_t rva;            /* 0 when forwarded */
    const char *forward;     /* "DLL.Name" or "DLL.#12", else NULL */
};

struct pe_exports {
    const char *dll_name;    /* NULL when the Name field does not point at a string */
    uint32_t base;
    uint32_t count;
    struct pe_export *exports;
};

struct pe_reloc {
    uint32_t rva;
    uint8_t type;            /* PE_REL_* */
};
#define PE_REL_ABSOLUTE 0
#define PE_REL_HIGH     1
#define PE_REL_LOW      2
#define PE_REL_HIGHLOW  3
#define PE_REL_HIGHADJ  4
#define PE_REL_DIR64    10

struct pe_relocs {
    uint32_t count;
    struct pe_reloc *relocs;
};

struct pe_tls {
    bool present;
    uint64_t raw_start, raw_end;      /* VAs (relative to image_base as linked) */
    uint64_t index_va;
    uint64_t callbacks_va;
    uint32_t zero_fill;
    uint32_t ncallbacks;     /* non-NULL entries of the callback array as stored in the file */
};

/* RUNTIME_FUNCTION entries of .pdata (x64) */
struct pe_runtime_function { uint32_t begin, end, unwind; };

/* A resource found by type/name/language path. */
struct pe_resource {
    uint32_t type_id, name_id, lang;   /* ids (0 when named by string) */
    /* UTF-16 names, counted (first element is the length), pointing into the
     * file buffer; checked to be 2-byte aligned there. NULL for ids. */
    const uint16_t *type_name, *name_name;
    uint32_t data_rva, size;
};

struct pe_resources {
    uint32_t count;
    struct pe_resource *res;
};

/* Error text: "FILE: STRUCTURE: FIELD ..." (the FILE is the name given to pe_parse). */
struct pe_error { char msg[320]; };

int pe_parse(const uint8_t *buf, size_t len, const char *name, struct pe_file *pe, struct pe_error *err);
void pe_free(struct pe_file *pe);

/* Translate an RVA range to a pointer into the file buffer; NULL if any byte
 * of [rva, rva+size) is not backed by the file. */
const void *pe_rva_ptr(const struct pe_file *pe, uint32_t rva, uint32_t size);
/* A NUL-terminated string at rva, at most max bytes; NULL when unterminated. */
const char *pe_rva_str(const struct pe_file *pe, uint32_t rva, uint32_t max);

int pe_read_imports(const struct pe_file *pe, struct pe_imports *out, struct pe_error *err);
void pe_free_imports(struct pe_imports *imp);
int pe_read_exports(const struct pe_file *pe, struct pe_exports *out, struct pe_error *err);
void pe_free_exports(struct pe_exports *exp);
int pe_read_relocs(const struct pe_file *pe, struct pe_relocs *out, struct pe_error *err);
void pe_free_relocs(struct pe_relocs *rel);
int pe_read_tls(const struct pe_file *pe, struct pe_tls *out, struct pe_error *err);
/* .pdata: returns count (>= 0) and a pointer into the file buffer (checked to
 * be 4-byte aligned there), or -1 */
int pe_read_pdata(const struct pe_file *pe, const struct pe_runtime_function **out, struct pe_error *err);
int pe_read_resources(const struct pe_file *pe, struct pe_resources *out, struct pe_error *err);
void pe_free_resources(struct pe_resources *res);

/* A symbol of the COFF symbol table that unstripped GNU-linked images keep
 * (e.g. "main"): 0 and its RVA, or -1 when there is no such symbol (or no
 * table, or it does not fit in the file). Never an error: debugging aid. */
int pe_coff_symbol(const struct pe_file *pe, const char *name, uint32_t *rva);

/* Is the buffer a PE file at all (MZ + PE signature)? Cheap sniff for format detection. */
bool pe_sniff(const uint8_t *buf, size_t len);

const char *pe_machine_name(uint16_t machine);
const char *pe_dir_name(enum pe_dir dir);

#endif
