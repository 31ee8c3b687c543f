/*
 * sys_mm.c - the guest's memory map: brk (emulated: the host's break belongs
 * to mimic's own allocator), mmap/munmap/mprotect/mremap. With identity
 * mapping these are the host's calls; they are the points where translated
 * code will be invalidated once the JIT exists.
 */
#include "syscalls/syscalls.h"
#include "syscalls/host_generic.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

/* The guest break lives in a region reserved right after the program's data
 * (PROT_NONE, grown by mprotect), as the kernel places it. */
int64_t sys_brk(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct guest_process *p = t->proc;
    uint64_t want = a[0];
    if (want < p->brk_start || want > p->brk_max)
        return (int64_t)p->brk_cur;
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    uint64_t old_end = (p->brk_cur + ps - 1) & ~(uint64_t)(ps - 1);
    uint64_t new_end = (want + ps - 1) & ~(uint64_t)(ps - 1);
    if (new_end > old_end) {
        if (mprotect((void *)(uintptr_t)old_end, new_end - old_end, PROT_READ | PROT_WRITE))
            return (int64_t)p->brk_cur;
    } else if (new_end < old_end) {
        /* Shrinking returns the pages: a later grow sees zeroes, as from the kernel. */
        mmap((void *)(uintptr_t)new_end, old_end - new_end, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    }
    p->brk_cur = want;
    return (int64_t)want;
}

int64_t sys_mmap(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    void *r = host_mmap_guest((void *)(uintptr_t)a[0], a[1], (int)a[2], (int)a[3], (int)a[4], (off_t)a[5]);
    return r == MAP_FAILED ? -errno : (int64_t)(uintptr_t)r;
}

int64_t sys_munmap(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return munmap((void *)(uintptr_t)a[0], a[1]) ? -errno : 0;
}

int64_t sys_mprotect(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return mprotect((void *)(uintptr_t)a[0], a[1], (int)a[2]) ? -errno : 0;
}

int64_t sys_mremap(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    void *r = mremap((void *)(uintptr_t)a[0], a[1], a[2], (int)a[3], (void *)(uintptr_t)a[4]);
    return r == MAP_FAILED ? -errno : (int64_t)(uintptr_t)r;
}
