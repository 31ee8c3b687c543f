// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* The A functions speak the ANSI code page (1252 on an en-US Windows), the
 * W functions UTF-16, about the same names: a name made with one is found
 * with the other, and characters 1252 lacks come back as '?' in A. */
#include "file_test.h"

static void hex(const char *label, const char *s)
{
    out("%s:", label);
    for (; *s; s++)
        out(" %02x", (unsigned char)*s);
    out("\n");
}

int main(void)
{
    out("ACP=%u\n", GetACP());
    HANDLE h = CreateFileA("caf\xe9.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    out("create A: %d\n", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    WIN32_FIND_DATAW wfd;
    h = FindFirstFileW(L"caf*", &wfd);
    out("found W: %d last=%x len=%d\n", h != INVALID_HANDLE_VALUE, wfd.cFileName[3], wstr_len(wfd.cFileName));
    FindClose(h);
    WIN32_FIND_DATAA fd;
    h = FindFirstFileA("CAF\xc9.TXT", &fd);
    out("found A (other case): %d\n", h != INVALID_HANDLE_VALUE);
    hex("name A", fd.cFileName);
    FindClose(h);
    out("attrs W: %x\n", GetFileAttributesW(L"caf\u00e9.txt"));

    CreateDirectoryW(L"\u0416\u00e9", NULL);   /* Cyrillic Zhe has no 1252 byte */
    h = FindFirstFileA("?\xe9", &fd);
    out("found dir A: %d\n", h != INVALID_HANDLE_VALUE);
    hex("dir A", fd.cFileName);
    FindClose(h);
    SetCurrentDirectoryW(L"\u0416\u00e9");
    char cwd[MAX_PATH];
    DWORD n = GetCurrentDirectoryA(MAX_PATH, cwd);
    hex("cwd tail A", cwd + n - 3);
    WCHAR wcwd[MAX_PATH];
    n = GetCurrentDirectoryW(MAX_PATH, wcwd);
    out("cwd tail W: %x %x\n", wcwd[n - 2], wcwd[n - 1]);
    SetCurrentDirectoryA("..");

    char full[MAX_PATH], *part;
    n = GetFullPathNameA("x\\\xe9t\xe9.txt", MAX_PATH, full, &part);
    hex("file part A", part);
    out("part offset ok: %d\n", part == full + n - 7);
    BOOL ok = MoveFileA("caf\xe9.txt", "th\xe9.txt");
    out("move A: %d\n", ok);
    out("exists W: %d\n", GetFileAttributesW(L"th\u00e9.txt") != INVALID_FILE_ATTRIBUTES);
    ok = DeleteFileW(L"TH\u00c9.TXT");
    out("delete W other case: %d\n", ok);
    return 0;
}
