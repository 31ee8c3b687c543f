/*
 * kernel32/virtual.c - VirtualAlloc/Free/Protect/Query/Lock and IsBad*Ptr.
 *
 * Windows reserves address space in 64 KiB-aligned regions and commits 4 KiB
 * pages inside them. Each reservation made here is a host mapping (PROT_NONE,
 * MAP_NORESERVE until committed) plus a page map of 16-bit entries:
 *
 *   bit 15  committed       bit 14  locked (VirtualLock)
 *   bits 0-11  the Windows protection of a committed page (PAGE_*)
 *
 * so VirtualQuery answers exactly for them. Addresses outside mimic's
 * reservations (images, stacks, the host's own mappings) are described from
 * /proc/self/maps, with MEM_IMAGE and the module base for loaded modules.
 * The native engine runs on x86-64 hosts only, whose page is 4 KiB like
 * Windows's; the code checks that assumption once.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/module.h"
#include "winapi/error.h"
#include "winapi/debug.h"
#include "winapi/kernel32/k32sys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

DEBUG_CHANNEL(virtual)

#define PAGE        0x1000ull
#define GRANULARITY 0x10000ull
#define USER_LIMIT  0x7ffffffeffffull   /* lpMaximumApplicationAddress */

#define MEM_COMMIT      0x00001000
#define MEM_RESERVE     0x00002000
#define MEM_DECOMMIT    0x00004000
#define MEM_RELEASE     0x00008000
#define MEM_FREE        0x00010000
#define MEM_PRIVATE     0x00020000
#define MEM_MAPPED      0x00040000
#define MEM_RESET       0x00080000
#define MEM_TOP_DOWN    0x00100000
#define MEM_WRITE_WATCH 0x00200000
#define MEM_PHYSICAL    0x00400000
#define MEM_RESET_UNDO  0x01000000
#define MEM_LARGE_PAGES 0x20000000
#define MEM_IMAGE       0x01000000

#define PAGE_NOACCESS          0x01
#define PAGE_READONLY          0x02
#define PAGE_READWRITE         0x04
#define PAGE_WRITECOPY         0x08
#define PAGE_EXECUTE           0x10
#define PAGE_EXECUTE_READ      0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD             0x100
#define PAGE_NOCACHE           0x200
#define PAGE_WRITECOMBINE      0x400

#define ERROR_NOT_LOCKED 158
#define ERROR_BAD_LENGTH 24

#define PG_COMMITTED 0x8000
#define PG_LOCKED    0x4000
#define PG_PROT      0x0fff

typedef struct {
    void *BaseAddress;
    void *AllocationBase;
    DWORD AllocationProtect;
    WORD PartitionId;
    SIZE_T RegionSize;
    DWORD State;
    DWORD Protect;
    DWORD Type;
} MEMORY_BASIC_INFORMATION;
_Static_assert(sizeof(MEMORY_BASIC_INFORMATION) == 48, "MEMORY_BASIC_INFORMATION is 48 bytes on x64");
_Static_assert(offsetof(MEMORY_BASIC_INFORMATION, RegionSize) == 24, "layout");
_Static_assert(offsetof(MEMORY_BASIC_INFORMATION, Type) == 40, "layout");

struct region {
    struct region *next;
    uint8_t *base;
    size_t size;
    DWORD alloc_prot;
    uint16_t *pages;             /* size / PAGE entries, mmap'd MAP_NORESERVE */
};

static pthread_mutex_t vlock = PTHREAD_MUTEX_INITIALIZER;
static struct region *regions;

static uintptr_t round_down(uintptr_t a, uintptr_t g) { return a & ~(g - 1); }
static uintptr_t round_up(uintptr_t a, uintptr_t g) { return (a + g - 1) & ~(g - 1); }

/* ---- probing memory without faulting ------------------------------------ */

/* One byte of every page the range touches, through process_vm_readv/writev: the kernel reports
 * EFAULT for what the program could not access, instead of a SIGSEGV. */
static bool probe(const void *p, size_t len, bool write)
{
    if (!len)
        return true;
    uintptr_t a = (uintptr_t)p, end = a + len;
    if (end < a)
        return false;
    pid_t pid = getpid();
    char buf[256];
    struct iovec remote[256];
    while (a < end) {
        int n = 0;
        for (; n < 256 && a < end; n++) {
            remote[n].iov_base = (void *)a;
            remote[n].iov_len = 1;
            a = round_down(a, PAGE) + PAGE;
        }
        struct iovec local = { buf, (size_t)n };
        ssize_t r = process_vm_readv(pid, &local, 1, remote, (unsigned long)n, 0);
        if (r < 0 && (errno == ENOSYS || errno == EPERM))
            return true; /* cannot tell here: trust the caller, as a bare pointer use would */
        if (r != n)
            return false;
        if (write) {
            /* Write back what was read: the probe changes nothing the program sees. */
            r = process_vm_writev(pid, &local, 1, remote, (unsigned long)n, 0);
            if (r != n)
                return false;
        }
    }
    return true;
}

bool mem_readable(const void *p, size_t len) { return p && probe(p, len, false); }
bool mem_writable(void *p, size_t len) { return p && probe(p, len, true); }

WINAPI BOOL kernel32_IsBadReadPtr(const void *p, UINT_PTR size)
{
    if (!size)
        return FALSE;
    return !mem_readable(p, size);
}

WINAPI BOOL kernel32_IsBadWritePtr(void *p, UINT_PTR size)
{
    if (!size)
        return FALSE;
    return !mem_writable(p, size);
}

WINAPI BOOL kernel32_IsBadHugeReadPtr(const void *p, UINT_PTR size) { return kernel32_IsBadReadPtr(p, size); }
WINAPI BOOL kernel32_IsBadHugeWritePtr(void *p, UINT_PTR size) { return kernel32_IsBadWritePtr(p, size); }
WINAPI BOOL kernel32_IsBadCodePtr(FARPROC p) { return !mem_readable((const void *)p, 1); }

WINAPI BOOL kernel32_IsBadStringPtrA(const char *s, UINT_PTR max)
{
    if (!max)
        return FALSE;
    if (!s)
        return TRUE;
    /* Read up to the end of each page at a time, stop at the terminator. */
    for (UINT_PTR i = 0; i < max;) {
        size_t chunk = PAGE - ((uintptr_t)(s + i) & (PAGE - 1));
        if (chunk > max - i)
            chunk = max - i;
        if (!mem_readable(s + i, 1))
            return TRUE;
        if (memchr(s + i, 0, chunk))
            return FALSE;
        i += chunk;
    }
    return FALSE;
}

WINAPI BOOL kernel32_IsBadStringPtrW(const WCHAR *s, UINT_PTR max)
{
    if (!max)
        return FALSE;
    if (!s || ((uintptr_t)s & 1))
        return !s || !mem_readable(s, 2);
    for (UINT_PTR i = 0; i < max; i++) {
        if (!((uintptr_t)(s + i) & (PAGE - 1)) || i == 0)
            if (!mem_readable(s + i, 2))
                return TRUE;
        if (!s[i])
            return FALSE;
    }
    return FALSE;
}

/* ---- protections --------------------------------------------------------- */

static bool valid_protect(DWORD p, bool for_alloc)
{
    DWORD base = p & 0xff, mods = p & ~0xffu;
    if (mods & ~(DWORD)(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE))
        return false;
    /* At most one of the modifiers that describe caching. */
    if ((mods & PAGE_NOCACHE) && (mods & (PAGE_WRITECOMBINE | PAGE_GUARD)))
        return false;
    if ((mods & PAGE_WRITECOMBINE) && (mods & PAGE_GUARD))
        return false;
    switch (base) {
    case PAGE_NOACCESS:
        return !mods;
    case PAGE_READONLY: case PAGE_READWRITE: case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ: case PAGE_EXECUTE_READWRITE:
        return true;
    case PAGE_WRITECOPY: case PAGE_EXECUTE_WRITECOPY:
        return !for_alloc;       /* copy-on-write exists only for mapped views */
    default:
        return false;
    }
}

static int host_prot(DWORD p)
{
    if (p & PAGE_GUARD) {
        /* FIXME: a guard page should raise STATUS_GUARD_PAGE_VIOLATION once
         * and then behave as its base protection; here it is inaccessible. */
        FIXME("PAGE_GUARD pages fault with an access violation\n");
        return PROT_NONE;
    }
    switch (p & 0xff) {
    case PAGE_READONLY: return PROT_READ;
    case PAGE_READWRITE: case PAGE_WRITECOPY: return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE: return PROT_EXEC;
    case PAGE_EXECUTE_READ: return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY: return PROT_READ | PROT_WRITE | PROT_EXEC;
    default: return PROT_NONE;
    }
}

static DWORD win_prot(const char perms[4])
{
    bool r = perms[0] == 'r', w = perms[1] == 'w', x = perms[2] == 'x';
    if (x)
        return w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
    return w ? PAGE_READWRITE : r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* ---- the reservation map -------------------------------------------------- */

static struct region *region_at(uintptr_t a)
{
    for (struct region *r = regions; r; r = r->next)
        if (a >= (uintptr_t)r->base && a < (uintptr_t)r->base + r->size)
            return r;
    return NULL;
}

static void page_size_check(void)
{
    static int checked;
    if (!checked) {
        checked = 1;
        if ((unsigned long)sysconf(_SC_PAGESIZE) != PAGE)
            FIXME("host page size %ld is not 4096: Virtual* granularity is off\n", sysconf(_SC_PAGESIZE));
    }
}

/* Reserve [want, want+size) (want 0: anywhere, 64 KiB aligned). */
static struct region *reserve(uintptr_t want, size_t size, DWORD prot, bool top_down)
{
    void *p;
    if (want) {
        p = mmap((void *)want, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != MAP_FAILED && (uintptr_t)p != want) {
            munmap(p, size); /* an old kernel ignoring MAP_FIXED_NOREPLACE */
            p = MAP_FAILED;
        }
        if (p == MAP_FAILED) {
            set_last_error(ERROR_INVALID_ADDRESS);
            return NULL;
        }
    } else {
        /* Over-reserve by the granularity and trim to a 64 KiB boundary. */
        size_t len = size + GRANULARITY;
        uint8_t *q = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (q == MAP_FAILED) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        uint8_t *a = (uint8_t *)round_up((uintptr_t)q, GRANULARITY);
        if (a > q)
            munmap(q, (size_t)(a - q));
        if (q + len > a + size)
            munmap(a + size, (size_t)(q + len - (a + size)));
        p = a;
        (void)top_down; /* the host picks high addresses already */
    }
    struct region *r = calloc(1, sizeof *r);
    size_t npages = size / PAGE;
    void *pages = r ? mmap(NULL, round_up(npages * sizeof(uint16_t), PAGE), PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) : MAP_FAILED;
    if (pages == MAP_FAILED) {
        free(r);
        munmap(p, size);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->base = p;
    r->size = size;
    r->alloc_prot = prot;
    r->pages = pages;
    r->next = regions;
    regions = r;
    return r;
}

static void release(struct region *r)
{
    for (struct region **pp = &regions; *pp; pp = &(*pp)->next)
        if (*pp == r) {
            *pp = r->next;
            break;
        }
    munmap(r->base, r->size);
    munmap(r->pages, round_up(r->size / PAGE * sizeof(uint16_t), PAGE));
    free(r);
}

/* Commit [a, a+len) inside r with protection prot. Fresh pages read as zero:
 * they were never touched or were dropped by decommit. */
static bool commit(struct region *r, uintptr_t a, size_t len, DWORD prot)
{
    if (mprotect((void *)a, len, host_prot(prot))) {
        set_last_error_from_errno();
        return false;
    }
    size_t first = (a - (uintptr_t)r->base) / PAGE, n = len / PAGE;
    for (size_t i = first; i < first + n; i++)
        r->pages[i] = (uint16_t)(PG_COMMITTED | (r->pages[i] & PG_LOCKED) | prot);
    return true;
}

static void decommit(struct region *r, uintptr_t a, size_t len)
{
    /* Drop the contents (private anonymous pages come back zeroed) and the access. */
    madvise((void *)a, len, MADV_DONTNEED);
    mprotect((void *)a, len, PROT_NONE);
    size_t first = (a - (uintptr_t)r->base) / PAGE, n = len / PAGE;
    for (size_t i = first; i < first + n; i++)
        r->pages[i] = 0;
}

/* ---- VirtualAlloc / VirtualFree ------------------------------------------- */

WINAPI void *kernel32_VirtualAlloc(void *addr, SIZE_T size, DWORD type, DWORD prot)
{
    page_size_check();
    TRACE("%p %#zx type %#x prot %#x\n", addr, (size_t)size, type, prot);
    uintptr_t a = (uintptr_t)addr;
    if (!size || size > USER_LIMIT || (a && a > USER_LIMIT)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (type & (MEM_RESET | MEM_RESET_UNDO)) {
        if ((type & ~(DWORD)(MEM_RESET | MEM_RESET_UNDO)) || (type & MEM_RESET && type & MEM_RESET_UNDO) || !a) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        uintptr_t lo = round_down(a, PAGE), hi = round_up(a + size, PAGE);
        pthread_mutex_lock(&vlock);
        struct region *r = region_at(lo);
        bool ok = r && hi <= (uintptr_t)r->base + r->size;
        for (uintptr_t p = lo; ok && p < hi; p += PAGE)
            ok = r->pages[(p - (uintptr_t)r->base) / PAGE] & PG_COMMITTED;
        pthread_mutex_unlock(&vlock);
        if (!ok) {
            set_last_error(ERROR_INVALID_ADDRESS);
            return NULL;
        }
        /* MEM_RESET: the contents are no longer interesting. MADV_FREE keeps
         * them until the host needs the memory, which MEM_RESET_UNDO wants. */
        if (type & MEM_RESET)
            madvise((void *)lo, hi - lo, MADV_FREE);
        return (void *)lo;
    }
    if (!(type & (MEM_COMMIT | MEM_RESERVE)) ||
        (type & ~(DWORD)(MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN | MEM_WRITE_WATCH | MEM_LARGE_PAGES | MEM_PHYSICAL))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (type & (MEM_WRITE_WATCH | MEM_LARGE_PAGES | MEM_PHYSICAL)) {
        FIXME("allocation type %#x (write watch, large pages, AWE) not supported\n", type);
        set_last_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    if (!valid_protect(prot, true)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    void *ret = NULL;
    pthread_mutex_lock(&vlock);
    if ((type & MEM_RESERVE) || !a) {
        uintptr_t lo = a ? round_down(a, GRANULARITY) : 0;
        uintptr_t hi = a ? round_up(a + size, PAGE) : round_up(size, PAGE);
        size_t len = a ? hi - lo : hi;
        struct region *r = reserve(lo, len, prot, type & MEM_TOP_DOWN);
        if (r) {
            if ((type & MEM_COMMIT) && !commit(r, (uintptr_t)r->base, r->size, prot))
                release(r);
            else
                ret = r->base;
        }
    } else {
        /* Commit inside an existing reservation. */
        uintptr_t lo = round_down(a, PAGE), hi = round_up(a + size, PAGE);
        struct region *r = region_at(lo);
        if (!r || hi > (uintptr_t)r->base + r->size)
            set_last_error(ERROR_INVALID_ADDRESS);
        else if (commit(r, lo, hi - lo, prot))
            ret = (void *)lo;
    }
    pthread_mutex_unlock(&vlock);
    TRACE("-> %p\n", ret);
    return ret;
}

WINAPI BOOL kernel32_VirtualFree(void *addr, SIZE_T size, DWORD type)
{
    uintptr_t a = (uintptr_t)addr;
    TRACE("%p %#zx %#x\n", addr, (size_t)size, type);
    type &= ~(DWORD)0x1;  /* MEM_COALESCE_PLACEHOLDERS/PRESERVE_PLACEHOLDER: nothing to do */
    if ((type & (MEM_RELEASE | MEM_DECOMMIT)) == (MEM_RELEASE | MEM_DECOMMIT) ||
        !(type & (MEM_RELEASE | MEM_DECOMMIT)) || (type & ~(DWORD)(MEM_RELEASE | MEM_DECOMMIT | 0x2))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BOOL ok = FALSE;
    pthread_mutex_lock(&vlock);
    struct region *r = region_at(a);
    if (type & MEM_RELEASE) {
        if (size)
            set_last_error(ERROR_INVALID_PARAMETER);
        else if (!r)
            set_last_error(ERROR_INVALID_PARAMETER);   /* nothing reserved there */
        else if ((uintptr_t)r->base != a)
            set_last_error(ERROR_INVALID_ADDRESS);     /* inside, not at the base */
        else {
            release(r);
            ok = TRUE;
        }
    } else {
        uintptr_t lo = round_down(a, PAGE);
        uintptr_t hi = size ? round_up(a + size, PAGE) : (r ? (uintptr_t)r->base + r->size : 0);
        if (!r || hi > (uintptr_t)r->base + r->size || (!size && a != (uintptr_t)r->base))
            set_last_error(ERROR_INVALID_ADDRESS);
        else {
            decommit(r, lo, hi - lo);
            ok = TRUE;
        }
    }
    pthread_mutex_unlock(&vlock);
    return ok;
}

/* ---- /proc/self/maps ------------------------------------------------------ */

struct host_map { uintptr_t start, end; char perms[5]; bool file; };

/* Find the mapping holding a (found) or the first one above it. Returns
 * false with *m describing the next mapping (end 0 if none) when a is free. */
static bool host_mapping(uintptr_t a, struct host_map *m, struct host_map *next_out)
{
    FILE *f = fopen("/proc/self/maps", "re");
    memset(m, 0, sizeof *m);
    memset(next_out, 0, sizeof *next_out);
    if (!f)
        return false;
    char line[512];
    bool found = false;
    while (fgets(line, sizeof line, f)) {
        unsigned long s, e, off, inode;
        char perms[5], dev[16];
        int n = 0;
        if (sscanf(line, "%lx-%lx %4s %lx %15s %lu %n", &s, &e, perms, &off, dev, &inode, &n) < 6)
            continue;
        if (e <= a)
            continue;
        struct host_map cur = { s, e, { 0 }, inode != 0 };
        memcpy(cur.perms, perms, 4);
        if (s <= a) {
            *m = cur;
            found = true;
            /* Merge the following lines with the same access (one Windows region). */
            while (fgets(line, sizeof line, f)) {
                if (sscanf(line, "%lx-%lx %4s %lx %15s %lu", &s, &e, perms, &off, dev, &inode) < 6 ||
                    s != m->end || memcmp(perms, m->perms, 3))
                    break;
                m->end = e;
            }
        } else {
            *next_out = cur;
        }
        break;
    }
    fclose(f);
    return found;
}

static size_t query(uintptr_t a, MEMORY_BASIC_INFORMATION *mbi)
{
    memset(mbi, 0, sizeof *mbi);
    uintptr_t page = round_down(a, PAGE);
    mbi->BaseAddress = (void *)page;
    pthread_mutex_lock(&vlock);
    struct region *r = region_at(page);
    if (r) {
        size_t i = (page - (uintptr_t)r->base) / PAGE, n = r->size / PAGE, j = i;
        uint16_t v = r->pages[i] & (PG_COMMITTED | PG_PROT);
        while (j < n && (r->pages[j] & (PG_COMMITTED | PG_PROT)) == v)
            j++;
        mbi->AllocationBase = r->base;
        mbi->AllocationProtect = r->alloc_prot;
        mbi->RegionSize = (j - i) * PAGE;
        mbi->State = (v & PG_COMMITTED) ? MEM_COMMIT : MEM_RESERVE;
        mbi->Protect = (v & PG_COMMITTED) ? (v & PG_PROT) : 0;
        mbi->Type = MEM_PRIVATE;
        pthread_mutex_unlock(&vlock);
        return sizeof *mbi;
    }
    /* The next reservation above, to bound a free or host region. */
    uintptr_t next_res = USER_LIMIT + 1;
    for (struct region *x = regions; x; x = x->next)
        if ((uintptr_t)x->base > page && (uintptr_t)x->base < next_res)
            next_res = (uintptr_t)x->base;
    pthread_mutex_unlock(&vlock);

    struct host_map m, next;
    if (!host_mapping(page, &m, &next)) {
        uintptr_t end = next.start ? next.start : USER_LIMIT + 1;
        if (end > next_res)
            end = next_res;
        mbi->State = MEM_FREE;
        mbi->Protect = PAGE_NOACCESS;
        mbi->RegionSize = end - page;
        return sizeof *mbi;
    }
    uintptr_t end = m.end < next_res ? m.end : next_res;
    struct module *mod = module_from_address((void *)page);
    mbi->State = MEM_COMMIT;
    mbi->Protect = win_prot(m.perms);
    if (mod) {
        uintptr_t mend = (uintptr_t)mod->base + mod->size;
        if (end > mend)
            end = mend;
        mbi->AllocationBase = mod->base;
        mbi->AllocationProtect = PAGE_EXECUTE_WRITECOPY;
        mbi->Type = MEM_IMAGE;
    } else {
        mbi->AllocationBase = (void *)m.start;
        mbi->AllocationProtect = mbi->Protect;
        mbi->Type = m.file ? MEM_MAPPED : MEM_PRIVATE;
    }
    mbi->RegionSize = end - page;
    return sizeof *mbi;
}

WINAPI SIZE_T kernel32_VirtualQuery(const void *addr, MEMORY_BASIC_INFORMATION *mbi, SIZE_T len)
{
    if ((uintptr_t)addr > USER_LIMIT) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (len < sizeof *mbi) {
        set_last_error(ERROR_BAD_LENGTH);
        return 0;
    }
    if (!mem_writable(mbi, sizeof *mbi)) {
        set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return query((uintptr_t)addr, mbi);
}

WINAPI BOOL kernel32_VirtualProtect(void *addr, SIZE_T size, DWORD prot, DWORD *old)
{
    uintptr_t lo = round_down((uintptr_t)addr, PAGE), hi = round_up((uintptr_t)addr + size, PAGE);
    TRACE("%p %#zx %#x\n", addr, (size_t)size, prot);
    if (!valid_protect(prot, false)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!old || !mem_writable(old, sizeof *old)) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!size || hi > USER_LIMIT + 1 || hi <= lo) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&vlock);
    struct region *r = region_at(lo);
    if (r) {
        bool ok = hi <= (uintptr_t)r->base + r->size;
        for (uintptr_t p = lo; ok && p < hi; p += PAGE)
            ok = r->pages[(p - (uintptr_t)r->base) / PAGE] & PG_COMMITTED;
        if (!ok) {
            pthread_mutex_unlock(&vlock);
            set_last_error(ERROR_INVALID_ADDRESS);
            return FALSE;
        }
        *old = r->pages[(lo - (uintptr_t)r->base) / PAGE] & PG_PROT;
        bool done = commit(r, lo, hi - lo, prot);
        pthread_mutex_unlock(&vlock);
        return done;
    }
    pthread_mutex_unlock(&vlock);
    /* Images and other host memory: the old protection comes from the host. */
    MEMORY_BASIC_INFORMATION mbi;
    query(lo, &mbi);
    if (mbi.State != MEM_COMMIT || (uintptr_t)mbi.BaseAddress + mbi.RegionSize < hi) {
        /* The range must be one committed allocation; check the rest is mapped. */
        if (mbi.State != MEM_COMMIT) {
            set_last_error(ERROR_INVALID_ADDRESS);
            return FALSE;
        }
        for (uintptr_t p = (uintptr_t)mbi.BaseAddress + mbi.RegionSize; p < hi;) {
            MEMORY_BASIC_INFORMATION m2;
            query(p, &m2);
            if (m2.State != MEM_COMMIT) {
                set_last_error(ERROR_INVALID_ADDRESS);
                return FALSE;
            }
            p = (uintptr_t)m2.BaseAddress + m2.RegionSize;
        }
    }
    if (mprotect((void *)lo, hi - lo, host_prot(prot))) {
        set_last_error_from_errno();
        return FALSE;
    }
    *old = mbi.Protect;
    return TRUE;
}

/* Only the calling process is supported by the *Ex forms. */
static bool is_self(HANDLE process)
{
    if (process == (HANDLE)(intptr_t)-1)
        return true;
    FIXME("virtual memory of another process (%p) is not supported\n", process);
    set_last_error(ERROR_ACCESS_DENIED);
    return false;
}

WINAPI void *kernel32_VirtualAllocEx(HANDLE process, void *addr, SIZE_T size, DWORD type, DWORD prot)
{
    return is_self(process) ? kernel32_VirtualAlloc(addr, size, type, prot) : NULL;
}

WINAPI BOOL kernel32_VirtualFreeEx(HANDLE process, void *addr, SIZE_T size, DWORD type)
{
    return is_self(process) && kernel32_VirtualFree(addr, size, type);
}

WINAPI BOOL kernel32_VirtualProtectEx(HANDLE process, void *addr, SIZE_T size, DWORD prot, DWORD *old)
{
    return is_self(process) && kernel32_VirtualProtect(addr, size, prot, old);
}

WINAPI SIZE_T kernel32_VirtualQueryEx(HANDLE process, const void *addr, MEMORY_BASIC_INFORMATION *mbi, SIZE_T len)
{
    return is_self(process) ? kernel32_VirtualQuery(addr, mbi, len) : 0;
}

/* VirtualLock: the pages must be committed. Residency is a performance
 * property here; when the host's RLIMIT_MEMLOCK refuses mlock, the lock is
 * still recorded (VirtualUnlock pairs with it) and the pages stay pageable. */
static BOOL lock_range(void *addr, SIZE_T size, bool lock)
{
    uintptr_t lo = round_down((uintptr_t)addr, PAGE), hi = round_up((uintptr_t)addr + size, PAGE);
    if (!size || hi <= lo) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&vlock);
    struct region *r = region_at(lo);
    BOOL ok = TRUE;
    if (r) {
        size_t first = (lo - (uintptr_t)r->base) / PAGE, n = (hi - lo) / PAGE;
        if (hi > (uintptr_t)r->base + r->size) {
            ok = FALSE;
            set_last_error(ERROR_INVALID_ADDRESS);
        }
        for (size_t i = first; ok && i < first + n; i++)
            if (!(r->pages[i] & PG_COMMITTED)) {
                ok = FALSE;
                set_last_error(ERROR_NOACCESS);
            } else if (!lock && !(r->pages[i] & PG_LOCKED)) {
                ok = FALSE;
                set_last_error(ERROR_NOT_LOCKED);
            }
        for (size_t i = first; ok && i < first + n; i++)
            r->pages[i] = lock ? r->pages[i] | PG_LOCKED : r->pages[i] & ~PG_LOCKED;
    } else {
        MEMORY_BASIC_INFORMATION mbi;
        pthread_mutex_unlock(&vlock);
        query(lo, &mbi);
        pthread_mutex_lock(&vlock);
        if (mbi.State != MEM_COMMIT) {
            ok = FALSE;
            set_last_error(ERROR_NOACCESS);
        }
    }
    pthread_mutex_unlock(&vlock);
    if (ok) {
        if (lock)
            mlock((void *)lo, hi - lo);
        else
            munlock((void *)lo, hi - lo);
    }
    return ok;
}

WINAPI BOOL kernel32_VirtualLock(void *addr, SIZE_T size) { return lock_range(addr, size, true); }
WINAPI BOOL kernel32_VirtualUnlock(void *addr, SIZE_T size) { return lock_range(addr, size, false); }

/* x86 keeps instruction and data caches coherent. */
WINAPI BOOL kernel32_FlushInstructionCache(HANDLE process, const void *addr, SIZE_T size) { return TRUE; }
