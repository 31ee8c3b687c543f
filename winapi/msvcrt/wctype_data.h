/*
 * wctype_data.h - range tables of Unicode classes for the BMP above
 * U+00FF (wctype_data.c, generated), used by ctype.c.
 */
#ifndef MIMIC_WINAPI_MSVCRT_WCTYPE_DATA_H
#define MIMIC_WINAPI_MSVCRT_WCTYPE_DATA_H

#include <stddef.h>
#include <stdint.h>

struct range { uint16_t first, last; };
struct range_table { const struct range *r; size_t n; };

enum { WCT_ALPHA, WCT_DIGIT, WCT_SPACE, WCT_PUNCT, WCT_CNTRL, WCT_DEFINED, WCT_CASELESS, WCT_TITLE, WCT_COUNT };
extern const struct range_table wctype_tables[WCT_COUNT];

#endif
