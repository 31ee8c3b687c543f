// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* Code pages of a process without a console. The test runs with stdin from
 * /dev/null and stdout/stderr in files, so it starts without one (as a
 * program that Wine starts without a terminal): GetConsoleCP and
 * GetConsoleOutputCP return 0 (= CP_ACP for the conversion functions), so
 * that the usual "WideCharToMultiByte(GetConsoleOutputCP(), 0, ..., "?",
 * &used)" of cmd.exe and friends works on a redirected output (with 65001
 * it fails: UTF-8 takes no default character). After FreeConsole the
 * Set calls fail with ERROR_INVALID_HANDLE and change nothing. (Before it,
 * Wine fails them with ERROR_INVALID_ACCESS, from the pseudo console it
 * gives programs started without a terminal, which Windows has no
 * equivalent of; so they are only called after FreeConsole here.) */
#include "file_test.h"

int main(void)
{
    char buf[32];
    BOOL used = 7;
    UINT cp, outcp;
    BOOL ok;
    int n;

    cp = GetConsoleCP();
    outcp = GetConsoleOutputCP();
    out("GetConsoleCP: %u GetConsoleOutputCP: %u\n", cp, outcp);

    /* What cmd.exe does to write to a redirected stdout. */
    SetLastError(0xdeadbeef);
    n = WideCharToMultiByte(outcp, 0, L"hello", 5, buf, sizeof buf, "?", &used);
    out("WideCharToMultiByte(console cp): %d used=%d err=%x\n", n, used, GLE());
    if (n > 0 && n < (int)sizeof buf) {
        buf[n] = 0;
        out("text: %s\n", buf);
    }

    SetLastError(0xdeadbeef);
    ok = FreeConsole();
    out("FreeConsole: %d err=%x\n", ok, GLE());
    SetLastError(0xdeadbeef);
    cp = GetConsoleCP();
    out("GetConsoleCP: %u err=%u\n", cp, GLE());
    SetLastError(0xdeadbeef);
    outcp = GetConsoleOutputCP();
    out("GetConsoleOutputCP: %u err=%u\n", outcp, GLE());
    SetLastError(0xdeadbeef);
    ok = SetConsoleOutputCP(437);
    out("SetConsoleOutputCP(437): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = SetConsoleCP(437);
    out("SetConsoleCP(437): %d err=%u\n", ok, GLE());
    out("after: cp=%u outcp=%u\n", GetConsoleCP(), GetConsoleOutputCP());
    out_flush();
    return 0;
}
