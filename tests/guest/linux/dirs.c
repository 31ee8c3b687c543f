/* dirs.c - directory streams (read, rewind, seekdir/telldir, fdopendir),
 * scandir with sort, glob and fnmatch patterns, realpath, getcwd/chdir/
 * fchdir, nftw; all listings sorted so directory order does not matter. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static char *names[512];
static int nnames;

static void list(DIR *d, const char *label)
{
    struct dirent *e;
    nnames = 0;
    while ((e = readdir(d)))
        names[nnames++] = strdup(e->d_name);
    qsort(names, nnames, sizeof names[0], cmp);
    printf("%s (%d):", label, nnames);
    for (int i = 0; i < nnames && i < 12; i++)
        printf(" %s", names[i]);
    printf("\n");
}

static int walk_count, walk_dirs;
static char walked[64][64];
static int walker(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    snprintf(walked[walk_count++], 64, "%s:%d:%d", path, flag, ftw->level);
    walk_dirs += S_ISDIR(st->st_mode);
    return 0;
}

static int only_c(const struct dirent *e) { return fnmatch("*.c", e->d_name, 0) == 0; }

int main(void)
{
    char dir[] = "dirs-XXXXXX";
    mkdtemp(dir);
    char start[PATH_MAX];
    getcwd(start, sizeof start);
    chdir(dir);
    const char *files[] = { "main.c", "util.c", "util.h", "README", ".hidden", "a b.txt", "x1.c", "x22.c" };
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
        close(open(files[i], O_CREAT | O_WRONLY, 0644));
    mkdir("src", 0755);
    mkdir("src/deep", 0755);
    close(open("src/deep/leaf.c", O_CREAT | O_WRONLY, 0644));
    for (int i = 0; i < 300; i++) {
        char n[32];
        snprintf(n, sizeof n, "src/f%03d", i);
        close(open(n, O_CREAT | O_WRONLY, 0644));
    }
    DIR *d = opendir(".");
    list(d, "readdir");
    rewinddir(d);
    struct dirent *e;
    int again = 0;
    long pos = -1;
    char at[256] = "";
    while ((e = readdir(d))) {
        if (++again == 4) { pos = telldir(d); }
        if (again == 5) strcpy(at, e->d_name);
    }
    printf("rewind count %d\n", again);
    seekdir(d, pos);
    e = readdir(d);
    printf("seekdir returns same entry: %d\n", e && !strcmp(e->d_name, at));
    closedir(d);
    for (int i = 0; i < nnames; i++) free(names[i]);
    int fd = open("src", O_RDONLY | O_DIRECTORY);
    d = fdopendir(fd);
    list(d, "fdopendir src");
    printf("dirfd same %d\n", dirfd(d) == fd);
    closedir(d);
    for (int i = 0; i < nnames; i++) free(names[i]);
    struct dirent **nl;
    int n = scandir(".", &nl, only_c, alphasort);
    printf("scandir *.c %d:", n);
    for (int i = 0; i < n; i++) { printf(" %s", nl[i]->d_name); free(nl[i]); }
    free(nl);
    printf("\n");
    glob_t g;
    int r = glob("*.[ch]", 0, NULL, &g);
    printf("glob *.[ch] %d %zu:", r, g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    globfree(&g);
    r = glob("src/*/*.c", 0, NULL, &g);
    printf("\nglob src/*/*.c %d %zu: %s\n", r, g.gl_pathc, g.gl_pathc ? g.gl_pathv[0] : "");
    globfree(&g);
    r = glob("src/f1?[05]", GLOB_MARK, NULL, &g);
    printf("glob src/f1?[05] %zu first %s last %s\n", g.gl_pathc, g.gl_pathv[0], g.gl_pathv[g.gl_pathc - 1]);
    globfree(&g);
    r = glob("nomatch*", GLOB_NOCHECK, NULL, &g);
    printf("glob nocheck %d %s; ", r, g.gl_pathv[0]);
    globfree(&g);
    printf("nomatch %d\n", glob("nomatch*", 0, NULL, &g) == GLOB_NOMATCH);
    struct { const char *p, *s; int f; } fm[] = {
        { "*.c", "a.c", 0 }, { "*.c", ".a.c", FNM_PERIOD }, { "a/*", "a/b/c", FNM_PATHNAME }, { "a/*", "a/b/c", 0 },
        { "[!a-c]x", "dx", 0 }, { "[!a-c]x", "bx", 0 }, { "\\*", "*", 0 }, { "\\*", "*", FNM_NOESCAPE },
        { "HELLO", "hello", FNM_CASEFOLD }, { "a?c", "a/c", FNM_PATHNAME }, { "*[[:digit:]]", "v8", 0 },
    };
    printf("fnmatch:");
    for (unsigned i = 0; i < sizeof fm / sizeof fm[0]; i++)
        printf(" %d", fnmatch(fm[i].p, fm[i].s, fm[i].f) == 0);
    printf("\n");
    symlink("src/deep", "link");
    char rp[PATH_MAX], cwd[PATH_MAX];
    getcwd(cwd, sizeof cwd);
    realpath("link/../deep/./leaf.c", rp);
    printf("realpath relative to cwd: %s\n", strncmp(rp, cwd, strlen(cwd)) ? rp : rp + strlen(cwd));
    errno = 0;
    printf("realpath missing %p errno %d\n", (void *)realpath("link/missing/x", rp), errno);
    int here = open(".", O_RDONLY);
    chdir("src/deep");
    getcwd(rp, sizeof rp);
    printf("chdir: %s\n", rp + strlen(cwd));
    fchdir(here);
    getcwd(rp, sizeof rp);
    printf("fchdir back: %d\n", !strcmp(rp, cwd));
    close(here);
    errno = 0;
    printf("getcwd small buffer %p errno %d\n", (void *)getcwd(rp, 2), errno);
    nftw("src/deep", walker, 8, FTW_PHYS);
    qsort(walked, walk_count, sizeof walked[0], (int (*)(const void *, const void *))strcmp);
    printf("nftw %d dirs %d:", walk_count, walk_dirs);
    for (int i = 0; i < walk_count; i++) printf(" %s", walked[i]);
    printf("\n");
    errno = 0;
    printf("opendir file %p errno %d\n", (void *)opendir("main.c"), errno);
    printf("rmdir nonempty %d errno %d\n", rmdir("src"), errno);
    chdir(start);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    printf("cleanup %d\n", system(cmd));
    return 0;
}
