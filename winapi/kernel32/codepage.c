/*
 * kernel32/codepage.c - code pages: MultiByteToWideChar, WideCharToMultiByte,
 * GetACP/GetOEMCP, GetCPInfo(Ex), IsValidCodePage, IsDBCSLeadByte(Ex).
 *
 * mimic is an en-US Windows: the ANSI code page is 1252 and the OEM one 437.
 * Supported: 1252, 437, 28591 (ISO 8859-1), 20127 (US-ASCII), 42 (symbol),
 * 65001 (UTF-8), 65000 (UTF-7). Single-byte pages decode through a table of
 * their upper half; encoding an unmapped character uses a best-fit letter
 * for accented Latin (as Windows's best-fit tables do) unless
 * WC_NO_BEST_FIT_CHARS, else the default character.
 * Other files convert their A arguments with the helpers in k32sys.h.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(codepage)

#define MB_PRECOMPOSED       0x01
#define MB_COMPOSITE         0x02
#define MB_USEGLYPHCHARS     0x04
#define MB_ERR_INVALID_CHARS 0x08
#define WC_DISCARDNS         0x0010
#define WC_SEPCHARS          0x0020
#define WC_DEFAULTCHAR       0x0040
#define WC_ERR_INVALID_CHARS 0x0080
#define WC_COMPOSITECHECK    0x0200
#define WC_NO_BEST_FIT_CHARS 0x0400

/* Upper halves (0x80-0xff) of the single-byte code pages. */
static const WCHAR cp1252_high[128] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
    0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7, 0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
    0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7, 0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
    0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
    0x00d0, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x00d7, 0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df,
    0x00e0, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7, 0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
    0x00f0, 0x00f1, 0x00f2, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x00f7, 0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x00fe, 0x00ff,
};

static const WCHAR cp437_high[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7, 0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9, 0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba, 0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b, 0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4, 0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
    0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248, 0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

/* Best-fit letters for U+00C0..U+017F: the base letter of accented Latin
 * ('?' where there is none). */
static const char latin_best_fit[] =
    "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKk?LlLlLlLlLl"
    "NnNnNn???OoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz?";
_Static_assert(sizeof latin_best_fit == 0xc0 + 1, "one letter per code point");

enum cp_kind { CPK_NONE, CPK_SBCS, CPK_UTF8, CPK_UTF7, CPK_SYMBOL };

struct codepage {
    UINT id;
    enum cp_kind kind;
    const WCHAR *high;           /* SBCS: the upper half; NULL for identity (8859-1) */
    bool ascii_only;             /* 20127: bytes >= 0x80 are not characters */
    const char *name;            /* GetCPInfoEx CodePageName */
};

static const struct codepage codepages[] = {
    { 1252, CPK_SBCS, cp1252_high, false, "1252  (ANSI - Latin I)" },
    { 437, CPK_SBCS, cp437_high, false, "437   (OEM - United States)" },
    { 28591, CPK_SBCS, NULL, false, "28591 (ISO 8859-1 Latin I)" },
    { 20127, CPK_SBCS, NULL, true, "20127 (US-ASCII)" },
    { 65001, CPK_UTF8, NULL, false, "65001 (UTF-8)" },
    { 65000, CPK_UTF7, NULL, false, "65000 (UTF-7)" },
    { 42, CPK_SYMBOL, NULL, false, "42    (Symbol)" },
};

static const struct codepage *find_cp(UINT cp)
{
    switch (cp) {
    case CP_ACP: case CP_THREAD_ACP: cp = 1252; break;
    case CP_OEMCP: cp = 437; break;
    case CP_MACCP: cp = 10000; break;
    }
    for (size_t i = 0; i < sizeof codepages / sizeof codepages[0]; i++)
        if (codepages[i].id == cp)
            return &codepages[i];
    return NULL;
}

static WCHAR sbcs_decode(const struct codepage *c, unsigned char b)
{
    if (b < 0x80)
        return b;
    if (c->ascii_only)
        return b & 0x7f;         /* as Windows's 20127 table does */
    return c->high ? c->high[b - 0x80] : b;
}

/* Byte for a character, or -1 when the page has none. */
static int sbcs_encode(const struct codepage *c, WCHAR w)
{
    if (w < 0x80)
        return w;
    if (c->ascii_only)
        return -1;
    if (!c->high)
        return w < 0x100 ? w : -1;
    for (int i = 0; i < 128; i++)
        if (c->high[i] == w)
            return 0x80 + i;
    return -1;
}

/* ---- UTF-8 --------------------------------------------------------------- */

/* Decode with Windows's rules: each maximal invalid subsequence becomes one
 * U+FFFD (or an error with MB_ERR_INVALID_CHARS). Returns the WCHAR count or
 * -1 on an invalid sequence when strict. */
static int utf8_decode(const unsigned char *s, int n, WCHAR *out, int outlen, bool strict, bool *overflow)
{
    int o = 0;
    for (int i = 0; i < n;) {
        unsigned c = s[i];
        uint32_t cp;
        int len = 1;
        if (c < 0x80) {
            cp = c;
        } else {
            int need = (c >= 0xc2 && c <= 0xdf) ? 1 : (c >= 0xe0 && c <= 0xef) ? 2 : (c >= 0xf0 && c <= 0xf4) ? 3 : -1;
            cp = 0xfffd;
            if (need > 0) {
                uint32_t v = c & (0x3f >> need);
                int k = 1;
                for (; k <= need && i + k < n; k++) {
                    unsigned t = s[i + k];
                    /* The second byte's range excludes overlongs and surrogates. */
                    unsigned lo = 0x80, hi = 0xbf;
                    if (k == 1) {
                        if (c == 0xe0) lo = 0xa0;
                        else if (c == 0xed) hi = 0x9f;
                        else if (c == 0xf0) lo = 0x90;
                        else if (c == 0xf4) hi = 0x8f;
                    }
                    if (t < lo || t > hi)
                        break;
                    v = (v << 6) | (t & 0x3f);
                }
                len = k;
                if (k == need + 1)
                    cp = v;
            }
            if (cp == 0xfffd && strict)
                return -1;
        }
        i += len;
        int units = cp >= 0x10000 ? 2 : 1;
        if (out) {
            if (o + units > outlen) {
                *overflow = true;
                return o;
            }
            if (units == 2) {
                out[o] = (WCHAR)(0xd800 | ((cp - 0x10000) >> 10));
                out[o + 1] = (WCHAR)(0xdc00 | ((cp - 0x10000) & 0x3ff));
            } else {
                out[o] = (WCHAR)cp;
            }
        }
        o += units;
    }
    return o;
}

static int utf8_encode(const WCHAR *s, int n, char *out, int outlen, bool strict, bool *overflow)
{
    int o = 0;
    for (int i = 0; i < n; i++) {
        uint32_t cp = s[i];
        if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < n && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (s[i + 1] - 0xdc00);
            i++;
        } else if (cp >= 0xd800 && cp < 0xe000) {
            if (strict)
                return -1;
            cp = 0xfffd;
        }
        unsigned char b[4];
        int k;
        if (cp < 0x80) { b[0] = (unsigned char)cp; k = 1; }
        else if (cp < 0x800) { b[0] = 0xc0 | cp >> 6; b[1] = 0x80 | (cp & 0x3f); k = 2; }
        else if (cp < 0x10000) { b[0] = 0xe0 | cp >> 12; b[1] = 0x80 | ((cp >> 6) & 0x3f); b[2] = 0x80 | (cp & 0x3f); k = 3; }
        else { b[0] = 0xf0 | cp >> 18; b[1] = 0x80 | ((cp >> 12) & 0x3f); b[2] = 0x80 | ((cp >> 6) & 0x3f); b[3] = 0x80 | (cp & 0x3f); k = 4; }
        if (out) {
            if (o + k > outlen) {
                *overflow = true;
                return o;
            }
            memcpy(out + o, b, (size_t)k);
        }
        o += k;
    }
    return o;
}

/* ---- UTF-7 (RFC 2152, as Windows writes it) ------------------------------ */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(unsigned char c)
{
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

/* Characters Windows writes as themselves: RFC 2152's "direct" set and NUL.
 * The optional direct characters (!"#$%&*;<=>@[]^_`{|}) are encoded. */
static bool utf7_direct(WCHAR c)
{
    if (c >= 0x80)
        return false;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || !c)
        return true;
    return strchr("'(),-./:? \t\r\n", c) != NULL;
}

static void put_byte(char *out, int outlen, int *o, char c, bool *overflow)
{
    if (out) {
        if (*o >= outlen) {
            *overflow = true;
            return;
        }
        out[*o] = c;
    }
    (*o)++;
}

static int utf7_encode(const WCHAR *s, int n, char *out, int outlen, bool *overflow)
{
    int o = 0;
    for (int i = 0; i < n && !*overflow;) {
        WCHAR c = s[i];
        if (c == '+') {
            put_byte(out, outlen, &o, '+', overflow);
            put_byte(out, outlen, &o, '-', overflow);
            i++;
        } else if (utf7_direct(c)) {
            put_byte(out, outlen, &o, (char)c, overflow);
            i++;
        } else {
            put_byte(out, outlen, &o, '+', overflow);
            uint32_t bits = 0;
            int nbits = 0;
            while (i < n && !utf7_direct(s[i]) && s[i] != '+') {
                bits = (bits << 16) | s[i++];
                nbits += 16;
                while (nbits >= 6) {
                    nbits -= 6;
                    put_byte(out, outlen, &o, b64[(bits >> nbits) & 0x3f], overflow);
                }
            }
            if (nbits)
                put_byte(out, outlen, &o, b64[(bits << (6 - nbits)) & 0x3f], overflow);
            /* Windows always ends the run explicitly. */
            put_byte(out, outlen, &o, '-', overflow);
        }
    }
    return o;
}

static int utf7_decode(const unsigned char *s, int n, WCHAR *out, int outlen, bool *overflow)
{
    int o = 0;
    for (int i = 0; i < n && !*overflow;) {
        if (s[i] != '+') {
            if (out) {
                if (o >= outlen) { *overflow = true; break; }
                out[o] = s[i];
            }
            o++;
            i++;
            continue;
        }
        i++;
        if (i < n && s[i] == '-') {
            if (out) {
                if (o >= outlen) { *overflow = true; break; }
                out[o] = '+';
            }
            o++;
            i++;
            continue;
        }
        uint32_t bits = 0;
        int nbits = 0, v;
        while (i < n && (v = b64_value(s[i])) >= 0) {
            bits = (bits << 6) | (uint32_t)v;
            nbits += 6;
            i++;
            if (nbits >= 16) {
                nbits -= 16;
                if (out) {
                    if (o >= outlen) { *overflow = true; break; }
                    out[o] = (WCHAR)(bits >> nbits);
                }
                o++;
            }
        }
        if (i < n && s[i] == '-')
            i++;             /* the terminator is absorbed */
    }
    return o;
}

/* ---- the two API calls --------------------------------------------------- */

WINAPI int kernel32_MultiByteToWideChar(UINT cp, DWORD flags, const char *src, int srclen, WCHAR *dst, int dstlen)
{
    if (!src || !srclen || dstlen < 0 || (dstlen && !dst) || srclen < -1 ||
        (dst && (const void *)dst == (const void *)src)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    const struct codepage *c = find_cp(cp);
    if (!c) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (srclen < 0)
        srclen = (int)strlen(src) + 1;
    const unsigned char *s = (const unsigned char *)src;
    bool overflow = false;
    int n = 0;
    WCHAR *out = dstlen ? dst : NULL;
    switch (c->kind) {
    case CPK_UTF8:
        if (flags & ~(DWORD)MB_ERR_INVALID_CHARS) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        n = utf8_decode(s, srclen, out, dstlen, flags & MB_ERR_INVALID_CHARS, &overflow);
        if (n < 0) {
            set_last_error(ERROR_NO_UNICODE_TRANSLATION);
            return 0;
        }
        break;
    case CPK_UTF7:
        if (flags) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        n = utf7_decode(s, srclen, out, dstlen, &overflow);
        break;
    default:
        if ((flags & ~(DWORD)(MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS | MB_ERR_INVALID_CHARS)) ||
            (flags & (MB_PRECOMPOSED | MB_COMPOSITE)) == (MB_PRECOMPOSED | MB_COMPOSITE)) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        if (flags & MB_COMPOSITE)
            FIXME("MB_COMPOSITE: characters are not decomposed\n");
        for (int i = 0; i < srclen; i++) {
            WCHAR w = c->kind == CPK_SYMBOL ? (s[i] < 0x20 ? s[i] : 0xf000 | s[i]) : sbcs_decode(c, s[i]);
            if (out) {
                if (n >= dstlen) {
                    overflow = true;
                    break;
                }
                out[n] = w;
            }
            n++;
        }
        break;
    }
    if (overflow) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return n;
}

WINAPI int kernel32_WideCharToMultiByte(UINT cp, DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen,
                                        const char *defchar, BOOL *used)
{
    if (!src || !srclen || dstlen < 0 || (dstlen && !dst) || srclen < -1 ||
        (dst && (const void *)dst == (const void *)src)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    const struct codepage *c = find_cp(cp);
    if (!c) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (srclen < 0)
        srclen = (int)wstrlen(src) + 1;
    bool overflow = false;
    char *out = dstlen ? dst : NULL;
    int n = 0;
    switch (c->kind) {
    case CPK_UTF8:
    case CPK_UTF7:
        if (defchar || used) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return 0;
        }
        if (flags & ~(DWORD)(c->kind == CPK_UTF8 ? WC_ERR_INVALID_CHARS : 0)) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        if (c->kind == CPK_UTF7)
            n = utf7_encode(src, srclen, out, dstlen, &overflow);
        else if ((n = utf8_encode(src, srclen, out, dstlen, flags & WC_ERR_INVALID_CHARS, &overflow)) < 0) {
            set_last_error(ERROR_NO_UNICODE_TRANSLATION);
            return 0;
        }
        break;
    default: {
        if (flags & ~(DWORD)(WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR | WC_COMPOSITECHECK |
                             WC_NO_BEST_FIT_CHARS | WC_ERR_INVALID_CHARS)) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        char def = defchar ? *defchar : '?';
        bool any_default = false;
        for (int i = 0; i < srclen; i++) {
            WCHAR w = src[i];
            int b;
            if (c->kind == CPK_SYMBOL)
                b = w < 0x20 ? w : (w >= 0xf020 && w <= 0xf0ff) ? (w & 0xff) : -1;
            else
                b = sbcs_encode(c, w);
            if (b < 0 && !(flags & WC_NO_BEST_FIT_CHARS) && c->kind == CPK_SBCS) {
                /* Best fit: accented Latin to its base letter, typographic
                 * punctuation to its ASCII twin. */
                char f = 0;
                if (w >= 0xc0 && w < 0x180 && latin_best_fit[w - 0xc0] != '?')
                    f = latin_best_fit[w - 0xc0];
                else if (w == 0x2018 || w == 0x2019 || w == 0x2032) f = '\'';
                else if (w == 0x201c || w == 0x201d || w == 0x2033) f = '"';
                else if (w == 0x2013 || w == 0x2014) f = '-';
                else if (w == 0x00a0 || w == 0x2002 || w == 0x2003) f = ' ';
                if (f)
                    b = sbcs_encode(c, (WCHAR)(unsigned char)f);
            }
            if (b < 0) {
                b = (unsigned char)def;
                any_default = true;
            }
            if (out) {
                if (n >= dstlen) {
                    overflow = true;
                    break;
                }
                out[n] = (char)b;
            }
            n++;
        }
        if (used)
            *used = any_default;
        break;
    }
    }
    if (overflow) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return n;
}

/* ---- code page information ---------------------------------------------- */

WINAPI UINT kernel32_GetACP(void) { return 1252; }
WINAPI UINT kernel32_GetOEMCP(void) { return 437; }

WINAPI BOOL kernel32_IsValidCodePage(UINT cp)
{
    /* The CP_ACP-style aliases are not code pages. */
    if (cp == CP_ACP || cp == CP_OEMCP || cp == CP_MACCP || cp == CP_THREAD_ACP)
        return FALSE;
    return find_cp(cp) != NULL;
}

typedef struct {
    UINT MaxCharSize;
    BYTE DefaultChar[2];
    BYTE LeadByte[12];
} CPINFO;

typedef struct {
    UINT MaxCharSize;
    BYTE DefaultChar[2];
    BYTE LeadByte[12];
    WCHAR UnicodeDefaultChar;
    UINT CodePage;
    WCHAR CodePageName[MAX_PATH];
} CPINFOEXW;

typedef struct {
    UINT MaxCharSize;
    BYTE DefaultChar[2];
    BYTE LeadByte[12];
    WCHAR UnicodeDefaultChar;
    UINT CodePage;
    char CodePageName[MAX_PATH];
} CPINFOEXA;

static const struct codepage *cp_info(UINT cp, CPINFO *info)
{
    const struct codepage *c = find_cp(cp);
    if (!info || !c) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    memset(info, 0, sizeof *info);
    info->MaxCharSize = c->kind == CPK_UTF8 ? 4 : c->kind == CPK_UTF7 ? 5 : 1;
    info->DefaultChar[0] = '?';
    return c;
}

WINAPI BOOL kernel32_GetCPInfo(UINT cp, CPINFO *info)
{
    const struct codepage *c = cp_info(cp, info);
    if (c && (c->kind == CPK_UTF7 || c->kind == CPK_UTF8))
        info->DefaultChar[0] = 0x3f;
    return c != NULL;
}

WINAPI BOOL kernel32_GetCPInfoExW(UINT cp, DWORD flags, CPINFOEXW *info)
{
    CPINFO base;
    const struct codepage *c = info ? cp_info(cp, &base) : NULL;
    if (!c) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(info, 0, sizeof *info);
    info->MaxCharSize = base.MaxCharSize;
    memcpy(info->DefaultChar, base.DefaultChar, 2);
    info->UnicodeDefaultChar = (c->kind == CPK_UTF8 || c->kind == CPK_UTF7) ? 0xfffd : '?';
    info->CodePage = c->id;
    utf8_to_utf16(c->name, -1, info->CodePageName, MAX_PATH);
    return TRUE;
}

WINAPI BOOL kernel32_GetCPInfoExA(UINT cp, DWORD flags, CPINFOEXA *info)
{
    CPINFOEXW w;
    if (!info || !kernel32_GetCPInfoExW(cp, flags, &w)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(info, 0, sizeof *info);
    memcpy(info, &w, offsetof(CPINFOEXA, CodePageName));
    strncpy(info->CodePageName, find_cp(cp)->name, MAX_PATH - 1);
    return TRUE;
}

WINAPI BOOL kernel32_IsDBCSLeadByteEx(UINT cp, BYTE b)
{
    if (!find_cp(cp)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return FALSE;                /* none of the supported pages is double-byte */
}

WINAPI BOOL kernel32_IsDBCSLeadByte(BYTE b) { return FALSE; }

/* ---- helpers for the other A functions ----------------------------------- */

WCHAR *acp_to_wide(const char *s)
{
    if (!s)
        return NULL;
    int n = kernel32_MultiByteToWideChar(CP_ACP, 0, s, -1, NULL, 0);
    WCHAR *w = malloc((size_t)n * sizeof *w);
    if (w)
        kernel32_MultiByteToWideChar(CP_ACP, 0, s, -1, w, n);
    return w;
}

char *wide_to_acp(const WCHAR *w)
{
    if (!w)
        return NULL;
    int n = kernel32_WideCharToMultiByte(CP_ACP, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = malloc((size_t)n);
    if (s)
        kernel32_WideCharToMultiByte(CP_ACP, 0, w, -1, s, n, NULL, NULL);
    return s;
}

char *acp_to_utf8(const char *s)
{
    WCHAR *w = acp_to_wide(s);
    char *u = utf16_to_utf8_alloc(w);
    free(w);
    return u;
}

int cp_to_wide(UINT cp, const char *s, int n, WCHAR *out, int outlen)
{
    return kernel32_MultiByteToWideChar(cp, 0, s, n, out, outlen);
}

int cp_from_wide(UINT cp, const WCHAR *w, int n, char *out, int outlen)
{
    return kernel32_WideCharToMultiByte(cp, 0, w, n, out, outlen, NULL, NULL);
}
