/*
 * kernel32/thread.c - Windows threads on host pthreads (see winapi/thread.h).
 *
 * A new thread gets its own TEB at the GS base (teb_attach_thread), its
 * implicit TLS blocks (module_tls_alloc_thread) and DLL_THREAD_ATTACH before
 * its start routine runs with the Microsoft ABI. It ends by returning from
 * the start routine or ExitThread: FLS callbacks, DLL_THREAD_DETACH, owned
 * mutexes abandoned, the object signalled, then a longjmp back to the host
 * frame that started it, so that no guest frame is ever unwound by the host.
 * The process ends when its last thread does, with that thread's code.
 *
 * The thread registry holds every local thread object that exists (running,
 * or ended but still referenced by a handle), for OpenThread and TlsFree.
 */
#include "winapi/thread.h"
#include "winapi/ntdll/exception.h"
#include "winapi/module.h"
#include "winapi/process.h"
#include "winapi/debug.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/futex.h"
#include "winapi/kernel32/sync.h"

#include "winapi/filetime.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

DEBUG_CHANNEL(thread)

static struct thread_object registry = { .next = &registry, .prev = &registry };
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static int live_threads = 1;     /* the main thread counts from the start */

/* ---- the object --------------------------------------------------------- */

static bool thread_signaled(struct object *obj, DWORD tid)
{
    struct thread_object *t = (struct thread_object *)obj;
    if (t->remote)
        return process_object_exited_locked(t->remote);
    return t->exited;
}

static void registry_remove(struct thread_object *t);

static void thread_destroy(struct object *obj)
{
    struct thread_object *t = (struct thread_object *)obj;
    guarded_lock(&registry_lock);
    registry_remove(t);
    guarded_unlock(&registry_lock);
    while (t->apc_head) {
        struct apc *a = t->apc_head;
        t->apc_head = a->next;
        free(a);
    }
    if (t->remote)
        object_unref((struct object *)t->remote);
    free(t->description);
    free(t);
}

const struct object_ops thread_object_ops = {
    .type = "thread",
    .destroy = thread_destroy,
    .signaled = thread_signaled,
};

struct thread_object *thread_current(void)
{
    struct teb *teb = teb_current();
    return teb ? teb->mimic_thread : NULL;
}

DWORD thread_current_id(void)
{
    struct teb *teb = teb_current();
    return teb ? (DWORD)teb->unique_thread : (DWORD)syscall(SYS_gettid);
}

struct thread_object *thread_from_handle(HANDLE h)
{
    return (struct thread_object *)handle_get(h, &thread_object_ops);
}

static void registry_add(struct thread_object *t)
{
    t->next = &registry;
    t->prev = registry.prev;
    registry.prev->next = t;
    registry.prev = t;
}

static void registry_remove(struct thread_object *t)
{
    if (t->next) {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        t->next = t->prev = NULL;
    }
}

void thread_for_each(void (*fn)(struct thread_object *t, void *ctx), void *ctx)
{
    guarded_lock(&registry_lock);
    for (struct thread_object *t = registry.next; t != &registry; t = t->next)
        if (t->teb)
            fn(t, ctx);
    guarded_unlock(&registry_lock);
}

void thread_registry_lock(void) { guarded_lock(&registry_lock); }
void thread_registry_unlock(void) { guarded_unlock(&registry_lock); }

static DWORD_PTR process_affinity(void)
{
    cpu_set_t set;
    DWORD_PTR mask = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        for (int i = 0; i < 64; i++)
            if (CPU_ISSET(i, &set))
                mask |= (DWORD_PTR)1 << i;
    }
    return mask ? mask : 1;
}

static struct thread_object *thread_new(void)
{
    struct thread_object *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    object_init(&t->obj, &thread_object_ops);
    t->affinity = process_affinity();
    t->create_time = filetime_now();
    return t;
}

ULONGLONG filetime_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return filetime_ticks_from_timespec(&ts);
}

bool thread_cpu_times(pid_t pid, DWORD tid, ULONGLONG *user, ULONGLONG *kernel)
{
    char path[64], buf[1024];
    if (tid)
        snprintf(path, sizeof path, "/proc/%d/task/%u/stat", (int)pid, (unsigned)tid);
    else
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = 0;
    /* The name in parentheses may hold blanks: count fields after the last ')'. */
    char *p = strrchr(buf, ')');
    unsigned long long ut = 0, st = 0;
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return false;
    long hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0)
        hz = 100;
    *user = ut * (10000000ull / (unsigned long)hz);
    *kernel = st * (10000000ull / (unsigned long)hz);
    return true;
}

void thread_attach_main(void)
{
    struct teb *teb = teb_current();
    if (!teb || teb->mimic_thread)
        return;
    struct thread_object *t = thread_new();
    if (!t)
        return;
    t->tid = (DWORD)teb->unique_thread;
    t->teb = teb;
    t->pthread = pthread_self();
    teb->mimic_thread = t;
    guarded_lock(&registry_lock);
    registry_add(t);
    guarded_unlock(&registry_lock);
}

/* ---- suspension and termination ---------------------------------------- */

/* The end every thread goes through, by ExitThread or TerminateThread:
 * abandon its mutexes, signal it; the last thread ends the process.
 * Returns with the TEB still attached. */
static void thread_finish(struct thread_object *t, DWORD code)
{
    /* Once: a TerminateThread that lands while the thread is ending finds
     * this set and is ignored (thread_control_point). */
    __atomic_store_n(&t->finishing, 1, __ATOMIC_SEQ_CST);
    /* Its CPU times stay readable after the host thread is gone. */
    ULONGLONG u = 0, k = 0;
    thread_cpu_times(getpid(), t->tid, &u, &k);
    wait_lock_enter();
    if (!t->exited) {
        t->exit_code = code;
        t->user_time = u;
        t->kernel_time = k;
        t->exit_time = filetime_now();
        t->exited = true;
    }
    mutex_abandon_thread(t->tid);
    wait_signal(&t->obj);
    wait_lock_leave();
    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_ACQ_REL) == 0)
        process_exit(code);
}

/* After thread_finish: give up the TEB and go back to the host frame that
 * started the thread. The main thread, which has none, sleeps forever: the
 * process goes on with its other threads and ends with the last one. */
__attribute__((noreturn)) static void thread_leave(struct thread_object *t)
{
    if (t->has_exit_jmp) {
        /* TlsFree/FlsFree walk the TEBs of the registry's threads. */
        guarded_lock(&registry_lock);
        t->teb->mimic_thread = NULL;
        t->teb = NULL;
        guarded_unlock(&registry_lock);
        teb_detach_thread();
        siglongjmp(t->exit_jmp, 1);
    }
    for (;;)
        pause();
}

__attribute__((noreturn)) static void terminate_now(struct thread_object *t)
{
    /* TerminateThread: no FLS callbacks, no DLL_THREAD_DETACH, nothing freed
     * that the interrupted code may have been using (as on Windows). */
    thread_finish(t, t->terminate_code);
    thread_leave(t);
}

void thread_control_point(void)
{
    struct thread_object *t = thread_current();
    if (!t || __atomic_load_n(&t->finishing, __ATOMIC_SEQ_CST))
        return;
    for (;;) {
        if (__atomic_load_n(&t->terminate, __ATOMIC_ACQUIRE))
            terminate_now(t);
        int c = __atomic_load_n(&t->suspend_count, __ATOMIC_ACQUIRE);
        if (c <= 0)
            return;
        futex_wait(&t->suspend_count, c);
    }
}

static void control_handler(int sig, siginfo_t *si, void *uc)
{
    int saved = errno;
    if (wait_lock_depth() > 0)
        wait_defer_control();   /* acted on at wait_lock_leave */
    else
        thread_control_point();
    errno = saved;
}

static void install_control_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = control_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(THREAD_CONTROL_SIGNAL, &sa, NULL);
}

static pthread_once_t control_once = PTHREAD_ONCE_INIT;

/* Make another thread notice a suspend or terminate request: a waiter asleep
 * on the wait condition, or code running anywhere else (the signal). */
static void poke(struct thread_object *t)
{
    pthread_once(&control_once, install_control_handler);
    wait_lock_enter();
    wait_broadcast();
    bool alive = !t->exited && t->teb;
    wait_lock_leave();
    if (alive)
        pthread_kill(t->pthread, THREAD_CONTROL_SIGNAL);
}

/* ---- creation and exit -------------------------------------------------- */

static void *thread_main(void *arg)
{
    struct thread_object *t = arg;
    struct teb *teb = teb_attach_thread();
    seh_thread_init();   /* an alternate signal stack: a stack overflow becomes an exception */
    DWORD tid = (DWORD)syscall(SYS_gettid);
    if (!teb) {
        wait_lock_enter();
        t->exited = true;
        t->exit_code = ERROR_NOT_ENOUGH_MEMORY;
        wait_signal(&t->obj);
        wait_lock_leave();
        __atomic_store_n(&t->tid, tid, __ATOMIC_RELEASE);
        futex_wake_all(&t->tid);
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_ACQ_REL);
        object_unref(&t->obj);
        return NULL;
    }
    teb->mimic_thread = t;
    t->teb = teb;
    /* The landing place of ExitThread/TerminateThread exists before anyone
     * can see the thread (the registry, the id handed to the creator). */
    if (sigsetjmp(t->exit_jmp, 1) == 0) {
        t->has_exit_jmp = true;
        guarded_lock(&registry_lock);
        registry_add(t);
        guarded_unlock(&registry_lock);
        __atomic_store_n(&t->tid, tid, __ATOMIC_RELEASE);
        futex_wake_all(&t->tid);
        thread_control_point();          /* CREATE_SUSPENDED: wait for ResumeThread */
        if (module_tls_alloc_thread())
            thread_exit(ERROR_NOT_ENOUGH_MEMORY);
        module_thread_event(DLL_THREAD_ATTACH);
        TRACE("tid %u: start %p(%p)\n", tid, (void *)t->start, t->param);
        thread_exit(t->start(t->param));
    }
    /* Back from thread_leave: the thread's object keeps living for its handles. */
    object_unref(&t->obj);
    return NULL;
}

static size_t default_stack(void)
{
    struct module *m = module_main();
    uint64_t r = m && !m->builtin ? m->pe.stack_reserve : 0;
    return r ? (size_t)r : 1u << 20;
}

static HANDLE create_thread(thread_start_fn start, void *param, SIZE_T stack, DWORD flags,
                            DWORD handle_flags, DWORD *tid)
{
    struct thread_object *t = thread_new();
    if (!t) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    t->start = start;
    t->param = param;
    if (flags & CREATE_SUSPENDED)
        t->suspend_count = 1;

    /* Windows: the size given is the commit size unless flagged as the
     * reservation; the reservation is at least the program's default.
     * Mimic's own code runs on this stack too, hence the extra margin. */
    size_t def = default_stack();
    size_t size = stack ? (size_t)stack : def;
    if (!(flags & STACK_SIZE_PARAM_IS_A_RESERVATION) && size < def)
        size = def;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size = (size + (256u << 10) + page - 1) & ~(page - 1);
    t->stack_size = size;

    HANDLE h = handle_alloc_flags(&t->obj, handle_flags);
    if (!h) {
        object_unref(&t->obj);
        return NULL;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, size);
    object_ref(&t->obj);                 /* the running thread's own reference */
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_ACQ_REL);
    int err = pthread_create(&t->pthread, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (err) {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_ACQ_REL);
        object_unref(&t->obj);
        handle_close(h);
        object_unref(&t->obj);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    /* The id is the new thread's host tid: wait for it to say it. */
    DWORD id;
    while (!(id = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE)))
        futex_wait(&t->tid, 0);
    TRACE("tid %u stack %zu%s\n", id, size, flags & CREATE_SUSPENDED ? " suspended" : "");
    if (tid)
        *tid = id;
    object_unref(&t->obj);
    return h;
}

HANDLE thread_create(thread_start_fn start, void *param, SIZE_T stack, DWORD flags, DWORD *tid)
{
    return create_thread(start, param, stack, flags, 0, tid);
}

__attribute__((noreturn)) void thread_exit(DWORD code)
{
    struct thread_object *t = thread_current();
    if (!t)
        process_exit(code);
    tls_thread_exit(t);
    module_thread_event(DLL_THREAD_DETACH);
    if (t->has_exit_jmp) {
        tls_thread_free(t);
        module_tls_free_thread();
    }
    thread_finish(t, code);
    thread_leave(t);
}

/* ---- exports -------------------------------------------------------------- */

WINAPI HANDLE kernel32_CreateThread(SECURITY_ATTRIBUTES *sa, SIZE_T stack, thread_start_fn start, void *param,
                                    DWORD flags, DWORD *tid)
{
    DWORD hflags = sa && sa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0;
    return create_thread(start, param, stack, flags, hflags, tid);
}

WINAPI HANDLE kernel32_CreateRemoteThread(HANDLE process, SECURITY_ATTRIBUTES *sa, SIZE_T stack,
                                          thread_start_fn start, void *param, DWORD flags, DWORD *tid)
{
    struct object *p = handle_get(process, NULL);
    if (!p)
        return NULL;
    bool self = p == process_current_object();
    object_unref(p);
    if (!self) {
        FIXME("threads in another process are not supported\n");
        set_last_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    return kernel32_CreateThread(sa, stack, start, param, flags, tid);
}

WINAPI void kernel32_ExitThread(DWORD code)
{
    thread_exit(code);
}

WINAPI BOOL kernel32_TerminateThread(HANDLE h, DWORD code)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return FALSE;
    if (t->remote) {
        object_unref(&t->obj);
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (t == thread_current()) {
        object_unref(&t->obj);
        t->terminate_code = code;
        terminate_now(t);
    }
    wait_lock_enter();
    bool gone = t->exited;
    if (!gone && !t->terminate) {
        t->terminate_code = code;
        __atomic_store_n(&t->terminate, 1, __ATOMIC_RELEASE);
    }
    wait_lock_leave();
    if (!gone) {
        futex_wake_all(&t->suspend_count);   /* a suspended thread dies too */
        poke(t);
    }
    object_unref(&t->obj);
    return TRUE;
}

WINAPI BOOL kernel32_GetExitCodeThread(HANDLE h, DWORD *code)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return FALSE;
    if (!code) {
        object_unref(&t->obj);
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (t->remote) {
        if (!process_object_exited(t->remote, code))
            *code = STILL_ACTIVE;
    } else {
        wait_lock_enter();
        *code = t->exited ? t->exit_code : STILL_ACTIVE;
        wait_lock_leave();
    }
    object_unref(&t->obj);
    return TRUE;
}

WINAPI DWORD kernel32_SuspendThread(HANDLE h)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return (DWORD)-1;
    if (t->remote) {
        object_unref(&t->obj);
        set_last_error(ERROR_ACCESS_DENIED);
        return (DWORD)-1;
    }
    int prev = __atomic_load_n(&t->suspend_count, __ATOMIC_RELAXED);
    do {
        if (prev >= 127) {               /* MAXIMUM_SUSPEND_COUNT */
            object_unref(&t->obj);
            set_last_error(ERROR_SIGNAL_REFUSED);
            return (DWORD)-1;
        }
    } while (!__atomic_compare_exchange_n(&t->suspend_count, &prev, prev + 1, true,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    if (t == thread_current())
        thread_control_point();
    else if (prev == 0)
        poke(t);
    object_unref(&t->obj);
    return (DWORD)prev;
}

WINAPI DWORD kernel32_ResumeThread(HANDLE h)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return (DWORD)-1;
    if (t->remote) {
        DWORD r = process_remote_thread_resume(t);
        object_unref(&t->obj);
        return r;
    }
    int prev = __atomic_load_n(&t->suspend_count, __ATOMIC_RELAXED);
    while (prev > 0 && !__atomic_compare_exchange_n(&t->suspend_count, &prev, prev - 1, true,
                                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        ;
    if (prev == 1)
        futex_wake_all(&t->suspend_count);
    object_unref(&t->obj);
    return (DWORD)(prev > 0 ? prev : 0);
}

WINAPI HANDLE kernel32_GetCurrentThread(void)
{
    return CURRENT_THREAD_HANDLE;
}

WINAPI DWORD kernel32_GetCurrentThreadId(void)
{
    return thread_current_id();
}

WINAPI DWORD kernel32_GetThreadId(HANDLE h)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return 0;
    DWORD id = t->tid;
    object_unref(&t->obj);
    return id;
}

WINAPI DWORD kernel32_GetProcessIdOfThread(HANDLE h)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return 0;
    DWORD pid = t->remote ? process_object_pid(t->remote) : (DWORD)getpid();
    object_unref(&t->obj);
    return pid;
}

WINAPI HANDLE kernel32_OpenThread(DWORD access, BOOL inherit, DWORD tid)
{
    /* A thread that ended is still there while a handle holds it; a running
     * one wins if the host reused the id meanwhile. */
    struct thread_object *pick = NULL, *found = NULL;
    guarded_lock(&registry_lock);
    for (struct thread_object *t = registry.next; t != &registry; t = t->next)
        if (t->tid == tid && (!pick || !t->exited))
            pick = t;
    if (pick)
        found = (struct thread_object *)object_try_ref(&pick->obj);
    guarded_unlock(&registry_lock);
    if (!found) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    HANDLE h = handle_alloc_flags(&found->obj, inherit ? HANDLE_FLAG_INHERIT : 0);
    object_unref(&found->obj);
    return h;
}

#define THREAD_PRIORITY_ERROR_RETURN 0x7fffffff
#define THREAD_MODE_BACKGROUND_BEGIN 0x00010000
#define THREAD_MODE_BACKGROUND_END   0x00020000

WINAPI int kernel32_GetThreadPriority(HANDLE h)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return THREAD_PRIORITY_ERROR_RETURN;
    int p = t->priority;
    object_unref(&t->obj);
    return p;
}

/* Priorities are kept and reported, not applied: the host scheduler treats
 * all of the program's threads alike (raising them needs privileges). */
WINAPI BOOL kernel32_SetThreadPriority(HANDLE h, int prio)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return FALSE;
    BOOL ok = TRUE;
    if (prio == THREAD_MODE_BACKGROUND_BEGIN || prio == THREAD_MODE_BACKGROUND_END) {
        if (t != thread_current()) {
            set_last_error(ERROR_INVALID_PARAMETER);
            ok = FALSE;
        }
    } else if (prio == -15 || prio == 15 || (prio >= -2 && prio <= 2)) {
        t->priority = prio;
    } else {
        set_last_error(ERROR_INVALID_PARAMETER);
        ok = FALSE;
    }
    object_unref(&t->obj);
    return ok;
}

WINAPI BOOL kernel32_GetThreadPriorityBoost(HANDLE h, BOOL *disabled)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return FALSE;
    if (disabled)
        *disabled = FALSE;
    object_unref(&t->obj);
    return TRUE;
}

WINAPI BOOL kernel32_SetThreadPriorityBoost(HANDLE h, BOOL disable)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return FALSE;
    object_unref(&t->obj);
    return TRUE;
}

WINAPI DWORD_PTR kernel32_SetThreadAffinityMask(HANDLE h, DWORD_PTR mask)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return 0;
    DWORD_PTR all = process_affinity(), prev = t->affinity;
    if (!mask || (mask & ~all)) {
        object_unref(&t->obj);
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!t->remote && t->tid) {
        cpu_set_t set;
        CPU_ZERO(&set);
        for (int i = 0; i < 64; i++)
            if (mask & ((DWORD_PTR)1 << i))
                CPU_SET(i, &set);
        sched_setaffinity((pid_t)t->tid, sizeof set, &set);
    }
    t->affinity = mask;
    object_unref(&t->obj);
    return prev;
}

WINAPI DWORD kernel32_SetThreadIdealProcessor(HANDLE h, DWORD cpu)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return (DWORD)-1;
    object_unref(&t->obj);
    if (cpu > 64) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return (DWORD)-1;
    }
    return 0;   /* the previous ideal processor: mimic never sets one */
}

WINAPI DWORD kernel32_GetCurrentProcessorNumber(void)
{
    int c = sched_getcpu();
    return c < 0 ? 0 : (DWORD)c;
}

WINAPI LONG kernel32_SetThreadDescription(HANDLE h, const WCHAR *desc)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return (LONG)0x80070006;           /* HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE) */
    if (!desc) {
        object_unref(&t->obj);
        return (LONG)0xC000000D;           /* STATUS_INVALID_PARAMETER, as Windows */
    }
    WCHAR *copy = wstrdup(desc);
    if (!copy) {
        object_unref(&t->obj);
        return (LONG)0x8007000E;           /* E_OUTOFMEMORY */
    }
    wait_lock_enter();
    WCHAR *old = t->description;
    t->description = copy;
    wait_lock_leave();
    free(old);
    /* Show it in host tools too (ps, gdb), cut to the 15 bytes Linux keeps. */
    if (!t->remote && !t->exited) {
        char *u = utf16_to_utf8_alloc(desc);
        if (u) {
            if (strlen(u) > 15)
                u[15] = 0;
            pthread_setname_np(t->pthread, u);
            free(u);
        }
    }
    object_unref(&t->obj);
    return 0;
}

WINAPI BOOL kernel32_GetThreadTimes(HANDLE h, FILETIME *create, FILETIME *exit_, FILETIME *kernel, FILETIME *user)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return FALSE;
    ULONGLONG ct = t->create_time, et = 0, k = 0, u = 0;
    bool ok = true;
    if (t->remote) {
        /* The child's main thread: its process's times. */
        ok = process_object_times(t->remote, &ct, &et, &k, &u);
    } else {
        wait_lock_enter();
        bool done = t->exited;
        if (done) {
            et = t->exit_time;
            u = t->user_time;
            k = t->kernel_time;
        }
        wait_lock_leave();
        if (!done)
            thread_cpu_times(getpid(), t->tid, &u, &k);
    }
    object_unref(&t->obj);
    if (!ok) {
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (!create || !exit_ || !kernel || !user) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    filetime_from_ticks(ct, create);
    filetime_from_ticks(et, exit_);
    filetime_from_ticks(k, kernel);
    filetime_from_ticks(u, user);
    return TRUE;
}

WINAPI void kernel32_GetCurrentThreadStackLimits(ULONG_PTR *low, ULONG_PTR *high)
{
    struct teb *teb = teb_current();
    *low = teb ? (ULONG_PTR)teb->stack_limit : 0;
    *high = teb ? (ULONG_PTR)teb->stack_base : 0;
}
