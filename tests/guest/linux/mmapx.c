/* mmapx.c - memory mappings: MAP_FIXED over an existing mapping, anonymous
 * MAP_SHARED memory written by fork children, file-backed shared mappings
 * seen through read(), mprotect with a SIGSEGV handler that repairs the
 * protection, madvise(MADV_DONTNEED) zeroing, mremap growth, mincore. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char *prot_page;
static volatile int faults;
static long pg;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    faults++;
    int at_page = (char *)si->si_addr >= prot_page && (char *)si->si_addr < prot_page + pg;
    if (!at_page || faults > 3)
        _exit(50);
    /* SEGV_ACCERR: a protection fault on a mapped page */
    if (si->si_code != SEGV_ACCERR)
        _exit(51);
    mprotect(prot_page, pg, PROT_READ | PROT_WRITE);
}

static sigjmp_buf jb;
static void on_segv_jump(int sig, siginfo_t *si, void *uc) { siglongjmp(jb, si->si_code == SEGV_MAPERR ? 1 : 2); }

int main(void)
{
    pg = sysconf(_SC_PAGESIZE);
    printf("page %ld\n", pg);
    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(a, 'a', 4 * pg);
    char *b = mmap(a + pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED same address %d, old %c new %d next %c\n", b == a + pg, a[0], a[pg], a[2 * pg]);
    char *c = mmap(a + pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE on used range: failed %d errno %d\n", c == MAP_FAILED || c != a + pg, c == MAP_FAILED ? errno : 0);
    munmap(a, 4 * pg);
    /* anonymous shared memory between fork children */
    volatile int *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sh[0] = 0;
    for (int i = 0; i < 4; i++) {
        if (fork() == 0) {
            sh[1 + i] = (i + 1) * 100;
            __atomic_fetch_add(&sh[0], i + 1, __ATOMIC_SEQ_CST);
            _exit(0);
        }
    }
    while (wait(NULL) > 0)
        ;
    printf("shared: sum %d slots %d %d %d %d\n", sh[0], sh[1], sh[2], sh[3], sh[4]);
    /* private memory is copied on fork */
    int *pv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pv[0] = 1;
    if (fork() == 0) { pv[0] = 2; _exit(pv[0]); }
    int st;
    wait(&st);
    printf("private after child wrote: %d (child saw %d)\n", pv[0], WEXITSTATUS(st));
    /* file-backed shared mapping */
    char name[] = "mmapx-XXXXXX";
    int fd = mkstemp(name);
    ftruncate(fd, 2 * pg);
    char *f = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(f + pg - 3, "across");
    msync(f, 2 * pg, MS_SYNC);
    char buf[16] = { 0 };
    pread(fd, buf, 6, pg - 3);
    printf("file shared: %s\n", buf);
    pwrite(fd, "WRITE", 5, 10);
    printf("write seen in map: %.5s\n", f + 10);
    char *fp = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, pg);
    fp[0] = 'P';
    pread(fd, buf, 1, pg);
    printf("private file map offset: map %c file %c\n", fp[0], buf[0]);
    munmap(fp, pg);
    munmap(f, 2 * pg);
    close(fd);
    unlink(name);
    /* mprotect + SIGSEGV handler that repairs */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    prot_page = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    prot_page[5] = 5;
    mprotect(prot_page, pg, PROT_READ);
    printf("read-only read %d\n", prot_page[5]);
    ((volatile char *)prot_page)[6] = 6;
    printf("write after repair %d faults %d\n", prot_page[6], faults);
    mprotect(prot_page, pg, PROT_NONE);
    sa.sa_sigaction = on_segv_jump;
    sigaction(SIGSEGV, &sa, NULL);
    int r = sigsetjmp(jb, 1);
    if (!r) { volatile char x = prot_page[0]; (void)x; }
    printf("PROT_NONE read faulted: path %d\n", r);
    munmap(prot_page, pg);
    r = sigsetjmp(jb, 1);
    if (!r) { volatile char x = prot_page[0]; (void)x; }
    printf("unmapped read faulted: path %d\n", r);
    /* madvise */
    char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 0x5a, 4 * pg);
    printf("madvise DONTNEED %d: %d %d\n", madvise(m + pg, pg, MADV_DONTNEED), m[pg], m[2 * pg]);
    unsigned char vec[4];
    madvise(m + 3 * pg, pg, MADV_DONTNEED);
    mincore(m, 4 * pg, vec);
    printf("mincore resident: %d %d\n", vec[0] & 1, vec[2] & 1);
    printf("madvise bad advice %d errno %d\n", madvise(m, pg, 12345), errno);
    char *g = mremap(m, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    printf("mremap grow ok %d keep %x new zero %d\n", g != MAP_FAILED, (unsigned char)g[0], g[40 * pg]);
    g[63 * pg] = 1;
    g = mremap(g, 64 * pg, 2 * pg, 0);
    printf("mremap shrink %d %x\n", g != MAP_FAILED, (unsigned char)g[2 * pg - 1]);
    errno = 0;
    void *bad = mmap(NULL, pg, PROT_READ, MAP_SHARED, 12345, 0);
    printf("mmap bad fd %d errno %d\n", bad == MAP_FAILED, errno);
    errno = 0;
    bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap length 0 %d errno %d\n", bad == MAP_FAILED, errno);
    printf("munmap unaligned %d errno %d\n", munmap(g + 1, pg), errno);
    return 0;
}
