/* crtdir_find: directory functions of msvcrt: _mkdir/_rmdir with their
 * errno values, _chdir/_getcwd/_getdcwd/_getdrive, and _findfirst/
 * _findnext/_findclose with '*' and '?' patterns matched case-
 * insensitively (narrow, 64-bit and wide forms). Names are collected and
 * sorted before printing, since the order of a listing is the file
 * system's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <io.h>
#include <direct.h>
#include <errno.h>
#include <wchar.h>

/* errno is read after the call (arguments have no evaluation order). */
#define SHOW(label, expr) do { errno = 0; int r_ = (expr); printf("%s: %d errno=%d\n", label, r_, errno); } while (0)

static int cmp(const void *a, const void *b) { return _stricmp(*(char *const *)a, *(char *const *)b); }

static void touch(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    if (!f) {
        printf("cannot create %s\n", name);
        return;
    }
    fputs(text, f);
    fclose(f);
}

static void list(const char *pattern)
{
    struct _finddata_t fd;
    char *names[64];
    int n = 0;
    errno = 0;
    intptr_t h = _findfirst(pattern, &fd);
    if (h == -1) {
        printf("%-14s -> none (errno=%d)\n", pattern, errno);
        return;
    }
    do {
        char item[300];
        snprintf(item, sizeof item, "%s%s%s(%lu)", fd.name, fd.attrib & _A_SUBDIR ? "/" : "",
                 fd.attrib & _A_RDONLY ? "[ro]" : "", (unsigned long)fd.size);
        names[n++] = _strdup(item);
    } while (n < 64 && _findnext(h, &fd) == 0);
    errno = 0;
    int end = _findnext(h, &fd);
    printf("%-14s -> %d:", pattern, n);
    qsort(names, n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf(" | next=%d errno=%d close=%d\n", end, errno, _findclose(h));
}

int main(void)
{
    char start[260], buf[260];
    _getcwd(start, sizeof start);
    size_t sl = strlen(start);

    SHOW("_mkdir", _mkdir("tdir"));
    SHOW("_mkdir again", _mkdir("tdir"));
    SHOW("_mkdir missing parent", _mkdir("nope\\sub"));
    printf("_chdir: %d\n", _chdir("tdir"));
    _getcwd(buf, sizeof buf);
    printf("_getcwd: ...%s (prefix kept: %d)\n", buf + sl, !strncmp(buf, start, sl));
    char *dyn = _getcwd(NULL, 0);
    printf("_getcwd(NULL): %d\n", dyn && !strcmp(dyn, buf));
    free(dyn);
    SHOW("_getcwd small", _getcwd(buf, 3) != NULL);
    int drive = _getdrive();
    printf("_getdrive matches cwd: %d\n", drive == (start[0] & ~0x20) - 'A' + 1);
    _getdcwd(0, buf, sizeof buf);
    printf("_getdcwd(0) ends in tdir: %d\n", strlen(buf) > 4 && !_stricmp(buf + strlen(buf) - 4, "tdir"));

    touch("alpha.txt", "12345");
    touch("Beta.TXT", "");
    touch("gamma.c", "int x;\n");
    touch("noext", "x");
    touch("a1.txt", "a");
    touch("ab.txt", "ab");
    _mkdir("subdir");
    _mkdir("sub.d");
    touch("subdir\\inner.txt", "inner");

    list("*");
    list("*.*");
    list("*.txt");
    list("*.TXT");
    list("a?.txt");
    list("?????.*");
    list("*.");
    list("sub*");
    list("subdir\\*.txt");
    list("nothing*");
    list("missing\\*");

    /* the 64-bit structure and the wide form */
    struct __finddata64_t f64;
    intptr_t h = _findfirst64("alpha.txt", &f64);
    printf("_findfirst64: %s size=%lld attrib=%#x time plausible=%d\n", f64.name, f64.size, f64.attrib,
           f64.time_write > 1600000000);
    _findclose(h);
    struct _wfinddata64i32_t wf;
    h = _wfindfirst(L"GAMMA.C", &wf);
    printf("_wfindfirst: %ls size=%lu\n", wf.name, (unsigned long)wf.size);
    _findclose(h);
    SHOW("_findclose bad", _findclose(12345));

    /* removing */
    SHOW("_rmdir non-empty", _rmdir("subdir"));
    SHOW("_rmdir file", _rmdir("noext"));
    SHOW("_rmdir missing", _rmdir("missing"));
    SHOW("_rmdir empty", _rmdir("sub.d"));
    SHOW("_chdir missing", _chdir("missing"));
    SHOW("_chdir file", _chdir("noext"));
    printf("_chdir ..: %d\n", _chdir(".."));
    _getcwd(buf, sizeof buf);
    printf("back at start: %d\n", !_stricmp(buf, start));
    _wchdir(L"tdir\\subdir");
    wchar_t wbuf[260];
    _wgetcwd(wbuf, 260);
    printf("_wgetcwd ends in subdir: %d\n", !_wcsicmp(wbuf + wcslen(wbuf) - 6, L"subdir"));
    return 0;
}
