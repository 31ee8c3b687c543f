/*
 * runstat.c - run one command and report its wall time, exit status and the
 * peak memory of every process it took, for tests/bench/run.sh.
 *
 *   runstat [-s PID]... [-o FILE] -- CMD [ARGS...]
 *   prints: SECONDS STATUS PEAK_KB
 *
 * SECONDS is from fork to the command's exit. PEAK_KB is the sum of the peak
 * resident set sizes (max RSS) of: the command (wait4's rusage); every
 * process it left behind or that exited under us (runstat makes itself a
 * child subreaper, so daemons such as a freshly started wineserver and the
 * Wine services become its children: exited ones give their rusage, live
 * ones their /proc VmHWM); and each already-running server named with -s
 * (wineserver -p), whose peak is reset through /proc/PID/clear_refs before
 * the run and read after it. The command's stdout goes to FILE with -o.
 * STATUS is the exit status, or 128+signal.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long vm_hwm_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

static pid_t parent_of(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');   /* the command name may hold spaces and parentheses */
    int ppid = 0;
    if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
        return 0;
    return ppid;
}

/* Peak RSS of every live descendant of this process. */
static long live_descendants_kb(void)
{
    pid_t self = getpid(), pids[4096], parents[4096];
    int n = 0;
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 4096) {
        pid_t pid = atoi(de->d_name);
        if (pid > 0 && pid != self) {
            pids[n] = pid;
            parents[n++] = parent_of(pid);
        }
    }
    closedir(d);
    long kb = 0;
    for (int i = 0; i < n; i++) {
        pid_t p = parents[i];
        for (int depth = 0; p > 1 && p != self && depth < 64; depth++) {
            int j = 0;
            while (j < n && pids[j] != p)
                j++;
            p = j < n ? parents[j] : 0;
        }
        if (p == self)
            kb += vm_hwm_kb(pids[i]);
    }
    return kb;
}

int main(int argc, char **argv)
{
    pid_t servers[16];
    int nservers = 0, i = 1;
    const char *out = NULL;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-s") && i + 1 < argc && nservers < 16)
            servers[nservers++] = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else {
            fprintf(stderr, "usage: runstat [-s PID]... [-o FILE] -- CMD [ARGS...]\n");
            return 2;
        }
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "usage: runstat [-s PID]... [-o FILE] -- CMD [ARGS...]\n");
        return 2;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    for (int s = 0; s < nservers; s++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/clear_refs", (int)servers[s]);
        int fd = open(path, O_WRONLY);
        if (fd >= 0) {
            if (write(fd, "5", 1) != 1)
                fprintf(stderr, "runstat: cannot reset the peak RSS of %d\n", (int)servers[s]);
            close(fd);
        }
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t child = fork();
    if (child < 0) {
        perror("runstat: fork");
        return 1;
    }
    if (child == 0) {
        if (out) {
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0)
                _exit(126);
            close(fd);
        }
        execvp(argv[i + 1], argv + i + 1);
        perror(argv[i + 1]);
        _exit(127);
    }
    long kb = 0;
    int status = 0;
    for (;;) {
        struct rusage ru;
        int st;
        pid_t p = wait4(-1, &st, 0, &ru);
        if (p < 0)
            break;
        kb += ru.ru_maxrss;
        if (p == child) {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            break;
        }
    }
    /* Reap whatever else has already exited, then count those still running. */
    for (;;) {
        struct rusage ru;
        int st;
        pid_t p = wait4(-1, &st, WNOHANG, &ru);
        if (p <= 0)
            break;
        kb += ru.ru_maxrss;
    }
    kb += live_descendants_kb();
    for (int s = 0; s < nservers; s++)
        kb += vm_hwm_kb(servers[s]);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%.6f %d %ld\n", secs, status, kb);
    return 0;
}
