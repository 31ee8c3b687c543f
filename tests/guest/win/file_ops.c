// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* DeleteFile, MoveFile(Ex), CopyFile(Ex), CreateHardLink, ReplaceFile by
 * name, with the error codes Windows gives for each refusal.
 * One line of the .expected is Windows', not Wine's: a case-only rename
 * (b.txt -> B.TXT) changes the name's case on Windows; Wine leaves "b.txt". */
#include "file_test.h"

static void make(const char *path, const char *data)
{
    DWORD n;
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(h, data, str_len(data), &n, NULL);
    CloseHandle(h);
}

static void show(const char *path)
{
    char buf[64];
    DWORD n = 0;
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        out("  %s: missing (%u)\n", path, GLE());
        return;
    }
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    buf[n] = 0;
    out("  %s: '%s'\n", path, buf);
    CloseHandle(h);
}

#define CHECK(label, call) do { SetLastError(0xdeadbeef); BOOL ok_ = (call); \
    out("%s: %d err=%u\n", label, ok_, ok_ ? 0 : GLE()); } while (0)

int main(void)
{
    make("a.txt", "alpha");
    make("b.txt", "bravo");
    CreateDirectoryA("d", NULL);

    CHECK("delete missing", DeleteFileA("none.txt"));
    CHECK("delete in missing dir", DeleteFileA("nodir\\none.txt"));
    CHECK("delete dir", DeleteFileA("d"));
    CHECK("delete empty name", DeleteFileA(""));
    CHECK("delete wildcard", DeleteFileA("*.txt"));

    CHECK("copy", CopyFileA("a.txt", "c.txt", TRUE));
    show("c.txt");
    CHECK("copy over, fail if exists", CopyFileA("b.txt", "c.txt", TRUE));
    CHECK("copy over", CopyFileA("b.txt", "c.txt", FALSE));
    show("c.txt");
    CHECK("copy missing", CopyFileA("none.txt", "x.txt", FALSE));
    CHECK("copy to missing dir", CopyFileA("a.txt", "nodir\\x.txt", FALSE));
    CHECK("copy dir", CopyFileA("d", "x.txt", FALSE));
    CHECK("copy onto dir", CopyFileA("a.txt", "d", FALSE));
    CHECK("copy into dir", CopyFileA("a.txt", "D\\a.txt", FALSE));
    show("d\\a.txt");
    CHECK("copy W", CopyFileW(L"a.txt", L"w.txt", TRUE));
    CHECK("copyex fail if exists", CopyFileExW(L"a.txt", L"w.txt", NULL, NULL, NULL, COPY_FILE_FAIL_IF_EXISTS));
    CHECK("copyex", CopyFileExW(L"b.txt", L"w.txt", NULL, NULL, NULL, 0));
    show("w.txt");

    CHECK("move", MoveFileA("c.txt", "m.txt"));
    show("c.txt");
    show("m.txt");
    CHECK("move onto existing", MoveFileA("m.txt", "a.txt"));
    CHECK("moveex onto existing", MoveFileExA("m.txt", "a.txt", 0));
    CHECK("moveex replace", MoveFileExA("m.txt", "a.txt", MOVEFILE_REPLACE_EXISTING));
    show("a.txt");
    show("m.txt");
    CHECK("move missing", MoveFileA("m.txt", "n.txt"));
    CHECK("move to missing dir", MoveFileA("a.txt", "nodir\\a.txt"));
    CHECK("move into dir", MoveFileA("w.txt", "d\\w.txt"));
    show("d\\w.txt");
    CHECK("replace dir with file", MoveFileExA("b.txt", "d", MOVEFILE_REPLACE_EXISTING));
    CHECK("move dir", MoveFileA("d", "e"));
    show("e\\w.txt");
    CHECK("case-only rename", MoveFileA("b.txt", "B.TXT"));
    WIN32_FIND_DATAA fd;
    HANDLE fh = FindFirstFileA("b.txt", &fd);
    out("  listed as %s\n", fh != INVALID_HANDLE_VALUE ? fd.cFileName : "?");
    FindClose(fh);
    CHECK("moveex W copy allowed", MoveFileExW(L"B.TXT", L"bb.txt", MOVEFILE_COPY_ALLOWED | MOVEFILE_WRITE_THROUGH));
    show("bb.txt");
    CHECK("move to itself", MoveFileA("bb.txt", "bb.txt"));
    show("bb.txt");

    CHECK("delete", DeleteFileA("bb.txt"));
    CHECK("delete again", DeleteFileA("bb.txt"));
    CHECK("delete W", DeleteFileW(L"A.TXT"));
    show("a.txt");

    make("h1.txt", "linked");
    CHECK("hard link", CreateHardLinkA("h2.txt", "h1.txt", NULL));
    show("h2.txt");
    CHECK("hard link exists", CreateHardLinkA("h2.txt", "h1.txt", NULL));
    CHECK("hard link missing", CreateHardLinkA("h3.txt", "none.txt", NULL));
    BY_HANDLE_FILE_INFORMATION info;
    HANDLE h = CreateFileA("h1.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    GetFileInformationByHandle(h, &info);
    out("  links: %u\n", info.nNumberOfLinks);
    CloseHandle(h);

    make("orig.txt", "original");
    make("new.txt", "replacement");
    CHECK("replace", ReplaceFileA("orig.txt", "new.txt", "bak.txt", 0, NULL, NULL));
    show("orig.txt");
    show("new.txt");
    show("bak.txt");
    CHECK("replace missing", ReplaceFileA("orig.txt", "none.txt", NULL, 0, NULL, NULL));
    return 0;
}
