/*
 * unicode.h - UTF-16 strings (Windows WCHAR) and conversions to and from the
 * host's UTF-8. Allocating helpers return malloc'd memory (free()).
 */
#ifndef MIMIC_WINAPI_UNICODE_H
#define MIMIC_WINAPI_UNICODE_H

#include "winapi/wintypes.h"

size_t wstrlen(const WCHAR *s);
int wstrcmp(const WCHAR *a, const WCHAR *b);
WCHAR *wstrdup(const WCHAR *s);

/* UTF-8 (n bytes, or -1: NUL-terminated) -> UTF-16. Returns the number of
 * WCHARs written (or needed when out is NULL), including a terminator when
 * n is -1. Invalid bytes become U+FFFD. */
size_t utf8_to_utf16(const char *in, ptrdiff_t n, WCHAR *out, size_t outlen);
size_t utf16_to_utf8(const WCHAR *in, ptrdiff_t n, char *out, size_t outlen);
char *utf16_to_utf8_alloc(const WCHAR *s);          /* NULL in, NULL out */
WCHAR *utf8_to_utf16_alloc(const char *s);

#endif
