/* stdlib_misc: qsort/bsearch/qsort_s/_lfind/_lsearch calling back into the
 * program, msvcrt's rand sequence, div/ldiv/abs, bit rotations, the CRT
 * environment (getenv, _putenv, _putenv_s, getenv_s, _dupenv_s, wide
 * forms) and the path-name helpers (_splitpath, _makepath, _fullpath).
 *
 * Expected output: Wine 8.0, except getenv_s for a size query and for a
 * missing variable: Windows' CRT returns 0 for both (its source sets
 * *len = 0 and returns 0 when the variable is absent, and returns 0 when
 * asked for the size); Wine 8 returns ERANGE and EINVAL. And _fullpath
 * into too small a buffer sets errno to ERANGE on Windows (Wine: 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <search.h>
#include <errno.h>
#include <direct.h>

static int calls;

static int cmp_int(const void *a, const void *b)
{
    calls++;
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* qsort_s passes a context: sort descending by the key it names. */
static int cmp_ctx(void *ctx, const void *a, const void *b)
{
    int dir = *(int *)ctx;
    int x = *(const int *)a, y = *(const int *)b;
    return dir * ((x > y) - (x < y));
}

struct rec { int key; char name[12]; };
static int cmp_rec(const void *a, const void *b)
{
    return ((const struct rec *)a)->key - ((const struct rec *)b)->key;
}

int main(void)
{
    int r;
    int v[] = { 42, -7, 19, 0, 1000, 3, -100, 55, 8, 21, 13, 34 };
    int n = sizeof v / sizeof v[0];
    calls = 0;
    qsort(v, n, sizeof v[0], cmp_int);
    printf("qsort:");
    for (int i = 0; i < n; i++)
        printf(" %d", v[i]);
    printf(" (comparator called: %s)\n", calls > 0 ? "yes" : "no");
    int key = 55, *hit = bsearch(&key, v, n, sizeof v[0], cmp_int);
    printf("bsearch 55: index %d\n", hit ? (int)(hit - v) : -1);
    key = 56;
    printf("bsearch 56: %s\n", bsearch(&key, v, n, sizeof v[0], cmp_int) ? "found" : "NULL");
    key = -100;
    hit = bsearch(&key, v, n, sizeof v[0], cmp_int);
    printf("bsearch first: index %d\n", hit ? (int)(hit - v) : -1);

    const char *words[] = { "pear", "apple", "fig", "banana", "cherry" };
    qsort(words, 5, sizeof words[0], cmp_str);
    printf("words:");
    for (int i = 0; i < 5; i++)
        printf(" %s", words[i]);
    printf("\n");

    struct rec recs[] = { { 3, "three" }, { 1, "one" }, { 2, "two" } };
    qsort(recs, 3, sizeof recs[0], cmp_rec);
    printf("records: %s %s %s\n", recs[0].name, recs[1].name, recs[2].name);

    int dir = -1;
    qsort_s(v, n, sizeof v[0], cmp_ctx, &dir);
    printf("qsort_s desc:");
    for (int i = 0; i < n; i++)
        printf(" %d", v[i]);
    printf("\n");

    qsort(v, 0, sizeof v[0], cmp_int);     /* no elements: no call */
    int arr[8] = { 5, 9, 2 };
    unsigned num = 3;
    key = 9;
    int *f = _lfind(&key, arr, &num, sizeof arr[0], cmp_int);
    printf("_lfind 9: %d\n", f ? (int)(f - arr) : -1);
    key = 7;
    printf("_lfind 7: %s\n", _lfind(&key, arr, &num, sizeof arr[0], cmp_int) ? "found" : "NULL");
    f = _lsearch(&key, arr, &num, sizeof arr[0], cmp_int);
    printf("_lsearch 7: index %d num=%u arr[3]=%d\n", (int)(f - arr), num, arr[3]);

    /* rand: msvcrt's generator */
    printf("rand (unseeded):");
    for (int i = 0; i < 5; i++)
        printf(" %d", rand());
    printf("\n");
    srand(42);
    printf("rand (42):");
    for (int i = 0; i < 5; i++)
        printf(" %d", rand());
    printf("\n");
    srand(1);
    printf("rand (1): %d; RAND_MAX=%d\n", rand(), RAND_MAX);

    div_t d = div(-17, 5);
    ldiv_t ld = ldiv(2000000001L, -7L);
    printf("div: %d %d ldiv: %ld %ld\n", d.quot, d.rem, ld.quot, ld.rem);
    printf("abs: %d %ld %lld\n", abs(-5), labs(-2147483647L), _abs64(-9000000000LL));
    printf("_rotl: %08x _rotr: %08x _rotl64: %016llx\n", _rotl(0x80000001u, 1), _rotr(0x80000001u, 4),
           _rotl64(0x8000000000000001ull, 4));

    /* environment */
    printf("getenv unset: %s\n", getenv("MIMIC_CRT_TEST") ? "set" : "NULL");
    printf("_putenv: %d\n", _putenv("MIMIC_CRT_TEST=hello world"));
    printf("getenv: %s | case-insensitive: %s\n", getenv("MIMIC_CRT_TEST"), getenv("mimic_crt_test"));
    errno = 0;
    r = _putenv("NOEQUALS");
    printf("_putenv no '=': %d errno=%d\n", r, errno);
    size_t len = 0;
    char small[4], big[64];
    r = getenv_s(&len, NULL, 0, "MIMIC_CRT_TEST");
    printf("getenv_s size query: %d len=%d\n", r, (int)len);
    r = getenv_s(&len, small, sizeof small, "MIMIC_CRT_TEST");
    printf("getenv_s small: %d len=%d\n", r, (int)len);
    r = getenv_s(&len, big, sizeof big, "MIMIC_CRT_TEST");
    printf("getenv_s: %d len=%d %s\n", r, (int)len, big);
    r = getenv_s(&len, big, sizeof big, "MIMIC_CRT_NOPE");
    printf("getenv_s missing: %d len=%d [%s]\n", r, (int)len, big);
    r = _putenv_s("MIMIC_CRT_TWO", "2");
    printf("_putenv_s: %d -> %s\n", r, getenv("MIMIC_CRT_TWO"));
    printf("_putenv_s bad name: %d\n", _putenv_s("A=B", "x"));
    printf("_wgetenv: %d\n", !wcscmp(_wgetenv(L"MIMIC_CRT_TWO"), L"2"));
    _wputenv(L"MIMIC_CRT_WIDE=wide");
    printf("wide set, narrow read: %s\n", getenv("MIMIC_CRT_WIDE"));
    r = _putenv("MIMIC_CRT_TEST=");
    printf("remove: %d -> %s\n", r, getenv("MIMIC_CRT_TEST") ? "still set" : "NULL");
    int found = 0;
    for (char **e = _environ; *e; e++)
        if (!strncmp(*e, "MIMIC_CRT_TWO=", 14))
            found++;
    printf("_environ has MIMIC_CRT_TWO: %d\n", found);

    /* path names */
    char drive[_MAX_DRIVE], dir_[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT], path[_MAX_PATH];
    const char *paths[] = { "c:\\dir\\sub\\file.tar.gz", "relative/file", "x:name.", "\\\\server\\share\\a.b\\c",
                            "noext", ".hidden", "dir.d/" };
    for (int i = 0; i < 7; i++) {
        _splitpath(paths[i], drive, dir_, fname, ext);
        printf("_splitpath(%s): [%s] [%s] [%s] [%s]\n", paths[i], drive, dir_, fname, ext);
    }
    r = _splitpath_s("c:\\a\\b.txt", drive, sizeof drive, dir_, 2, fname, sizeof fname, ext, sizeof ext);
    printf("_splitpath_s small dir: %d [%s]\n", r, drive);
    _makepath(path, "c", "\\windows", "notepad", "exe");
    printf("_makepath: %s\n", path);
    _makepath(path, NULL, "dir/", "f", ".txt");
    printf("_makepath: %s\n", path);
    _makepath(path, "d:", NULL, "f", NULL);
    printf("_makepath: %s\n", path);
    r = _makepath_s(path, 5, "c", "dir", "file", "ext");
    printf("_makepath_s small: %d [%s]\n", r, path);

    _mkdir("sub");
    _chdir("sub");
    char cwd[_MAX_PATH], *full = _fullpath(path, "..\\x\\.\\y.txt", sizeof path);
    _getcwd(cwd, sizeof cwd);
    size_t cl = strlen(cwd);
    /* Print the result relative to the (test-dependent) current directory. */
    printf("_fullpath: %s\n", full && !strncmp(full, cwd, cl - 4) ? full + cl - 4 : "(other)");
    full = _fullpath(NULL, "a/b", 0);
    printf("_fullpath alloc: %s\n", full && !strncmp(full, cwd, cl) ? full + cl : "(other)");
    free(full);
    errno = 0;
    full = _fullpath(small, "abc", sizeof small);
    printf("_fullpath small: %s errno=%d\n", full ? "ok" : "NULL", errno);
    printf("_fullpath abs: %s\n", _fullpath(path, "c:\\a\\..\\b", sizeof path));
    return 0;
}
