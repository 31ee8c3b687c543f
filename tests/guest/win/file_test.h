/*
 * file_test.h - a harness for the file, directory, path, find and console
 * tests that needs nothing but kernel32: output goes through WriteFile on
 * the std output handle and there is no C runtime (the tests link with
 * -nostdlib), so they check exactly the calls they make. Link line for a test:
 *   // link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
 * out() understands %d %u %x %X %s %S (UTF-16, printed as UTF-8) %c, a '0'
 * flag, a width, and the l/ll/I64 length prefixes. "\n" is written as CRLF
 * (what text-mode stdio writes on Windows).
 */
#include <windows.h>
#include <stdarg.h>

/* Not "main": gcc would call __main, the C runtime's constructor hook. */
#define main test_main
int main(void);

/* gcc may emit calls to these for struct copies and initialisers. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memset(void *d, int c, size_t n)
{
    volatile unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memcpy(void *d, const void *s, size_t n)
{
    volatile unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

/* One absolute pointer, so that the image has a base relocation and can be
 * loaded away from its preferred base (an empty .reloc reads as "fixed"). */
void *volatile file_test_reloc_anchor = (void *)&file_test_reloc_anchor;

static char out_buf[4096];
static int out_len;

static void out_flush(void)
{
    DWORD n;
    if (out_len)
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), out_buf, out_len, &n, NULL);
    out_len = 0;
}

static void out_ch(char c)
{
    if (c == '\n')
        out_ch('\r');
    if (out_len == sizeof out_buf)
        out_flush();
    out_buf[out_len++] = c;
}

static void out_num(unsigned long long v, int base, int upper, int neg, int width, char pad)
{
    char tmp[24];
    int n = 0;
    do {
        int d = (int)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    for (int i = n; i < width; i++)
        out_ch(pad);
    while (n)
        out_ch(tmp[--n]);
}

static void out_wstr(const WCHAR *w)
{
    for (; *w; w++) {
        unsigned c = *w;
        if (c >= 0xd800 && c < 0xdc00 && w[1] >= 0xdc00 && w[1] < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (w[1] - 0xdc00);
            w++;
        }
        if (c < 0x80) {
            out_ch((char)c);
        } else if (c < 0x800) {
            out_ch((char)(0xc0 | c >> 6));
            out_ch((char)(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            out_ch((char)(0xe0 | c >> 12));
            out_ch((char)(0x80 | ((c >> 6) & 0x3f)));
            out_ch((char)(0x80 | (c & 0x3f)));
        } else {
            out_ch((char)(0xf0 | c >> 18));
            out_ch((char)(0x80 | ((c >> 12) & 0x3f)));
            out_ch((char)(0x80 | ((c >> 6) & 0x3f)));
            out_ch((char)(0x80 | (c & 0x3f)));
        }
    }
}

static void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            out_ch(*p);
            continue;
        }
        p++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*p == '0')
            pad = '0', p++;
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        while (*p == 'l')
            lng++, p++;
        if (p[0] == 'I' && p[1] == '6' && p[2] == '4')
            lng = 2, p += 3;
        switch (*p) {
        case 'd': case 'i': {
            long long v = lng == 2 ? va_arg(ap, long long) : va_arg(ap, int);
            out_num(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, 0, v < 0, width, pad);
            break;
        }
        case 'u': case 'x': case 'X': {
            unsigned long long v = lng == 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            out_num(v, *p == 'u' ? 10 : 16, *p == 'X', 0, width, pad);
            break;
        }
        case 'p':
            out_num((unsigned long long)(ULONG_PTR)va_arg(ap, void *), 16, 0, 0, width, pad);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                out_ch(*s);
            break;
        }
        case 'S': {
            const WCHAR *w = va_arg(ap, const WCHAR *);
            out_wstr(w ? w : L"(null)");
            break;
        }
        case 'c':
            out_ch((char)va_arg(ap, int));
            break;
        default:
            out_ch(*p);
            break;
        }
    }
    va_end(ap);
}

__attribute__((unused)) static int str_len(const char *s) { int n = 0; while (s[n]) n++; return n; }
__attribute__((unused)) static int str_eq(const char *a, const char *b) { while (*a && *a == *b) a++, b++; return *a == *b; }
__attribute__((unused)) static int wstr_len(const WCHAR *s) { int n = 0; while (s[n]) n++; return n; }

/* The last error, for Wine-style checks: SetLastError(0xdeadbeef); call; out(..., GLE()). */
#define GLE() ((unsigned)GetLastError())

DWORD test_entry(void *peb)
{
    int rc = main();
    out_flush();
    return (DWORD)rc;
}
