// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* Sharing modes between the handles of one process (ERROR_SHARING_VIOLATION),
 * FILE_FLAG_DELETE_ON_CLOSE, DeleteFile and MoveFile against open handles,
 * and LockFile/UnlockFile byte ranges.
 * Wine differs from Windows on the locks, and the .expected has Windows'
 * results there, written by hand: Windows' locks are mandatory, so a read or
 * write through another handle that overlaps an exclusive lock, and any write
 * over a shared lock (even by its owner), fails with ERROR_LOCK_VIOLATION (33);
 * Wine does not check locks in ReadFile/WriteFile. UnlockFile of a range
 * that is not locked fails with ERROR_NOT_LOCKED (158) on Windows, 33 on Wine. */
#include "file_test.h"

static HANDLE open_(const char *path, DWORD access, DWORD share, DWORD disp, DWORD flags, const char *label)
{
    SetLastError(0xdeadbeef);
    HANDLE h = CreateFileA(path, access, share, NULL, disp, flags, NULL);
    out("%s: %s err=%u\n", label, h != INVALID_HANDLE_VALUE ? "ok" : "fail", GLE());
    return h;
}

static void close_(HANDLE h)
{
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
}

static void exists(const char *path)
{
    out("  %s exists: %d\n", path, GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES);
}

int main(void)
{
    HANDLE a, b;
    DWORD n;
    BOOL ok;

    a = open_("s.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, CREATE_NEW, 0, "first rw share-read");
    WriteFile(a, "0123456789", 10, &n, NULL);
    b = open_("s.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0, "read share-read");
    close_(b);
    b = open_("s.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0, "read share-rw");
    close_(b);
    b = open_("s.txt", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0, "write share-rw");
    close_(b);
    b = open_("s.txt", 0, 0, OPEN_EXISTING, 0, "attributes only share-none");
    close_(b);
    b = open_("s.txt", GENERIC_READ, 0, OPEN_EXISTING, 0, "read share-none");
    close_(b);
    b = open_("s.txt", GENERIC_READ, FILE_SHARE_READ, CREATE_ALWAYS, 0, "CREATE_ALWAYS while open");
    close_(b);
    out("size kept: %u\n", GetFileSize(a, NULL));
    SetLastError(0xdeadbeef);
    ok = DeleteFileA("s.txt");
    out("delete while open (no share-delete): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = MoveFileA("s.txt", "t.txt");
    out("move while open (no share-delete): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = CopyFileA("s.txt", "c.txt", FALSE);
    out("copy while open for write (share-read): %d err=%u\n", ok, GLE());
    close_(a);
    a = open_("s.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0, "reader share-rw");
    b = open_("s.txt", GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING, 0, "writer share-read (reader exists)");
    close_(b);
    b = open_("s.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0, "reader share-read");
    close_(b);
    SetLastError(0xdeadbeef);
    ok = CopyFileA("s.txt", "c.txt", FALSE);
    out("copy while open for read: %d err=%u\n", ok, GLE());
    close_(a);

    /* delete-on-close: gone when the last handle goes */
    a = open_("doc.txt", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE, "create delete-on-close");
    WriteFile(a, "temp", 4, &n, NULL);
    exists("doc.txt");
    b = open_("doc.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0, "open it without share-delete");
    close_(b);
    b = open_("doc.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0, "open it with share-delete");
    close_(a);
    exists("doc.txt");
    close_(b);
    exists("doc.txt");
    a = open_("doc.txt", GENERIC_READ, 0, OPEN_EXISTING, 0, "reopen after delete");

    /* delete-on-close needs a file that may be deleted */
    a = open_("ro.txt", GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY, "create read-only");
    close_(a);
    a = open_("ro.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE, "delete-on-close of read-only");
    close_(a);
    SetFileAttributesA("ro.txt", FILE_ATTRIBUTE_NORMAL);
    DeleteFileA("ro.txt");

    /* DeleteFile with share-delete handles open: the name goes at once or at the close */
    a = open_("d2.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_NEW, 0, "create share-delete");
    WriteFile(a, "keep", 4, &n, NULL);
    SetLastError(0xdeadbeef);
    ok = DeleteFileA("d2.txt");
    out("delete while open (share-delete): %d err=%u\n", ok, GLE());
    char buf[8] = { 0 };
    SetFilePointer(a, 0, NULL, FILE_BEGIN);
    ok = ReadFile(a, buf, 4, &n, NULL);
    out("read after delete: %d '%s'\n", ok, buf);
    close_(a);
    exists("d2.txt");

    /* byte-range locks */
    a = open_("lk.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_NEW, 0, "lock file");
    WriteFile(a, "abcdefghij", 10, &n, NULL);
    b = open_("lk.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0, "second handle");
    SetLastError(0xdeadbeef);
    ok = LockFile(a, 2, 0, 4, 0);
    out("lock 2..5: %d err=%x\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = LockFile(b, 4, 0, 2, 0);
    out("lock 4..5 by other: %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = LockFile(a, 5, 0, 1, 0);
    out("lock 5 again by owner: %d err=%u\n", ok, GLE());
    SetFilePointer(b, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok = ReadFile(b, buf, 4, &n, NULL);
    out("other reads 0..3: %d n=%u err=%u\n", ok, n, GLE());
    SetFilePointer(b, 6, NULL, FILE_BEGIN);
    ok = ReadFile(b, buf, 4, &n, NULL);
    out("other reads 6..9: %d n=%u\n", ok, n);
    SetFilePointer(a, 2, NULL, FILE_BEGIN);
    ok = ReadFile(a, buf, 4, &n, NULL);
    out("owner reads 2..5: %d n=%u\n", ok, n);
    SetFilePointer(b, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok = WriteFile(b, "zz", 2, &n, NULL);
    out("other writes 0..1: %d err=%x\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = UnlockFile(a, 2, 0, 3, 0);
    out("unlock wrong range: %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = UnlockFile(b, 2, 0, 4, 0);
    out("unlock by other: %d err=%u\n", ok, GLE());
    ok = UnlockFile(a, 2, 0, 4, 0);
    out("unlock: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = UnlockFile(a, 2, 0, 4, 0);
    out("unlock twice: %d err=%u\n", ok, GLE());
    SetFilePointer(b, 0, NULL, FILE_BEGIN);
    ok = ReadFile(b, buf, 4, &n, NULL);
    out("other reads after unlock: %d n=%u\n", ok, n);
    /* shared locks: others may lock shared too, nobody writes */
    OVERLAPPED ov = { 0 };
    ov.Offset = 0;
    ok = LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 5, 0, &ov);
    out("shared lock: %d\n", ok);
    ok = LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 5, 0, &ov);
    out("second shared lock: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov);
    out("exclusive over shared: %d err=%u\n", ok, GLE());
    SetFilePointer(a, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok = WriteFile(a, "Q", 1, &n, NULL);
    out("owner writes under shared lock: %d err=%u\n", ok, GLE());
    SetFilePointer(a, 0, NULL, FILE_BEGIN);
    ok = ReadFile(a, buf, 2, &n, NULL);
    out("owner reads under shared lock: %d n=%u\n", ok, n);
    close_(a);
    SetFilePointer(b, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok = WriteFile(b, "Q", 1, &n, NULL);
    out("write with b's shared lock left: %d err=%u\n", ok, GLE());
    ok = UnlockFileEx(b, 0, 5, 0, &ov);
    out("unlock b: %d\n", ok);
    SetFilePointer(b, 0, NULL, FILE_BEGIN);
    ok = WriteFile(b, "Q", 1, &n, NULL);
    out("write after all unlocked: %d\n", ok);
    close_(b);
    return 0;
}
