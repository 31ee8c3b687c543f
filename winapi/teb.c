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
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

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
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
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
