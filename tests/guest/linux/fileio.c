/* fileio.c - descriptor I/O: readv/writev gathers, pread/pwrite leave the
 * offset alone, O_APPEND, lseek SEEK_DATA/SEEK_HOLE and past the end, dup
 * families sharing offsets, fcntl flags and record locks seen by a child,
 * flock, sendfile, splice through a pipe, copy_file_range, fallocate. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    char name[] = "fileio-XXXXXX", name2[] = "fileio2-XXXXXX";
    int fd = mkstemp(name);
    struct iovec iov[3] = { { "alpha ", 6 }, { "", 0 }, { "beta\n", 5 } };
    printf("writev %zd\n", writev(fd, iov, 3));
    lseek(fd, 0, SEEK_SET);
    char a[4], b[32] = { 0 };
    struct iovec riov[2] = { { a, 4 }, { b, sizeof b - 1 } };
    printf("readv %zd: %.4s|%s", readv(fd, riov, 2), a, b);
    printf("pwrite %zd offset stays %ld\n", pwrite(fd, "ALPHA", 5, 0), (long)lseek(fd, 0, SEEK_CUR));
    memset(b, 0, sizeof b);
    printf("pread %zd '%s'\n", pread(fd, b, 8, 3), b);
    printf("pwritev %zd preadv ", pwritev(fd, iov, 3, 100));
    memset(b, 0, sizeof b);
    struct iovec one = { b, 11 };
    printf("%zd '%.6s'\n", preadv(fd, &one, 1, 100), b);
    struct stat st;
    fstat(fd, &st);
    printf("size with hole %lld\n", (long long)st.st_size);
    off_t data = lseek(fd, 0, SEEK_DATA), hole = lseek(fd, 0, SEEK_HOLE);
    printf("SEEK_DATA %ld SEEK_HOLE %ld(<=size %d)\n", (long)data, (long)(hole == st.st_size ? -1 : hole), hole <= st.st_size);
    errno = 0;
    long neg = (long)lseek(fd, -1, SEEK_SET);
    printf("seek negative %ld %s, ", neg, errno == EINVAL ? "EINVAL" : "?");
    printf("past end %ld\n", (long)lseek(fd, 1000, SEEK_END));
    int d = dup(fd);
    lseek(fd, 5, SEEK_SET);
    printf("dup shares offset %ld, cloexec on dup %d\n", (long)lseek(d, 0, SEEK_CUR), fcntl(d, F_GETFD));
    int d3 = dup3(fd, 50, O_CLOEXEC);
    printf("dup3 %d cloexec %d, ", d3, fcntl(50, F_GETFD));
    errno = 0;
    int same = dup3(fd, fd, 0);
    printf("dup3 same fd %d %s\n", same, errno == EINVAL ? "EINVAL" : "?");
    int fdmin = fcntl(fd, F_DUPFD, 40);
    printf("F_DUPFD >= 40: %d\n", fdmin);
    close(fdmin); close(d3); close(d);
    int fl = fcntl(fd, F_GETFL);
    printf("accmode rdwr %d\n", (fl & O_ACCMODE) == O_RDWR);
    fcntl(fd, F_SETFL, fl | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "END", 3);
    printf("O_APPEND write lands at end: offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    fcntl(fd, F_SETFL, fl);
    /* record locks: the child sees the parent's lock */
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20 };
    printf("F_SETLK %d\n", fcntl(fd, F_SETLK, &lk));
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        struct flock q = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 15 };
        fcntl(fd, F_GETLK, &q);
        int conflict = q.l_type == F_WRLCK && q.l_start == 10 && q.l_len == 20 && q.l_pid == getppid();
        struct flock t = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 25, .l_len = 1 };
        int r = fcntl(fd, F_SETLK, &t);
        int busy = r < 0 && (errno == EAGAIN || errno == EACCES);
        struct flock free_ = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 30, .l_len = 5 };
        int ok = fcntl(fd, F_SETLK, &free_) == 0;
        printf("child: conflict reported %d, overlapping lock refused %d, adjacent lock ok %d\n", conflict, busy, ok);
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    int fd2 = open(name, O_RDWR);
    int fl1 = flock(fd, LOCK_EX);
    errno = 0;
    int fl2 = flock(fd2, LOCK_EX | LOCK_NB);
    printf("flock ex %d, second open description nb %d %s\n", fl1, fl2, errno == EWOULDBLOCK ? "EWOULDBLOCK" : "?");
    flock(fd, LOCK_UN);
    printf("after unlock %d\n", flock(fd2, LOCK_EX | LOCK_NB));
    close(fd2);
    /* sendfile, splice, copy_file_range */
    int out = mkstemp(name2);
    off_t off = 6;
    printf("sendfile %zd offset now %ld\n", sendfile(out, fd, &off, 5), (long)off);
    int pp[2];
    pipe(pp);
    loff_t soff = 0;
    ssize_t s1 = splice(fd, &soff, pp[1], NULL, 5, 0);
    ssize_t s2 = splice(pp[0], NULL, out, NULL, 5, 0);
    printf("splice %zd %zd soff %lld\n", s1, s2, (long long)soff);
    loff_t in_off = 0, out_off = 10;
    ssize_t c = copy_file_range(fd, &in_off, out, &out_off, 5, 0);
    printf("copy_file_range %zd in %lld out %lld\n", c, (long long)in_off, (long long)out_off);
    memset(b, 0, sizeof b);
    pread(out, b, 15, 0);
    printf("result '%s'\n", b);
    printf("fallocate %d", posix_fallocate(out, 0, 100000));
    fstat(out, &st);
    printf(" size %lld\n", (long long)st.st_size);
    printf("ftruncate shrink %d", ftruncate(out, 3));
    fstat(out, &st);
    printf(" size %lld\n", (long long)st.st_size);
    printf("fsync %d fdatasync %d\n", fsync(out), fdatasync(out));
    close(out);
    close(fd);
    errno = 0;
    {
        __typeof__(write(fd, "x", 1)) r0_ = write(fd, "x", 1);
        printf("write to closed %zd %s\n", r0_, errno == EBADF ? "EBADF" : "?");
    }
    int ro = open(name, O_RDONLY);
    errno = 0;
    {
        __typeof__(write(ro, "x", 1)) r0_ = write(ro, "x", 1);
        printf("write to read-only %zd %s\n", r0_, errno == EBADF ? "EBADF" : "?");
    }
    close(ro);
    int dirfd_ = open(".", O_RDONLY);
    errno = 0;
    {
        __typeof__(read(dirfd_, b, 1)) r0_ = read(dirfd_, b, 1);
        printf("read a directory %zd %s\n", r0_, errno == EISDIR ? "EISDIR" : "?");
    }
    close(dirfd_);
    unlink(name);
    unlink(name2);
    return 0;
}
