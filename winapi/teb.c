/*
 * teb.c - per-thread TEBs and the process's PEB. The native engine points
 * each host thread's GS base at its TEB (Windows x64 code reads gs:[...]);
 * mimic's own code finds the TEB through a host thread-local pointer, which
 * also works on threads that never ran guest code.
 */
#include "winapi/teb.h"
#include "winapi/module.h"

#include <asm/prctl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void *__libc_stack_end;   /* ld.so's: where the main thread's stack started */

/* The main thread's stack as pthread_getattr_np reports it, without its
 * cost: for the main thread glibc reads and parses /proc/self/maps to find
 * the end of the [stack] mapping (a few hundred microseconds, the largest
 * single item of a Windows program's start-up). That end is also right
 * above the file name the kernel copies to the top of the stack, AT_EXECFN
 * (then a NULL pointer): checked to be page-aligned, else we ask glibc.
 * Then glibc's own arithmetic: the top is __libc_stack_end's page end, the
 * size RLIMIT_STACK less what lies above the top. glibc also clips the size
 * at the mapping below; with a limit of at most 64 MiB there is none in
 * reach (the kernel keeps mmap_base at least 128 MiB below the stack), with
 * a larger or no limit we ask glibc. */
static bool main_stack_bounds(void **lo, void **hi)
{
    if (getpid() != (pid_t)syscall(SYS_gettid))
        return false;
    const char *fn = (const char *)getauxval(AT_EXECFN);
    struct rlimit rl;
    if (!fn || getrlimit(RLIMIT_STACK, &rl) || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (64u << 20))
        return false;
    uintptr_t ps = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t to = (uintptr_t)fn + strlen(fn) + 1 + sizeof(void *);
    uintptr_t start = (uintptr_t)__libc_stack_end;
    if (to % ps || start >= to || (uintptr_t)&fn >= start)
        return false;
    uintptr_t top = (start & -ps) + ps;
    if (rl.rlim_cur <= to - top)
        return false;
    uintptr_t size = (rl.rlim_cur - (to - top)) & -ps;
    *lo = (void *)(top - size);
    *hi = (void *)top;
    return true;
}

static __thread struct teb *current_teb;
static struct peb *the_peb;

struct peb *peb_get(void)
{
    if (!the_peb) {
        the_peb = mmap(NULL, sizeof(struct peb), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (the_peb == MAP_FAILED)
            abort();
    }
    return the_peb;
}

struct teb *teb_current(void)
{
    return current_teb;
}

struct teb *teb_attach_thread(void)
{
    struct teb *teb = mmap(NULL, sizeof *teb, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (teb == MAP_FAILED)
        return NULL;
    teb->self = teb;
    teb->peb = peb_get();
    teb->unique_process = (ULONG_PTR)getpid();
    teb->unique_thread = (ULONG_PTR)syscall(SYS_gettid);
    teb->tls_links.flink = teb->tls_links.blink = &teb->tls_links;

    pthread_attr_t attr;
    void *lo, *hi;
    if (main_stack_bounds(&lo, &hi)) {
        teb->stack_limit = lo;
        teb->stack_base = hi;
    } else if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t size;
        if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
            teb->stack_limit = addr;
            teb->stack_base = (char *)addr + size;
        }
        pthread_attr_destroy(&attr);
    }
    current_teb = teb;
#if defined(__x86_64__)
    syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)teb);
#endif
    return teb;
}

void teb_detach_thread(void)
{
    struct teb *teb = current_teb;
    if (!teb)
        return;
    current_teb = NULL;
#if defined(__x86_64__)
    syscall(SYS_arch_prctl, ARCH_SET_GS, 0ul);
#endif
    munmap(teb, sizeof *teb);
}

void set_last_error(DWORD err)
{
    if (current_teb)
        current_teb->last_error_value = err;
}

DWORD get_last_error(void)
{
    return current_teb ? current_teb->last_error_value : 0;
}
