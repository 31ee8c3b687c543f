/*
 * elf_load.c - map an ELF program and its interpreter into this process
 * (identity-mapped guest) and build the initial stack, as the kernel's
 * binfmt_elf does: PT_LOAD segments at their addresses (ET_EXEC) or at a
 * chosen base (ET_DYN), bss zeroed, the interpreter (PT_INTERP) mapped as
 * ET_DYN, then argc/argv/envp/auxv and the strings at the top of a new stack.
 */
#include "loader/elf_load.h"
#include "syscalls/host_generic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define STACK_SIZE (8ull << 20)

static void fail(struct elf_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

static const uint8_t *read_whole(const char *path, size_t *len, struct elf_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size == 0) {
        fail(err, "%s: not a regular, non-empty file", path);
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        fail(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    *len = (size_t)st.st_size;
    return p;
}

struct mapped { uint64_t base, load_bias, phdr, end, entry; };

static int map_image(const struct elf_file *elf, bool low4g, uint64_t hint, struct mapped *m, struct elf_error *err)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    uint64_t lo = UINT64_MAX, hi = 0;
    for (uint32_t i = 0; i < elf->nphdrs; i++) {
        const struct elf_phdr *p = &elf->phdrs[i];
        if (p->type != ELF_PT_LOAD || !p->memsz)
            continue;
        if (p->filesz > p->memsz) {
            fail(err, "%s: program header %u (LOAD): p_filesz 0x%llx > p_memsz 0x%llx", elf->name, i,
                 (unsigned long long)p->filesz, (unsigned long long)p->memsz);
            return -1;
        }
        if (p->vaddr < lo) lo = p->vaddr;
        if (p->vaddr + p->memsz > hi) hi = p->vaddr + p->memsz;
    }
    if (lo == UINT64_MAX) {
        fail(err, "%s: no PT_LOAD segment", elf->name);
        return -1;
    }
    lo &= ~(uint64_t)(ps - 1);
    hi = (hi + ps - 1) & ~(uint64_t)(ps - 1);
    if (hi - lo > (1ull << 40)) {
        fail(err, "%s: PT_LOAD segments span 0x%llx bytes", elf->name, (unsigned long long)(hi - lo));
        return -1;
    }
    /* Reserve the whole span first, so segments land together. */
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    void *want = NULL;
    void *r = MAP_FAILED;
    if (elf->type == ELF_ET_EXEC) {
        flags |= MAP_FIXED_NOREPLACE;
        want = (void *)(uintptr_t)lo;
    } else if (hint) {
        /* A position-independent program goes where the kernel would put it,
         * with room after it for the break. */
        r = mmap((void *)(uintptr_t)hint, hi - lo, PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);
    }
    if (r == MAP_FAILED)
        r = elf->type != ELF_ET_EXEC && low4g ? host_mmap_low4g(want, hi - lo, PROT_NONE, flags, -1, 0)
                                              : mmap(want, hi - lo, PROT_NONE, flags, -1, 0);
    if (r == MAP_FAILED || (want && r != want)) {
        fail(err, "%s: cannot map 0x%llx bytes at 0x%llx: %s", elf->name, (unsigned long long)(hi - lo),
             (unsigned long long)lo, r == MAP_FAILED ? strerror(errno) : "address taken");
        return -1;
    }
    uint64_t bias = (uint64_t)(uintptr_t)r - lo;
    if (low4g && (uint64_t)(uintptr_t)r + (hi - lo) > 0x100000000ull) {
        fail(err, "%s: cannot place a 32-bit program below 4 GiB", elf->name);
        return -1;
    }
    m->load_bias = bias;
    m->base = (uint64_t)(uintptr_t)r;
    m->end = hi + bias;
    m->phdr = 0;
    /* Segments are copied, not file-mapped, so a host page larger than the
     * guest's (64 KiB on some aarch64 kernels) may hold several segments:
     * its protection is the union of theirs. */
    if (mprotect(r, hi - lo, PROT_READ | PROT_WRITE)) {
        fail(err, "%s: mprotect: %s", elf->name, strerror(errno));
        return -1;
    }
    size_t npages = (hi - lo) / ps;
    uint8_t *prot = calloc(npages, 1);
    if (!prot) {
        fail(err, "%s: out of memory", elf->name);
        return -1;
    }
    for (uint32_t i = 0; i < elf->nphdrs; i++) {
        const struct elf_phdr *p = &elf->phdrs[i];
        if (p->type == ELF_PT_PHDR)
            m->phdr = p->vaddr + bias;
        if (p->type != ELF_PT_LOAD || !p->memsz)
            continue;
        if (p->filesz) {
            const void *src = elf_vaddr_ptr(elf, p->vaddr, p->filesz);
            if (!src) {
                fail(err, "%s: program header %u (LOAD): file data out of range", elf->name, i);
                free(prot);
                return -1;
            }
            memcpy((void *)(uintptr_t)(p->vaddr + bias), src, p->filesz);
        }
        /* Guest code is read by the interpreter, never executed by the host. */
        uint8_t pr = ((p->flags & (ELF_PF_R | ELF_PF_X)) ? PROT_READ : 0) | ((p->flags & ELF_PF_W) ? PROT_WRITE : 0);
        for (uint64_t a = (p->vaddr - lo) / ps; a * ps < p->vaddr + p->memsz - lo; a++)
            prot[a] |= pr;
        /* No PT_PHDR: the headers are in the segment that maps file offset 0. */
        if (!m->phdr && p->offset == 0) {
            uint64_t phoff = 0;
            memcpy(&phoff, elf->buf + (elf->is64 ? 32 : 28), elf->is64 ? 8 : 4);
            m->phdr = p->vaddr + bias + phoff;
        }
    }
    for (size_t a = 0; a < npages;) {
        size_t b = a;
        while (b < npages && prot[b] == prot[a])
            b++;
        mprotect((uint8_t *)r + a * ps, (b - a) * ps, prot[a]);
        a = b;
    }
    free(prot);
    m->entry = elf->entry + bias;
    return 0;
}

int elf_load_program(const char *path, int argc, char **argv, char **envp, bool low4g, uint64_t hwcap,
                     uint64_t hwcap2, const char *platform, struct elf_loaded *out, struct elf_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    const uint8_t *buf = read_whole(path, &len, err);
    if (!buf)
        return -1;
    struct elf_file elf;
    if (elf_parse(buf, len, path, &elf, err))
        return -1;
    if (elf.type != ELF_ET_EXEC && elf.type != ELF_ET_DYN) {
        fail(err, "%s: ELF header: e_type %s is not a program", path, elf_type_name(elf.type));
        return -1;
    }
    struct mapped prog;
    if (map_image(&elf, low4g, low4g ? 0x56555000ull : 0x555555554000ull, &prog, err))
        return -1;
    out->is64 = elf.is64;
    out->machine = elf.machine;
    out->prog_entry = prog.entry;
    out->phdr = prog.phdr;
    out->phnum = elf.nphdrs;
    out->phent = elf.is64 ? 56 : 32;
    out->brk = prog.end;
    out->entry = prog.entry;
    if (elf.interp) {
        size_t ilen;
        const uint8_t *ibuf = read_whole(elf.interp, &ilen, err);
        if (!ibuf)
            return -1;
        struct elf_file ie;
        if (elf_parse(ibuf, ilen, elf.interp, &ie, err))
            return -1;
        if (ie.machine != elf.machine || ie.is64 != elf.is64) {
            fail(err, "%s: interpreter %s is for another machine", path, elf.interp);
            return -1;
        }
        struct mapped im;
        if (map_image(&ie, low4g, 0, &im, err))
            return -1;
        out->interp_base = im.base;
        out->entry = im.entry;
    }

    /* The stack: strings, then the pointer vectors, as the kernel lays them out. */
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN;
    uint8_t *stack = low4g ? host_mmap_low4g(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, flags, -1, 0)
                           : mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (stack == MAP_FAILED) {
        fail(err, "%s: cannot allocate the stack: %s", path, strerror(errno));
        return -1;
    }
    uint64_t sp = (uint64_t)(uintptr_t)stack + STACK_SIZE;
    unsigned ws = elf.is64 ? 8 : 4;
#define PUSH_BYTES(p, n) (sp -= (n), memcpy((void *)(uintptr_t)sp, (p), (n)), sp)
    int envc = 0;
    while (envp && envp[envc])
        envc++;
    uint64_t execfn = PUSH_BYTES(path, strlen(path) + 1);
    uint64_t *argp = calloc((size_t)argc + 1, 8), *envpp = calloc((size_t)envc + 1, 8);
    for (int i = argc - 1; i >= 0; i--)
        argp[i] = PUSH_BYTES(argv[i], strlen(argv[i]) + 1);
    for (int i = envc - 1; i >= 0; i--)
        envpp[i] = PUSH_BYTES(envp[i], strlen(envp[i]) + 1);
    uint64_t plat = PUSH_BYTES(platform, strlen(platform) + 1);
    uint8_t rnd[16];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        memset(rnd, 0x5a, sizeof rnd);
    uint64_t random = PUSH_BYTES(rnd, 16);
    sp &= ~15ull;
    uint64_t aux[][2] = {
        { AT_PHDR, out->phdr }, { AT_PHENT, out->phent }, { AT_PHNUM, out->phnum },
        { AT_PAGESZ, (uint64_t)sysconf(_SC_PAGESIZE) }, { AT_BASE, out->interp_base }, { AT_FLAGS, 0 },
        { AT_ENTRY, out->prog_entry }, { AT_UID, getuid() }, { AT_EUID, geteuid() }, { AT_GID, getgid() },
        { AT_EGID, getegid() }, { AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_HWCAP, hwcap },
        { AT_HWCAP2, hwcap2 }, { AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK) }, { AT_PLATFORM, plat },
        { AT_EXECFN, execfn }, { AT_NULL, 0 },
    };
    size_t naux = sizeof aux / sizeof aux[0];
    size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 2 * naux;
    sp -= words * ws;
    sp &= ~15ull;
    uint64_t w = sp;
#define PUT(v) do { if (ws == 8) { uint64_t v_ = (v); memcpy((void *)(uintptr_t)w, &v_, 8); } \
                    else { uint32_t v_ = (uint32_t)(v); memcpy((void *)(uintptr_t)w, &v_, 4); } w += ws; } while (0)
    PUT((uint64_t)argc);
    for (int i = 0; i < argc; i++) PUT(argp[i]);
    PUT(0);
    for (int i = 0; i < envc; i++) PUT(envpp[i]);
    PUT(0);
    for (size_t i = 0; i < naux; i++) {
        PUT(aux[i][0]);
        PUT(aux[i][1]);
    }
    free(argp);
    free(envpp);
    out->stack_top = sp;
    return 0;
}
