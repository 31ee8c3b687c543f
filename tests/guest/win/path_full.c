// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* GetFullPathName (collapsing, drives, devices, the file part, buffer
 * sizes), the current directory, GetLongPathName/GetShortPathName,
 * SearchPath, GetTempPath/GetTempFileName, system directories, drives and
 * volumes. Paths under the test's own directory are printed relative to it
 * (the run directory differs between runs). */
#define _WIN32_WINNT 0x0602
#include "file_test.h"

static char base[MAX_PATH];
static int base_len;

/* s with the test directory replaced by "<cwd>" */
static void outp(const char *s)
{
    int i = 0;
    while (i < base_len && s[i] && (s[i] | 32) == (base[i] | 32))
        i++;
    if (i == base_len)
        out("<cwd>%s", s + i);
    else
        out("%s", s);
}

static void full(const char *in)
{
    char buf[MAX_PATH];
    char *part = (char *)1;
    SetLastError(0xdeadbeef);
    DWORD r = GetFullPathNameA(in, sizeof buf, buf, &part);
    out("full(%s) = ", in);
    if (r && r < sizeof buf) {
        out("%s ", r == (DWORD)str_len(buf) ? "len" : "BAD LEN");
        out("'");
        outp(buf);
        out("' part=%s\n", part == NULL ? "NULL" : part == (char *)1 ? "unset" : part);
    } else {
        out("%u err=%u\n", r, GLE());
    }
}

int main(void)
{
    base_len = GetCurrentDirectoryA(sizeof base, base);
    out("cwd length ok: %d, ends in slash: %d\n", base_len > 3, base[base_len - 1] == '\\');
    char small[4];
    SetLastError(0xdeadbeef);
    DWORD r = GetCurrentDirectoryA(sizeof small, small);
    out("cwd small buffer: needed %d\n", r == (DWORD)base_len + 1);
    r = GetCurrentDirectoryA(0, NULL);
    out("cwd NULL: needed %d\n", r == (DWORD)base_len + 1);
    WCHAR wcwd[MAX_PATH];
    r = GetCurrentDirectoryW(MAX_PATH, wcwd);
    out("cwd W same length: %d\n", r == (DWORD)base_len);

    full("file.txt");
    full(".\\a\\..\\b\\.\\c.txt");
    full("a/b\\\\c//d");
    full("a\\b\\");
    full("sub\\..");
    full("sub\\.");
    full("sub\\..\\");
    full("trail.  ");
    full("dir.\\x");
    full("C:\\foo\\..\\..\\..\\bar");
    full("c:\\Windows\\System32\\..\\");
    full("C:\\");
    full("C:");
    full("Q:relative");
    full("\\rooted\\x");
    full("\\\\server\\share\\a\\..\\b");
    full("\\\\?\\C:\\a\\..\\b");
    full("\\\\.\\C:\\a\\..\\b");
    full("nul");
    full("C:\\dir\\con.txt");
    full("com1:");
    full("lpt9");
    full("com0");
    full("C:\\*.txt");
    r = GetFullPathNameA("", MAX_PATH, small, NULL);
    out("full(\"\") = %u\n", r);
    r = GetFullPathNameA("C:\\windows", 4, small, NULL);
    out("full small buffer = %u\n", r);
    WCHAR wbuf[MAX_PATH], *wpart = NULL;
    r = GetFullPathNameW(L"C:\\x\\y\u00e9z.txt", MAX_PATH, wbuf, &wpart);
    out("full W = %u '%S' part='%S'\n", r, wbuf, wpart);

    /* the current directory */
    CreateDirectoryA("Sub", NULL);
    CreateDirectoryA("Sub\\Inner", NULL);
    SetLastError(0xdeadbeef);
    BOOL ok = SetCurrentDirectoryA("sub\\inner\\");
    char cwd[MAX_PATH];
    GetCurrentDirectoryA(MAX_PATH, cwd);
    out("cd sub\\inner\\: %d cwd='", ok);
    outp(cwd);
    out("'\n");
    full("x.txt");
    full("..\\y.txt");
    SetLastError(0xdeadbeef);
    ok = SetCurrentDirectoryA("missing");
    out("cd missing: %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = SetCurrentDirectoryA("..\\nope\\deeper");
    out("cd missing parent: %d err=%u\n", ok, GLE());
    HANDLE h = CreateFileA("f.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok = SetCurrentDirectoryA("f.txt");
    out("cd file: %d err=%u\n", ok, GLE());
    ok = SetCurrentDirectoryW(L"..\\..");
    GetCurrentDirectoryA(MAX_PATH, cwd);
    out("cd ..\\..: %d cwd='", ok);
    outp(cwd);
    out("'\n");
    h = CreateFileA("sub\\inner\\f.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    out("open relative after cd back: %d\n", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);

    /* the name a handle has: \\?\ + the full path with the disk's case */
    h = CreateFileA("SUB\\INNER\\F.TXT", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    char fin[MAX_PATH];
    r = GetFinalPathNameByHandleA(h, fin, MAX_PATH, 0);
    out("final: len ok=%d prefix=%d tail='%s'\n", r == (DWORD)str_len(fin), fin[0] == '\\' && fin[2] == '?',
        r > 20 ? fin + r - 20 : fin);
    r = GetFinalPathNameByHandleA(h, fin, 3, 0);
    out("final small: needed %d\n", r > 20);
    CloseHandle(h);
    CREATEFILE2_EXTENDED_PARAMETERS cp = { sizeof cp, FILE_ATTRIBUTE_NORMAL, 0, 0, NULL, NULL };
    h = CreateFile2(L"sub\\c2.txt", GENERIC_WRITE, 0, CREATE_NEW, &cp);
    out("CreateFile2: %d\n", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFile2(L"sub\\c2.txt", GENERIC_WRITE, 0, CREATE_NEW, NULL);
    out("CreateFile2 again: %d err=%u\n", h != INVALID_HANDLE_VALUE, GLE());
    out("AreFileApisANSI: %d\n", AreFileApisANSI());

    /* long and short names: the same for existing files here */
    r = GetLongPathNameA("sub\\inner\\f.txt", cwd, MAX_PATH);
    out("long: %u '%s'\n", r, cwd);
    SetLastError(0xdeadbeef);
    r = GetLongPathNameA("sub\\none.txt", cwd, MAX_PATH);
    out("long missing: %u err=%u\n", r, GLE());
    r = GetShortPathNameA("sub", cwd, MAX_PATH);
    out("short: %u '%s'\n", r, cwd);
    r = GetLongPathNameA("sub", small, 2);
    out("long small: %u\n", r);

    /* SearchPath */
    char found[MAX_PATH];
    char *fpart = NULL;
    r = SearchPathA("sub\\inner", "f", ".txt", MAX_PATH, found, &fpart);
    out("search with ext: %d '", r == (DWORD)str_len(found));
    outp(found);
    out("' part=%s\n", fpart);
    r = SearchPathA("sub\\inner", "f.txt", ".bin", MAX_PATH, found, &fpart);
    out("search has ext: %d part=%s\n", r == (DWORD)str_len(found), fpart);
    SetLastError(0xdeadbeef);
    r = SearchPathA("sub", "f.txt", NULL, MAX_PATH, found, &fpart);
    out("search missing: %u err=%u\n", r, GLE());
    r = SearchPathA(NULL, "sub\\inner\\f.txt", NULL, MAX_PATH, found, &fpart);
    out("search with a path: %d part=%s\n", r == (DWORD)str_len(found), fpart);
    r = SearchPathA("nowhere;sub\\inner", "F.TXT", NULL, MAX_PATH, found, NULL);
    out("search list: %d\n", r == (DWORD)str_len(found));

    /* temporary files */
    char tmp[MAX_PATH], name[MAX_PATH];
    r = GetTempPathA(MAX_PATH, tmp);
    out("temp path: ok=%d ends in slash=%d is dir=%d\n", r > 3 && r == (DWORD)str_len(tmp), tmp[r - 1] == '\\',
        (GetFileAttributesA(tmp) & FILE_ATTRIBUTE_DIRECTORY) != 0);
    r = GetTempFileNameA("sub", "pre", 0x1234, name);
    out("temp name with number: %x '%s' exists=%d\n", r, name, GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES);
    r = GetTempFileNameA("sub", "prefix", 0, name);
    int len = str_len(name);
    out("temp name: nonzero=%d starts with sub\\pre=%d ends with .tmp=%d exists=%d\n", r != 0,
        name[0] == 's' && name[3] == '\\' && name[4] == 'p' && name[5] == 'r' && name[6] == 'e' && name[7] != 'f',
        len > 4 && str_eq(name + len - 4, ".tmp"), GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES);
    UINT r2 = GetTempFileNameA("sub", "prefix", 0, tmp);
    out("second temp name differs: %d\n", r2 != r && r2 != 0);
    SetLastError(0xdeadbeef);
    r = GetTempFileNameA("missing", "pre", 0, name);
    out("temp in missing dir: %u err=%u\n", r, GLE());

    /* system directories */
    r = GetWindowsDirectoryA(name, MAX_PATH);
    out("windows: %u '%s'\n", r, name);
    r = GetSystemDirectoryA(name, MAX_PATH);
    out("system: %u '%s'\n", r, name);
    r = GetSystemWindowsDirectoryW(wbuf, MAX_PATH);
    out("system windows W: %u '%S'\n", r, wbuf);
    r = GetSystemDirectoryA(small, sizeof small);
    out("system small: %u\n", r);

    /* drives */
    DWORD drives = GetLogicalDrives();
    out("drives: C=%d Z=%d\n", (drives >> 2) & 1, (drives >> 25) & 1);
    out("type C:\\ %u, C: %u, Z:\\ %u, NULL %u, Q:\\ %u\n", GetDriveTypeA("C:\\"), GetDriveTypeA("C:"),
        GetDriveTypeA("Z:\\"), GetDriveTypeA(NULL), GetDriveTypeA("Q:\\"));
    char vol[32], fs[32];
    DWORD serial = 0, maxlen = 0, flags = 0;
    ok = GetVolumeInformationA("C:\\", vol, sizeof vol, &serial, &maxlen, &flags, fs, sizeof fs);
    out("volume C: %d maxlen=%u\n", ok, maxlen);
    out("volume fs: %s\n", fs);
    SetLastError(0xdeadbeef);
    ok = GetVolumeInformationA("Q:\\", NULL, 0, NULL, NULL, NULL, NULL, 0);
    out("volume Q: %d err=%u\n", ok, GLE());
    ULARGE_INTEGER avail, total, fre;
    ok = GetDiskFreeSpaceExA("sub", &avail, &total, &fre);
    out("free space: %d total>0=%d avail<=total=%d\n", ok, total.QuadPart > 0, avail.QuadPart <= total.QuadPart);
    SetLastError(0xdeadbeef);
    ok = GetDiskFreeSpaceExA("missing", &avail, &total, &fre);
    out("free space missing: %d err=%u\n", ok, GLE());
    DWORD spc, bps, fc, tc;
    ok = GetDiskFreeSpaceA("C:\\", &spc, &bps, &fc, &tc);
    out("free space C: %d bps=%u\n", ok, bps);
    return 0;
}
