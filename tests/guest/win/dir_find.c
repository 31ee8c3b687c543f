// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* CreateDirectory/RemoveDirectory with their errors, and FindFirstFile /
 * FindNextFile patterns: '*', '?', '*.*' (names without dots too), '*.',
 * case-insensitivity, '.' and '..', sizes and attributes, the A and W and
 * Ex forms, FILE_NOT_FOUND vs PATH_NOT_FOUND vs NO_MORE_FILES. Results are
 * printed sorted: the order of a listing is not guaranteed.
 *
 * Three lines of the .expected are Windows', written by hand: Win32 turns
 * '?' into NT's DOS_QM, which also matches nothing before a '.' or at the
 * end, so "readme?.txt" finds readme.txt and "????" finds every name of up
 * to four characters without a dot; and "*." (DOS_STAR, DOS_DOT) finds
 * the names without an extension, "." and ".." included. Wine's matcher
 * makes '?' exactly one character and ignores a trailing '.'. */
#include "file_test.h"

#define CHECK(label, call) do { SetLastError(0xdeadbeef); BOOL ok_ = (call); \
    out("%s: %d err=%u\n", label, ok_, ok_ ? 0 : GLE()); } while (0)

static char names[64][MAX_PATH];
static DWORD sizes[64], attrs[64];

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int cmp(const char *a, const char *b)
{
    while (*a && lower(*a) == lower(*b))
        a++, b++;
    return lower(*a) - lower(*b);
}
static void copy(char *d, const char *s) { while ((*d++ = *s++)); }

static void list(const char *pattern)
{
    WIN32_FIND_DATAA fd;
    SetLastError(0xdeadbeef);
    HANDLE h = FindFirstFileA(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE) {
        out("%s -> none, err=%u\n", pattern, GLE());
        return;
    }
    int n = 0;
    do {
        if (n < 64) {
            copy(names[n], fd.cFileName);
            sizes[n] = fd.nFileSizeLow;
            attrs[n] = fd.dwFileAttributes;
            n++;
        }
    } while (FindNextFileA(h, &fd));
    DWORD err = GLE();
    FindClose(h);
    for (int i = 1; i < n; i++)     /* insertion sort, case-insensitive */
        for (int j = i; j > 0 && cmp(names[j - 1], names[j]) > 0; j--) {
            char t[MAX_PATH];
            DWORD ts = sizes[j], ta = attrs[j];
            copy(t, names[j]);
            copy(names[j], names[j - 1]);
            copy(names[j - 1], t);
            sizes[j] = sizes[j - 1], sizes[j - 1] = ts;
            attrs[j] = attrs[j - 1], attrs[j - 1] = ta;
        }
    out("%s ->", pattern);
    for (int i = 0; i < n; i++)
        out(" %s", names[i]);
    out(" (end err=%u)\n", err);
}

static void make(const char *path, int size)
{
    DWORD n;
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    for (int i = 0; i < size; i++)
        WriteFile(h, "x", 1, &n, NULL);
    CloseHandle(h);
}

int main(void)
{
    CHECK("mkdir", CreateDirectoryA("top", NULL));
    CHECK("mkdir again", CreateDirectoryA("top", NULL));
    CHECK("mkdir other case", CreateDirectoryA("TOP", NULL));
    CHECK("mkdir nested missing", CreateDirectoryA("no\\such", NULL));
    CHECK("mkdir over file", (make("afile", 0), CreateDirectoryA("afile", NULL)));
    CHECK("mkdir empty", CreateDirectoryA("", NULL));
    CHECK("mkdir trailing slash", CreateDirectoryA("top\\sub\\", NULL));
    CHECK("mkdir W", CreateDirectoryW(L"w\u00e9", NULL));
    CHECK("mkdir ex", CreateDirectoryExW(L"top", L"top\\ex", NULL));

    make("top\\readme.txt", 5);
    make("top\\README2.TXT", 7);
    make("top\\data.bin", 3);
    make("top\\noext", 1);
    make("top\\a.b.c", 2);
    make("top\\x", 0);
    make("top\\sub\\deep.txt", 4);

    list("top\\*");
    list("top\\*.*");
    list("top\\*.txt");
    list("top\\*.TXT");
    list("top\\readme?.txt");
    list("top\\????");
    list("top\\*.");
    list("top\\*.b*");
    list("top\\a*c");
    list("top\\*e*");
    list("top\\readme.txt");
    list("TOP\\SUB\\*");
    list("top\\sub");
    list("top\\nothing*");
    list("top\\nothing");
    list("nodir\\*");
    list("top\\");
    list("top\\nul");
    list("top\\nul\\*");
    list("top\\nul*");
    list("nodir\\nul");

    /* sizes and attributes from the listing */
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA("top\\readme.txt", &fd);
    out("readme: size=%u:%u attrs=%x alt='%s'\n", fd.nFileSizeHigh, fd.nFileSizeLow, fd.dwFileAttributes,
        fd.cAlternateFileName);
    SetLastError(0xdeadbeef);
    BOOL ok = FindNextFileA(h, &fd);
    out("next after single: %d err=%u\n", ok, GLE());
    ok = FindClose(h);
    out("close: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = FindClose(INVALID_HANDLE_VALUE);
    out("close invalid: %d err=%u\n", ok, GLE());
    h = FindFirstFileA("top\\sub", &fd);
    out("sub: attrs=%x size=%u\n", fd.dwFileAttributes, fd.nFileSizeLow);
    FindClose(h);

    WIN32_FIND_DATAW wfd;
    h = FindFirstFileW(L"w*", &wfd);
    out("W: %S attrs=%x\n", h != INVALID_HANDLE_VALUE ? wfd.cFileName : L"-", wfd.dwFileAttributes);
    FindClose(h);
    h = FindFirstFileExW(L"top\\*.BIN", FindExInfoBasic, &wfd, FindExSearchNameMatch, NULL, FIND_FIRST_EX_LARGE_FETCH);
    out("ExW basic: %S size=%u\n", h != INVALID_HANDLE_VALUE ? wfd.cFileName : L"-", wfd.nFileSizeLow);
    FindClose(h);
    SetLastError(0xdeadbeef);
    h = FindFirstFileExA("top\\*", FindExInfoMaxInfoLevel, &fd, FindExSearchNameMatch, NULL, 0);
    out("Ex bad level: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    h = FindFirstFileExA("top\\*.bin", FindExInfoStandard, &fd, FindExSearchLimitToDirectories, NULL, 0);
    out("Ex limit to dirs (advisory): %d\n", h != INVALID_HANDLE_VALUE);
    FindClose(h);

    /* removing */
    CHECK("rmdir not empty", RemoveDirectoryA("top\\sub"));
    CHECK("rmdir file", RemoveDirectoryA("top\\x"));
    CHECK("rmdir missing", RemoveDirectoryA("top\\none"));
    CHECK("rmdir missing parent", RemoveDirectoryA("none\\none"));
    DeleteFileA("top\\sub\\deep.txt");
    CHECK("rmdir", RemoveDirectoryA("top\\SUB"));
    CHECK("rmdir again", RemoveDirectoryA("top\\sub"));
    CHECK("rmdir W", RemoveDirectoryW(L"W\u00c9"));
    HANDLE d = CreateFileA("top\\ex", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    CHECK("rmdir open without share-delete", RemoveDirectoryA("top\\ex"));
    CloseHandle(d);
    CHECK("rmdir after close", RemoveDirectoryA("top\\ex\\"));
    SetCurrentDirectoryA("top");
    CHECK("rmdir current dir", RemoveDirectoryA("..\\top"));
    SetCurrentDirectoryA("..");
    list("top\\*");
    return 0;
}
