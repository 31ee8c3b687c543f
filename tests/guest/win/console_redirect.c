// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* The std handles when they are not a console (the test runs with stdout
 * and stderr in files and stdin from /dev/null): WriteConsole, ReadConsole,
 * GetConsoleMode and the screen-buffer calls fail with ERROR_INVALID_HANDLE
 * there (what cmd.exe and the CRTs check before falling back to WriteFile),
 * WriteFile works. Anonymous pipes: types, data, ERROR_BROKEN_PIPE once
 * the writer is gone. SetStdHandle, Ctrl+C handler registration. */
#include "file_test.h"

static volatile LONG handled;

static BOOL WINAPI on_ctrl(DWORD type)
{
    handled = (LONG)type + 100;
    return TRUE;
}

int main(void)
{
    HANDLE out_h = GetStdHandle(STD_OUTPUT_HANDLE), in_h = GetStdHandle(STD_INPUT_HANDLE);
    HANDLE err_h = GetStdHandle(STD_ERROR_HANDLE);
    DWORD n, mode;
    BOOL ok;
    out("types: in=%u out=%u err=%u\n", GetFileType(in_h), GetFileType(out_h), GetFileType(err_h));
    SetLastError(0xdeadbeef);
    HANDLE bad = GetStdHandle(42);
    out("GetStdHandle(42): invalid=%d err=%u\n", bad == INVALID_HANDLE_VALUE, GLE());

    out_flush();
    SetLastError(0xdeadbeef);
    n = 99;
    ok = WriteConsoleW(out_h, L"console\r\n", 9, &n, NULL);
    out("WriteConsoleW to a file: %d err=%u n=%u\n", ok, GLE(), n);
    SetLastError(0xdeadbeef);
    ok = WriteConsoleA(out_h, "console\r\n", 9, &n, NULL);
    out("WriteConsoleA to a file: %d err=%u\n", ok, GLE());
    out_flush();
    ok = WriteFile(out_h, "via WriteFile\r\n", 15, &n, NULL);
    out("WriteFile: %d n=%u\n", ok, n);
    SetLastError(0xdeadbeef);
    ok = GetConsoleMode(out_h, &mode);
    out("GetConsoleMode(file): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = GetConsoleMode(in_h, &mode);
    out("GetConsoleMode(nul stdin): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = SetConsoleMode(out_h, 3);
    out("SetConsoleMode(file): %d err=%u\n", ok, GLE());
    CONSOLE_SCREEN_BUFFER_INFO info;
    SetLastError(0xdeadbeef);
    ok = GetConsoleScreenBufferInfo(out_h, &info);
    out("GetConsoleScreenBufferInfo(file): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = SetConsoleTextAttribute(out_h, 0x1f);
    out("SetConsoleTextAttribute(file): %d err=%u\n", ok, GLE());
    COORD c = { 1, 1 };
    SetLastError(0xdeadbeef);
    ok = SetConsoleCursorPosition(out_h, c);
    out("SetConsoleCursorPosition(file): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = FillConsoleOutputCharacterA(out_h, ' ', 10, c, &n);
    out("FillConsoleOutputCharacterA(file): %d err=%u\n", ok, GLE());
    WCHAR wbuf[16];
    SetLastError(0xdeadbeef);
    ok = ReadConsoleW(in_h, wbuf, 16, &n, NULL);
    out("ReadConsoleW(nul): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = FlushConsoleInputBuffer(in_h);
    out("FlushConsoleInputBuffer(nul): %d err=%u\n", ok, GLE());
    INPUT_RECORD rec;
    SetLastError(0xdeadbeef);
    ok = GetNumberOfConsoleInputEvents(in_h, &n);
    out("GetNumberOfConsoleInputEvents(nul): %d err=%u\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = PeekConsoleInputW(in_h, &rec, 1, &n);
    out("PeekConsoleInputW(nul): %d err=%u\n", ok, GLE());
    char cbuf[16];
    n = 99;
    ok = ReadFile(in_h, cbuf, sizeof cbuf, &n, NULL);
    out("ReadFile(nul stdin): %d n=%u\n", ok, n);

    /* anonymous pipes */
    HANDLE rd, wr;
    ok = CreatePipe(&rd, &wr, NULL, 0);
    out("CreatePipe: %d types=%u,%u\n", ok, GetFileType(rd), GetFileType(wr));
    SetLastError(0xdeadbeef);
    ok = WriteConsoleW(wr, L"x", 1, &n, NULL);
    out("WriteConsoleW to a pipe: %d err=%u\n", ok, GLE());
    ok = WriteFile(wr, "through the pipe", 16, &n, NULL);
    out("WriteFile to a pipe: %d n=%u\n", ok, n);
    SetLastError(0xdeadbeef);
    ok = WriteFile(rd, "x", 1, &n, NULL);
    out("WriteFile to the read end: %d err=%u\n", ok, GLE());
    n = 0;
    ok = ReadFile(rd, cbuf, 7, &n, NULL);
    cbuf[n] = 0;
    out("ReadFile part: %d n=%u '%s'\n", ok, n, cbuf);
    CloseHandle(wr);
    ok = ReadFile(rd, cbuf, sizeof cbuf, &n, NULL);
    cbuf[n] = 0;
    out("ReadFile rest: %d n=%u '%s'\n", ok, n, cbuf);
    SetLastError(0xdeadbeef);
    n = 99;
    ok = ReadFile(rd, cbuf, sizeof cbuf, &n, NULL);
    out("ReadFile after the writer closed: %d n=%u err=%u\n", ok, n, GLE());
    CloseHandle(rd);

    /* the std handles can be replaced */
    CreatePipe(&rd, &wr, NULL, 0);
    out_flush();
    ok = SetStdHandle(STD_OUTPUT_HANDLE, wr);
    out("this goes into the pipe\n");
    out_flush();
    SetStdHandle(STD_OUTPUT_HANDLE, out_h);
    out("SetStdHandle: %d same=%d\n", ok, GetStdHandle(STD_OUTPUT_HANDLE) == out_h);
    char big[64];
    ok = ReadFile(rd, big, sizeof big - 1, &n, NULL);
    big[n] = 0;
    out("read back: %d n=%u '%s'\n", ok, n, big);
    SetLastError(0xdeadbeef);
    ok = SetStdHandle(42, wr);
    out("SetStdHandle(42): %d err=%u\n", ok, GLE());
    CloseHandle(wr);
    CloseHandle(rd);

    /* a duplicate of stdout writes to the same file */
    HANDLE dup;
    ok = DuplicateHandle((HANDLE)-1, out_h, (HANDLE)-1, &dup, 0, FALSE, DUPLICATE_SAME_ACCESS);
    out_flush();
    WriteFile(dup, "via a duplicate\r\n", 17, &n, NULL);
    CloseHandle(dup);
    out("dup: %d\n", ok);

    /* Ctrl+C handlers */
    ok = SetConsoleCtrlHandler(on_ctrl, TRUE);
    out("add handler: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    out("GenerateConsoleCtrlEvent without a console: %d err=%u handled=%d\n", ok, GLE(), handled);
    ok = SetConsoleCtrlHandler(on_ctrl, FALSE);
    out("remove handler: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = SetConsoleCtrlHandler(on_ctrl, FALSE);
    out("remove again: %d err=%u\n", ok, GLE());
    ok = SetConsoleCtrlHandler(NULL, TRUE);
    out("ignore Ctrl+C: %d\n", ok);
    ok = SetConsoleCtrlHandler(NULL, FALSE);
    out("stop ignoring: %d\n", ok);
    out("console window: %p\n", GetConsoleWindow());
    return 0;
}
