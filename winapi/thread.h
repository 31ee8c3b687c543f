/*
 * thread.h - the Windows thread object (kernel32/thread.c) and what other
 * parts of winapi need from it: the current thread, its id, creating a
 * thread (msvcrt's _beginthreadex), and the hooks the wait machinery
 * (handle.c) and the process code use.
 *
 * Every thread that runs guest code has a TEB (teb.h) whose mimic_thread
 * points at its thread_object. Thread ids are host tids, the same value the
 * TEB's ClientId.UniqueThread holds; the process id is the host pid.
 *
 * Suspension and TerminateThread of another thread use one real-time signal
 * (THREAD_CONTROL_SIGNAL); a thread holding the wait lock defers it until it
 * lets go (wait_lock_enter/leave in handle.h), so that a suspended thread
 * never blocks every wait in the process.
 */
#ifndef MIMIC_WINAPI_THREAD_H
#define MIMIC_WINAPI_THREAD_H

#include "winapi/handle.h"
#include "winapi/teb.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/types.h>

#define THREAD_CONTROL_SIGNAL (SIGRTMIN + 5)

typedef DWORD (WINAPI *thread_start_fn)(void *param);
typedef void (WINAPI *apc_fn)(ULONG_PTR data);

struct process_object;

typedef void (WINAPI *timer_apc_fn)(void *arg, DWORD low, DWORD high);

struct apc {
    struct apc *next;
    apc_fn fn;                   /* QueueUserAPC's, or NULL: */
    ULONG_PTR data;
    timer_apc_fn timer_fn;       /* a waitable timer's completion routine */
    void *timer_arg;
    ULONGLONG fired_at;          /* FILETIME ticks */
};

struct thread_object {
    struct object obj;
    struct thread_object *next, *prev;   /* live local threads (registry lock) */
    DWORD tid;                           /* host tid = Windows thread id */
    struct teb *teb;                     /* NULL once the thread is gone */
    pthread_t pthread;
    thread_start_fn start;
    void *param;
    size_t stack_size;

    /* Under wait_lock: */
    bool exited;
    DWORD exit_code;
    struct apc *apc_head, *apc_tail;

    int suspend_count;                   /* futex word: >0 stops the thread */
    int terminate;                       /* TerminateThread asked (atomic) */
    int finishing;                       /* the thread is ending (atomic) */
    DWORD terminate_code;
    int priority;
    DWORD_PTR affinity;
    WCHAR *description;                  /* SetThreadDescription */
    ULONGLONG create_time, exit_time;    /* FILETIME ticks (GetThreadTimes) */
    ULONGLONG user_time, kernel_time;    /* 100 ns, final values once it ended */

    /* For the child process's main thread of CreateProcess (not a local
     * thread): the process it belongs to. */
    struct process_object *remote;

    sigjmp_buf exit_jmp;                 /* ExitThread/TerminateThread land here */
    bool has_exit_jmp;
};

extern const struct object_ops thread_object_ops;

/* The calling thread's object (NULL on a host thread that runs no guest code). */
struct thread_object *thread_current(void);
DWORD thread_current_id(void);
/* Process start-up, native engine: register the main thread (after its TEB). */
void thread_attach_main(void);

/* CreateThread for host callers (msvcrt's _beginthread(ex)): start runs with
 * the Microsoft ABI. flags: CREATE_SUSPENDED, STACK_SIZE_PARAM_IS_A_RESERVATION. */
HANDLE thread_create(thread_start_fn start, void *param, SIZE_T stack, DWORD flags, DWORD *tid);
__attribute__((noreturn)) void thread_exit(DWORD code);

/* Look up a thread by handle (pseudo handle included), with a reference. */
struct thread_object *thread_from_handle(HANDLE h);

/* Used by handle.c's waits: true if an APC is queued (wait_lock held); run the
 * queued APCs (wait_lock not held). */
bool thread_apc_pending(struct thread_object *t);
void thread_run_apcs(struct thread_object *t);
/* Used by handle.c: TerminateThread/SuspendThread deferred while the thread
 * held the wait lock take effect now. */
void thread_control_point(void);
/* handle.c, for thread.c's signal handler: this thread's wait_lock depth;
 * note a control request to act on at wait_lock_leave. */
int wait_lock_depth(void);
void wait_defer_control(void);

/* For TlsFree/FlsFree: call fn on each live local thread (registry lock held:
 * fn must not create or end threads). */
void thread_for_each(void (*fn)(struct thread_object *t, void *ctx), void *ctx);
/* The lock thread_for_each holds, for changing what it walks (TEB storage). */
void thread_registry_lock(void);
void thread_registry_unlock(void);

/* CPU times of host thread tid of this process, in 100 ns units (from
 * /proc); false if it is gone. FILETIME ticks of now. */
bool thread_cpu_times(pid_t pid, DWORD tid, ULONGLONG *user, ULONGLONG *kernel);
ULONGLONG filetime_now(void);

/* kernel32/tls.c: the exiting thread's FLS callbacks (before
 * DLL_THREAD_DETACH), then its TLS/FLS storage freed (after). */
void tls_thread_exit(struct thread_object *t);
void tls_thread_free(struct thread_object *t);
/* kernel32/sync.c: queue the completion routines of the timers t set that
 * fired since last time; *earliest gets the next due time of those still
 * running if sooner (wait_lock held; alertable waits call it). */
void timer_queue_apcs(struct thread_object *t, struct timespec **earliest, struct timespec *buf);
/* kernel32/sync.c: mutexes held by a thread that ends become abandoned
 * (called with wait_lock held). */
void mutex_abandon_thread(DWORD tid);

/* kernel32/process.c: the current process (a static object: no reference
 * taken); a child's main thread: resume it, is its process over, its pid. */
struct object *process_current_object(void);
DWORD process_remote_thread_resume(struct thread_object *t);
bool process_object_exited(struct process_object *p, DWORD *code);
bool process_object_exited_locked(struct process_object *p);   /* wait_lock held */
/* GetProcessTimes of a child: FILETIME ticks and 100 ns CPU times. */
bool process_object_times(struct process_object *p, ULONGLONG *create, ULONGLONG *exit_, ULONGLONG *kernel,
                          ULONGLONG *user);
DWORD process_object_pid(struct process_object *p);
/* Start-up of a child made by CreateProcess (process.c calls these): take
 * the inherited handles and the exit-code pipe, before any handle exists;
 * the exact command line the parent gave (NULL if none); report the exit
 * code (process_exit). */
void process_child_init(void);
const char *process_inherited_command_line(void);
void process_report_exit(UINT code);

#define CREATE_SUSPENDED                  0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000

#endif
