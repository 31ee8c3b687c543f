/* fsmeta.c - file metadata: stat/lstat/fstat/fstatat/statx fields, utimes
 * and utimensat with exact times, truncate/ftruncate, rename over an
 * existing file, hard and symbolic links, chmod/umask/access, and the *at
 * family relative to a directory fd. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static void show(const char *what, int r)
{
    printf("%s: %d", what, r);
    if (r < 0) printf(" errno %d", errno);
    putchar('\n');
}

int main(void)
{
    char dir[] = "fsmeta-XXXXXX";
    mkdtemp(dir);
    chdir(dir);
    umask(022);
    int fd = open("a", O_CREAT | O_WRONLY | O_EXCL, 0777);
    write(fd, "0123456789", 10);
    struct stat st, st2;
    fstat(fd, &st);
    printf("mode %o size %lld nlink %lu reg %d blksize>0 %d\n", st.st_mode & 07777, (long long)st.st_size,
           (unsigned long)st.st_nlink, S_ISREG(st.st_mode), st.st_blksize > 0);
    errno = 0;
    show("open O_EXCL existing", open("a", O_CREAT | O_EXCL | O_WRONLY, 0600));
    show("ftruncate 4", ftruncate(fd, 4));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    show("truncate 5000", truncate("a", 5000));
    stat("a", &st);
    printf("size %lld blocks<=8 %d\n", (long long)st.st_size, st.st_blocks <= 8);
    close(fd);
    struct timeval tv[2] = { { 1000000000, 250000 }, { 1234567890, 500000 } };
    show("utimes", utimes("a", tv));
    stat("a", &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atime, st.st_atim.tv_nsec, (long long)st.st_mtime,
           st.st_mtim.tv_nsec);
    struct timespec ts[2] = { { 2000000000, 123456789 }, { 0, UTIME_OMIT } };
    show("utimensat", utimensat(AT_FDCWD, "a", ts, 0));
    stat("a", &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atime, st.st_atim.tv_nsec, (long long)st.st_mtime,
           st.st_mtim.tv_nsec);
    /* a time past 2038: 32-bit time_t callers need the time64 calls */
    struct timespec late[2] = { { 0, UTIME_OMIT }, { (time_t)4102444800LL > 0 ? (time_t)4102444800LL : 2147483647, 5 } };
    show("utimensat 2100", utimensat(AT_FDCWD, "a", late, 0));
    stat("a", &st);
    printf("mtime>2038 %d nsec %ld\n", (long long)st.st_mtime >= 2147483647LL, st.st_mtim.tv_nsec);
    show("link", link("a", "b"));
    stat("a", &st);
    stat("b", &st2);
    printf("nlink %lu same ino %d\n", (unsigned long)st.st_nlink, st.st_ino == st2.st_ino);
    show("symlink", symlink("a", "s"));
    show("symlink dangling", symlink("nowhere", "d"));
    lstat("s", &st);
    char lbuf[64];
    ssize_t n = readlink("s", lbuf, sizeof lbuf);
    printf("lstat link %d size %lld readlink %zd %.*s\n", S_ISLNK(st.st_mode), (long long)st.st_size, n, (int)n, lbuf);
    errno = 0;
    show("stat dangling", stat("d", &st));
    show("readlink on file", (int)readlink("a", lbuf, sizeof lbuf));
    fd = open("c", O_CREAT | O_WRONLY, 0644);
    write(fd, "cc", 2);
    close(fd);
    show("rename over", rename("c", "b"));
    stat("b", &st);
    stat("a", &st2);
    printf("b size %lld a nlink %lu\n", (long long)st.st_size, (unsigned long)st2.st_nlink);
    show("rename missing", rename("c", "x"));
    mkdir("sub", 0755);
    show("rename file over dir", rename("b", "sub"));
    show("rmdir nonempty parent", rmdir("."));
    show("chmod 0400", chmod("a", 0400));
    stat("a", &st);
    printf("mode %o access W %d R %d\n", st.st_mode & 07777, access("a", W_OK) == 0 || geteuid() == 0, access("a", R_OK));
    show("umask old", (int)umask(077));
    fd = open("u", O_CREAT | O_WRONLY, 0666);
    fstat(fd, &st);
    printf("umask 077 -> mode %o\n", st.st_mode & 0777);
    show("fchmod 4755", fchmod(fd, 04755));
    fstat(fd, &st);
    printf("mode %o\n", st.st_mode & 07777);
    close(fd);
    /* *at family */
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    fd = openat(dfd, "inner", O_CREAT | O_RDWR, 0600);
    write(fd, "xyz", 3);
    close(fd);
    show("fstatat", fstatat(dfd, "inner", &st, 0));
    printf("size %lld\n", (long long)st.st_size);
    show("mkdirat", mkdirat(dfd, "deeper", 0700));
    show("renameat", renameat(dfd, "inner", dfd, "deeper/moved"));
    show("linkat", linkat(dfd, "deeper/moved", AT_FDCWD, "hard", 0));
    show("symlinkat", symlinkat("../hard", dfd, "up"));
    n = readlinkat(dfd, "up", lbuf, sizeof lbuf);
    printf("readlinkat %.*s\n", (int)n, lbuf);
    show("fstatat nofollow", fstatat(dfd, "up", &st, AT_SYMLINK_NOFOLLOW));
    printf("islnk %d\n", S_ISLNK(st.st_mode));
    show("faccessat", faccessat(dfd, "deeper/moved", R_OK, 0));
    show("fchmodat", fchmodat(dfd, "deeper", 0750, 0));
    fstatat(dfd, "deeper", &st, 0);
    printf("deeper mode %o isdir %d\n", st.st_mode & 0777, S_ISDIR(st.st_mode));
    show("unlinkat dir without flag", unlinkat(dfd, "deeper", 0));
    show("unlinkat file", unlinkat(dfd, "deeper/moved", 0));
    show("unlinkat dir", unlinkat(dfd, "deeper", AT_REMOVEDIR));
    show("fstatat empty path", fstatat(dfd, "", &st, AT_EMPTY_PATH));
    printf("dir %d\n", S_ISDIR(st.st_mode));
#ifdef STATX_BASIC_STATS
    struct statx sx;
    show("statx", statx(AT_FDCWD, "hard", 0, STATX_BASIC_STATS, &sx));
    printf("statx size %llu nlink %u mode %o\n", (unsigned long long)sx.stx_size, sx.stx_nlink, sx.stx_mode & 0777);
#endif
    show("mknod fifo", mkfifo("fifo", 0600));
    lstat("fifo", &st);
    printf("fifo %d\n", S_ISFIFO(st.st_mode));
    close(dfd);
    const char *all[] = { "a", "b", "s", "d", "u", "hard", "fifo", "sub/up" };
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
        unlink(all[i]);
    rmdir("sub");
    chdir("..");
    show("rmdir", rmdir(dir));
    return 0;
}
