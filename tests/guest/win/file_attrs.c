// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* File attributes: what new files and directories get, SetFileAttributes
 * round trips (read-only, hidden, system, archive), read-only really
 * protecting the file, CREATE_ALWAYS over hidden files, GetFileAttributesEx,
 * GetFileInformationByHandle(Ex), and file times.
 *
 * The .expected has Windows' results, written by hand where Wine differs
 * (checked against mimic's output line by line):
 * - Wine runs as root here, and it decides "read-only" by the Unix
 *   permission check, which root passes: so on Wine a read-only file can be
 *   opened for writing, truncated with CREATE_ALWAYS, overwritten by CopyFile and replaced by
 *   MoveFileEx. Windows refuses all four with ERROR_ACCESS_DENIED (5).
 * - Wine always reports FILE_ATTRIBUTE_ARCHIVE on files; Windows reports
 *   exactly what SetFileAttributes set (READONLY alone is 1, NORMAL is 0x80).
 * - Wine ignores READONLY on directories; Windows keeps it (0x11).
 * - CREATE_ALWAYS over a hidden file without FILE_ATTRIBUTE_HIDDEN fails
 *   with ERROR_ACCESS_DENIED on Windows (documented); Wine opens it.
 * - SetFileTime through a GENERIC_READ handle (no FILE_WRITE_ATTRIBUTES)
 *   fails with ERROR_ACCESS_DENIED on Windows; Wine sets the time. */
#include "file_test.h"

#define CHECK(label, call) do { SetLastError(0xdeadbeef); BOOL ok_ = (call); \
    out("%s: %d err=%u\n", label, ok_, ok_ ? 0 : GLE()); } while (0)

static void attrs(const char *label, const char *path)
{
    SetLastError(0xdeadbeef);
    DWORD a = GetFileAttributesA(path);
    out("%s: %x err=%u\n", label, a, a == INVALID_FILE_ATTRIBUTES ? GLE() : 0);
}

int main(void)
{
    DWORD n;
    HANDLE h = CreateFileA("f.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    WriteFile(h, "0123456789", 10, &n, NULL);
    CloseHandle(h);
    CreateDirectoryA("dir", NULL);
    attrs("new file", "f.txt");
    attrs("new dir", "dir");
    attrs("dir with slash", "dir\\");
    attrs("missing", "none.txt");
    attrs("missing dir", "nodir\\none.txt");
    attrs("wildcard", "f*.txt");
    attrs("W", "F.TXT");
    out("W form: %x\n", GetFileAttributesW(L"f.txt"));

    CHECK("set readonly", SetFileAttributesA("f.txt", FILE_ATTRIBUTE_READONLY));
    attrs("readonly", "f.txt");
    SetLastError(0xdeadbeef);
    h = CreateFileA("f.txt", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    out("open readonly for write: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFileA("f.txt", GENERIC_READ, 0, NULL, CREATE_ALWAYS, 0, NULL);
    out("CREATE_ALWAYS readonly: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    h = CreateFileA("f.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    out("open readonly for read: %d size=%u\n", h != INVALID_HANDLE_VALUE, GetFileSize(h, NULL));
    CloseHandle(h);
    CHECK("delete readonly", DeleteFileA("f.txt"));
    CopyFileA("f.txt", "b.txt", FALSE);
    SetFileAttributesA("b.txt", FILE_ATTRIBUTE_NORMAL);
    CHECK("copy onto readonly", CopyFileA("b.txt", "f.txt", FALSE));
    CHECK("copy readonly", CopyFileA("f.txt", "g.txt", FALSE));
    attrs("copy of readonly", "g.txt");
    CHECK("move onto readonly", MoveFileExA("g.txt", "f.txt", MOVEFILE_REPLACE_EXISTING));
    CHECK("move readonly", MoveFileA("f.txt", "f2.txt"));
    CHECK("move back", MoveFileA("f2.txt", "f.txt"));

    CHECK("set hidden+system", SetFileAttributesA("f.txt", FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM));
    attrs("hidden+system", "f.txt");
    SetLastError(0xdeadbeef);
    h = CreateFileA("f.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    out("CREATE_ALWAYS over hidden: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFileA("f.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM, NULL);
    out("CREATE_ALWAYS with same attrs: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    CloseHandle(h);
    attrs("after CREATE_ALWAYS", "f.txt");
    h = CreateFileA("f.txt", GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0, NULL);
    out("TRUNCATE_EXISTING hidden: %d\n", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    CHECK("set normal", SetFileAttributesA("f.txt", FILE_ATTRIBUTE_NORMAL));
    attrs("normal", "f.txt");
    CHECK("set archive", SetFileAttributesW(L"f.txt", FILE_ATTRIBUTE_ARCHIVE));
    attrs("archive", "f.txt");
    CHECK("set on missing", SetFileAttributesA("none.txt", FILE_ATTRIBUTE_HIDDEN));
    CHECK("set dir hidden", SetFileAttributesA("dir", FILE_ATTRIBUTE_HIDDEN));
    attrs("hidden dir", "dir");
    CHECK("set dir readonly", SetFileAttributesA("dir", FILE_ATTRIBUTE_READONLY));
    attrs("readonly dir", "dir");
    h = CreateFileA("dir\\in.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_HIDDEN, NULL);
    out("create in readonly dir: %d\n", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    attrs("created hidden", "dir\\in.txt");
    SetFileAttributesA("dir", 0);
    attrs("dir reset", "dir");

    WIN32_FILE_ATTRIBUTE_DATA ad;
    SetLastError(0xdeadbeef);
    BOOL ok = GetFileAttributesExA("f.txt", GetFileExInfoStandard, &ad);
    out("attrs ex: %d attrs=%x size=%u:%u\n", ok, ad.dwFileAttributes, ad.nFileSizeHigh, ad.nFileSizeLow);
    SetLastError(0xdeadbeef);
    ok = GetFileAttributesExA("f.txt", 1, &ad);
    out("attrs ex bad level: %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = GetFileAttributesExW(L"none.txt", GetFileExInfoStandard, &ad);
    out("attrs ex missing: %d err=%u\n", ok, GLE());
    ok = GetFileAttributesExW(L"dir", GetFileExInfoStandard, &ad);
    out("attrs ex dir: %d attrs=%x size=%u\n", ok, ad.dwFileAttributes, ad.nFileSizeLow);

    /* times: set a known last-write time and read it back everywhere */
    h = CreateFileA("t.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    WriteFile(h, "abc", 3, &n, NULL);
    FILETIME w = { 0x12345670, 0x01d00000 }, a = { 0x76543210, 0x01d10000 }, r1, r2, r3;
    SetLastError(0xdeadbeef);
    ok = SetFileTime(h, NULL, &a, &w);
    out("set time: %d\n", ok);
    ok = GetFileTime(h, &r1, &r2, &r3);
    out("get time: %d access=%08x%08x write=%08x%08x\n", ok, r2.dwHighDateTime, r2.dwLowDateTime,
        r3.dwHighDateTime, r3.dwLowDateTime);
    BY_HANDLE_FILE_INFORMATION info;
    ok = GetFileInformationByHandle(h, &info);
    out("info: %d attrs=%x size=%u links=%u write=%08x%08x\n", ok, info.dwFileAttributes, info.nFileSizeLow,
        info.nNumberOfLinks, info.ftLastWriteTime.dwHighDateTime, info.ftLastWriteTime.dwLowDateTime);
    FILE_STANDARD_INFO si;
    ok = GetFileInformationByHandleEx(h, FileStandardInfo, &si, sizeof si);
    out("standard: %d eof=%I64d links=%u dir=%d delete=%d\n", ok, si.EndOfFile.QuadPart, si.NumberOfLinks,
        si.Directory, si.DeletePending);
    FILE_BASIC_INFO bi;
    ok = GetFileInformationByHandleEx(h, FileBasicInfo, &bi, sizeof bi);
    out("basic: %d attrs=%x write=%I64x\n", ok, bi.FileAttributes, bi.LastWriteTime.QuadPart);
    SetLastError(0xdeadbeef);
    ok = GetFileInformationByHandleEx(h, FileBasicInfo, &bi, 8);
    out("basic short: %d err=%u\n", ok, GLE());
    CloseHandle(h);
    ok = GetFileAttributesExA("t.txt", GetFileExInfoStandard, &ad);
    out("by name: write=%08x%08x\n", ad.ftLastWriteTime.dwHighDateTime, ad.ftLastWriteTime.dwLowDateTime);
    h = CreateFileA("t.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok = SetFileTime(h, NULL, NULL, &a);
    out("set time on read handle: %d err=%u\n", ok, GLE());
    CloseHandle(h);
    h = CreateFileA("t.txt", FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok = SetFileTime(h, NULL, NULL, &a);
    out("set time with FILE_WRITE_ATTRIBUTES: %d\n", ok);
    CloseHandle(h);
    GetFileAttributesExA("t.txt", GetFileExInfoStandard, &ad);
    out("write now: %08x%08x\n", ad.ftLastWriteTime.dwHighDateTime, ad.ftLastWriteTime.dwLowDateTime);

    /* attributes given at creation */
    h = CreateFileA("ro.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN, NULL);
    ok = WriteFile(h, "x", 1, &n, NULL);
    out("write to new readonly file: %d\n", ok);
    CloseHandle(h);
    attrs("created readonly+hidden", "ro.txt");
    SetFileAttributesA("ro.txt", FILE_ATTRIBUTE_NORMAL);
    CHECK("delete after clearing", DeleteFileA("ro.txt"));
    return 0;
}
