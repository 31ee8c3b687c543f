/*
 * test_teb.c - winapi/teb.c: the stack bounds a thread's TEB records
 * (StackBase/StackLimit, which stack-overflow detection and the unwinder
 * check RSP against). For the main thread teb.c computes them from
 * AT_EXECFN and RLIMIT_STACK instead of glibc's /proc/self/maps walk: they
 * must be exactly what pthread_getattr_np reports, on the main thread and
 * on another thread (which takes glibc's path).
 */
#include <criterion/criterion.h>
#include "winapi/teb.h"

#include <pthread.h>

static void check_current(void)
{
    pthread_attr_t attr;
    void *addr;
    size_t size;
    cr_assert_eq(pthread_getattr_np(pthread_self(), &attr), 0);
    cr_assert_eq(pthread_attr_getstack(&attr, &addr, &size), 0);
    pthread_attr_destroy(&attr);
    struct teb *teb = teb_attach_thread();
    cr_assert(teb);
    cr_expect_eq(teb->stack_limit, addr, "StackLimit %p, glibc's stack bottom %p", teb->stack_limit, addr);
    cr_expect_eq(teb->stack_base, (char *)addr + size, "StackBase %p, glibc's stack top %p", teb->stack_base,
                 (void *)((char *)addr + size));
    cr_expect((char *)&attr > (char *)teb->stack_limit && (char *)&attr < (char *)teb->stack_base,
              "a local variable is outside [StackLimit, StackBase)");
    teb_detach_thread();
}

Test(teb, main_thread_stack_bounds) { check_current(); }

static void *thread_main(void *arg)
{
    (void)arg;
    check_current();
    return NULL;
}

Test(teb, other_thread_stack_bounds)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, thread_main, NULL), 0);
    cr_assert_eq(pthread_join(t, NULL), 0);
}
