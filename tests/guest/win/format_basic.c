/* FormatMessage: system texts, strings with inserts and formats, escapes,
 * argument arrays, allocation, widths and errors.
 * The system texts are Windows's ("The system cannot find the file
 * specified."); Wine has its own short ones ("File not found."), so those
 * lines of the expected output were written by hand. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void show(const char *what, DWORD n, const char *s)
{
    printf("%s: %lu [", what, n);
    for (const char *p = s; n && *p; p++)
        if (*p == '\r') printf("\\r"); else if (*p == '\n') printf("\\n"); else putchar(*p);
    printf("]\n");
}

static DWORD fmt(DWORD flags, const char *src, char *buf, DWORD size, ...)
{
    va_list ap;
    va_start(ap, size);
    DWORD n = FormatMessageA(flags, src, 0, 0, buf, size, &ap);
    va_end(ap);
    return n;
}

int main(void)
{
    char buf[512];
    static const DWORD codes[] = { 0, 2, 3, 5, 6, 8, 32, 87, 122, 126, 127, 183, 998 };
    for (int i = 0; i < (int)(sizeof codes / sizeof codes[0]); i++) {
        DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, codes[i], 0, buf, sizeof buf, NULL);
        char what[16];
        sprintf(what, "sys %lu", codes[i]);
        show(what, n, buf);
    }
    WCHAR wbuf[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 2, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), wbuf, 256, NULL);
    printf("W %lu %d\n", n, !wcscmp(wbuf, L"The system cannot find the file specified.\r\n"));
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x20001234, 0, buf, sizeof buf, NULL);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("unknown %lu err %lu\n", r_, e_); }

    n = fmt(FORMAT_MESSAGE_FROM_STRING, "Hello %1, you are %2!d! (%3!x!) %%done%0 ignored", buf, sizeof buf, "Bob", 42, 255);
    show("inserts", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING, "%2 then %1 and %1", buf, sizeof buf, "one", "two");
    show("order", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING, "[%1!5s!] [%1!-5s!] [%2!05d!] [%3!*d!]", buf, sizeof buf, "ab", 7, 6, 33);
    show("widths", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING, "a%nb%tc%rd%.%!%% %1", buf, sizeof buf, "x");
    show("escapes", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "keep %1 and %2!d! %%", buf, sizeof buf);
    show("ignore", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING, "line1\r\nline2", buf, sizeof buf);
    show("lines", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "line1\r\nline2%nline3", buf, sizeof buf);
    show("maxwidth", n, buf);
    n = fmt(FORMAT_MESSAGE_FROM_STRING | 10, "the quick brown fox jumps over", buf, sizeof buf);
    show("width10", n, buf);

    DWORD_PTR args[] = { (DWORD_PTR)"array", 5 };
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1 has %2!u! items", 0, 0, buf, sizeof buf, (va_list *)args);
    show("array", n, buf);
    DWORD_PTR wargs[] = { (DWORD_PTR)L"wide", (DWORD_PTR)"narrow" };
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"%1 %2!S!", 0, 0, wbuf, 256, (va_list *)wargs);
    printf("W inserts %lu %d\n", n, !wcscmp(wbuf, L"wide narrow"));

    char *alloc = NULL;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 5, 0, (char *)&alloc, 0, NULL);
    show("alloc", n, alloc);
    printf("localfree %p\n", LocalFree(alloc));

    SetLastError(0xdeadbeef);
    n = fmt(FORMAT_MESSAGE_FROM_STRING, "too long for this", buf, 5);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("small %lu err %lu\n", r_, e_); }
    DWORD_PTR arg193[] = { (DWORD_PTR)"prog.exe" };
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 193, 0, buf, sizeof buf, (va_list *)arg193);
    show("193 with insert", n, buf);
    return 0;
}
