// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* Create, write, read, seek, size and truncate round trips; SetFilePointer's
 * high-part and INVALID_SET_FILE_POINTER rules; reads at and past the end;
 * OVERLAPPED offsets on a synchronous handle; access checks.
 * Wine differs from Windows on one line, written by hand in the .expected:
 * SetEndOfFile on a handle without write access fails with
 * ERROR_ACCESS_DENIED (5) on Windows, ERROR_INVALID_PARAMETER (87) on Wine
 * (its ftruncate on a read-only fd). */
#include "file_test.h"

int main(void)
{
    DWORD n, hi, r;
    BOOL ok;
    char buf[64];
    HANDLE h;

    SetLastError(0xdeadbeef);
    h = CreateFileA("data.bin", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    out("create: %d err=%u type=%u\n", h != INVALID_HANDLE_VALUE, GLE(), GetFileType(h));
    ok = WriteFile(h, "hello, world", 12, &n, NULL);
    out("write: %d n=%u\n", ok, n);
    out("size: %u\n", GetFileSize(h, &hi));
    out("pos after write: %u\n", SetFilePointer(h, 0, NULL, FILE_CURRENT));

    /* read at the end: success, nothing */
    n = 99;
    ok = ReadFile(h, buf, sizeof buf, &n, NULL);
    out("read at eof: %d n=%u\n", ok, n);

    r = SetFilePointer(h, 7, NULL, FILE_BEGIN);
    ok = ReadFile(h, buf, 5, &n, NULL);
    buf[n] = 0;
    out("seek 7 -> %u, read %d n=%u '%s'\n", r, ok, n, buf);

    r = SetFilePointer(h, -5, NULL, FILE_END);
    out("seek end-5 -> %u\n", r);
    SetLastError(0xdeadbeef);
    r = SetFilePointer(h, -100, NULL, FILE_CURRENT);
    out("seek before start -> %x err=%u\n", r, GLE());
    out("pos unchanged: %u\n", SetFilePointer(h, 0, NULL, FILE_CURRENT));
    SetLastError(0xdeadbeef);
    r = SetFilePointer(h, 0, NULL, 7);
    out("bad method -> %x err=%u\n", r, GLE());

    /* the high part: a position past 4 GiB without writing there */
    LONG high = 1;
    SetLastError(0xdeadbeef);
    r = SetFilePointer(h, 16, &high, FILE_BEGIN);
    out("seek 4G+16 -> %u high=%d err=%x\n", r, high, GLE());
    high = -1;
    r = SetFilePointer(h, (DWORD)-1, &high, FILE_BEGIN);
    out("seek -1 with high -> %x high=%d err=%u\n", r, high, GLE());
    LARGE_INTEGER li, np;
    li.QuadPart = 0x1ffffffffLL;
    SetLastError(0xdeadbeef);
    ok = SetFilePointerEx(h, li, &np, FILE_BEGIN);
    out("ex 0x1ffffffff: %d pos=%I64x\n", ok, np.QuadPart);
    high = 0;
    SetLastError(0xdeadbeef);
    r = SetFilePointer(h, 0, &high, FILE_CURRENT);
    out("low 0xffffffff: r=%x high=%d err=%u\n", r, high, GLE());
    out("size still: %u\n", GetFileSize(h, NULL));

    /* extend with SetEndOfFile, then shrink */
    SetFilePointer(h, 20, NULL, FILE_BEGIN);
    ok = SetEndOfFile(h);
    out("extend to 20: %d size=%u pos=%u\n", ok, GetFileSize(h, NULL), SetFilePointer(h, 0, NULL, FILE_CURRENT));
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    ok = ReadFile(h, buf, sizeof buf, &n, NULL);
    out("read all: %d n=%u byte12=%d byte19=%d\n", ok, n, buf[12], buf[19]);
    SetFilePointer(h, 5, NULL, FILE_BEGIN);
    ok = SetEndOfFile(h);
    li.QuadPart = 0;
    GetFileSizeEx(h, &li);
    out("shrink to 5: %d size=%I64d\n", ok, li.QuadPart);
    ok = FlushFileBuffers(h);
    out("flush: %d\n", ok);

    /* OVERLAPPED offsets on a synchronous handle: the pointer follows */
    OVERLAPPED ov = { 0 };
    ov.Offset = 1;
    ok = ReadFile(h, buf, 3, &n, &ov);
    buf[n] = 0;
    out("read at 1: %d n=%u '%s' pos=%u\n", ok, n, buf, SetFilePointer(h, 0, NULL, FILE_CURRENT));
    ov.Offset = 100;
    SetLastError(0xdeadbeef);
    n = 99;
    ok = ReadFile(h, buf, 3, &n, &ov);
    out("overlapped read past eof: %d n=%u err=%u\n", ok, n, GLE());
    ov.Offset = 3;
    ok = WriteFile(h, "XYZ", 3, &n, &ov);
    out("write at 3: %d n=%u size=%u pos=%u\n", ok, n, GetFileSize(h, NULL), SetFilePointer(h, 0, NULL, FILE_CURRENT));
    ok = WriteFile(h, "", 0, &n, NULL);
    out("zero write: %d n=%u size=%u\n", ok, n, GetFileSize(h, NULL));
    SetLastError(0xdeadbeef);
    ok = CloseHandle(h);
    out("close: %d err=%x\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = CloseHandle(h);
    out("close again: %d err=%u\n", ok, GLE());

    /* access rights are enforced per handle */
    h = CreateFileA("data.bin", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok = WriteFile(h, "x", 1, &n, NULL);
    out("write on read handle: %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = SetEndOfFile(h);
    out("truncate on read handle: %d err=%u\n", ok, GLE());
    ok = ReadFile(h, buf, sizeof buf, &n, NULL);
    buf[n] = 0;
    out("content: %d n=%u '%s'\n", ok, n, buf);
    CloseHandle(h);
    h = CreateFileA("data.bin", GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok = ReadFile(h, buf, 1, &n, NULL);
    out("read on write handle: %d err=%u\n", ok, GLE());
    /* a duplicate shares the file position */
    HANDLE dup = NULL;
    ok = DuplicateHandle((HANDLE)-1 /* GetCurrentProcess() */, h, (HANDLE)-1 /* GetCurrentProcess() */, &dup, 0, FALSE, DUPLICATE_SAME_ACCESS);
    SetFilePointer(h, 2, NULL, FILE_BEGIN);
    out("dup: %d same=%d pos via dup=%u\n", ok, dup == h, SetFilePointer(dup, 0, NULL, FILE_CURRENT));
    CloseHandle(h);
    ok = WriteFile(dup, "!", 1, &n, NULL);
    out("write via dup after close: %d n=%u\n", ok, n);
    CloseHandle(dup);
    h = CreateFileA("data.bin", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok = ReadFile(h, buf, sizeof buf, &n, NULL);
    buf[n] = 0;
    out("final: '%s'\n", buf);
    CloseHandle(h);

    /* the pseudo handles duplicate into real handles */
    HANDLE th = NULL, ph = NULL;
    ok = DuplicateHandle((HANDLE)-1, (HANDLE)-2, (HANDLE)-1, &th, 0, FALSE, DUPLICATE_SAME_ACCESS);
    out("dup current thread: %d real=%d\n", ok, th != NULL && th != (HANDLE)-2);
    ok = DuplicateHandle((HANDLE)-1, (HANDLE)-1, (HANDLE)-1, &ph, 0, FALSE, DUPLICATE_SAME_ACCESS);
    out("dup current process: %d real=%d\n", ok, ph != NULL && ph != (HANDLE)-1);
    out("close them: %d %d\n", CloseHandle(th), CloseHandle(ph));
    SetLastError(0xdeadbeef);
    ok = DuplicateHandle((HANDLE)-1, (HANDLE)(ULONG_PTR)0x1234, (HANDLE)-1, &th, 0, FALSE, DUPLICATE_SAME_ACCESS);
    out("dup bad handle: %d err=%u\n", ok, GLE());

    /* invalid handles */
    SetLastError(0xdeadbeef);
    ok = ReadFile((HANDLE)(ULONG_PTR)0x1234, buf, 1, &n, NULL);
    out("read bad handle: %d err=%u\n", ok, GLE());
    out("type of bad handle: %u\n", GetFileType((HANDLE)(ULONG_PTR)0x1234));
    SetLastError(0xdeadbeef);
    ok = CloseHandle(NULL);
    out("close NULL: %d err=%u\n", ok, GLE());
    return 0;
}
