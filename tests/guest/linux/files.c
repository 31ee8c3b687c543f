/* files.c - files and directories: create, write, seek, read, stat, rename, list, remove. */
// i386 reference: x86-64 (qemu-i386 passes 64-bit directory offsets to i386 readdir, which then fails)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    char dir[] = "/tmp/mimic-files-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    if (chdir(dir))
        return 1;
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    printf("write %zd\n", write(fd, "hello file world\n", 17));
    printf("lseek %ld\n", (long)lseek(fd, 6, SEEK_SET));
    char buf[32] = { 0 };
    printf("read %zd %s", read(fd, buf, sizeof buf - 1), buf);
    struct stat st;
    fstat(fd, &st);
    printf("size %ld mode %o\n", (long)st.st_size, st.st_mode & 0777);
    close(fd);
    FILE *f = fopen("b.txt", "w");
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %d\n", i);
    fclose(f);
    f = fopen("b.txt", "r");
    int n = 0;
    char line[64];
    while (fgets(line, sizeof line, f))
        n++;
    printf("lines %d pos %ld\n", n, ftell(f));
    fclose(f);
    mkdir("sub", 0755);
    rename("a.txt", "sub/c.txt");
    printf("open missing: %d %s\n", open("nope", O_RDONLY), strerror(errno));
    symlink("sub/c.txt", "link");
    char target[64] = { 0 };
    printf("readlink %zd %s\n", readlink("link", target, sizeof target), target);
    DIR *d = opendir(".");
    char *names[16];
    int k = 0;
    struct dirent *e;
    while ((e = readdir(d)) && k < 16)
        names[k++] = strdup(e->d_name);
    closedir(d);
    qsort(names, k, sizeof *names, cmp);
    for (int i = 0; i < k; i++)
        printf("%s ", names[i]);
    printf("\n");
    printf("access %d %d\n", access("sub/c.txt", R_OK), access("sub/none", F_OK));
    unlink("link");
    unlink("sub/c.txt");
    unlink("b.txt");
    rmdir("sub");
    chdir("/");
    printf("rmdir %d\n", rmdir(dir));
    return 0;
}
