// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* FormatMessage and the line breaks written in the message text itself
 * (not %n): without a width, a lone LF and a lone CR come out as CRLF and
 * CRLF stays CRLF (cmd.exe's "Microsoft Windows %1\n" banner relies on it);
 * with FORMAT_MESSAGE_MAX_WIDTH_MASK they become spaces. Printed as the
 * UTF-16 code units in hex, W and A forms. */
#include "file_test.h"

static void show_w(const char *name, DWORD flags, const WCHAR *fmt)
{
    WCHAR buf[64];
    SetLastError(0xdeadbeef);
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | flags, fmt, 0, 0, buf, 64, NULL);
    out("W %s: %u err=%x [", name, n, n ? 0 : GLE());
    for (DWORD i = 0; i < n; i++)
        out(i ? " %x" : "%x", buf[i]);
    out("]\n");
}

static void show_a(const char *name, DWORD flags, const char *fmt)
{
    char buf[64];
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | flags, fmt, 0, 0, buf, 64, NULL);
    out("A %s: %u [", name, n);
    for (DWORD i = 0; i < n; i++)
        out(i ? " %x" : "%x", (unsigned char)buf[i]);
    out("]\n");
}

int main(void)
{
    show_w("lf", 0, L"a\nb");
    show_w("cr", 0, L"a\rb");
    show_w("crlf", 0, L"a\r\nb");
    show_w("lfcr", 0, L"a\n\rb");
    show_w("lflf", 0, L"\n\n");
    show_w("trailing lf", 0, L"ver %n\n");
    show_w("%r", 0, L"a%rb");
    show_w("max width lf", FORMAT_MESSAGE_MAX_WIDTH_MASK, L"a\nb\r\nc");
    show_a("lf", 0, "a\nb");
    show_a("cr", 0, "x\r");
    show_a("crlf", 0, "a\r\nb");
    out_flush();
    return 0;
}
