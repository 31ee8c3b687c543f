/* sysprobe.c - system queries: getrandom (sizes, flags, not all zero, two
 * calls differ), uname fields against /proc, /proc/self reads (stat, status,
 * fd links, cmdline, maps containing the stack), sysconf, gethostname,
 * sched_getaffinity, getpid/getppid/gettid relations. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static char *read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    size_t n = 0;
    ssize_t r;
    while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0) n += r;
    close(fd);
    buf[n] = 0;
    return buf;
}

int main(int argc, char **argv)
{
    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    ssize_t n1 = getrandom(a, sizeof a, 0), n2 = getrandom(b, sizeof b, GRND_NONBLOCK);
    int nz = 0;
    for (int i = 0; i < 64; i++) nz += a[i] != 0;
    printf("getrandom %zd %zd nonzero bytes>40 %d differ %d\n", n1, n2, nz > 40, memcmp(a, b, 64) != 0);
    ssize_t z = getrandom(a, 0, 0);
    errno = 0;
    ssize_t bad = getrandom(a, 8, 0x1000);
    printf("getrandom 0 bytes %zd, bad flags %zd %s\n", z, bad, errno == EINVAL ? "EINVAL" : "?");
    static unsigned char big[1 << 20];
    printf("getrandom 1MiB >= 256 %d\n", getrandom(big, sizeof big, 0) >= 256);
    printf("getentropy %d, too big %d\n", getentropy(a, 32), getentropy(big, 300));
    struct utsname u;
    uname(&u);
    char buf[8192];
    printf("uname sysname %s matches proc ostype %d release matches %d\n", u.sysname,
           !strncmp(read_file("/proc/sys/kernel/ostype", buf, sizeof buf), u.sysname, strlen(u.sysname)),
           !strncmp(read_file("/proc/sys/kernel/osrelease", buf, sizeof buf), u.release, strlen(u.release)));
    char host[256];
    gethostname(host, sizeof host);
    printf("hostname matches nodename %d\n", !strcmp(host, u.nodename));
    printf("pid %d ppid %d tid==pid %d\n", getpid() > 1, getppid() > 0, (pid_t)syscall(SYS_gettid) == getpid());
    char *st = read_file("/proc/self/stat", buf, sizeof buf);
    printf("/proc/self/stat pid field matches %d\n", atoi(st) == getpid());
    char *status = read_file("/proc/self/status", buf, sizeof buf);
    char *pl = strstr(status, "\nPid:");
    printf("/proc/self/status Pid matches %d\n", pl && atoi(pl + 5) == getpid());
    int fd = open("/proc/self/status", O_RDONLY);
    char path[64], link[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t ln = readlink(path, link, sizeof link - 1);
    link[ln > 0 ? ln : 0] = 0;
    printf("fd link %s\n", strstr(link, "/status") ? "ends in /status" : link);
    close(fd);
    ln = readlink("/proc/self/exe", link, sizeof link - 1);
    link[ln > 0 ? ln : 0] = 0;
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    printf("/proc/self/exe names this program %d\n", ln > 0 && !strcmp(strrchr(link, '/') + 1, base));
    /* (/proc/self/cmdline and the [stack] mapping describe mimic, not the
     * guest, under mimic: not compared here.) */
    char *maps = read_file("/proc/self/maps", buf, sizeof buf);
    printf("maps readable %d\n", maps && strchr(maps, '-') != NULL);
    int local;
    unsigned long lo, hi;
    int in_stack = 0;
    for (char *l = maps; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        if (sscanf(l, "%lx-%lx", &lo, &hi) == 2 && (unsigned long)&local >= lo && (unsigned long)&local < hi)
            in_stack = strncmp(strchr(l, '\n') ? strchr(l, '\n') - 7 : l, "[stack]", 7) == 0;
    (void)in_stack;
    printf("sysconf pagesize %ld nprocs>=1 %d clk_tck %ld\n", sysconf(_SC_PAGESIZE), sysconf(_SC_NPROCESSORS_ONLN) >= 1, sysconf(_SC_CLK_TCK));
    cpu_set_t cs;
    CPU_ZERO(&cs);
    printf("sched_getaffinity %d count>=1 %d\n", sched_getaffinity(0, sizeof cs, &cs), CPU_COUNT(&cs) >= 1);
    struct sysinfo si;
    printf("sysinfo %d ram>0 %d uptime>0 %d\n", sysinfo(&si), si.totalram > 0, si.uptime > 0);
    printf("getuid==geteuid %d getgid==getegid %d groups>=0 %d\n", getuid() == geteuid(), getgid() == getegid(), getgroups(0, NULL) >= 0);
    int pfd[2];
    pipe(pfd);
    pid_t p = fork();
    if (p == 0) {
        pid_t pp = getppid();
        write(pfd[1], &pp, sizeof pp);
        _exit(0);
    }
    pid_t seen;
    read(pfd[0], &seen, sizeof seen);
    waitpid(p, NULL, 0);
    printf("child's getppid is parent %d, child pid differs %d\n", seen == getpid(), p != getpid());
    printf("getsid>0 %d getpgrp>0 %d\n", getsid(0) > 0, getpgrp() > 0);
    return 0;
}
