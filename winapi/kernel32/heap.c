/*
 * kernel32/heap.c - Heap*, and the Local* and Global* memory API on the process
 * heap (winapi/heap.c does the allocating).
 *
 * LMEM_FIXED blocks are plain heap pointers (16-byte aligned). LMEM_MOVEABLE
 * blocks are handles: the address of the `ptr` field of an entry in one
 * table of 16-byte entries, so a handle is 8 mod 16 (never mistaken for a
 * pointer) and *(void **)handle is the data, as programs sometimes assume.
 * The data of a moveable block is preceded by 16 bytes holding its handle
 * (LocalHandle/GlobalHandle read it back). Handles are checked against the
 * table's bounds before use, so a bad handle is an error, never a fault.
 */
#include "winapi/heap.h"
#include "winapi/teb.h"
#include "winapi/debug.h"
#include "winapi/kernel32/k32sys.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

DEBUG_CHANNEL(heap)

#define LMEM_MOVEABLE       0x0002
#define LMEM_ZEROINIT       0x0040
#define LMEM_MODIFY         0x0080
#define LMEM_DISCARDABLE    0x0f00
#define LMEM_DISCARDED      0x4000
#define LMEM_INVALID_HANDLE 0x8000
#define LMEM_LOCKCOUNT      0x00ff
#define GMEM_DISCARDABLE    0x0100
#define GMEM_DDESHARE       0x2000
#define GMEM_DISCARDED      0x4000
#define GMEM_INVALID_HANDLE 0x8000
#define GMEM_NOCOMPACT      0x0010
#define GMEM_NOT_BANKED     0x1000
#define GMEM_NOTIFY         0x4000

#define ERROR_DISCARDED     157
#define ERROR_NOT_LOCKED    158

#define ENTRY_USED        1
#define ENTRY_DISCARDABLE 4
#define ENTRY_DDESHARE    0x8000

struct mem_entry {
    union {
        struct { WORD flags; BYTE lock; };
        struct mem_entry *next_free;
    };
    void *ptr;                   /* the handle is &ptr */
};
_Static_assert(sizeof(struct mem_entry) == 16, "handles are 8 mod 16");

#define STORAGE 16               /* bytes before moveable data: its handle */
#define MAX_ENTRIES 0x10000

static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mem_entry *entries, *entries_end, *next_unused, *free_entries;

typedef void *HLOCAL;

/* ---- Heap* -------------------------------------------------------------- */

WINAPI HANDLE kernel32_GetProcessHeap(void) { return heap_process(); }

WINAPI DWORD kernel32_GetProcessHeaps(DWORD count, HANDLE *heaps)
{
    return heap_list(heaps ? count : 0, heaps);
}

WINAPI HANDLE kernel32_HeapCreate(DWORD flags, SIZE_T initial, SIZE_T max)
{
    return heap_create(flags, initial, max);
}

WINAPI BOOL kernel32_HeapDestroy(HANDLE heap) { return heap_destroy(heap); }
WINAPI void *kernel32_HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size) { return heap_alloc(heap, flags, size); }
WINAPI void *kernel32_HeapReAlloc(HANDLE heap, DWORD flags, void *p, SIZE_T size)
{
    return heap_realloc(heap, flags, p, size);
}
WINAPI BOOL kernel32_HeapFree(HANDLE heap, DWORD flags, void *p) { return heap_free(heap, flags, p); }
WINAPI SIZE_T kernel32_HeapSize(HANDLE heap, DWORD flags, const void *p) { return heap_size(heap, flags, p); }
WINAPI BOOL kernel32_HeapValidate(HANDLE heap, DWORD flags, const void *p) { return heap_validate(heap, flags, p); }
WINAPI SIZE_T kernel32_HeapCompact(HANDLE heap, DWORD flags) { return heap_compact(heap, flags); }
WINAPI BOOL kernel32_HeapLock(HANDLE heap) { return heap_lock(heap); }
WINAPI BOOL kernel32_HeapUnlock(HANDLE heap) { return heap_unlock(heap); }

/* HeapSetInformation: HeapCompatibilityInformation (2 = LFH) and
 * HeapEnableTerminationOnCorruption are what programs set; both are
 * properties mimic's heaps already have or need not have. */
WINAPI BOOL kernel32_HeapSetInformation(HANDLE heap, int cls, void *info, SIZE_T len)
{
    if (cls == 1 /* HeapEnableTerminationOnCorruption */)
        return TRUE;
    if (cls == 0 /* HeapCompatibilityInformation */) {
        if (!info || len < sizeof(ULONG)) {
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
            return FALSE;
        }
        if (heap && !heap_is_valid(heap)) {
            set_last_error(ERROR_INVALID_HANDLE);
            return FALSE;
        }
        ULONG v;
        memcpy(&v, info, sizeof v);
        if (v > 2) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
        return TRUE;
    }
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

/* ---- handle table -------------------------------------------------------- */

static struct mem_entry *entry_alloc(void)
{
    if (!entries) {
        void *p = mmap(NULL, MAX_ENTRIES * sizeof(struct mem_entry), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        entries = next_unused = p;
        entries_end = entries + MAX_ENTRIES;
    }
    struct mem_entry *e = free_entries;
    if (e)
        free_entries = e->next_free;
    else if (next_unused < entries_end)
        e = next_unused++;
    else
        return NULL;
    memset(e, 0, sizeof *e);
    return e;
}

static void entry_free(struct mem_entry *e)
{
    e->ptr = NULL;
    e->next_free = free_entries;
    free_entries = e;
}

static bool is_pointer(HLOCAL h) { return !((uintptr_t)h & 15); }

/* The entry behind a handle, or NULL. Call with mem_lock held. */
static struct mem_entry *entry_of(HLOCAL h)
{
    if (((uintptr_t)h & 15) != 8 || !entries)
        return NULL;
    struct mem_entry *e = (struct mem_entry *)((char *)h - 8);
    if (e < entries || e >= next_unused || !(e->flags & ENTRY_USED))
        return NULL;
    return e;
}

static void *data_base(void *p) { return (char *)p - STORAGE; }

/* ---- Local* / Global* ---------------------------------------------------- */

WINAPI HLOCAL kernel32_LocalAlloc(UINT flags, SIZE_T size)
{
    DWORD hflags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    if (!(flags & LMEM_MOVEABLE))
        return heap_alloc(heap_process(), hflags, size);
    if (size > 0x7fffffff - STORAGE) {
        set_last_error(ERROR_OUTOFMEMORY);
        return NULL;
    }
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_alloc();
    pthread_mutex_unlock(&mem_lock);
    if (!e) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    e->flags = ENTRY_USED;
    if ((flags & LMEM_DISCARDABLE))
        e->flags |= ENTRY_DISCARDABLE;
    if (flags & GMEM_DDESHARE)
        e->flags |= ENTRY_DDESHARE;
    HLOCAL h = &e->ptr;
    if (size) {
        char *p = heap_alloc(heap_process(), hflags, size + STORAGE);
        if (!p) {
            pthread_mutex_lock(&mem_lock);
            entry_free(e);
            pthread_mutex_unlock(&mem_lock);
            return NULL;
        }
        memcpy(p, &h, sizeof h);
        e->ptr = p + STORAGE;
    }
    TRACE("flags %#x size %#zx -> handle %p data %p\n", flags, (size_t)size, h, e->ptr);
    return h;
}

WINAPI HLOCAL kernel32_GlobalAlloc(UINT flags, SIZE_T size)
{
    flags &= ~(GMEM_NOCOMPACT | GMEM_NOT_BANKED | GMEM_NOTIFY);
    /* A zero-size fixed global block is still a real block. */
    if (!(flags & LMEM_MOVEABLE) && !size)
        size = 1;
    return kernel32_LocalAlloc(flags, size);
}

WINAPI HLOCAL kernel32_LocalFree(HLOCAL h)
{
    if (!h)
        return NULL;
    if (is_pointer(h)) {
        if (!heap_validate(heap_process(), 0, h) || !heap_free(heap_process(), 0, h)) {
            set_last_error(ERROR_INVALID_HANDLE);
            return h;
        }
        return NULL;
    }
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of(h);
    void *data = e ? e->ptr : NULL;
    if (e)
        entry_free(e);
    pthread_mutex_unlock(&mem_lock);
    if (!e) {
        set_last_error(ERROR_INVALID_HANDLE);
        return h;
    }
    if (data)
        heap_free(heap_process(), 0, data_base(data));
    return NULL;
}

WINAPI HLOCAL kernel32_GlobalFree(HLOCAL h) { return kernel32_LocalFree(h); }

WINAPI void *kernel32_LocalLock(HLOCAL h)
{
    if (is_pointer(h)) {
        /* Windows hands any readable pointer back as is. */
        if (!h || !mem_readable(h, 1)) {
            set_last_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        return h;
    }
    void *ret = NULL;
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of(h);
    if (!e)
        set_last_error(ERROR_INVALID_HANDLE);
    else if (!e->ptr)
        set_last_error(ERROR_DISCARDED);
    else {
        ret = e->ptr;
        if (e->lock < LMEM_LOCKCOUNT)
            e->lock++;
    }
    pthread_mutex_unlock(&mem_lock);
    return ret;
}

WINAPI void *kernel32_GlobalLock(HLOCAL h) { return kernel32_LocalLock(h); }

WINAPI BOOL kernel32_LocalUnlock(HLOCAL h)
{
    if (is_pointer(h)) {
        set_last_error(ERROR_NOT_LOCKED);
        return FALSE;
    }
    BOOL ret = FALSE;
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of(h);
    if (!e)
        set_last_error(ERROR_INVALID_HANDLE);
    else if (!e->lock)
        set_last_error(ERROR_NOT_LOCKED);
    else {
        e->lock--;
        ret = e->lock != 0;
        if (!ret)
            set_last_error(ERROR_SUCCESS);
    }
    pthread_mutex_unlock(&mem_lock);
    return ret;
}

WINAPI BOOL kernel32_GlobalUnlock(HLOCAL h)
{
    /* Unlocking a fixed global block succeeds (it is always "locked"). */
    if (h && is_pointer(h))
        return TRUE;
    return kernel32_LocalUnlock(h);
}

WINAPI HLOCAL kernel32_LocalReAlloc(HLOCAL h, SIZE_T size, UINT flags)
{
    DWORD hflags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    HLOCAL ret = NULL;
    if (flags & LMEM_MODIFY) {
        if (is_pointer(h) && (flags & LMEM_MOVEABLE)) {
            /* Turn a fixed block into a moveable one. */
            if (!h) {
                set_last_error(ERROR_NOACCESS);
                return NULL;
            }
            SIZE_T n = heap_size(heap_process(), 0, h);
            if (n == (SIZE_T)-1) {
                set_last_error(ERROR_INVALID_HANDLE);
                return NULL;
            }
            ret = kernel32_LocalAlloc(flags & ~LMEM_MODIFY, n);
            if (ret) {
                void *p = kernel32_LocalLock(ret);
                if (p)
                    memcpy(p, h, n);
                kernel32_LocalUnlock(ret);
                kernel32_LocalFree(h);
            }
            return ret;
        }
        pthread_mutex_lock(&mem_lock);
        struct mem_entry *e = is_pointer(h) ? NULL : entry_of(h);
        if (e && (flags & LMEM_DISCARDABLE)) {
            e->flags |= ENTRY_DISCARDABLE;
            ret = h;
        } else {
            set_last_error(e || is_pointer(h) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        }
        pthread_mutex_unlock(&mem_lock);
        return ret;
    }
    if (is_pointer(h)) {
        if (!h || !heap_validate(heap_process(), 0, h)) {
            set_last_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        /* A fixed block may move only when the caller allows it. */
        if (!(flags & LMEM_MOVEABLE))
            hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
        return heap_realloc(heap_process(), hflags, h, size);
    }
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of(h);
    if (!e) {
        set_last_error(ERROR_INVALID_HANDLE);
    } else if (size) {
        if (size > 0x7fffffff - STORAGE) {
            set_last_error(ERROR_OUTOFMEMORY);
        } else if (e->ptr) {
            /* A locked block keeps its address unless LMEM_MOVEABLE says otherwise. */
            DWORD f = hflags | (e->lock && !(flags & LMEM_MOVEABLE) ? HEAP_REALLOC_IN_PLACE_ONLY : 0);
            char *p = heap_realloc(heap_process(), f, data_base(e->ptr), size + STORAGE);
            if (p) {
                e->ptr = p + STORAGE;
                ret = h;
            }
        } else {
            char *p = heap_alloc(heap_process(), hflags, size + STORAGE);
            if (p) {
                memcpy(p, &h, sizeof h);
                e->ptr = p + STORAGE;
                ret = h;
            }
        }
    } else if (!e->lock) {
        /* Size 0: discard the data, keep the handle. */
        if (e->ptr) {
            heap_free(heap_process(), 0, data_base(e->ptr));
            e->ptr = NULL;
        }
        ret = h;
    } else {
        set_last_error(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_unlock(&mem_lock);
    return ret;
}

WINAPI HLOCAL kernel32_GlobalReAlloc(HLOCAL h, SIZE_T size, UINT flags)
{
    return kernel32_LocalReAlloc(h, size, flags);
}

WINAPI SIZE_T kernel32_LocalSize(HLOCAL h)
{
    if ((uintptr_t)h >> 16 == 0) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (is_pointer(h)) {
        if (heap_validate(heap_process(), 0, h))
            return heap_size(heap_process(), 0, h);
        /* The data pointer of a moveable block. */
        if (heap_validate(heap_process(), 0, data_base(h)))
            return heap_size(heap_process(), 0, data_base(h)) - STORAGE;
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    SIZE_T ret = 0;
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of(h);
    if (!e)
        set_last_error(ERROR_INVALID_HANDLE);
    else if (e->ptr)
        ret = heap_size(heap_process(), 0, data_base(e->ptr)) - STORAGE;
    pthread_mutex_unlock(&mem_lock);
    return ret;
}

WINAPI SIZE_T kernel32_GlobalSize(HLOCAL h) { return kernel32_LocalSize(h); }

WINAPI UINT kernel32_GlobalFlags(HLOCAL h)
{
    if (is_pointer(h) && h)
        return 0;
    UINT ret;
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of(h);
    if (e) {
        ret = e->lock;
        if (e->flags & ENTRY_DISCARDABLE)
            ret |= GMEM_DISCARDABLE;
        if (!e->ptr)
            ret |= GMEM_DISCARDED;
        if (e->flags & ENTRY_DDESHARE)
            ret |= GMEM_DDESHARE;
    } else {
        set_last_error(ERROR_INVALID_HANDLE);
        ret = GMEM_INVALID_HANDLE;
    }
    pthread_mutex_unlock(&mem_lock);
    return ret;
}

WINAPI UINT kernel32_LocalFlags(HLOCAL h)
{
    UINT f = kernel32_GlobalFlags(h);
    if (f != GMEM_INVALID_HANDLE && (f & GMEM_DISCARDABLE))
        f |= LMEM_DISCARDABLE;
    return f;
}

WINAPI HLOCAL kernel32_GlobalHandle(const void *p)
{
    if (!p) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (is_pointer((HLOCAL)p)) {
        if (heap_validate(heap_process(), 0, p))
            return (HLOCAL)p; /* a fixed block is its own handle */
        if (!heap_validate(heap_process(), 0, data_base((void *)p))) {
            set_last_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        HLOCAL h;
        memcpy(&h, data_base((void *)p), sizeof h);
        p = h;
    }
    pthread_mutex_lock(&mem_lock);
    struct mem_entry *e = entry_of((HLOCAL)p);
    pthread_mutex_unlock(&mem_lock);
    if (!e) {
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return (HLOCAL)p;
}

WINAPI HLOCAL kernel32_LocalHandle(const void *p) { return kernel32_GlobalHandle(p); }

/* Win16 leftovers that Win32 keeps as no-ops. */
WINAPI SIZE_T kernel32_GlobalCompact(DWORD minfree) { return 0; }
WINAPI SIZE_T kernel32_LocalCompact(UINT minfree) { return 0; }
WINAPI SIZE_T kernel32_LocalShrink(HLOCAL h, UINT size) { return 0; }
WINAPI void kernel32_GlobalFix(HLOCAL h) { kernel32_GlobalLock(h); }
WINAPI void kernel32_GlobalUnfix(HLOCAL h) { kernel32_GlobalUnlock(h); }
WINAPI void *kernel32_GlobalWire(HLOCAL h) { return kernel32_GlobalLock(h); }
WINAPI BOOL kernel32_GlobalUnWire(HLOCAL h) { return kernel32_GlobalUnlock(h); }

/* ---- ntdll Rtl*Heap (same heaps, NT conventions) ------------------------- */

WINAPI HANDLE ntdll_RtlCreateHeap(ULONG flags, void *base, SIZE_T reserve, SIZE_T commit, void *lock, void *params)
{
    if (base || lock) {
        FIXME("heap at a caller-given base or with a caller lock is not supported\n");
        return NULL;
    }
    return heap_create(flags, commit, (flags & HEAP_GROWABLE) ? 0 : reserve);
}

/* RtlDestroyHeap returns NULL on success and the heap on failure. */
WINAPI HANDLE ntdll_RtlDestroyHeap(HANDLE heap) { return heap_destroy(heap) ? NULL : heap; }
WINAPI BOOLEAN ntdll_RtlFreeHeap(HANDLE heap, ULONG flags, void *p) { return heap_free(heap, flags, p) ? 1 : 0; }
WINAPI BOOLEAN ntdll_RtlValidateHeap(HANDLE heap, ULONG flags, const void *p) { return heap_validate(heap, flags, p) ? 1 : 0; }
WINAPI BOOLEAN ntdll_RtlLockHeap(HANDLE heap) { return heap_lock(heap) ? 1 : 0; }
WINAPI BOOLEAN ntdll_RtlUnlockHeap(HANDLE heap) { return heap_unlock(heap) ? 1 : 0; }
WINAPI ULONG ntdll_RtlGetProcessHeaps(ULONG count, HANDLE *heaps) { return heap_list(heaps ? count : 0, heaps); }
