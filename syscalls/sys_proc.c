/*
 * sys_proc.c - process and thread calls that touch CPU state or mimic's own
 * bookkeeping: exit/exit_group, arch_prctl (FS/GS bases), uname (the guest's
 * machine), /proc/self/exe (the guest program, not mimic), prctl,
 * personality, fork/vfork/clone (threads are host threads with their own
 * CPU), execve (foreign programs re-enter mimic).
 */
#include "syscalls/syscalls.h"
#include "syscalls/safe_syscall.h"
#include "syscalls/host_generic.h"

#include <sanitizer/asan_interface.h>
#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

void guest_flush_and_exit(int code) __attribute__((noreturn));
void *guest_thread_main(void *arg);
void signals_forget_pending(struct guest_thread *t);
void signals_before_exec(struct guest_thread *t, sigset_t *saved);
void signals_exec_failed(struct guest_thread *t, const sigset_t *saved);

int64_t sys_exit(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    /* One thread ends: CLONE_CHILD_CLEARTID semantics, then the host thread exits. */
    if (t->clear_child_tid) {
        __atomic_store_n((int *)(uintptr_t)t->clear_child_tid, 0, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, (int *)(uintptr_t)t->clear_child_tid, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    if (syscall(SYS_gettid) == getpid())
        guest_flush_and_exit((int)a[0]);   /* the main thread: keep the process alive for others? Linux does; we end it */
    free(t);
    pthread_exit(NULL);
}

int64_t sys_exit_group(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    guest_flush_and_exit((int)a[0]);
}

int64_t sys_arch_prctl(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct x86_cpu *cpu = &t->cpu;
    switch (a[0]) {
    case ARCH_SET_FS: cpu->seg_base[SEG_REG_FS] = a[1]; return 0;
    case ARCH_SET_GS: cpu->seg_base[SEG_REG_GS] = a[1]; return 0;
    case ARCH_GET_FS: memcpy((void *)(uintptr_t)a[1], &cpu->seg_base[SEG_REG_FS], 8); return 0;   /* any alignment */
    case ARCH_GET_GS: memcpy((void *)(uintptr_t)a[1], &cpu->seg_base[SEG_REG_GS], 8); return 0;
    default: return -EINVAL;
    }
}

int64_t sys_uname(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct utsname *u = (struct utsname *)(uintptr_t)a[0];
    if (uname(u))
        return -errno;
    snprintf(u->machine, sizeof u->machine, "%s", t->cpu.mode == X86_MODE_64 ? "x86_64" : "i686");
    return 0;
}

static bool is_self_exe(const char *p)
{
    char buf[64];
    snprintf(buf, sizeof buf, "/proc/%d/exe", getpid());
    return p && (!strcmp(p, "/proc/self/exe") || !strcmp(p, "/proc/thread-self/exe") || !strcmp(p, buf));
}

static int64_t readlink_exe(struct guest_thread *t, char *buf, size_t n)
{
    const char *exe = t->proc->exe_path;
    size_t len = strlen(exe);
    if (len > n)
        len = n;
    memcpy(buf, exe, len);
    return (int64_t)len;
}

int64_t sys_readlink(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    const char *p = (const char *)(uintptr_t)a[0];
    if (is_self_exe(p))
        return readlink_exe(t, (char *)(uintptr_t)a[1], a[2]);
    ssize_t r = readlink(p, (char *)(uintptr_t)a[1], a[2]);
    return r < 0 ? -errno : r;
}

int64_t sys_readlinkat(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    const char *p = (const char *)(uintptr_t)a[1];
    if (is_self_exe(p))
        return readlink_exe(t, (char *)(uintptr_t)a[2], a[3]);
    ssize_t r = readlinkat((int)a[0], p, (char *)(uintptr_t)a[2], a[3]);
    return r < 0 ? -errno : r;
}

int64_t sys_open(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    const char *p = (const char *)(uintptr_t)a[0];
    return safe_syscall(SYS_openat, AT_FDCWD, is_self_exe(p) ? t->proc->exe_path : p, host_open_flags((int)a[1]),
                        (mode_t)a[2]);   /* a FIFO's open waits for its peer */
}

int64_t sys_openat(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    const char *p = (const char *)(uintptr_t)a[1];
    return safe_syscall(SYS_openat, (int)a[0], is_self_exe(p) ? t->proc->exe_path : p, host_open_flags((int)a[2]),
                        (mode_t)a[3]);
}

int64_t sys_prctl(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    switch (a[0]) {
    case PR_SET_SECCOMP:
        return -EINVAL;   /* a filter written for the guest's syscall numbers would judge mimic's */
    case PR_GET_SECCOMP:
        return 0;
    }
    long r = prctl((int)a[0], a[1], a[2], a[3], a[4]);
    return r < 0 ? -errno : r;
}

int64_t sys_personality(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[0] == 0xffffffffull)
        return 0;          /* query: PER_LINUX */
    return a[0] == 0 ? 0 : -EINVAL;
}

/* fork and vfork: the host's fork duplicates the interpreter too; the
 * child returns 0 from the call. (vfork runs as fork: same results.) */
int64_t sys_fork(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    fflush(NULL);
    /* Host signals stay blocked across the fork: one sent to the new child
     * before it has forgotten the parent's pending set must not be lost. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t r = fork();
    int e = errno;
    if (r == 0)
        signals_forget_pending(t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return r < 0 ? -e : r;
}

int64_t sys_vfork(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return sys_fork(t, s, a);
}

/* CLONE_VM|CLONE_VFORK without CLONE_THREAD (posix_spawn, and so system
 * and popen): a host child sharing the memory, on a host stack of its own,
 * runs the guest's child code on the stack the guest gave, while the
 * calling thread waits, as the kernel does, until the child execs or
 * exits. What the child writes (posix_spawn's exec error) the parent sees.
 * The child gets its own copy of mimic's process state (signal
 * dispositions are not shared without CLONE_SIGHAND). */
struct vfork_start {
    struct guest_thread *c;
    sigset_t mask;
};

static int vfork_child(void *arg)
{
    struct vfork_start *v = arg;
    volatile pid_t tid_sink = 0;
    v->c->tid_out = &tid_sink;
    pthread_sigmask(SIG_SETMASK, &v->mask, NULL);
    guest_thread_main(v->c);   /* ends with the guest's execve or exit */
    _exit(127);
}

extern __thread struct guest_thread *current_guest;

static int64_t clone_vfork(struct guest_thread *t, uint64_t flags, uint64_t stack)
{
    if (flags & ~(uint64_t)(CSIGNAL | CLONE_VM | CLONE_VFORK))
        return -EINVAL;
    struct guest_process *pc = malloc(sizeof *pc);
    struct guest_thread *c = malloc(sizeof *c);
    size_t hsz = 256 * 1024;
    void *hstack = mmap(NULL, hsz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (!pc || !c || hstack == MAP_FAILED) {
        free(pc);
        free(c);
        if (hstack != MAP_FAILED)
            munmap(hstack, hsz);
        return -ENOMEM;
    }
    /* Under ASan: the child never unwinds (it execs or exits), so its
     * frames' redzones stay poisoned in the shadow of this range, and a later
     * mmap at the same address would inherit them. No-op otherwise. */
    ASAN_UNPOISON_MEMORY_REGION(hstack, hsz);
    *pc = *t->proc;
    *c = *t;
    c->proc = pc;
    c->cpu.fault_jmp = NULL;
    c->cpu.r[RAX] = 0;
    if (stack)
        c->cpu.r[RSP] = stack;
    c->pending = 0;
    c->rt_count = 0;
    c->clear_child_tid = 0;
    c->settid_parent = c->settid_child = 0;
    struct vfork_start v = { c };
    sigset_t all;
    sigfillset(&all);
    fflush(NULL);
    /* blocked until the child has its own state: a signal for it must not
     * run mimic's handler against the parent's */
    pthread_sigmask(SIG_BLOCK, &all, &v.mask);
    int r = clone(vfork_child, (char *)hstack + hsz, (int)(CLONE_VM | CLONE_VFORK | (flags & CSIGNAL)), &v);
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &v.mask, NULL);
    current_guest = t;         /* the child ran on this thread's TLS */
    ASAN_UNPOISON_MEMORY_REGION(hstack, hsz);
    munmap(hstack, hsz);
    free(c);
    free(pc);
    return r < 0 ? -e : r;
}

/* clone: threads (CLONE_VM) become host threads running their own CPU;
 * without CLONE_VM it is a fork with options. x86-64 argument order:
 * flags, stack, parent_tid, child_tid, tls. */
int64_t sys_clone(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t flags = a[0];
    if ((flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK) && !(flags & CLONE_THREAD))
        return clone_vfork(t, flags, a[1]);
    if (!(flags & CLONE_VM)) {
        if (flags & ~(uint64_t)(CSIGNAL | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID | CLONE_SETTLS))
            return -EINVAL;
        fflush(NULL);
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        pid_t r = fork();
        int e = errno;
        if (r == 0)
            signals_forget_pending(t);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (r < 0)
            return -e;
        if (r == 0) {
            if (flags & CLONE_CHILD_SETTID)
                *(int *)(uintptr_t)a[3] = getpid();
            if (flags & CLONE_CHILD_CLEARTID)
                t->clear_child_tid = a[3];
            if (a[1])
                t->cpu.r[RSP] = a[1];
            if (flags & CLONE_SETTLS)
                t->cpu.seg_base[SEG_REG_FS] = a[4];
            return 0;
        }
        if (flags & CLONE_PARENT_SETTID)
            *(int *)(uintptr_t)a[2] = r;
        return r;
    }
    if ((flags & (CLONE_THREAD | CLONE_SIGHAND)) != (CLONE_THREAD | CLONE_SIGHAND))
        return -EINVAL;     /* a shared-memory process (not a thread) is not supported */
    struct guest_thread *c = malloc(sizeof *c);
    if (!c)
        return -ENOMEM;
    *c = *t;
    c->cpu.fault_jmp = NULL;
    c->cpu.r[RAX] = 0;
    c->cpu.r[RSP] = a[1];
    c->pending = 0;
    c->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? a[3] : 0;
    if (flags & CLONE_SETTLS)
        c->cpu.seg_base[SEG_REG_FS] = a[4];
    /* i386: the child's TLS descriptor may differ from the parent's (set by
     * sys32_clone): segment registers see their descriptor's base again. */
    if (c->cpu.mode != X86_MODE_64)
        for (int sr = 0; sr < 6; sr++) {
            uint16_t sel = c->cpu.seg_sel[sr];
            if (!(sel & 4) && (sel >> 3) < 16 && c->cpu.gdt[sel >> 3].present)
                c->cpu.seg_base[sr] = c->cpu.gdt[sel >> 3].base;
        }
    /* The child's tid must be known to both sides before either runs on. */
    volatile pid_t tid = 0;
    c->tid_out = &tid;
    c->settid_parent = (flags & CLONE_PARENT_SETTID) ? a[2] : 0;
    c->settid_child = (flags & CLONE_CHILD_SETTID) ? a[3] : 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t th;
    int e = pthread_create(&th, &attr, guest_thread_main, c);
    pthread_attr_destroy(&attr);
    if (e) {
        free(c);
        return -e;
    }
    while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
        sched_yield();
    return tid;
}

/* execve: the new program runs under mimic again when it is an x86 ELF or a
 * script (whose interpreter then runs under mimic). */
int64_t sys_execve(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    const char *path = (const char *)(uintptr_t)a[0];
    if (is_self_exe(path))
        path = t->proc->exe_path;
    char **argv = (char **)(uintptr_t)a[1];
    char **envp = (char **)(uintptr_t)a[2];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    unsigned char hdr[256];
    ssize_t n = read(fd, hdr, sizeof hdr - 1);
    close(fd);
    if (access(path, X_OK))
        return -errno;
    if (n < 4)
        return -ENOEXEC;
    hdr[n] = 0;
    int argc = 0;
    while (argv && argv[argc])
        argc++;
    char *interp = NULL, *interp_arg = NULL;
    if (hdr[0] == '#' && hdr[1] == '!') {
        char *p = (char *)hdr + 2, *e = strchr(p, '\n');
        if (!e)
            return -ENOEXEC;
        *e = 0;
        while (*p == ' ' || *p == '\t') p++;
        interp = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (*p) {
            *p++ = 0;
            while (*p == ' ' || *p == '\t') p++;
            if (*p) interp_arg = p;
        }
    } else if (memcmp(hdr, "\177ELF", 4)) {
        return -ENOEXEC;
    }
    char **nargv = calloc((size_t)argc + 10, sizeof *nargv);
    int k = 0;
    nargv[k++] = "mimic";
    nargv[k++] = "run";
    nargv[k++] = "--engine=xlate";
    if (t->proc->strace) nargv[k++] = "--strace";
    if (t->proc->trace_unimpl) nargv[k++] = "--trace-unimpl";
    char *a0 = NULL;
    if (!interp && argc > 0 && argv[0]) {
        /* The program's own argv[0] (busybox picks its applet from it). */
        size_t n0 = strlen(argv[0]) + 9;
        a0 = malloc(n0);
        snprintf(a0, n0, "--argv0=%s", argv[0]);
        nargv[k++] = a0;
    }
    if (interp) {
        nargv[k++] = interp;
        if (interp_arg) nargv[k++] = interp_arg;
        nargv[k++] = (char *)path;
        for (int i = 1; i < argc; i++) nargv[k++] = argv[i];
    } else {
        nargv[k++] = (char *)path;
        for (int i = 1; i < argc; i++) nargv[k++] = argv[i];
    }
    nargv[k] = NULL;
    fflush(NULL);
    sigset_t saved;
    signals_before_exec(t, &saved);
    host_exec_self(nargv, envp);
    int e = errno;
    signals_exec_failed(t, &saved);
    free(nargv);
    free(a0);
    return -e;
}

/* execveat(dirfd, path, argv, envp, flags): the path that sys_execve then
 * runs. AT_EMPTY_PATH with "" is dirfd itself (glibc's fexecve): named
 * through /proc/self/fd, resolved to the file's own path while the
 * descriptor is open (mimic opens the program again after its exec, when
 * an O_CLOEXEC descriptor is gone). Into buf; 0 or -errno. */
int execveat_path(int dirfd, const char *path, int flags, char *buf, size_t cap)
{
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    int n;
    if (!path[0]) {
        if (!(flags & AT_EMPTY_PATH))
            return -ENOENT;
        n = snprintf(buf, cap, "/proc/self/fd/%d", dirfd);
    } else if (path[0] == '/' || dirfd == AT_FDCWD) {
        n = snprintf(buf, cap, "%s", path);
    } else {
        n = snprintf(buf, cap, "/proc/self/fd/%d/%s", dirfd, path);
    }
    if (n < 0 || (size_t)n >= cap)
        return -ENAMETOOLONG;
    struct stat st;
    if ((flags & AT_SYMLINK_NOFOLLOW) && path[0] && lstat(buf, &st) == 0 && S_ISLNK(st.st_mode))
        return -ELOOP;
    if (!path[0] || (path[0] != '/' && dirfd != AT_FDCWD)) {
        char *real = realpath(buf, NULL);
        if (real && strlen(real) < cap)
            strcpy(buf, real);
        free(real);
    }
    return 0;
}

int64_t sys_execveat(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    char path[4096];
    int e = execveat_path((int)a[0], (const char *)(uintptr_t)a[1], (int)a[4], path, sizeof path);
    if (e)
        return e;
    uint64_t b[3] = { (uint64_t)(uintptr_t)path, a[2], a[3] };
    return sys_execve(t, s, b);
}
