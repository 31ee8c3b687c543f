/* printf_snprintf.c - msvcrt's buffer printf rules: _snprintf and
 * _vsnprintf return -1 without a terminator on truncation and the length
 * without one when the output exactly fills the buffer; sprintf, _scprintf
 * and _vscprintf; _snprintf_s with _TRUNCATE, with a count and with a
 * count past the buffer (ERANGE); swprintf without a count (msvcrt's form),
 * _snwprintf. Buffers are pre-filled with '#' so that every byte written
 * or left alone shows. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>
#include <wchar.h>


static void show(const char *what, int r, const char *buf, int n)
{
    printf("%-22s r=%3d [", what, r);
    for (int i = 0; i < n; i++)
        putchar(buf[i] ? buf[i] : '0');
    printf("]\n");
}

static void wshow(const char *what, int r, const wchar_t *buf, int n)
{
    printf("%-22s r=%3d [", what, r);
    for (int i = 0; i < n; i++)
        putchar(buf[i] ? (char)buf[i] : '0');
    printf("]\n");
}

static int my_vsn(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = _vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static int my_vsc(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = _vscprintf(fmt, ap);
    va_end(ap);
    return r;
}

int main(void)
{
    char buf[16];
    wchar_t wbuf[16];
    int r;

    memset(buf, '#', sizeof buf); r = _snprintf(buf, 10, "%s", "hello");      show("_snprintf fits", r, buf, 12);
    memset(buf, '#', sizeof buf); r = _snprintf(buf, 5, "%s", "hello");       show("_snprintf exact", r, buf, 12);
    memset(buf, '#', sizeof buf); r = _snprintf(buf, 4, "%s", "hello");       show("_snprintf short", r, buf, 12);
    memset(buf, '#', sizeof buf); r = _snprintf(buf, 0, "%s", "hello");       show("_snprintf zero", r, buf, 12);
    memset(buf, '#', sizeof buf); r = _snprintf(buf, 8, "%d-%d", 123, 4567);  show("_snprintf numbers", r, buf, 12);
    memset(buf, '#', sizeof buf); r = my_vsn(buf, 6, "%s%s", "ab", "cdef");   show("_vsnprintf exact+", r, buf, 12);
    memset(buf, '#', sizeof buf); r = my_vsn(buf, 3, "%c%c%c%c", 'w', 'x', 'y', 'z'); show("_vsnprintf short", r, buf, 12);
    memset(buf, '#', sizeof buf); r = sprintf(buf, "%5.1f|", 2.25);           show("sprintf", r, buf, 12);
    memset(buf, '#', sizeof buf); r = sprintf(buf, "");                       show("sprintf empty", r, buf, 4);
    printf("_scprintf=%d _vscprintf=%d\n", _scprintf("%s=%d", "abc", 12345), my_vsc("%10s", "x"));

    errno = 0; memset(buf, '#', sizeof buf); r = _snprintf_s(buf, 8, _TRUNCATE, "%s", "123456789"); show("_snprintf_s trunc", r, buf, 10); printf("  errno=%d\n", errno);
    errno = 0; memset(buf, '#', sizeof buf); r = _snprintf_s(buf, 8, 3, "%s", "123456789"); show("_snprintf_s count", r, buf, 10); printf("  errno=%d\n", errno);
    errno = 0; memset(buf, '#', sizeof buf); r = _snprintf_s(buf, 8, 5, "%s", "abc"); show("_snprintf_s fits", r, buf, 10); printf("  errno=%d\n", errno);
    errno = 0; memset(buf, '#', sizeof buf); r = _snprintf_s(buf, 8, 20, "%s", "123456789"); show("_snprintf_s big count", r, buf, 10); printf("  errno=%d\n", errno);

    wmemset(wbuf, L'#', 16); r = _snwprintf(wbuf, 6, L"%ls|%d", L"ab", 42);     wshow("_snwprintf fits", r, wbuf, 10);
    wmemset(wbuf, L'#', 16); r = _snwprintf(wbuf, 4, L"%s", L"wxyz");           wshow("_snwprintf exact", r, wbuf, 10);
    wmemset(wbuf, L'#', 16); r = _snwprintf(wbuf, 3, L"%s", L"wxyz");           wshow("_snwprintf short", r, wbuf, 10);
    wmemset(wbuf, L'#', 16); r = _swprintf(wbuf, L"%S=%x", "k", 255);           wshow("_swprintf", r, wbuf, 10);
    return 0;
}
