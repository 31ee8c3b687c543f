// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* CreateFile with every creation disposition on missing and existing files,
 * with the last error Windows sets on success (ERROR_ALREADY_EXISTS) and on
 * failure; directories, bad names, devices, W form. */
#include "file_test.h"

static const char *names[] = { "?", "CREATE_NEW", "CREATE_ALWAYS", "OPEN_EXISTING", "OPEN_ALWAYS", "TRUNCATE_EXISTING" };

static void try(const char *label, const char *path, DWORD access, DWORD disp, DWORD flags)
{
    SetLastError(0xdeadbeef);
    HANDLE h = CreateFileA(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, disp, flags, NULL);
    DWORD err = GLE();
    DWORD size = h != INVALID_HANDLE_VALUE ? GetFileSize(h, NULL) : 0;
    out("%s %s(%s): %s err=%u", label, disp <= 5 ? names[disp] : "bad", path,
        h != INVALID_HANDLE_VALUE ? "ok" : "fail", err);
    if (h != INVALID_HANDLE_VALUE) {
        out(" size=%u", size);
        CloseHandle(h);
    }
    out("\n");
}

static void make(const char *path, const char *data)
{
    DWORD n;
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(h, data, str_len(data), &n, NULL);
    CloseHandle(h);
}

int main(void)
{
    for (DWORD d = CREATE_NEW; d <= TRUNCATE_EXISTING; d++) {
        DeleteFileA("f.txt");
        try("missing", "f.txt", GENERIC_READ | GENERIC_WRITE, d, 0);
        make("f.txt", "abcdef");
        try("existing", "f.txt", GENERIC_READ | GENERIC_WRITE, d, 0);
    }
    out("attrs after CREATE_ALWAYS: %x\n", GetFileAttributesA("f.txt"));
    make("g.txt", "abc");
    try("no write", "g.txt", GENERIC_READ, TRUNCATE_EXISTING, 0);
    try("bad disposition", "g.txt", GENERIC_READ, 0, 0);
    try("bad disposition", "g.txt", GENERIC_READ, 6, 0);
    try("access 0", "g.txt", 0, OPEN_EXISTING, 0);
    try("case", "G.TXT", GENERIC_READ, OPEN_EXISTING, 0);
    try("missing dir", "nodir\\x.txt", GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, 0);
    try("missing dir", "nodir\\x.txt", GENERIC_READ, OPEN_EXISTING, 0);
    try("file as dir", "g.txt\\x.txt", GENERIC_READ, OPEN_EXISTING, 0);
    try("trailing slash", "g.txt\\", GENERIC_READ, OPEN_EXISTING, 0);
    try("empty", "", GENERIC_READ, OPEN_EXISTING, 0);
    try("wildcard", "g*.txt", GENERIC_READ, OPEN_EXISTING, 0);
    try("trailing dot", "g.txt.", GENERIC_READ, OPEN_EXISTING, 0);
    try("trailing space", "g.txt ", GENERIC_READ, OPEN_EXISTING, 0);
    try("forward slash", "./g.txt", GENERIC_READ, OPEN_EXISTING, 0);

    CreateDirectoryA("sub", NULL);
    try("dir", "sub", GENERIC_READ, OPEN_EXISTING, 0);
    try("dir backup", "sub", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    try("dir backup", "sub\\", 0, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    try("dir", "sub", GENERIC_READ, CREATE_NEW, FILE_FLAG_BACKUP_SEMANTICS);
    try("dir", "sub", GENERIC_WRITE, CREATE_ALWAYS, 0);
    try("in dir", "SUB\\new.txt", GENERIC_WRITE, CREATE_NEW, 0);
    try("in dir", "sub\\NEW.TXT", GENERIC_READ, OPEN_EXISTING, 0);

    HANDLE h = CreateFileA("sub", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    DWORD n;
    char c;
    SetLastError(0xdeadbeef);
    BOOL ok = ReadFile(h, &c, 1, &n, NULL);
    DWORD err = GLE();
    out("read dir: %d err=%u type=%u\n", ok, err, GetFileType(h));
    CloseHandle(h);

    /* NUL swallows everything */
    h = CreateFileA("nul", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok = WriteFile(h, "abc", 3, &n, NULL);
    out("nul: %d write %d n=%u type=%u\n", h != INVALID_HANDLE_VALUE, ok, n, GetFileType(h));
    n = 5;
    ok = ReadFile(h, &c, 1, &n, NULL);
    out("nul read: %d n=%u\n", ok, n);
    CloseHandle(h);
    h = CreateFileA("sub\\NUL.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    out("nul.txt: %d type=%u\n", h != INVALID_HANDLE_VALUE, GetFileType(h));
    CloseHandle(h);

    /* W form, non-ASCII names */
    SetLastError(0xdeadbeef);
    h = CreateFileW(L"\u00e9t\u00e9.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    out("W create: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFileW(L"\u00c9T\u00c9.TXT", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    out("W open other case: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFileW(L"\u00e9t\u00e9.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    out("W create again: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    SetLastError(0xdeadbeef);
    h = CreateFileW(NULL, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    out("W NULL: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    return 0;
}
