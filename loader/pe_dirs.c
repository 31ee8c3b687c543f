/*
 * pe_dirs.c - the data directories of a parsed PE file: imports (ordinary and
 * delay-load), exports with forwarders, base relocations, TLS, .pdata and
 * resources. Pure functions over the file buffer, like pe_parse.c; every RVA
 * goes through pe_rva_ptr/pe_rva_str, which check it against the file.
 */
#include "pe.h"
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

void pe_fail(const struct pe_file *pe, struct pe_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sanity caps: real files stay far below these; hostile ones do not. */
#define MAX_IMPORT_DLLS   4096
#define MAX_IMPORTS       65536
#define MAX_EXPORTS       65536
#define MAX_NAME          4096
/* All DLLs together: descriptors may share one huge thunk array. */
#define MAX_TOTAL_IMPORTS (1u << 20)

static int grow(void **arr, uint32_t *cap, uint32_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    uint32_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

/* Walk one thunk array (ILT/INT), filling dll->imports. */
static int read_thunks(const struct pe_file *pe, struct pe_import_dll *dll, uint32_t ilt_rva,
                       uint32_t iat_rva, const char *what, uint32_t *total, struct pe_error *err)
{
    uint32_t tsize = pe->is64 ? 8 : 4;
    uint32_t cap = 0;
    for (uint32_t i = 0;; i++) {
        if (i >= MAX_IMPORTS) {
            pe_fail(pe, err, "%s of %s: thunk array has more than %u entries (no terminator)", what, dll->dll,
                    MAX_IMPORTS);
            return -1;
        }
        if (++*total > MAX_TOTAL_IMPORTS) {
            pe_fail(pe, err, "%s of %s: more than %u imports in all", what, dll->dll, MAX_TOTAL_IMPORTS);
            return -1;
        }
        const uint8_t *t = pe_rva_ptr(pe, ilt_rva + i * tsize, tsize);
        if (!t) {
            pe_fail(pe, err, "%s of %s: thunk %u at RVA 0x%x not in the file", what, dll->dll, i,
                    ilt_rva + i * tsize);
            return -1;
        }
        uint64_t v = pe->is64 ? rd64(t) : rd32(t);
        if (v == 0)
            break;
        if (grow((void **)&dll->imports, &cap, dll->nimports, sizeof *dll->imports)) {
            pe_fail(pe, err, "%s of %s: out of memory", what, dll->dll);
            return -1;
        }
        struct pe_import *imp = &dll->imports[dll->nimports++];
        memset(imp, 0, sizeof *imp);
        uint64_t iat = (uint64_t)iat_rva + (uint64_t)i * tsize;
        if (iat + tsize > pe->size_of_image) {
            pe_fail(pe, err, "%s of %s: FirstThunk entry %u at RVA 0x%llx past SizeOfImage 0x%x", what, dll->dll,
                    i, (unsigned long long)iat, pe->size_of_image);
            return -1;
        }
        imp->iat_rva = (uint32_t)iat;
        uint64_t ordflag = pe->is64 ? 1ull << 63 : 1ull << 31;
        if (v & ordflag) {
            imp->ordinal = (uint16_t)v;
        } else {
            uint32_t hn = (uint32_t)v;
            if (v >> 32) {
                pe_fail(pe, err, "%s of %s: thunk %u: hint/name RVA 0x%llx out of range", what, dll->dll, i,
                        (unsigned long long)v);
                return -1;
            }
            const uint8_t *h = pe_rva_ptr(pe, hn, 2);
            const char *name = h ? pe_rva_str(pe, hn + 2, MAX_NAME) : NULL;
            if (!name) {
                pe_fail(pe, err, "%s of %s: thunk %u: hint/name at RVA 0x%x not in the file or unterminated",
                        what, dll->dll, i, hn);
                return -1;
            }
            imp->hint = rd16(h);
            imp->name = name;
        }
    }
    return 0;
}

static struct pe_import_dll *new_dll(struct pe_imports *out, uint32_t *cap)
{
    if (grow((void **)&out->dlls, cap, out->ndlls, sizeof *out->dlls))
        return NULL;
    struct pe_import_dll *d = &out->dlls[out->ndlls++];
    memset(d, 0, sizeof *d);
    return d;
}

int pe_read_imports(const struct pe_file *pe, struct pe_imports *out, struct pe_error *err)
{
    memset(out, 0, sizeof *out);
    uint32_t cap = 0, total = 0;
    const struct pe_datadir *d = &pe->dirs[PE_DIR_IMPORT];
    if (d->rva && d->size) {
        for (uint32_t i = 0;; i++) {
            if (i >= MAX_IMPORT_DLLS) {
                pe_fail(pe, err, "import directory: more than %u descriptors (no terminator)", MAX_IMPORT_DLLS);
                goto fail;
            }
            const uint8_t *desc = pe_rva_ptr(pe, d->rva + 20 * i, 20);
            if (!desc) {
                pe_fail(pe, err, "import directory: descriptor %u at RVA 0x%x not in the file (no terminator?)", i,
                        d->rva + 20 * i);
                goto fail;
            }
            uint32_t ilt = rd32(desc), name_rva = rd32(desc + 12), iat = rd32(desc + 16);
            if (ilt == 0 && name_rva == 0 && iat == 0)
                break;
            const char *name = pe_rva_str(pe, name_rva, MAX_NAME);
            if (!name) {
                pe_fail(pe, err, "import directory: descriptor %u: Name RVA 0x%x not in the file or unterminated",
                        i, name_rva);
                goto fail;
            }
            struct pe_import_dll *dll = new_dll(out, &cap);
            if (!dll) {
                pe_fail(pe, err, "import directory: out of memory");
                goto fail;
            }
            dll->dll = name;
            /* Old binders leave OriginalFirstThunk 0: then the IAT doubles as the name table. */
            if (read_thunks(pe, dll, ilt ? ilt : iat, iat, "import table", &total, err))
                goto fail;
        }
    }
    d = &pe->dirs[PE_DIR_DELAY_IMPORT];
    if (d->rva && d->size) {
        /* The list ends with an all-zero descriptor; GNU ld's single-DLL delay
         * libraries have none, so the directory's Size bounds it as well. */
        uint32_t ndesc = d->size / 32 ? d->size / 32 : 1;
        for (uint32_t i = 0; i < ndesc; i++) {
            if (i >= MAX_IMPORT_DLLS) {
                pe_fail(pe, err, "delay import directory: more than %u descriptors", MAX_IMPORT_DLLS);
                goto fail;
            }
            const uint8_t *desc = pe_rva_ptr(pe, d->rva + 32 * i, 32);
            if (!desc) {
                pe_fail(pe, err, "delay import directory: descriptor %u at RVA 0x%x not in the file", i,
                        d->rva + 32 * i);
                goto fail;
            }
            uint32_t attrs = rd32(desc), f[4];
            for (int k = 0; k < 4; k++)
                f[k] = rd32(desc + 4 + 4 * k);   /* DllNameRVA, ModuleHandleRVA, ImportAddressTableRVA, ImportNameTableRVA */
            if (f[0] == 0 && f[2] == 0)
                break;
            if (!(attrs & 1)) {
                /* Version 1 (Visual C++ 6): the fields are VAs of a PE32 image. */
                for (int k = 0; k < 4; k++) {
                    if (f[k] && (pe->is64 || f[k] < pe->image_base || f[k] - pe->image_base >= pe->size_of_image)) {
                        pe_fail(pe, err, "delay import directory: descriptor %u: Attributes 0x%x says VAs, "
                                "but field %d (0x%x) is not a VA inside the image", i, attrs, k + 1, f[k]);
                        goto fail;
                    }
                    if (f[k])
                        f[k] -= (uint32_t)pe->image_base;
                }
            }
            const char *name = pe_rva_str(pe, f[0], MAX_NAME);
            if (!name) {
                pe_fail(pe, err, "delay import directory: descriptor %u: DllNameRVA 0x%x not in the file or "
                        "unterminated", i, f[0]);
                goto fail;
            }
            if (f[1] && (uint64_t)f[1] + (pe->is64 ? 8 : 4) > pe->size_of_image) {
                pe_fail(pe, err, "delay import directory: descriptor %u: ModuleHandleRVA 0x%x past SizeOfImage",
                        i, f[1]);
                goto fail;
            }
            struct pe_import_dll *dll = new_dll(out, &cap);
            if (!dll) {
                pe_fail(pe, err, "delay import directory: out of memory");
                goto fail;
            }
            dll->dll = name;
            dll->delayed = true;
            dll->delay_module_handle_rva = f[1];
            if (read_thunks(pe, dll, f[3], f[2], "delay import table", &total, err))
                goto fail;
        }
    }
    return 0;
fail:
    pe_free_imports(out);
    return -1;
}

void pe_free_imports(struct pe_imports *imp)
{
    for (uint32_t i = 0; i < imp->ndlls; i++)
        free(imp->dlls[i].imports);
    free(imp->dlls);
    memset(imp, 0, sizeof *imp);
}

int pe_read_exports(const struct pe_file *pe, struct pe_exports *out, struct pe_error *err)
{
    memset(out, 0, sizeof *out);
    const struct pe_datadir *d = &pe->dirs[PE_DIR_EXPORT];
    if (!d->rva || !d->size)
        return 0;
    const uint8_t *ed = pe_rva_ptr(pe, d->rva, 40);
    if (!ed) {
        pe_fail(pe, err, "export directory: RVA 0x%x not in the file", d->rva);
        return -1;
    }
    out->dll_name = pe_rva_str(pe, rd32(ed + 12), MAX_NAME);
    out->base = rd32(ed + 16);
    uint32_t nfuncs = rd32(ed + 20), nnames = rd32(ed + 24);
    uint32_t funcs = rd32(ed + 28), names = rd32(ed + 32), ords = rd32(ed + 36);
    if (nfuncs > MAX_EXPORTS) {
        pe_fail(pe, err, "export directory: NumberOfFunctions %u out of range (at most %u)", nfuncs, MAX_EXPORTS);
        return -1;
    }
    if (nnames > MAX_EXPORTS) {
        pe_fail(pe, err, "export directory: NumberOfNames %u out of range (at most %u)", nnames, MAX_EXPORTS);
        return -1;
    }
    const uint8_t *ftab = pe_rva_ptr(pe, funcs, nfuncs * 4);
    const uint8_t *ntab = pe_rva_ptr(pe, names, nnames * 4);
    const uint8_t *otab = pe_rva_ptr(pe, ords, nnames * 2);
    if (nfuncs && !ftab) {
        pe_fail(pe, err, "export directory: AddressOfFunctions 0x%x (%u entries) not in the file", funcs, nfuncs);
        return -1;
    }
    if (nnames && !ntab) {
        pe_fail(pe, err, "export directory: AddressOfNames 0x%x (%u entries) not in the file", names, nnames);
        return -1;
    }
    if (nnames && !otab) {
        pe_fail(pe, err, "export directory: AddressOfNameOrdinals 0x%x (%u entries) not in the file", ords, nnames);
        return -1;
    }
    /* Room for every function plus one alias entry per name in the worst case. */
    out->exports = calloc((size_t)nfuncs + nnames + 1, sizeof *out->exports);
    if (!out->exports) {
        pe_fail(pe, err, "export directory: out of memory");
        return -1;
    }
    out->count = nfuncs;
    for (uint32_t i = 0; i < nfuncs; i++) {
        struct pe_export *e = &out->exports[i];
        e->ordinal = out->base + i;
        uint32_t rva = rd32(ftab + 4 * i);
        if (rva >= d->rva && rva < (uint64_t)d->rva + d->size) {
            e->forward = pe_rva_str(pe, rva, MAX_NAME);
            if (!e->forward) {
                pe_fail(pe, err, "export directory: forwarder string of ordinal %u at RVA 0x%x not in the file "
                        "or unterminated", e->ordinal, rva);
                goto fail;
            }
        } else {
            if (rva >= pe->size_of_image) {
                pe_fail(pe, err, "export directory: AddressOfFunctions entry of ordinal %u: RVA 0x%x past "
                        "SizeOfImage 0x%x", e->ordinal, rva, pe->size_of_image);
                goto fail;
            }
            e->rva = rva;
        }
    }
    for (uint32_t i = 0; i < nnames; i++) {
        uint16_t idx = rd16(otab + 2 * i);
        if (idx >= nfuncs) {
            pe_fail(pe, err, "export directory: AddressOfNameOrdinals entry %u is %u, not below NumberOfFunctions %u",
                    i, idx, nfuncs);
            goto fail;
        }
        uint32_t nrva = rd32(ntab + 4 * i);
        const char *name = pe_rva_str(pe, nrva, MAX_NAME);
        if (!name) {
            pe_fail(pe, err, "export directory: AddressOfNames entry %u (RVA 0x%x) not in the file or unterminated",
                    i, nrva);
            goto fail;
        }
        struct pe_export *e = &out->exports[idx];
        if (e->name) {
            /* A second name for the same function: an alias entry. */
            struct pe_export *alias = &out->exports[out->count++];
            *alias = *e;
            e = alias;
        }
        e->name = name;
    }
    return 0;
fail:
    pe_free_exports(out);
    return -1;
}

void pe_free_exports(struct pe_exports *exp)
{
    free(exp->exports);
    memset(exp, 0, sizeof *exp);
}

int pe_read_relocs(const struct pe_file *pe, struct pe_relocs *out, struct pe_error *err)
{
    memset(out, 0, sizeof *out);
    const struct pe_datadir *d = &pe->dirs[PE_DIR_BASERELOC];
    if (!d->rva || !d->size)
        return 0;
    const uint8_t *p = pe_rva_ptr(pe, d->rva, d->size);
    if (!p) {
        pe_fail(pe, err, "base relocation directory: RVA 0x%x Size 0x%x not in the file", d->rva, d->size);
        return -1;
    }
    uint32_t cap = 0, off = 0;
    while (off + 8 <= d->size) {
        uint32_t page = rd32(p + off), bsize = rd32(p + off + 4);
        if (bsize == 0 && page == 0)
            break;
        if (bsize < 8 || bsize > d->size - off || (bsize & 1)) {
            pe_fail(pe, err, "base relocation block at offset 0x%x: SizeOfBlock 0x%x invalid", off, bsize);
            goto fail;
        }
        for (uint32_t i = 8; i + 2 <= bsize; i += 2) {
            uint16_t e = rd16(p + off + i);
            uint8_t type = e >> 12;
            if (type == PE_REL_ABSOLUTE)
                continue;
            uint64_t rva = (uint64_t)page + (e & 0xfff);
            uint32_t width = type == PE_REL_DIR64 ? 8 : type == PE_REL_HIGHLOW ? 4 : 2;
            if (type != PE_REL_DIR64 && type != PE_REL_HIGHLOW && type != PE_REL_HIGH && type != PE_REL_LOW) {
                pe_fail(pe, err, "base relocation block at offset 0x%x: entry at RVA 0x%llx: unsupported Type %u",
                        off, (unsigned long long)rva, type);
                goto fail;
            }
            if (rva + width > pe->size_of_image) {
                pe_fail(pe, err, "base relocation block at offset 0x%x: entry Offset at RVA 0x%llx past "
                        "SizeOfImage 0x%x", off, (unsigned long long)rva, pe->size_of_image);
                goto fail;
            }
            if (grow((void **)&out->relocs, &cap, out->count, sizeof *out->relocs)) {
                pe_fail(pe, err, "base relocation directory: out of memory");
                goto fail;
            }
            out->relocs[out->count].rva = (uint32_t)rva;
            out->relocs[out->count].type = type;
            out->count++;
        }
        off += bsize;
    }
    return 0;
fail:
    pe_free_relocs(out);
    return -1;
}

void pe_free_relocs(struct pe_relocs *rel)
{
    free(rel->relocs);
    memset(rel, 0, sizeof *rel);
}

int pe_read_tls(const struct pe_file *pe, struct pe_tls *out, struct pe_error *err)
{
    memset(out, 0, sizeof *out);
    const struct pe_datadir *d = &pe->dirs[PE_DIR_TLS];
    if (!d->rva || !d->size)
        return 0;
    uint32_t need = pe->is64 ? 40 : 24;
    const uint8_t *t = pe_rva_ptr(pe, d->rva, need);
    if (!t) {
        pe_fail(pe, err, "TLS directory: RVA 0x%x not in the file", d->rva);
        return -1;
    }
    out->present = true;
    if (pe->is64) {
        out->raw_start = rd64(t);
        out->raw_end = rd64(t + 8);
        out->index_va = rd64(t + 16);
        out->callbacks_va = rd64(t + 24);
        out->zero_fill = rd32(t + 32);
    } else {
        out->raw_start = rd32(t);
        out->raw_end = rd32(t + 4);
        out->index_va = rd32(t + 8);
        out->callbacks_va = rd32(t + 12);
        out->zero_fill = rd32(t + 16);
    }
    uint64_t lo = pe->image_base, hi = pe->image_base + pe->size_of_image;
    if (out->raw_end < out->raw_start || (out->raw_start && (out->raw_start < lo || out->raw_end > hi))) {
        pe_fail(pe, err, "TLS directory: raw data 0x%llx-0x%llx outside the image",
                (unsigned long long)out->raw_start, (unsigned long long)out->raw_end);
        return -1;
    }
    if (out->index_va && (out->index_va < lo || out->index_va + 4 > hi)) {
        pe_fail(pe, err, "TLS directory: AddressOfIndex 0x%llx outside the image", (unsigned long long)out->index_va);
        return -1;
    }
    if (out->callbacks_va && (out->callbacks_va < lo || out->callbacks_va >= hi)) {
        pe_fail(pe, err, "TLS directory: AddressOfCallBacks 0x%llx outside the image",
                (unsigned long long)out->callbacks_va);
        return -1;
    }
    if (out->zero_fill > (1u << 28)) {
        pe_fail(pe, err, "TLS directory: SizeOfZeroFill 0x%x too large", out->zero_fill);
        return -1;
    }
    /* Count the callbacks as the file stores them (the array may also live in
     * zero-filled memory, i.e. be empty at load time, or be filled at run
     * time by code; the count is informational). */
    if (out->callbacks_va) {
        uint32_t psize = pe->is64 ? 8 : 4, rva = (uint32_t)(out->callbacks_va - lo);
        for (uint32_t i = 0; i < 1024; i++) {
            const uint8_t *p = pe_rva_ptr(pe, rva + i * psize, psize);
            if (!p || !(pe->is64 ? rd64(p) : rd32(p)))
                break;
            out->ncallbacks++;
        }
    }
    return 0;
}

int pe_read_pdata(const struct pe_file *pe, const struct pe_runtime_function **out, struct pe_error *err)
{
    *out = NULL;
    const struct pe_datadir *d = &pe->dirs[PE_DIR_EXCEPTION];
    if (!d->rva || !d->size || !pe->is64)
        return 0;
    if (d->size % 12) {
        pe_fail(pe, err, "exception directory: Size 0x%x is not a multiple of 12", d->size);
        return -1;
    }
    const void *p = pe_rva_ptr(pe, d->rva, d->size);
    if (!p) {
        pe_fail(pe, err, "exception directory: RVA 0x%x Size 0x%x not in the file", d->rva, d->size);
        return -1;
    }
    /* The caller reads the entries in place: they must be aligned. */
    if ((uintptr_t)p % 4) {
        pe_fail(pe, err, "exception directory: RVA 0x%x is at file offset 0x%tx, not 4-byte aligned", d->rva,
                (const uint8_t *)p - pe->buf);
        return -1;
    }
    *out = p;
    return (int)(d->size / 12);
}

/* Resources: a three-level tree (type / name / language) of directories. */
#define MAX_RESOURCES 65536

static const uint16_t *res_name(const struct pe_file *pe, uint32_t base, uint32_t off)
{
    const uint8_t *p = pe_rva_ptr(pe, base + off, 2);
    if (!p)
        return NULL;
    uint16_t n = rd16(p);
    if ((uintptr_t)p % 2)   /* handed out as uint16_t *: must be aligned */
        return NULL;
    return pe_rva_ptr(pe, base + off, 2 + 2u * n);
}

static int res_dir(const struct pe_file *pe, uint32_t base, uint32_t off, int level, struct pe_resource *path,
                   struct pe_resources *out, uint32_t *cap, uint32_t *visits, struct pe_error *err)
{
    const uint8_t *dir = pe_rva_ptr(pe, base + off, 16);
    if (!dir) {
        pe_fail(pe, err, "resource directory: table at offset 0x%x not in the file", off);
        return -1;
    }
    uint32_t n = (uint32_t)rd16(dir + 12) + rd16(dir + 14);
    const uint8_t *ents = pe_rva_ptr(pe, base + off + 16, n * 8);
    if (n && !ents) {
        pe_fail(pe, err, "resource directory: table at offset 0x%x: NumberOfNamedEntries + NumberOfIdEntries %u "
                "not in the file", off, n);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        /* Entries may share subdirectories: bound the total walk, not just the depth. */
        if (++*visits > 4 * MAX_RESOURCES) {
            pe_fail(pe, err, "resource directory: more than %u entries visited (shared subtables)", 4 * MAX_RESOURCES);
            return -1;
        }
        uint32_t id = rd32(ents + 8 * i), target = rd32(ents + 8 * i + 4);
        const uint16_t *name = NULL;
        if (id & 0x80000000u) {
            name = res_name(pe, base, id & 0x7fffffffu);
            if (!name) {
                pe_fail(pe, err, "resource directory: entry Name at offset 0x%x not in the file or misaligned",
                        id & 0x7fffffffu);
                return -1;
            }
            id = 0;
        }
        if (level == 0) { path->type_id = id; path->type_name = name; }
        else if (level == 1) { path->name_id = id; path->name_name = name; }
        else path->lang = id;
        if (target & 0x80000000u) {
            if (level >= 2) {
                pe_fail(pe, err, "resource directory: table at offset 0x%x: OffsetToData nests deeper than 3 levels",
                        off);
                return -1;
            }
            uint32_t sub = target & 0x7fffffffu;
            if (sub <= off) { /* directories point forward; a backward pointer is a loop */
                pe_fail(pe, err, "resource directory: table at offset 0x%x: OffsetToData points back to 0x%x", off,
                        sub);
                return -1;
            }
            if (res_dir(pe, base, sub, level + 1, path, out, cap, visits, err))
                return -1;
        } else {
            const uint8_t *de = pe_rva_ptr(pe, base + target, 16);
            if (!de) {
                pe_fail(pe, err, "resource directory: data entry at offset 0x%x not in the file", target);
                return -1;
            }
            if (out->count >= MAX_RESOURCES) {
                pe_fail(pe, err, "resource directory: more than %u resources", MAX_RESOURCES);
                return -1;
            }
            struct pe_resource r = *path;
            r.data_rva = rd32(de);
            r.size = rd32(de + 4);
            if ((uint64_t)r.data_rva + r.size > pe->size_of_image) {
                pe_fail(pe, err, "resource directory: data entry at offset 0x%x: OffsetToData 0x%x + Size 0x%x past "
                        "SizeOfImage", target, r.data_rva, r.size);
                return -1;
            }
            if (grow((void **)&out->res, cap, out->count, sizeof *out->res)) {
                pe_fail(pe, err, "resource directory: out of memory");
                return -1;
            }
            out->res[out->count++] = r;
        }
    }
    return 0;
}

int pe_read_resources(const struct pe_file *pe, struct pe_resources *out, struct pe_error *err)
{
    memset(out, 0, sizeof *out);
    const struct pe_datadir *d = &pe->dirs[PE_DIR_RESOURCE];
    if (!d->rva || !d->size)
        return 0;
    uint32_t cap = 0, visits = 0;
    struct pe_resource path = { 0 };
    if (res_dir(pe, d->rva, 0, 0, &path, out, &cap, &visits, err)) {
        pe_free_resources(out);
        return -1;
    }
    return 0;
}

void pe_free_resources(struct pe_resources *res)
{
    free(res->res);
    memset(res, 0, sizeof *res);
}
