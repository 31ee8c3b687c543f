/*
 * regfile.c - the text format of mimic's hive files (registry/machine.txt,
 * registry/user.txt), made to be read and edited by people:
 *
 *   ; mimic registry v1: HKEY_CURRENT_USER
 *   [Software\Foo] t=01da8c5e3a7b1c20
 *   @=sz:"the default value"
 *   "Count"=dword:0000002a
 *   "Big"=qword:0000000100000000
 *   "Path"=expand_sz:"%SystemRoot%\\system32"
 *   "List"=multi_sz:"one","two"
 *   "Blob"=binary:00,01,fe
 *   "Odd"=hex(1):41,00        <- any type, raw bytes: data that does not fit its type's form
 *   [Software\Foo\Bar] t=01da8c5e3a7b1c20 class="a class"
 *
 * The first line names the format; a file without it is not ours and is never
 * overwritten. Key lines give the path from the hive's root ([] is the root
 * itself), then the last-write time as a FILETIME in hex and the class, if any.
 * In a path, '%', ']' and control characters are written %XX (a lone UTF-16
 * surrogate %uXXXX). Quoted strings escape \" \\ \n \r \t, other control
 * characters \xXX, lone surrogates \uXXXX; everything else is UTF-8. A value
 * is written in its type's form only when that form gives back the exact
 * bytes (REG_SZ: one terminating NUL and no other, DWORD: 4 bytes ...);
 * otherwise hex(N) keeps the bytes. Lines starting with ';' are comments.
 */
#include "winapi/advapi32/regstore.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char magic[] = "; mimic registry v1";

/* ---- writing -------------------------------------------------------------- */

struct out {
    char *buf;
    size_t len, cap;
    bool failed;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t c = o->cap ? o->cap : 4096;
        while (c < o->len + n + 1)
            c *= 2;
        char *b = realloc(o->buf, c);
        if (!b) {
            o->failed = true;
            return;
        }
        o->buf = b;
        o->cap = c;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = 0;
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void putf(struct out *o, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void put_utf8(struct out *o, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | cp >> 12);
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | cp >> 18);
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    put(o, b, n);
}

/* UTF-16 text; in_path selects the %XX escapes of key paths, else the
 * backslash escapes of quoted strings. */
static void put_text(struct out *o, const WCHAR *s, size_t n, bool in_path)
{
    for (size_t i = 0; i < n; i++) {
        WCHAR c = s[i];
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && s[i + 1] >= 0xdc00 && s[i + 1] <= 0xdfff) {
            put_utf8(o, 0x10000 + (((uint32_t)c - 0xd800) << 10) + (s[i + 1] - 0xdc00));
            i++;
        } else if (c >= 0xd800 && c <= 0xdfff) {
            putf(o, in_path ? "%%u%04X" : "\\u%04X", c);
        } else if (in_path) {
            if (c < 0x20 || c == 0x7f || c == '%' || c == ']')
                putf(o, "%%%02X", c);
            else
                put_utf8(o, c);
        } else if (c == '"' || c == '\\') {
            putf(o, "\\%c", (char)c);
        } else if (c == '\n') {
            puts_(o, "\\n");
        } else if (c == '\r') {
            puts_(o, "\\r");
        } else if (c == '\t') {
            puts_(o, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            putf(o, "\\x%02X", c);
        } else {
            put_utf8(o, c);
        }
    }
}

static void put_quoted(struct out *o, const WCHAR *s, size_t n)
{
    puts_(o, "\"");
    put_text(o, s, n, false);
    puts_(o, "\"");
}

static size_t wlen_n(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* REG_SZ form: an even size, exactly one NUL, at the end. */
static bool is_plain_string(const BYTE *d, DWORD size)
{
    if (size < 2 || (size & 1))
        return false;
    size_t n = size / 2;
    const WCHAR *w = (const WCHAR *)d;
    return w[n - 1] == 0 && wlen_n(w, n) == n - 1;
}

/* REG_MULTI_SZ form: non-empty strings each with its NUL, then one more NUL. */
static bool is_plain_multi(const BYTE *d, DWORD size)
{
    if (size < 2 || (size & 1))
        return false;
    size_t n = size / 2, i = 0;
    const WCHAR *w = (const WCHAR *)d;
    while (i < n - 1) {
        size_t l = wlen_n(w + i, n - i);
        if (l == 0 || i + l >= n - 1)
            return false;
        i += l + 1;
    }
    return i == n - 1 && w[i] == 0;
}

static void put_bytes(struct out *o, const BYTE *d, DWORD size)
{
    for (DWORD i = 0; i < size; i++)
        putf(o, i ? ",%02x" : "%02x", d[i]);
}

static void put_value(struct out *o, const struct reg_value *v)
{
    /* Values copy the bytes aligned: reading them as WCHARs is safe. */
    WCHAR *w = NULL;
    if (v->size >= 2) {
        w = malloc(v->size);
        if (!w) {
            o->failed = true;
            return;
        }
        memcpy(w, v->data, v->size);
    }
    if (v->name_len)
        put_quoted(o, v->name, v->name_len);
    else
        puts_(o, "@");
    puts_(o, "=");
    if ((v->type == REG_SZ || v->type == REG_EXPAND_SZ) && is_plain_string(v->data, v->size)) {
        puts_(o, v->type == REG_SZ ? "sz:" : "expand_sz:");
        put_quoted(o, w, v->size / 2 - 1);
    } else if (v->type == REG_MULTI_SZ && is_plain_multi(v->data, v->size)) {
        puts_(o, "multi_sz:");
        size_t i = 0, n = v->size / 2 - 1;
        while (i < n) {
            size_t l = wlen_n(w + i, n - i);
            if (i)
                puts_(o, ",");
            put_quoted(o, w + i, l);
            i += l + 1;
        }
    } else if (v->type == REG_DWORD && v->size == 4) {
        uint32_t x;
        memcpy(&x, v->data, 4);
        putf(o, "dword:%08x", x);
    } else if (v->type == REG_QWORD && v->size == 8) {
        uint64_t x;
        memcpy(&x, v->data, 8);
        putf(o, "qword:%016llx", (unsigned long long)x);
    } else if (v->type == REG_BINARY) {
        puts_(o, "binary:");
        put_bytes(o, v->data, v->size);
    } else {
        putf(o, "hex(%x):", v->type);
        put_bytes(o, v->data, v->size);
    }
    puts_(o, "\n");
    free(w);
}

struct path_part {
    const struct reg_key *key;
    const struct path_part *up;
};

static void put_path(struct out *o, const struct path_part *p)
{
    if (!p)
        return;
    if (p->up) {
        put_path(o, p->up);
        puts_(o, "\\");
    }
    put_text(o, p->key->name, p->key->name_len, true);
}

static void put_key(struct out *o, const struct reg_key *k, const struct path_part *path)
{
    if (k->flags & KEYF_VOLATILE)
        return;
    struct path_part here = { k, path };
    const struct path_part *me = path || !(k->flags & KEYF_ROOT) ? &here : NULL;
    if (me || k->nval) {
        puts_(o, "[");
        put_path(o, me);
        putf(o, "] t=%016llx", (unsigned long long)k->mtime);
        if (k->class_name) {
            puts_(o, " class=");
            put_quoted(o, k->class_name, k->class_len);
        }
        puts_(o, "\n");
    }
    for (size_t i = 0; i < k->nval; i++)
        put_value(o, &k->val[i]);
    for (size_t i = 0; i < k->nsub; i++)
        put_key(o, k->sub[i], me);
}

char *regfile_format(struct reg_key *root, const char *title, size_t *len)
{
    struct out o = { 0 };
    putf(&o, "%s: ", magic);
    puts_(&o, title);
    puts_(&o, "\n; Written by mimic after every change (see winapi/advapi32/regfile.c).\n");
    put_key(&o, root, NULL);
    if (o.failed) {
        free(o.buf);
        return NULL;
    }
    *len = o.len;
    return o.buf;
}

/* ---- reading -------------------------------------------------------------- */

struct parser {
    const char *file;
    int line;
    bool ok;
    WCHAR *w;                   /* scratch UTF-16 buffer */
    size_t wlen, wcap;
    BYTE *b;                    /* scratch data buffer */
    size_t blen, bcap;
};

static bool perr(struct parser *p, const char *what)
{
    fprintf(stderr, "mimic: registry: %s:%d: %s\n", p->file, p->line, what);
    p->ok = false;
    return false;
}

static bool wpush(struct parser *p, WCHAR c)
{
    if (p->wlen == p->wcap) {
        size_t n = p->wcap ? p->wcap * 2 : 256;
        WCHAR *w = realloc(p->w, n * sizeof *w);
        if (!w)
            return perr(p, "out of memory");
        p->w = w;
        p->wcap = n;
    }
    p->w[p->wlen++] = c;
    return true;
}

static bool bpush(struct parser *p, const void *d, size_t n)
{
    if (p->blen + n > p->bcap) {
        size_t c = p->bcap ? p->bcap : 256;
        while (c < p->blen + n)
            c *= 2;
        BYTE *b = realloc(p->b, c);
        if (!b)
            return perr(p, "out of memory");
        p->b = b;
        p->bcap = c;
    }
    memcpy(p->b + p->blen, d, n);
    p->blen += n;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Exactly n hex digits at s. */
static bool hex_n(const char *s, const char *end, int n, uint32_t *v)
{
    if (end - s < n)
        return false;
    *v = 0;
    for (int i = 0; i < n; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return false;
        *v = *v << 4 | (uint32_t)h;
    }
    return true;
}

/* One UTF-8 character at *s, strictly decoded, appended as UTF-16. */
static bool take_utf8(struct parser *p, const char **s, const char *end)
{
    const unsigned char *u = (const unsigned char *)*s;
    uint32_t cp;
    int n;
    if (u[0] < 0x80) { cp = u[0]; n = 1; }
    else if ((u[0] & 0xe0) == 0xc0) { cp = u[0] & 0x1f; n = 2; }
    else if ((u[0] & 0xf0) == 0xe0) { cp = u[0] & 0x0f; n = 3; }
    else if ((u[0] & 0xf8) == 0xf0) { cp = u[0] & 0x07; n = 4; }
    else return perr(p, "invalid UTF-8");
    if (end - *s < n)
        return perr(p, "invalid UTF-8");
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return perr(p, "invalid UTF-8");
        cp = cp << 6 | (u[i] & 0x3f);
    }
    static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return perr(p, "invalid UTF-8");
    *s += n;
    if (cp >= 0x10000) {
        cp -= 0x10000;
        return wpush(p, (WCHAR)(0xd800 + (cp >> 10))) && wpush(p, (WCHAR)(0xdc00 + (cp & 0x3ff)));
    }
    return wpush(p, (WCHAR)cp);
}

/* A quoted string at *s into p->w (reset first). */
static bool take_quoted(struct parser *p, const char **s, const char *end)
{
    p->wlen = 0;
    if (*s >= end || **s != '"')
        return perr(p, "expected a quoted string");
    (*s)++;
    while (*s < end && **s != '"') {
        if (**s != '\\') {
            if ((unsigned char)**s < 0x20)
                return perr(p, "control character in a string");
            if (!take_utf8(p, s, end))
                return false;
            continue;
        }
        (*s)++;
        if (*s >= end)
            break;
        char e = *(*s)++;
        uint32_t v;
        switch (e) {
        case '"': case '\\': if (!wpush(p, (WCHAR)e)) return false; break;
        case 'n': if (!wpush(p, '\n')) return false; break;
        case 'r': if (!wpush(p, '\r')) return false; break;
        case 't': if (!wpush(p, '\t')) return false; break;
        case 'x':
            if (!hex_n(*s, end, 2, &v))
                return perr(p, "bad \\x escape");
            *s += 2;
            if (!wpush(p, (WCHAR)v)) return false;
            break;
        case 'u':
            if (!hex_n(*s, end, 4, &v))
                return perr(p, "bad \\u escape");
            *s += 4;
            if (!wpush(p, (WCHAR)v)) return false;
            break;
        default:
            return perr(p, "unknown escape in a string");
        }
    }
    if (*s >= end)
        return perr(p, "unterminated string");
    (*s)++;
    return true;
}

static void skip_spaces(const char **s, const char *end)
{
    while (*s < end && (**s == ' ' || **s == '\t'))
        (*s)++;
}

static bool starts(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - s) >= n && !memcmp(s, word, n);
}

/* Comma-separated hex bytes (maybe none) into p->b. */
static bool take_bytes(struct parser *p, const char **s, const char *end)
{
    skip_spaces(s, end);
    while (*s < end) {
        uint32_t v;
        if (!hex_n(*s, end, 2, &v))
            return perr(p, "expected a hex byte");
        *s += 2;
        BYTE b = (BYTE)v;
        if (!bpush(p, &b, 1))
            return false;
        skip_spaces(s, end);
        if (*s < end && **s == ',') {
            (*s)++;
            skip_spaces(s, end);
            if (*s >= end)
                return perr(p, "expected a hex byte");
        } else {
            break;
        }
    }
    return true;
}

static bool take_number(struct parser *p, const char **s, const char *end, int max, uint64_t *v)
{
    int n = 0;
    *v = 0;
    while (*s < end && hexval(**s) >= 0) {
        if (++n > max)
            return perr(p, "number too long");
        *v = *v << 4 | (uint64_t)hexval(**s);
        (*s)++;
    }
    return n ? true : perr(p, "expected a hex number");
}

static bool value_line(struct parser *p, struct reg_key *key, const char *s, const char *end)
{
    WCHAR *name = NULL;
    size_t name_len = 0;
    if (*s == '@') {
        s++;
    } else {
        if (!take_quoted(p, &s, end))
            return false;
        if (!p->wlen)
            return perr(p, "empty value name (the default value is written @)");
        name_len = p->wlen;
        if (!(name = malloc(name_len * sizeof *name)))
            return perr(p, "out of memory");
        memcpy(name, p->w, name_len * sizeof *name);
    }
    bool ok = false;
    DWORD type = 0;
    p->blen = 0;
    if (s >= end || *s++ != '=') {
        perr(p, "expected '=' after the value name");
    } else if (starts(s, end, "sz:") || starts(s, end, "expand_sz:")) {
        type = *s == 's' ? REG_SZ : REG_EXPAND_SZ;
        s = strchr(s, ':') + 1;
        WCHAR nul = 0;
        ok = take_quoted(p, &s, end) && bpush(p, p->w, p->wlen * sizeof(WCHAR)) &&
            bpush(p, &nul, sizeof nul);
    } else if (starts(s, end, "multi_sz:")) {
        type = REG_MULTI_SZ;
        s += 9;
        WCHAR nul = 0;
        ok = true;
        skip_spaces(&s, end);
        while (ok && s < end) {
            ok = take_quoted(p, &s, end) && bpush(p, p->w, p->wlen * sizeof(WCHAR)) &&
                bpush(p, &nul, sizeof nul);
            skip_spaces(&s, end);
            if (ok && s < end && *s == ',') {
                s++;
                skip_spaces(&s, end);
            } else {
                break;
            }
        }
        ok = ok && bpush(p, &nul, sizeof nul);
    } else if (starts(s, end, "dword:")) {
        uint64_t v;
        type = REG_DWORD;
        s += 6;
        if ((ok = take_number(p, &s, end, 8, &v))) {
            uint32_t d = (uint32_t)v;
            ok = bpush(p, &d, 4);
        }
    } else if (starts(s, end, "qword:")) {
        uint64_t v;
        type = REG_QWORD;
        s += 6;
        ok = take_number(p, &s, end, 16, &v) && bpush(p, &v, 8);
    } else if (starts(s, end, "binary:")) {
        type = REG_BINARY;
        s += 7;
        ok = take_bytes(p, &s, end);
    } else if (starts(s, end, "hex(")) {
        uint64_t v;
        s += 4;
        if (take_number(p, &s, end, 8, &v)) {
            type = (DWORD)v;
            if (!starts(s, end, "):"))
                perr(p, "expected '):' after the type");
            else {
                s += 2;
                ok = take_bytes(p, &s, end);
            }
        }
    } else {
        perr(p, "unknown value type");
    }
    if (ok) {
        skip_spaces(&s, end);
        if (s < end)
            ok = perr(p, "unexpected text after the value");
        else if (p->blen > 0xffffffffu)
            ok = perr(p, "value too big");
    }
    static const WCHAR empty[1];
    uint64_t mtime = key->mtime;      /* the file's time, not the time of reading */
    if (ok && regstore_set_value(key, name ? name : empty, name_len, type, p->b,
                                 (DWORD)p->blen) != ERROR_SUCCESS)
        ok = perr(p, "out of memory");
    key->mtime = mtime;
    free(name);
    return ok;
}

/* "[path] t=... class=..." -> the key, created under root. */
static struct reg_key *key_line(struct parser *p, struct reg_key *root, const char *s, const char *end)
{
    s++;                        /* '[' */
    struct reg_key *k = root;
    p->wlen = 0;
    for (;;) {
        if (s >= end)
            return perr(p, "missing ']'"), NULL;
        if (*s == '\\' || *s == ']') {
            if (p->wlen == 0 && !(*s == ']' && k == root))
                return perr(p, "empty key name in path"), NULL;
            if (p->wlen > KEY_MAX_NAME)
                return perr(p, "key name longer than 255 characters"), NULL;
            if (p->wlen && !(k = regstore_add_child(k, p->w, p->wlen)))
                return perr(p, "out of memory"), NULL;
            p->wlen = 0;
            if (*s++ == ']')
                break;
        } else if (*s == '%') {
            uint32_t v;
            if (s + 1 < end && s[1] == 'u' && hex_n(s + 2, end, 4, &v))
                s += 6;
            else if (hex_n(s + 1, end, 2, &v))
                s += 3;
            else
                return perr(p, "bad % escape in key path"), NULL;
            if (!wpush(p, (WCHAR)v))
                return NULL;
        } else if ((unsigned char)*s < 0x20) {
            return perr(p, "control character in key path"), NULL;
        } else if (!take_utf8(p, &s, end)) {
            return NULL;
        }
    }
    for (;;) {
        skip_spaces(&s, end);
        if (s >= end)
            break;
        if (starts(s, end, "t=")) {
            uint64_t t;
            s += 2;
            if (!take_number(p, &s, end, 16, &t))
                return NULL;
            k->mtime = t;
        } else if (starts(s, end, "class=")) {
            s += 6;
            if (!take_quoted(p, &s, end))
                return NULL;
            free(k->class_name);
            k->class_name = malloc((p->wlen + 1) * sizeof(WCHAR));
            if (!k->class_name)
                return perr(p, "out of memory"), NULL;
            memcpy(k->class_name, p->w, p->wlen * sizeof(WCHAR));
            k->class_name[p->wlen] = 0;
            k->class_len = p->wlen;
        } else {
            return perr(p, "unknown attribute after the key path"), NULL;
        }
    }
    return k;
}

bool regfile_parse(const char *path, const char *text, size_t len, struct reg_key *root)
{
    struct parser p = { path, 0, true, NULL, 0, 0, NULL, 0, 0 };
    const char *s = text, *end = text + len;
    struct reg_key *key = NULL;
    bool first = true, bad_key = false;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        p.line++;
        if (le > s && le[-1] == '\r')
            le--;
        if (first) {
            first = false;
            if ((size_t)(le - s) < sizeof magic - 1 || memcmp(s, magic, sizeof magic - 1)) {
                perr(&p, "not a mimic registry file (first line must start with '; mimic registry v1')");
                break;
            }
        } else if (le == s || *s == ';') {
            /* blank or comment */
        } else if (*s == '[') {
            /* After a bad key line, its values have no key: skip them. */
            key = key_line(&p, root, s, le);
            bad_key = !key;
        } else if (*s == '@' || *s == '"') {
            if (key)
                value_line(&p, key, s, le);
            else if (!bad_key)
                perr(&p, "value before the first [key] line");
        } else {
            perr(&p, "expected [key], a value, or a ; comment");
        }
        s = next;
    }
    free(p.w);
    free(p.b);
    return p.ok;
}
