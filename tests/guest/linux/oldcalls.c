/* oldcalls.c - the x86 system calls that newer Linux ABIs (arm64 and the
 * other asm-generic ones) no longer have, made directly with syscall() so
 * that glibc cannot pick a newer form: open/creat, stat/lstat/fstat and
 * newfstatat layouts, getdents, pipe, dup2, poll, select, access, mkdir,
 * rmdir, rename, link, symlink, unlink, chmod, alarm, time, epoll's packed
 * event; fcntl status flags with O_DIRECTORY/O_NOFOLLOW (other values on
 * arm64) and MAP_32BIT. mimic on such a host emulates them.
 * i386 reference: x86-64 (the same calls through the i386 ABI print the same). */
// i386 reference: x86-64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sc_err(long r) { return r < 0 ? -errno : r; }
#define SC(...) sc_err(syscall(__VA_ARGS__))

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void show_stat(const char *what, long rc, const struct stat *st)
{
    printf("%s: %ld", what, rc);
    if (rc == 0)
        printf(" mode %o nlink %ld size %ld blocks>0 %d dir %d lnk %d", (unsigned)st->st_mode & 07777,
               (long)st->st_nlink, (long)st->st_size, st->st_blocks > 0, S_ISDIR(st->st_mode) != 0,
               S_ISLNK(st->st_mode) != 0);
    printf("\n");
}

/* stat through the ABI's own call: x86-64 stat/lstat/fstat/newfstatat
 * fill struct stat directly; i386 uses stat64 and friends (glibc's). */
static long do_stat(int kind, int fd, const char *p, struct stat *st)
{
#ifdef __x86_64__
    switch (kind) {
    case 0: return SC(SYS_stat, p, st);
    case 1: return SC(SYS_lstat, p, st);
    case 2: return SC(SYS_fstat, fd, st);
    default: return SC(SYS_newfstatat, fd, p, st, AT_SYMLINK_NOFOLLOW);
    }
#else
    int r;
    switch (kind) {
    case 0: r = stat(p, st); break;
    case 1: r = lstat(p, st); break;
    case 2: r = fstat(fd, st); break;
    default: r = fstatat(fd, p, st, AT_SYMLINK_NOFOLLOW); break;
    }
    return r < 0 ? -errno : r;
#endif
}

static volatile sig_atomic_t got_alarm;
static void on_alarm(int sig) { got_alarm = sig; }

int main(void)
{
    char dir[] = "/tmp/mimic-oldcalls-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir))
        return 1;

    /* files and names */
    long fd = SC(SYS_creat, "c.txt", 0640);
    printf("creat %d write %ld\n", fd >= 0, SC(SYS_write, fd, "0123456789", 10));
    /* (one call per statement: the order of printf's arguments is unspecified) */
    long a1 = SC(SYS_mkdir, "d", 0750), a2 = SC(SYS_mkdir, "d", 0750);
    printf("mkdir %ld again %ld\n", a1, a2);
    a1 = SC(SYS_link, "c.txt", "hard");
    a2 = SC(SYS_symlink, "c.txt", "soft");
    long a3 = SC(SYS_rename, "hard", "d/hard");
    printf("link %ld symlink %ld rename %ld\n", a1, a2, a3);
    a1 = SC(SYS_chmod, "c.txt", 0604);
    a2 = SC(SYS_access, "c.txt", R_OK);
    a3 = SC(SYS_access, "nope", F_OK);
    long a4 = SC(SYS_access, "d", X_OK);
    printf("chmod %ld access %ld %ld %ld\n", a1, a2, a3, a4);
    struct stat st;
    show_stat("stat", do_stat(0, -1, "c.txt", &st), &st);
    show_stat("lstat", do_stat(1, -1, "soft", &st), &st);
    show_stat("stat dir", do_stat(0, -1, "d", &st), &st);
    show_stat("fstat", do_stat(2, (int)fd, NULL, &st), &st);
    show_stat("fstatat", do_stat(3, AT_FDCWD, "soft", &st), &st);
    show_stat("stat missing", do_stat(0, -1, "nope", &st), &st);
    SC(SYS_close, fd);

    /* open flags whose values differ between x86 and arm64 */
    long r1 = SC(SYS_open, "c.txt", O_RDONLY | O_DIRECTORY);
    long r2 = SC(SYS_open, "soft", O_RDONLY | O_NOFOLLOW);
    long dfd = SC(SYS_open, "d", O_RDONLY | O_DIRECTORY);
    long fl = SC(SYS_fcntl, dfd, F_GETFL);
    printf("open file O_DIRECTORY %ld, link O_NOFOLLOW %ld, dir %d flags dir %d nofollow %d\n", r1, r2, dfd >= 0,
           (fl & O_DIRECTORY) != 0, (fl & O_NOFOLLOW) != 0);
    long pfd = SC(SYS_open, "soft", O_PATH | O_NOFOLLOW);
    fl = SC(SYS_fcntl, pfd, F_GETFL);
    printf("O_PATH|O_NOFOLLOW flags path %d nofollow %d\n", (fl & O_PATH) != 0, (fl & O_NOFOLLOW) != 0);
    long wfd = SC(SYS_open, "c.txt", O_WRONLY);
    a1 = SC(SYS_fcntl, wfd, F_SETFL, O_APPEND);
    printf("setfl append %ld getfl append %d\n", a1, (SC(SYS_fcntl, wfd, F_GETFL) & O_APPEND) != 0);

    /* the old getdents: names and types */
    char buf[1024];
    long n = SC(SYS_getdents, dfd, buf, sizeof buf);
    (void)SC(SYS_mkdir, "d/sub", 0700);
    char *names[16];
    int k = 0;
    SC(SYS_lseek, dfd, 0, SEEK_SET);
    n = SC(SYS_getdents, dfd, buf, sizeof buf);
    for (long i = 0; i < n && k < 16;) {
#ifdef __x86_64__
        unsigned short reclen;
        memcpy(&reclen, buf + i + 16, 2);
        const char *name = buf + i + 18;
#else
        unsigned short reclen;
        memcpy(&reclen, buf + i + 8, 2);
        const char *name = buf + i + 10;
#endif
        char *e = malloc(strlen(name) + 4);
        sprintf(e, "%s/%d", name, buf[i + reclen - 1]);
        names[k++] = e;
        i += reclen;
    }
    qsort(names, (size_t)k, sizeof *names, cmp);
    printf("getdents %d:", n > 0);
    for (int i = 0; i < k; i++)
        printf(" %s", names[i]);
    printf("\n");

    /* pipes, dup2, poll, select */
    int p[2];
    printf("pipe %ld\n", SC(SYS_pipe, p));
    a1 = SC(SYS_dup2, p[1], 20);
    a2 = SC(SYS_dup2, 20, 20);
    a3 = SC(SYS_dup2, 99, 21);
    printf("dup2 %ld same %ld bad %ld\n", a1, a2, a3);
    struct pollfd pf = { p[0], POLLIN, 0 };
    printf("poll empty %ld", SC(SYS_poll, &pf, 1, 0));
    SC(SYS_write, 20, "x", 1);
    a1 = SC(SYS_poll, &pf, 1, 100);
    printf(" ready %ld revents %x\n", a1, pf.revents);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = { 0, 0 };
#ifdef __x86_64__
    long sel = SC(SYS_select, p[0] + 1, &rs, NULL, NULL, &tv);
#else
    long sel = SC(SYS__newselect, p[0] + 1, &rs, NULL, NULL, &tv);
#endif
    printf("select %ld isset %d\n", sel, FD_ISSET(p[0], &rs) != 0);

    /* epoll: x86's struct epoll_event is packed; the 64-bit data must come back whole */
    int ep = epoll_create(4);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    printf("epoll_ctl %ld\n", SC(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev));
    struct epoll_event out[3];
    memset(out, 0xa5, sizeof out);
    long ne = SC(SYS_epoll_wait, ep, out, 3, 100);
    printf("epoll_wait %ld events %x data %llx next %02x\n", ne, out[0].events, (unsigned long long)out[0].data.u64,
           ((unsigned char *)&out[1])[0]);

    /* alarm, time */
    signal(SIGALRM, on_alarm);
    a1 = SC(SYS_alarm, 5);
    a2 = SC(SYS_alarm, 0);
    printf("alarm %ld then %ld\n", a1, a2);
    long t = SC(SYS_time, NULL);
    printf("time plausible %d\n", t > 1600000000);

    /* MAP_32BIT (x86-64 only: everything is below 4 GiB for i386) */
#ifdef __x86_64__
    void *m = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    printf("MAP_32BIT below 4 GiB %d\n", m != MAP_FAILED && (uintptr_t)m + 65536 <= 0x100000000ull);
#else
    printf("MAP_32BIT below 4 GiB 1\n");
#endif

    /* clean up through the old calls */
    a1 = SC(SYS_unlink, "soft");
    a2 = SC(SYS_unlink, "c.txt");
    a3 = SC(SYS_unlink, "d/hard");
    a4 = SC(SYS_rmdir, "d/sub");
    long a5 = SC(SYS_rmdir, "d"), a6 = SC(SYS_rmdir, "d");
    printf("unlink %ld %ld %ld rmdir %ld %ld %ld\n", a1, a2, a3, a4, a5, a6);
    chdir("/");
    printf("rmdir top %ld\n", SC(SYS_rmdir, dir));
    return 0;
}
