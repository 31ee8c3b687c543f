/* morecalls.c - less common calls with i386 forms of their own: fexecve
 * (execveat with AT_EMPTY_PATH, on an O_CLOEXEC descriptor too),
 * preadv2/pwritev2 (64-bit offset in two registers on i386), readahead,
 * sync_file_range, vmsplice, process_vm_readv/writev on itself (arrays of
 * iovecs), futimesat (timevals), sched_rr_get_interval (timespec),
 * process_madvise (iovecs), and i386's 16-bit uid/gid calls.
 * i386 reference: x86-64 (qemu-user cannot exec /proc/self/exe by fd). */
// i386 reference: x86-64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void run_fexecve(int flags)
{
    int fd = open("/proc/self/exe", O_RDONLY | flags);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        char *argv[] = { "morecalls", "child", NULL };
        fexecve(fd, argv, environ);
        printf("fexecve: %s\n", strerror(errno));
        _exit(9);
    }
    int st;
    waitpid(c, &st, 0);
    printf("fexecve%s: exited %d\n", flags ? " (cloexec)" : "", WEXITSTATUS(st));
    close(fd);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1) {
        printf("child ran with %s\n", argv[1]);
        return 4;
    }
    run_fexecve(0);
    run_fexecve(O_CLOEXEC);
    long r = syscall(SYS_execveat, AT_FDCWD, "", argv, environ, 0);
    printf("execveat empty path without the flag: %ld %s\n", r, strerror(errno));

    close(open("morecalls.tmp", O_WRONLY | O_CREAT, 0600));
    int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
    char a[] = "hello ", b[] = "world";
    struct iovec w[2] = { { a, 6 }, { b, 5 } };
    ssize_t n = pwritev2(fd, w, 2, 100, 0);
    printf("pwritev2 %zd\n", n);
    char x[6] = "", y[6] = "";
    struct iovec rd[2] = { { x, 5 }, { y, 5 } };
    n = preadv2(fd, rd, 2, 102, 0);
    printf("preadv2 %zd: %s|%s\n", n, x, y);
    lseek(fd, 0, SEEK_SET);
    memset(x, 0, sizeof x);
    struct iovec one = { x, 3 };
    n = preadv2(fd, &one, 1, -1, 0);
    printf("preadv2 at -1 (current) %zd: %s pos %ld\n", n, x, (long)lseek(fd, 0, SEEK_CUR));
    printf("readahead %d\n", readahead(fd, 0, 4096));
    printf("sync_file_range %d\n", sync_file_range(fd, 0, 200, SYNC_FILE_RANGE_WRITE));

    int p[2];
    pipe(p);
    char s1[] = "splice", s2[] = "d in";
    struct iovec v[2] = { { s1, 6 }, { s2, 4 } };
    n = vmsplice(p[1], v, 2, 0);
    char got[16] = "";
    read(p[0], got, sizeof got - 1);
    printf("vmsplice %zd: %s\n", n, got);

    char src[] = "process memory", dst[32] = "";
    struct iovec lv = { dst, sizeof src }, rv = { src, sizeof src };
    n = process_vm_readv(getpid(), &lv, 1, &rv, 1, 0);
    printf("process_vm_readv %zd%s\n", n, n < 0 ? "" : dst[0] ? " copied" : " empty");
    if (n >= 0)
        printf("  %s\n", dst);

    struct timeval tv[2] = { { 1000000000, 250000 }, { 1100000000, 500000 } };
    r = syscall(SYS_futimesat, AT_FDCWD, "data.bin", tv);
    struct stat st;
    stat("data.bin", &st);
    printf("futimesat %ld: atime %ld.%09ld mtime %ld.%09ld\n", r, (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    tv[0].tv_usec = 2000000;
    r = syscall(SYS_futimesat, AT_FDCWD, "data.bin", tv);
    printf("futimesat bad usec: %ld %s\n", r, strerror(errno));

    struct timespec ts = { -1, -1 };
    int rr = sched_rr_get_interval(0, &ts);
    printf("sched_rr_get_interval %d sane %d\n", rr, ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
    /* the 16-bit id calls (i386 only; x86-64 prints what they must give) */
    unsigned short idw[6] = { 0xabcd, 0xabcd, 0xabcd, 0xabcd, 0xabcd, 0xabcd }, gl[66];
    for (int i = 0; i < 66; i++)
        gl[i] = 0xabcd;
    int ng;
#ifdef __i386__
    int same = syscall(24) == (long)(getuid() & 0xffff) && syscall(49) == (long)(geteuid() & 0xffff) &&
               syscall(47) == (long)(getgid() & 0xffff) && syscall(50) == (long)(getegid() & 0xffff);
    long rr16 = syscall(165, &idw[0], &idw[2], &idw[4]);
    ng = (int)syscall(80, 64, gl);
    long fs = syscall(138, 0xffff);
    long ch = syscall(182, "morecalls.tmp", 0xffff, 0xffff);
#else
    int same = 1;
    uid_t ru, eu, su;
    long rr16 = getresuid(&ru, &eu, &su);
    idw[0] = (unsigned short)ru, idw[2] = (unsigned short)eu, idw[4] = (unsigned short)su;
    gid_t g32[64];
    ng = getgroups(64, g32);
    for (int i = 0; i < ng; i++)
        gl[i] = (unsigned short)g32[i];
    long fs = setfsuid(-1);
    long ch = chown("morecalls.tmp", -1, -1);
#endif
    printf("id16: same %d getresuid %ld uid %u guards %d\n", same, rr16, idw[0], idw[1] == 0xabcd && idw[3] == 0xabcd && idw[5] == 0xabcd);
    printf("id16: getgroups %d guard %d first %d setfsuid(-1) %ld chown(-1,-1) %ld\n", ng, ng >= 0 && gl[ng] == 0xabcd,
           ng > 0 ? gl[0] : -1, fs, ch);

    /* process_madvise on itself (a pidfd of its own), MADV_COLD (20) over two ranges */
    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    static char pages[3][8192] __attribute__((aligned(4096)));
    pages[0][0] = pages[2][0] = 1;
    struct iovec mv[2] = { { pages[0], 4096 }, { pages[2], 4096 } };
    long pm = syscall(SYS_process_madvise, pidfd, mv, 2, 20, 0);
    printf("process_madvise: %ld %s\n", pm, pm < 0 ? strerror(errno) : "");
    unlink("data.bin");
    unlink("morecalls.tmp");
    return 0;
}
