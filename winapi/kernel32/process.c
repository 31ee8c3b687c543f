/*
 * kernel32/process.c - processes: CreateProcess, process objects and their
 * handles, exit codes, TerminateProcess, ExitProcess, OpenProcess, handle
 * inheritance (Get/SetHandleInformation).
 *
 * A Windows child is another mimic: fork, then exec `/proc/self/exe run
 * HOSTPATH ARGS...`. What the child needs from its parent travels in the
 * environment, tagged with the child's pid so that a grandchild never takes
 * it for its own:
 *   MIMIC_PARENT=pid;exit=FD;h=HANDLE:FD:KIND:ACCESS,...
 *     exit: a pipe on which the child writes its 32-bit exit code (a host
 *           exit status keeps only 8 bits);
 *     h:    inherited handles (fd-backed objects: files, pipes, consoles),
 *           installed at the same handle values as in the parent.
 *   MIMIC_CMDLINE=pid;COMMAND LINE  the exact command line CreateProcess got.
 * Standard handles (STARTUPINFO with STARTF_USESTDHANDLES, else the
 * parent's) become the child's fds 0-2. A program that is not a PE file (a
 * Linux ELF or script) is executed directly with the command line split the
 * way CommandLineToArgvW does.
 *
 * A host thread per child waits for it (waitpid) and signals the process
 * object and the child's main-thread object.
 */
#include "winapi/thread.h"
#include "winapi/file.h"
#include "winapi/path.h"
#include "winapi/process.h"
#include "winapi/unicode.h"
#include "winapi/error.h"
#include "winapi/debug.h"
#include "winapi/kernel32/sync.h"
#include "winapi/filetime.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

DEBUG_CHANNEL(process)

extern char **environ;

struct process_object {
    struct object obj;
    pid_t pid;
    bool self;
    /* Under wait_lock: */
    bool exited;
    bool terminated;             /* TerminateProcess sent SIGKILL */
    DWORD exit_code;
    DWORD terminate_code;
    int exit_fd;                 /* read end of the exit-code pipe, or -1 */
    int go_fd;                   /* CREATE_SUSPENDED: write end that starts the child */
    int suspend_count;           /* of its main thread (ResumeThread) */
    ULONGLONG create_time, exit_time;   /* FILETIME ticks */
    ULONGLONG user_time, kernel_time;   /* 100 ns, once it ended (wait4) */
    struct process_object *next; /* children, for OpenProcess */
};

static bool process_signaled(struct object *obj, DWORD tid)
{
    return ((struct process_object *)obj)->exited;
}

static pthread_mutex_t children_lock = PTHREAD_MUTEX_INITIALIZER;
static struct process_object *children;
static ULONGLONG self_create_time;   /* set at start-up (process_child_init) */

static ULONGLONG ticks_of(const struct timeval *tv)
{
    return (ULONGLONG)tv->tv_sec * 10000000u + (ULONGLONG)tv->tv_usec * 10u;
}

static void process_destroy(struct object *obj)
{
    struct process_object *p = (struct process_object *)obj;
    if (p->self)
        return;
    pthread_mutex_lock(&children_lock);
    for (struct process_object **pp = &children; *pp; pp = &(*pp)->next)
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    pthread_mutex_unlock(&children_lock);
    if (p->go_fd >= 0)
        close(p->go_fd);
    if (p->exit_fd >= 0)
        close(p->exit_fd);
    free(p);
}

const struct object_ops process_object_ops = {
    .type = "process", .destroy = process_destroy, .signaled = process_signaled,
};

/* The current process: never signalled while anyone can look. */
static struct process_object self_process = {
    .obj = { &process_object_ops, 1 }, .self = true, .exit_fd = -1, .go_fd = -1,
};

struct object *process_current_object(void)
{
    self_process.pid = getpid();
    return &self_process.obj;
}

bool process_object_exited_locked(struct process_object *p)
{
    return p->exited;
}

bool process_object_exited(struct process_object *p, DWORD *code)
{
    wait_lock_enter();
    bool done = p->exited;
    if (done && code)
        *code = p->exit_code;
    wait_lock_leave();
    return done;
}

DWORD process_object_pid(struct process_object *p)
{
    return (DWORD)p->pid;
}

static struct process_object *process_from_handle(HANDLE h)
{
    return (struct process_object *)handle_get(h, &process_object_ops);
}

bool process_object_times(struct process_object *p, ULONGLONG *create, ULONGLONG *exit_, ULONGLONG *kernel,
                          ULONGLONG *user)
{
    if (p->self) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        *create = self_create_time;
        *exit_ = 0;
        *user = ticks_of(&ru.ru_utime);
        *kernel = ticks_of(&ru.ru_stime);
        return true;
    }
    wait_lock_enter();
    bool done = p->exited;
    *create = p->create_time;
    *exit_ = done ? p->exit_time : 0;
    *user = p->user_time;
    *kernel = p->kernel_time;
    wait_lock_leave();
    if (!done)
        thread_cpu_times(p->pid, 0, user, kernel);
    return true;
}

/* ---- the child's side: what its parent left for it ---------------------- */

static int exit_report_fd = -1;
static char *inherited_cmdline;

/* "PID;rest" for this process: rest, else NULL. */
static const char *for_me(const char *v)
{
    if (!v)
        return NULL;
    char *end;
    long pid = strtol(v, &end, 10);
    return *end == ';' && pid == (long)getpid() ? end + 1 : NULL;
}

void process_child_init(void)
{
    self_create_time = filetime_now();
    const char *cmd = for_me(getenv("MIMIC_CMDLINE"));
    if (cmd)
        inherited_cmdline = strdup(cmd);
    const char *spec = for_me(getenv("MIMIC_PARENT"));
    if (spec) {
        char *copy = strdup(spec), *save = NULL;
        struct { HANDLE h; struct object *obj; DWORD flags; } inh[256];
        int n = 0;
        for (char *tok = copy ? strtok_r(copy, ";", &save) : NULL; tok; tok = strtok_r(NULL, ";", &save)) {
            if (!strncmp(tok, "exit=", 5)) {
                exit_report_fd = atoi(tok + 5);
                fcntl(exit_report_fd, F_SETFD, FD_CLOEXEC);
            } else if (!strncmp(tok, "h=", 2)) {
                char *save2 = NULL;
                for (char *e = strtok_r(tok + 2, ",", &save2); e && n < 256; e = strtok_r(NULL, ",", &save2)) {
                    unsigned long hv;
                    int fd, kind;
                    unsigned access;
                    if (sscanf(e, "%lx:%d:%d:%x", &hv, &fd, &kind, &access) != 4)
                        continue;
                    fcntl(fd, F_SETFD, FD_CLOEXEC);
                    /* Made through file.c's constructor (its handle is moved below). */
                    HANDLE tmp = file_handle_new(fd, (enum file_kind)kind, access, NULL);
                    struct object *obj = tmp ? handle_get(tmp, NULL) : NULL;
                    if (tmp)
                        handle_close(tmp);
                    if (obj) {
                        inh[n].h = (HANDLE)(uintptr_t)hv;
                        inh[n].obj = obj;
                        inh[n].flags = HANDLE_FLAG_INHERIT;
                        n++;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!handle_alloc_at(inh[i].h, inh[i].obj, inh[i].flags))
                WARN("inherited handle %p: value taken\n", inh[i].h);
            object_unref(inh[i].obj);
        }
        free(copy);
    }
    /* Not for the program's environment block, nor for its own children. */
    unsetenv("MIMIC_PARENT");
    unsetenv("MIMIC_CMDLINE");
}

const char *process_inherited_command_line(void)
{
    return inherited_cmdline;
}

void process_report_exit(UINT code)
{
    if (exit_report_fd >= 0) {
        ssize_t r = write(exit_report_fd, &code, sizeof code);
        (void)r;
    }
}

/* ---- the parent's side: waiting for a child ------------------------------ */

static DWORD code_from_status(struct process_object *p, int status)
{
    if (WIFEXITED(status))
        return (DWORD)WEXITSTATUS(status);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (p->terminated && sig == SIGKILL)
            return p->terminate_code;
        switch (sig) {
        case SIGSEGV: case SIGBUS: return STATUS_ACCESS_VIOLATION;
        case SIGILL: return STATUS_ILLEGAL_INSTRUCTION;
        case SIGFPE: return STATUS_FLOAT_DIVIDE_BY_ZERO;
        case SIGINT: return STATUS_CONTROL_C_EXIT;
        default: return 128u + (DWORD)sig;   /* as a POSIX shell reports it */
        }
    }
    return 0;
}

static void *reaper(void *arg)
{
    struct process_object *p = arg;
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(p->pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    wait_lock_enter();
    p->user_time = ticks_of(&ru.ru_utime);
    p->kernel_time = ticks_of(&ru.ru_stime);
    p->exit_time = filetime_now();
    DWORD code = code_from_status(p, status);
    /* A mimic child told its full 32-bit code (unless it was killed). */
    UINT reported;
    if (p->exit_fd >= 0 && !(WIFSIGNALED(status) && p->terminated)
        && read(p->exit_fd, &reported, sizeof reported) == (ssize_t)sizeof reported)
        code = reported;
    p->exit_code = code;
    p->exited = true;
    wait_signal(&p->obj);
    wait_lock_leave();
    TRACE("pid %d exited with %#x\n", (int)p->pid, code);
    object_unref(&p->obj);
    return NULL;
}

/* ---- CreateProcess ------------------------------------------------------------ */

typedef struct {
    DWORD cb;
    void *lpReserved, *lpDesktop, *lpTitle;
    DWORD dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars, dwFillAttribute, dwFlags;
    WORD wShowWindow, cbReserved2;
    BYTE *lpReserved2;
    HANDLE hStdInput, hStdOutput, hStdError;
} STARTUPINFO_ANY;   /* STARTUPINFOA and STARTUPINFOW share the layout */
_Static_assert(offsetof(STARTUPINFO_ANY, dwFlags) == 60, "STARTUPINFO");
_Static_assert(offsetof(STARTUPINFO_ANY, hStdInput) == 80, "STARTUPINFO");
_Static_assert(sizeof(STARTUPINFO_ANY) == 104, "STARTUPINFO");

typedef struct {
    HANDLE hProcess, hThread;
    DWORD dwProcessId, dwThreadId;
} PROCESS_INFORMATION;

#define STARTF_USESTDHANDLES       0x00000100
#define CREATE_UNICODE_ENVIRONMENT 0x00000400

/* Growing list of strings (argv, envp), NULL-terminated. */
struct strv { char **v; size_t n, cap; };

static bool strv_add(struct strv *s, char *str)
{
    if (!str)
        return false;
    if (s->n + 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            free(str);
            return false;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    s->v[s->n] = NULL;
    return true;
}

static void strv_free(struct strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static bool env_is_internal(const char *e)
{
    return !strncmp(e, "MIMIC_PARENT=", 13) || !strncmp(e, "MIMIC_CMDLINE=", 14)
           || !strncmp(e, "MIMIC_PREFIX=", 13);
}

/* The child's environment: the block given (ANSI or UTF-16), else this
 * process's current block (the PEB's, which SetEnvironmentVariable edits). */
static bool build_env(struct strv *env, const void *block, bool unicode)
{
    if (!block) {
        struct peb *peb = peb_get();
        block = peb && peb->process_parameters ? peb->process_parameters->environment : NULL;
        unicode = true;
    }
    if (!block) {
        for (char **e = environ; *e; e++)
            if (!env_is_internal(*e) && !strv_add(env, strdup(*e)))
                return false;
        return true;
    }
    if (unicode) {
        for (const WCHAR *w = block; *w; w += wstrlen(w) + 1) {
            char *s = utf16_to_utf8_alloc(w);
            if (!s)
                return false;
            if (env_is_internal(s))
                free(s);
            else if (!strv_add(env, s))
                return false;
        }
    } else {
        for (const char *a = block; *a; a += strlen(a) + 1)
            if (!env_is_internal(a) && !strv_add(env, strdup(a)))
                return false;
    }
    return true;
}

struct inherit_ctx {
    char *list;                  /* "h:fd:kind:access,..." */
    size_t len, cap;
    int fds[256];                /* the dups made for the child */
    int nfds;
};

static void collect_inheritable(HANDLE h, struct object *obj, DWORD flags, void *p)
{
    struct inherit_ctx *c = p;
    if (!(flags & HANDLE_FLAG_INHERIT))
        return;
    if (obj->ops != &file_object_ops) {
        TRACE("handle %p (%s) is inheritable but cannot cross processes\n", h, obj->ops->type);
        return;
    }
    struct file_object *f = (struct file_object *)obj;
    if (c->nfds >= 256 || f->fd < 0)
        return;
    int fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return;
    char item[64];
    int n = snprintf(item, sizeof item, "%s%lx:%d:%d:%x", c->len ? "," : "", (unsigned long)(uintptr_t)h, fd,
                     (int)f->kind, (unsigned)f->access);
    if (c->len + (size_t)n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        char *l = realloc(c->list, cap);
        if (!l) {
            close(fd);
            return;
        }
        c->list = l;
        c->cap = cap;
    }
    memcpy(c->list + c->len, item, (size_t)n + 1);
    c->len += (size_t)n;
    c->fds[c->nfds++] = fd;
}

/* A dup (>= 3, close-on-exec) of the fd behind a handle, or -1. */
static int dup_handle_fd(HANDLE h)
{
    struct file_object *f = h ? file_get(h) : NULL;
    int fd = f && f->fd >= 0 ? fcntl(f->fd, F_DUPFD_CLOEXEC, 3) : -1;
    if (f)
        object_unref(&f->obj);
    return fd;
}

static bool is_pe(const char *host)
{
    unsigned char m[2] = { 0 };
    int fd = open(host, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool pe = read(fd, m, 2) == 2 && m[0] == 'M' && m[1] == 'Z';
    close(fd);
    return pe;
}

static BOOL create_process(const char *app, const char *cmdline, const SECURITY_ATTRIBUTES *psa,
                           const SECURITY_ATTRIBUTES *tsa, BOOL inherit, DWORD flags, const void *envblock,
                           const char *cwd, const STARTUPINFO_ANY *si, PROCESS_INFORMATION *pi)
{
    if (!si || !pi || (!app && !cmdline)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!cmdline)
        cmdline = app;
    char *host = app ? find_program(app) : program_from_command_line(cmdline);
    if (!host) {
        set_last_error(app && !dir_exists_of(app) ? ERROR_PATH_NOT_FOUND : ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    if (access(host, R_OK) != 0) {
        free(host);
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    bool pe = is_pe(host);
    char *host_cwd = NULL;
    if (cwd) {
        struct stat st;
        host_cwd = path_to_host(cwd);
        if (!host_cwd || stat(host_cwd, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(host);
            free(host_cwd);
            set_last_error(ERROR_DIRECTORY);
            return FALSE;
        }
    }

    BOOL ok = FALSE;
    struct strv argv = { 0 }, env = { 0 };
    struct inherit_ctx inh = { 0 };
    int std_fds[3] = { -1, -1, -1 };
    int exit_pipe[2] = { -1, -1 }, go_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
    int nargs = 0;
    char **args = split_command_line(cmdline, &nargs);
    if (!args)
        goto oom;

    /* argv */
    if (pe) {
        if (!strv_add(&argv, strdup("mimic")) || !strv_add(&argv, strdup("run"))
            || !strv_add(&argv, strdup("--")) || !strv_add(&argv, strdup(host)))
            goto oom;
    } else if (!strv_add(&argv, strdup(host))) {
        goto oom;
    }
    for (int i = 1; i < nargs; i++)
        if (!strv_add(&argv, strdup(args[i])))
            goto oom;

    /* standard handles */
    if (si->dwFlags & STARTF_USESTDHANDLES) {
        HANDLE hs[3] = { si->hStdInput, si->hStdOutput, si->hStdError };
        for (int i = 0; i < 3; i++)
            if ((std_fds[i] = dup_handle_fd(hs[i])) < 0)
                std_fds[i] = open("/dev/null", i ? O_WRONLY | O_CLOEXEC : O_RDONLY | O_CLOEXEC);
    } else {
        struct peb *peb = peb_get();
        struct rtl_user_process_parameters *pp = peb ? peb->process_parameters : NULL;
        if (pp) {
            std_fds[0] = dup_handle_fd(pp->std_input);
            std_fds[1] = dup_handle_fd(pp->std_output);
            std_fds[2] = dup_handle_fd(pp->std_error);
        }
    }

    if (pipe2(err_pipe, O_CLOEXEC) != 0)
        goto fail;
    if ((flags & CREATE_SUSPENDED) && pipe2(go_pipe, O_CLOEXEC) != 0)
        goto fail;
    if (pe) {
        if (inherit)
            handle_for_each(collect_inheritable, &inh);
        if (pipe2(exit_pipe, O_CLOEXEC) != 0)
            goto fail;
    }

    /* environment (the pid is filled in by the child itself, below) */
    if (!build_env(&env, envblock, flags & CREATE_UNICODE_ENVIRONMENT))
        goto oom;
    char prefix_var[4200];
    snprintf(prefix_var, sizeof prefix_var, "MIMIC_PREFIX=%s", prefix_c_drive());
    if (!strv_add(&env, strdup(prefix_var)))
        goto oom;
    /* Room for the pid, written in the child after fork (no allocation there). */
    char *parent_var = NULL, *cmd_var = NULL;
    if (pe) {
        size_t n = 64 + inh.len;
        parent_var = malloc(n);
        if (!parent_var)
            goto oom;
        snprintf(parent_var, n, "MIMIC_PARENT=%012d;exit=%d;h=%s", 0, exit_pipe[1], inh.list ? inh.list : "");
        size_t m = strlen(cmdline) + 32;
        cmd_var = malloc(m);
        if (!cmd_var) {
            free(parent_var);
            goto oom;
        }
        snprintf(cmd_var, m, "MIMIC_CMDLINE=%012d;%s", 0, cmdline);
        if (!strv_add(&env, parent_var) || !strv_add(&env, cmd_var))
            goto oom;
    }

    struct process_object *p = calloc(1, sizeof *p);
    if (!p)
        goto oom;
    object_init(&p->obj, &process_object_ops);
    p->exit_fd = -1;
    p->go_fd = -1;

    TRACE("%s: %s%s\n", host, cmdline, pe ? "" : " (host program)");
    pid_t pid = fork();
    if (pid < 0) {
        free(p);
        set_last_error_from_errno();
        goto fail;
    }
    if (pid == 0) {
        /* The child: only async-signal-safe calls from here to exec. */
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        signal(SIGPIPE, SIG_DFL);
        if (pe) {
            /* Our pid into the twelve zeros reserved for it, right-aligned. */
            char *fields[2] = { parent_var + 13, cmd_var + 14 };
            for (int f = 0; f < 2; f++) {
                long me = (long)getpid();
                for (int i = 11; i >= 0 && me; i--, me /= 10)
                    fields[f][i] = (char)('0' + me % 10);
            }
            fcntl(exit_pipe[1], F_SETFD, 0);
            for (int i = 0; i < inh.nfds; i++)
                fcntl(inh.fds[i], F_SETFD, 0);
        }
        for (int i = 0; i < 3; i++)
            if (std_fds[i] >= 0)
                dup2(std_fds[i], i);
        if (go_pipe[0] >= 0) {
            char c;
            if (read(go_pipe[0], &c, 1) != 1)
                _exit(1);   /* the parent went away or the process was terminated */
        }
        if (host_cwd && chdir(host_cwd) != 0) {
            int e = errno;
            ssize_t r = write(err_pipe[1], &e, sizeof e);
            (void)r;
            _exit(127);
        }
        if (pe)
            execve("/proc/self/exe", argv.v, env.v);
        else
            execve(host, argv.v, env.v);
        int e = errno;
        ssize_t r = write(err_pipe[1], &e, sizeof e);
        (void)r;
        _exit(127);
    }

    /* The parent. Did exec work? (Not known yet for a suspended child.) */
    close(err_pipe[1]);
    err_pipe[1] = -1;
    if (go_pipe[0] < 0) {
        int e;
        ssize_t r;
        while ((r = read(err_pipe[0], &e, sizeof e)) < 0 && errno == EINTR)
            ;
        if (r == (ssize_t)sizeof e) {
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
            free(p);
            set_last_error(e == ENOEXEC ? ERROR_BAD_EXE_FORMAT : win32_error_from_errno(e));
            goto fail;
        }
    }
    p->pid = pid;
    p->create_time = filetime_now();
    if (exit_pipe[0] >= 0) {
        p->exit_fd = exit_pipe[0];
        exit_pipe[0] = -1;
    }
    if (go_pipe[1] >= 0) {
        p->go_fd = go_pipe[1];
        go_pipe[1] = -1;
        p->suspend_count = 1;
    }

    pthread_mutex_lock(&children_lock);
    p->next = children;
    children = p;
    pthread_mutex_unlock(&children_lock);

    /* The waiter holds a reference until the child is gone. */
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 << 10);
    object_ref(&p->obj);
    if (pthread_create(&th, &attr, reaper, p) != 0) {
        object_unref(&p->obj);
        WARN("cannot start a thread to wait for pid %d\n", (int)pid);
    }
    pthread_attr_destroy(&attr);

    struct thread_object *t = calloc(1, sizeof *t);
    HANDLE hp = handle_alloc_flags(&p->obj, psa && psa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0);
    HANDLE ht = NULL;
    if (t) {
        object_init(&t->obj, &thread_object_ops);
        t->remote = (struct process_object *)object_ref(&p->obj);
        t->tid = (DWORD)pid;     /* the child runs its program on its main thread */
        ht = handle_alloc_flags(&t->obj, tsa && tsa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0);
        object_unref(&t->obj);
    }
    object_unref(&p->obj);
    if (!hp || !ht) {
        if (hp)
            handle_close(hp);
        if (ht)
            handle_close(ht);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        goto fail;
    }
    pi->hProcess = hp;
    pi->hThread = ht;
    pi->dwProcessId = (DWORD)pid;
    pi->dwThreadId = (DWORD)pid;
    ok = TRUE;
    goto done;

oom:
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
fail:
done:
    for (int i = 0; i < 3; i++)
        if (std_fds[i] >= 0)
            close(std_fds[i]);
    for (int i = 0; i < inh.nfds; i++)
        close(inh.fds[i]);
    int *fds[] = { &exit_pipe[0], &exit_pipe[1], &go_pipe[0], &go_pipe[1], &err_pipe[0], &err_pipe[1] };
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        if (*fds[i] >= 0)
            close(*fds[i]);
    free(inh.list);
    free_argv(args);
    strv_free(&argv);
    strv_free(&env);
    free(host);
    free(host_cwd);
    return ok;
}

DWORD process_remote_thread_resume(struct thread_object *t)
{
    struct process_object *p = t->remote;
    wait_lock_enter();
    int prev = p->suspend_count;
    int fd = -1;
    if (prev > 0 && --p->suspend_count == 0) {
        fd = p->go_fd;
        p->go_fd = -1;
    }
    wait_lock_leave();
    if (fd >= 0) {
        ssize_t r = write(fd, "g", 1);
        (void)r;
        close(fd);
    }
    return (DWORD)prev;
}

WINAPI BOOL kernel32_CreateProcessA(const char *app, char *cmdline, SECURITY_ATTRIBUTES *psa,
                                    SECURITY_ATTRIBUTES *tsa, BOOL inherit, DWORD flags, void *env,
                                    const char *cwd, STARTUPINFO_ANY *si, PROCESS_INFORMATION *pi)
{
    return create_process(app, cmdline, psa, tsa, inherit, flags, env, cwd, si, pi);
}

WINAPI BOOL kernel32_CreateProcessW(const WCHAR *app, WCHAR *cmdline, SECURITY_ATTRIBUTES *psa,
                                    SECURITY_ATTRIBUTES *tsa, BOOL inherit, DWORD flags, void *env,
                                    const WCHAR *cwd, STARTUPINFO_ANY *si, PROCESS_INFORMATION *pi)
{
    char *a = utf16_to_utf8_alloc(app), *c = utf16_to_utf8_alloc(cmdline), *d = utf16_to_utf8_alloc(cwd);
    BOOL ok;
    if ((app && !a) || (cmdline && !c) || (cwd && !d)) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        ok = FALSE;
    } else {
        ok = create_process(a, c, psa, tsa, inherit, flags, env, d, si, pi);
    }
    free(a);
    free(c);
    free(d);
    return ok;
}

/* ---- the other process functions --------------------------------------------- */

WINAPI HANDLE kernel32_GetCurrentProcess(void)
{
    return CURRENT_PROCESS_HANDLE;
}

WINAPI DWORD kernel32_GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

WINAPI DWORD kernel32_GetProcessId(HANDLE h)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return 0;
    DWORD pid = p->self ? (DWORD)getpid() : (DWORD)p->pid;
    object_unref(&p->obj);
    return pid;
}

WINAPI BOOL kernel32_GetExitCodeProcess(HANDLE h, DWORD *code)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return FALSE;
    if (!code) {
        object_unref(&p->obj);
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!process_object_exited(p, code))
        *code = STILL_ACTIVE;
    object_unref(&p->obj);
    return TRUE;
}

WINAPI void kernel32_ExitProcess(UINT code)
{
    process_exit(code);
}

WINAPI BOOL kernel32_TerminateProcess(HANDLE h, UINT code)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return FALSE;
    if (p->self) {
        /* No DLL detach, as on Windows; the flush hooks still run so that
         * nothing already written is lost. */
        process_flush_all();
        process_report_exit(code);
        _exit((int)code);
    }
    wait_lock_enter();
    bool gone = p->exited;
    if (!gone && !p->terminated) {
        p->terminated = true;
        p->terminate_code = code;
    }
    wait_lock_leave();
    if (gone) {
        object_unref(&p->obj);
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    kill(p->pid, SIGKILL);
    object_unref(&p->obj);
    return TRUE;
}

WINAPI HANDLE kernel32_OpenProcess(DWORD access, BOOL inherit, DWORD pid)
{
    struct object *obj = NULL;
    if (pid == (DWORD)getpid()) {
        obj = object_ref(process_current_object());
    } else {
        pthread_mutex_lock(&children_lock);
        for (struct process_object *c = children; c; c = c->next)
            if ((DWORD)c->pid == pid) {
                obj = object_try_ref(&c->obj);
                break;
            }
        pthread_mutex_unlock(&children_lock);
    }
    if (!obj) {
        /* Other processes of the host are not Windows processes of ours. */
        set_last_error(pid && kill((pid_t)pid, 0) == 0 ? ERROR_ACCESS_DENIED : ERROR_INVALID_PARAMETER);
        return NULL;
    }
    HANDLE h = handle_alloc_flags(obj, inherit ? HANDLE_FLAG_INHERIT : 0);
    object_unref(obj);
    return h;
}

#define NORMAL_PRIORITY_CLASS       0x00000020
static DWORD priority_class = NORMAL_PRIORITY_CLASS;

WINAPI DWORD kernel32_GetPriorityClass(HANDLE h)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return 0;
    object_unref(&p->obj);
    return p->self ? priority_class : NORMAL_PRIORITY_CLASS;
}

/* Recorded, not applied (as thread priorities): see thread.c. */
WINAPI BOOL kernel32_SetPriorityClass(HANDLE h, DWORD cls)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return FALSE;
    bool self = p->self;
    object_unref(&p->obj);
    switch (cls) {
    case 0x40: case 0x4000: case 0x20: case 0x8000: case 0x80: case 0x100:
        if (self)
            priority_class = cls;
        return TRUE;
    case 0x00100000: case 0x00200000:   /* PROCESS_MODE_BACKGROUND_BEGIN/END */
        return TRUE;
    default:
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
}

WINAPI BOOL kernel32_GetProcessAffinityMask(HANDLE h, DWORD_PTR *proc, DWORD_PTR *sys)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return FALSE;
    object_unref(&p->obj);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    DWORD_PTR all = n >= 64 ? ~(DWORD_PTR)0 : ((DWORD_PTR)1 << (n > 0 ? n : 1)) - 1;
    if (proc)
        *proc = all;
    if (sys)
        *sys = all;
    return TRUE;
}

/* ---- handle inheritance ------------------------------------------------------- */

WINAPI BOOL kernel32_GetHandleInformation(HANDLE h, DWORD *flags)
{
    DWORD f;
    if (!handle_get_flags(h, &f))
        return FALSE;
    if (!flags) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    *flags = f;
    return TRUE;
}

WINAPI BOOL kernel32_SetHandleInformation(HANDLE h, DWORD mask, DWORD flags)
{
    return handle_set_flags(h, mask, flags);
}

WINAPI BOOL kernel32_GetProcessTimes(HANDLE h, FILETIME *create, FILETIME *exit_, FILETIME *kernel, FILETIME *user)
{
    struct process_object *p = process_from_handle(h);
    if (!p)
        return FALSE;
    ULONGLONG c, e, k, u;
    process_object_times(p, &c, &e, &k, &u);
    object_unref(&p->obj);
    if (!create || !exit_ || !kernel || !user) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    filetime_from_ticks(c, create);
    filetime_from_ticks(e, exit_);
    filetime_from_ticks(k, kernel);
    filetime_from_ticks(u, user);
    return TRUE;
}
