/*
 * ansi.c - Windows-1252 <-> UTF-16 for advapi32's A functions (see
 * advapi32.h for why this code page). Bytes 0x80-0x9f are the only ones
 * that differ from Latin-1; the five bytes 1252 leaves undefined map to the
 * C1 controls of the same value, as Windows' and Wine's tables do.
 */
#include "winapi/advapi32/advapi32.h"

#include <stdlib.h>

static const WCHAR cp1252_high[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

void ansi_to_wide(const char *in, size_t n, WCHAR *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        out[i] = (c >= 0x80 && c < 0xa0) ? cp1252_high[c - 0x80] : c;
    }
}

static char to_ansi(WCHAR c)
{
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff))
        return (char)c;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] == c)
            return (char)(0x80 + i);
    return '?';
}

void wide_to_ansi(const WCHAR *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = to_ansi(in[i]);
}

WCHAR *ansi_dup_wide(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    size_t n = 0;
    while (s[n])
        n++;
    WCHAR *w = malloc((n + 1) * sizeof *w);
    if (!w) {
        *oom = true;
        return NULL;
    }
    ansi_to_wide(s, n + 1, w);
    return w;
}

size_t reg_wlen(const WCHAR *s)
{
    size_t n = 0;
    if (s)
        while (s[n])
            n++;
    return n;
}
