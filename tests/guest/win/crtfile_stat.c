/* crtfile_stat: msvcrt's file-name functions: _stat in its layouts
 * (st_mode as msvcrt derives it, st_dev as the drive), _access modes,
 * _chmod making a file read-only (and _unlink refusing it), _utime setting
 * fixed times, _unlink errors, _mktemp and _tempnam. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <io.h>
#include <direct.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/utime.h>

#define SHOW(label, expr) do { errno = 0; int r_ = (expr); printf("%s: %d errno=%d\n", label, r_, errno); } while (0)

static void touch(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void st(const char *path)
{
    struct _stat64 s;
    errno = 0;
    int r = _stat64(path, &s);
    if (r) {
        printf("_stat64(%s): %d errno=%d\n", path, r, errno);
        return;
    }
    printf("_stat64(%s): mode=%06o size=%lld nlink=%d dev_is_drive=%d ino=%d uid=%d\n", path, s.st_mode,
           (long long)s.st_size, s.st_nlink, s.st_dev == s.st_rdev && s.st_dev < 26, s.st_ino, s.st_uid);
}

int main(void)
{
    char cwd[260];
    _getcwd(cwd, sizeof cwd);
    int drive = (cwd[0] & ~0x20) - 'A';

    touch("file.txt", "hello, world");
    touch("prog.exe", "MZ");
    touch("script.BAT", "@echo off");
    _mkdir("folder");
    st("file.txt");
    st("prog.exe");
    st("script.BAT");
    st("folder");
    st("FILE.TXT");
    st("folder\\");
    st("file.txt\\");
    st("missing.txt");
    st("missing\\x");
    st("file*.txt");

    struct _stati64 si;
    _stati64("file.txt", &si);
    printf("_stati64: size=%lld dev=%d\n", (long long)si.st_size, si.st_dev == drive);
    struct _stat sd;
    _stat("folder", &sd);
    printf("_stat: mode=%06o dev=%d\n", sd.st_mode, sd.st_dev == drive);
    struct _stat64i32 w;
    _wstat(L"file.txt", (struct _stat *)&w);
    printf("_wstat: size=%ld\n", (long)w.st_size);

    SHOW("_access exists", _access("file.txt", 0));
    SHOW("_access rw", _access("file.txt", 6));
    SHOW("_access dir w", _access("folder", 2));
    SHOW("_access missing", _access("nope", 0));
    SHOW("_waccess", _waccess(L"FOLDER", 4));

    SHOW("_chmod read-only", _chmod("file.txt", _S_IREAD));
    st("file.txt");
    SHOW("_access w on read-only", _access("file.txt", 2));
    SHOW("_unlink read-only", _unlink("file.txt"));
    SHOW("_chmod writable", _chmod("file.txt", _S_IREAD | _S_IWRITE));
    SHOW("_chmod missing", _chmod("nope", _S_IWRITE));

    struct _utimbuf ut = { 1000000000, 1234567890 };
    SHOW("_utime", _utime("file.txt", &ut));
    struct _stat64 s;
    _stat64("file.txt", &s);
    printf("times: atime=%lld mtime=%lld\n", (long long)s.st_atime, (long long)s.st_mtime);
    SHOW("_utime missing", _utime("nope", &ut));
    SHOW("_utime NULL (now)", _utime("file.txt", NULL));
    _stat64("file.txt", &s);
    printf("mtime now: %d\n", s.st_mtime > 1600000000);

    SHOW("_unlink", _unlink("file.txt"));
    SHOW("_unlink again", _unlink("file.txt"));
    SHOW("_unlink dir", _unlink("folder"));
    SHOW("_wunlink", _wunlink(L"prog.exe"));

    char tmpl[] = "tmpXXXXXX";
    char *t = _mktemp(tmpl);
    printf("_mktemp: %s len=%d first=%c\n", t ? "ok" : "NULL", (int)strlen(tmpl), tmpl[3]);
    touch(tmpl, "");
    char tmpl2[] = "tmpXXXXXX";
    _mktemp(tmpl2);
    printf("_mktemp next letter: %c same tail: %d\n", tmpl2[3], !strcmp(tmpl + 4, tmpl2 + 4));
    char bad[] = "tmpXXX";
    SHOW("_mktemp bad", _mktemp(bad) != NULL);

    _putenv("TMP=");
    _mkdir("tmpdir");
    char *tn = _tempnam("tmpdir", "pre");
    printf("_tempnam: %s\n", tn ? "ok" : "NULL");
    if (tn) {
        char *base = strrchr(tn, '\\');
        printf("  in tmpdir: %d prefix: %d absolute: %d\n", base && base - tn >= 6 && !_strnicmp(base - 6, "tmpdir", 6),
               base && !strncmp(base + 1, "pre", 3), tn[1] == ':');
        free(tn);
    }
    return 0;
}
