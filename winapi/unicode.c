/*
 * unicode.c - UTF-16 <-> UTF-8 and UTF-16 string basics (see unicode.h).
 */
#include "winapi/unicode.h"

#include <stdlib.h>
#include <string.h>

size_t wstrlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int wstrcmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (int)*a - (int)*b;
}

WCHAR *wstrdup(const WCHAR *s)
{
    size_t n = wstrlen(s) + 1;
    WCHAR *d = malloc(n * sizeof *d);
    if (d)
        memcpy(d, s, n * sizeof *d);
    return d;
}

/* Decode one UTF-8 sequence; returns code point, advances *i. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *i)
{
    unsigned char c = s[(*i)++];
    if (c < 0x80)
        return c;
    int len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (!len || c >= 0xf5)
        return 0xfffd;
    uint32_t cp = c & (0x3f >> (len - 1));
    for (int k = 1; k < len; k++) {
        if (*i >= n || (s[*i] & 0xc0) != 0x80)
            return 0xfffd;
        cp = (cp << 6) | (s[(*i)++] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp < 0xe000))
        return 0xfffd;
    return cp;
}

size_t utf8_to_utf16(const char *in, ptrdiff_t n, WCHAR *out, size_t outlen)
{
    bool term = n < 0;
    size_t len = term ? strlen(in) + 1 : (size_t)n;
    size_t i = 0, o = 0;
    while (i < len) {
        uint32_t cp = utf8_next((const unsigned char *)in, len, &i);
        if (cp >= 0x10000) {
            if (out && o + 2 <= outlen) {
                out[o] = 0xd800 | ((cp - 0x10000) >> 10);
                out[o + 1] = 0xdc00 | ((cp - 0x10000) & 0x3ff);
            }
            o += 2;
        } else {
            if (out && o < outlen)
                out[o] = (WCHAR)cp;
            o++;
        }
    }
    return o;
}

size_t utf16_to_utf8(const WCHAR *in, ptrdiff_t n, char *out, size_t outlen)
{
    size_t len = n < 0 ? wstrlen(in) + 1 : (size_t)n;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp = in[i];
        if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < len && in[i + 1] >= 0xdc00 && in[i + 1] < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (in[i + 1] - 0xdc00);
            i++;
        } else if (cp >= 0xd800 && cp < 0xe000) {
            cp = 0xfffd;
        }
        char buf[4];
        int k;
        if (cp < 0x80) { buf[0] = (char)cp; k = 1; }
        else if (cp < 0x800) { buf[0] = 0xc0 | cp >> 6; buf[1] = 0x80 | (cp & 0x3f); k = 2; }
        else if (cp < 0x10000) { buf[0] = 0xe0 | cp >> 12; buf[1] = 0x80 | ((cp >> 6) & 0x3f); buf[2] = 0x80 | (cp & 0x3f); k = 3; }
        else { buf[0] = 0xf0 | cp >> 18; buf[1] = 0x80 | ((cp >> 12) & 0x3f); buf[2] = 0x80 | ((cp >> 6) & 0x3f); buf[3] = 0x80 | (cp & 0x3f); k = 4; }
        if (out && o + k <= outlen)
            memcpy(out + o, buf, k);
        o += k;
    }
    return o;
}

char *utf16_to_utf8_alloc(const WCHAR *s)
{
    if (!s)
        return NULL;
    size_t n = utf16_to_utf8(s, -1, NULL, 0);
    char *r = malloc(n);
    if (r)
        utf16_to_utf8(s, -1, r, n);
    return r;
}

WCHAR *utf8_to_utf16_alloc(const char *s)
{
    if (!s)
        return NULL;
    size_t n = utf8_to_utf16(s, -1, NULL, 0);
    WCHAR *r = malloc(n * sizeof *r);
    if (r)
        utf8_to_utf16(s, -1, r, n);
    return r;
}
