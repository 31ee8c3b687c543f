/*
 * kernel32/format.c - FormatMessageA/W: messages from a string, from a
 * module's RT_MESSAGETABLE, or from the system's table (the common Win32
 * error texts, in Windows's en-US wording, which programs print and tools
 * compare), with inserts %1..%99 (optionally !printf-format!), escapes
 * (%0 %n %r %t %% %. %! %space), line width control and allocated output.
 *
 * Arguments come as a va_list (one 8-byte slot per argument, x64) or as an
 * array of DWORD_PTR (FORMAT_MESSAGE_ARGUMENT_ARRAY); insert n is slot n-1,
 * and a '*' width or precision takes the slots after it.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/heap.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(format)

WINAPI void *kernel32_LocalAlloc(UINT flags, SIZE_T size);

#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x0100
#define FORMAT_MESSAGE_IGNORE_INSERTS  0x0200
#define FORMAT_MESSAGE_FROM_STRING     0x0400
#define FORMAT_MESSAGE_FROM_HMODULE    0x0800
#define FORMAT_MESSAGE_FROM_SYSTEM     0x1000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x2000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK  0x00ff

#define ERROR_MR_MID_NOT_FOUND 317
#define ERROR_INVALID_USER_BUFFER 1784

/* The system message table: Windows's own words for its error codes. */
static const struct { DWORD id; const char *text; } system_messages[] = {
    { 0, "The operation completed successfully." },
    { 1, "Incorrect function." },
    { 2, "The system cannot find the file specified." },
    { 3, "The system cannot find the path specified." },
    { 4, "The system cannot open the file." },
    { 5, "Access is denied." },
    { 6, "The handle is invalid." },
    { 7, "The storage control blocks were destroyed." },
    { 8, "Not enough memory resources are available to process this command." },
    { 9, "The storage control block address is invalid." },
    { 10, "The environment is incorrect." },
    { 11, "An attempt was made to load a program with an incorrect format." },
    { 12, "The access code is invalid." },
    { 13, "The data is invalid." },
    { 14, "Not enough memory resources are available to complete this operation." },
    { 15, "The system cannot find the drive specified." },
    { 16, "The directory cannot be removed." },
    { 17, "The system cannot move the file to a different disk drive." },
    { 18, "There are no more files." },
    { 19, "The media is write protected." },
    { 20, "The system cannot find the device specified." },
    { 21, "The device is not ready." },
    { 22, "The device does not recognize the command." },
    { 23, "Data error (cyclic redundancy check)." },
    { 24, "The program issued a command but the command length is incorrect." },
    { 25, "The drive cannot locate a specific area or track on the disk." },
    { 26, "The specified disk or diskette cannot be accessed." },
    { 27, "The drive cannot find the sector requested." },
    { 28, "The printer is out of paper." },
    { 29, "The system cannot write to the specified device." },
    { 30, "The system cannot read from the specified device." },
    { 31, "A device attached to the system is not functioning." },
    { 32, "The process cannot access the file because it is being used by another process." },
    { 33, "The process cannot access the file because another process has locked a portion of the file." },
    { 36, "Too many files opened for sharing." },
    { 38, "Reached the end of the file." },
    { 39, "The disk is full." },
    { 50, "The request is not supported." },
    { 53, "The network path was not found." },
    { 80, "The file exists." },
    { 82, "The directory or file cannot be created." },
    { 87, "The parameter is incorrect." },
    { 109, "The pipe has been ended." },
    { 110, "The system cannot open the device or file specified." },
    { 111, "The file name is too long." },
    { 112, "There is not enough space on the disk." },
    { 120, "This function is not supported on this system." },
    { 122, "The data area passed to a system call is too small." },
    { 123, "The filename, directory name, or volume label syntax is incorrect." },
    { 126, "The specified module could not be found." },
    { 127, "The specified procedure could not be found." },
    { 128, "There are no child processes to wait for." },
    { 131, "An attempt was made to move the file pointer before the beginning of the file." },
    { 145, "The directory is not empty." },
    { 157, "The segment is already discarded and cannot be locked." },
    { 158, "The segment is already unlocked." },
    { 170, "The requested resource is in use." },
    { 183, "Cannot create a file when that file already exists." },
    { 193, "%1 is not a valid Win32 application." },
    { 203, "The system could not find the environment option that was entered." },
    { 206, "The filename or extension is too long." },
    { 232, "The pipe is being closed." },
    { 234, "More data is available." },
    { 259, "No more data is available." },
    { 267, "The directory name is invalid." },
    { 288, "Attempt to release mutex not owned by caller." },
    { 317, "The system cannot find message text for message number 0x%1 in the message file for %2." },
    { 487, "Attempt to access invalid address." },
    { 995, "The I/O operation has been aborted because of either a thread exit or an application request." },
    { 997, "Overlapped I/O operation is in progress." },
    { 998, "Invalid access to memory location." },
    { 1004, "Invalid flags." },
    { 1008, "An attempt was made to reference a token that does not exist." },
    { 1010, "The configuration registry key is invalid." },
    { 1011, "The configuration registry key could not be opened." },
    { 1012, "The configuration registry key could not be read." },
    { 1013, "The configuration registry key could not be written." },
    { 1018, "Illegal operation attempted on a registry key that has been marked for deletion." },
    { 1113, "No mapping for the Unicode character exists in the target multi-byte code page." },
    { 1150, "The specified program requires a newer version of Windows." },
    { 1155, "No application is associated with the specified file for this operation." },
    { 1168, "Element not found." },
    { 1223, "The operation was canceled by the user." },
    { 1314, "A required privilege is not held by the client." },
    { 1332, "No mapping between account names and security IDs was done." },
    { 1400, "Invalid window handle." },
    { 1410, "Class already exists." },
    { 1411, "Class does not exist." },
    { 1460, "This operation returned because the timeout period expired." },
    { 1784, "The supplied user buffer is not valid for the requested operation." },
    { 1812, "The specified image file did not contain a resource section." },
    { 1813, "The specified resource type cannot be found in the image file." },
    { 1814, "The specified resource name cannot be found in the image file." },
    { 1815, "The specified resource language ID cannot be found in the image file." },
};

static const char *system_message(DWORD id)
{
    for (size_t i = 0; i < sizeof system_messages / sizeof system_messages[0]; i++)
        if (system_messages[i].id == id)
            return system_messages[i].text;
    return NULL;
}

/* A message from a module's RT_MESSAGETABLE (type 11, name 1), as a malloc'd
 * UTF-16 string; NULL if the module has none or lacks the id. */
static WCHAR *module_message(HMODULE h, DWORD id, WORD lang)
{
    const void *entry = res_find(h, (const WCHAR *)(uintptr_t)11, (const WCHAR *)(uintptr_t)1, lang ? lang : 0xffff);
    DWORD size;
    const uint8_t *d = entry ? res_data(h, entry, &size) : NULL;
    if (!d || size < 4)
        return NULL;
    uint32_t nblocks;
    memcpy(&nblocks, d, 4);
    if (nblocks > (size - 4) / 12)
        return NULL;
    for (uint32_t b = 0; b < nblocks; b++) {
        uint32_t lo, hi, off;
        memcpy(&lo, d + 4 + 12 * b, 4);
        memcpy(&hi, d + 8 + 12 * b, 4);
        memcpy(&off, d + 12 + 12 * b, 4);
        if (id < lo || id > hi)
            continue;
        /* Walk the variable-length entries up to the one for id. */
        for (uint32_t k = lo; off + 4 <= size; k++) {
            uint16_t len, flags;
            memcpy(&len, d + off, 2);
            memcpy(&flags, d + off + 2, 2);
            if (len < 4 || off + len > size)
                return NULL;
            if (k == id) {
                const uint8_t *t = d + off + 4;
                size_t n = len - 4u;
                if (flags & 1) {         /* UTF-16 */
                    WCHAR *w = malloc(n + 2);
                    if (!w)
                        return NULL;
                    memcpy(w, t, n);
                    w[n / 2] = 0;
                    return w;
                }
                char *a = malloc(n + 1);
                if (!a)
                    return NULL;
                memcpy(a, t, n);
                a[n] = 0;
                WCHAR *w = acp_to_wide(a);
                free(a);
                return w;
            }
            off += len;
        }
        return NULL;
    }
    return NULL;
}

/* ---- the formatter ---------------------------------------------------------- */

struct out { WCHAR *buf; size_t len, cap; bool oom; };

static void put(struct out *o, WCHAR c)
{
    if (o->len + 1 >= o->cap) {
        size_t ncap = o->cap ? o->cap * 2 : 256;
        WCHAR *n = realloc(o->buf, ncap * sizeof *n);
        if (!n) {
            o->oom = true;
            return;
        }
        o->buf = n;
        o->cap = ncap;
    }
    o->buf[o->len++] = c;
}

static void put_utf8(struct out *o, const char *s)
{
    WCHAR *w = utf8_to_utf16_alloc(s);
    for (WCHAR *p = w; p && *p; p++)
        put(o, *p);
    free(w);
}

struct args {
    const ULONG_PTR *slots;      /* argument array or the va_list's memory */
    bool ansi;                   /* FormatMessageA: %s strings are ANSI */
};

static ULONG_PTR arg(const struct args *a, int n) { return a->slots[n]; }

/* One insert: %n or %n!fmt!. *p points after the '%'; returns the next position. */
static const WCHAR *insert(struct out *o, const WCHAR *p, const struct args *a, bool *bad)
{
    int n = 0;
    while (*p >= '0' && *p <= '9' && n < 100)
        n = n * 10 + (*p++ - '0');
    if (n < 1 || n > 99) {
        *bad = true;
        return p;
    }
    int slot = n - 1;
    char fmt[32] = "s";
    if (*p == '!') {
        const WCHAR *end = p + 1;
        while (*end && *end != '!')
            end++;
        if (!*end || end - p - 1 >= (ptrdiff_t)sizeof fmt) {
            *bad = true;
            return p;
        }
        size_t k = 0;
        for (const WCHAR *q = p + 1; q < end; q++)
            fmt[k++] = (char)*q;
        fmt[k] = 0;
        p = end + 1;
    }
    if (!a->slots) {
        *bad = true;
        return p;
    }
    /* Split the printf format: flags, width, precision, length, conversion. */
    char conv = fmt[strlen(fmt) - 1], spec[48], *s = spec;
    *s++ = '%';
    int width = -1, prec = -1;
    bool wide64 = false;
    for (const char *f = fmt; *f && f < fmt + strlen(fmt) - 1; f++) {
        if (*f == '*') {
            int v = (int)arg(a, slot++);   /* '*' takes this slot; the value the next */
            if (width < 0 && !strchr(spec, '.'))
                width = v;
            else
                prec = v;
            s += sprintf(s, "%d", v);
        } else if (*f == 'I' && f[1] == '6' && f[2] == '4') {
            wide64 = true;
            f += 2;
        } else if (*f == 'I' && f[1] == '3' && f[2] == '2') {
            f += 2;
        } else if (*f == 'I') {
            wide64 = true;           /* pointer-sized */
        } else if (*f == 'l' || *f == 'h' || *f == 'w') {
            continue;    /* Windows long is 32 bits; h, l, w select string width (below) */
        } else if (s < spec + sizeof spec - 8) {
            *s++ = *f;
        }
    }
    ULONG_PTR v = arg(a, slot);
    char buf[512];
    if (conv == 's' || conv == 'S') {
        bool narrow = (conv == 's') == a->ansi;
        if (strchr(fmt, 'h'))
            narrow = true;
        else if (strchr(fmt, 'w') || strchr(fmt, 'l'))
            narrow = false;
        WCHAR *w = !v ? utf8_to_utf16_alloc("(null)") : narrow ? acp_to_wide((const char *)v) : NULL;
        const WCHAR *str = w ? w : (const WCHAR *)v;
        char *u = utf16_to_utf8_alloc(str);
        *s++ = 's';
        *s = 0;
        (void)width; (void)prec;
        char *res = NULL;
        if (u && asprintf(&res, spec, u) >= 0)
            put_utf8(o, res);
        free(res);
        free(u);
        free(w);
    } else if (conv == 'c' || conv == 'C') {
        WCHAR c = (conv == 'c') == a->ansi ? (WCHAR)(unsigned char)v : (WCHAR)v;
        if ((conv == 'c') == a->ansi) {
            char ch = (char)v;
            WCHAR wc;
            cp_to_wide(CP_ACP, &ch, 1, &wc, 1);
            c = wc;
        }
        WCHAR str[2] = { c, 0 };
        char *u = utf16_to_utf8_alloc(str);
        *s++ = 's';
        *s = 0;
        char *res = NULL;
        if (u && asprintf(&res, spec, u) >= 0)
            put_utf8(o, res);
        free(res);
        free(u);
    } else if (strchr("diuxXo", conv)) {
        if (wide64) {
            *s++ = 'l';
            *s++ = 'l';
        }
        *s++ = conv;
        *s = 0;
        if (wide64)
            snprintf(buf, sizeof buf, spec, (long long)v);
        else if (conv == 'd' || conv == 'i')
            snprintf(buf, sizeof buf, spec, (int)v);
        else
            snprintf(buf, sizeof buf, spec, (unsigned)v);
        put_utf8(o, buf);
    } else if (conv == 'p') {
        snprintf(buf, sizeof buf, "%016llX", (unsigned long long)v);
        put_utf8(o, buf);
    } else if (strchr("eEfgGaA", conv)) {
        /* Doubles travel as their 8-byte slot. */
        double d;
        memcpy(&d, &v, sizeof d);
        *s++ = conv;
        *s = 0;
        snprintf(buf, sizeof buf, spec, d);
        put_utf8(o, buf);
    } else {
        *bad = true;
    }
    return p;
}

/* Format msg into a new UTF-16 string; NULL with the last error set. */
static WCHAR *format(const WCHAR *msg, DWORD flags, const struct args *a)
{
    struct out o = { 0 };
    unsigned width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    bool bad = false;
    size_t line_start = 0;
    for (const WCHAR *p = msg; *p && !bad;) {
        if (*p == '%') {
            p++;
            if (*p >= '1' && *p <= '9') {
                if (flags & FORMAT_MESSAGE_IGNORE_INSERTS) {
                    put(&o, '%');   /* the insert passes through as written */
                    while (*p >= '0' && *p <= '9')
                        put(&o, *p++);
                    if (*p == '!') {   /* keep the !fmt! as written */
                        const WCHAR *end = p + 1;
                        while (*end && *end != '!')
                            end++;
                        if (*end)
                            while (p <= end)
                                put(&o, *p++);
                    }
                } else {
                    p = insert(&o, p, a, &bad);
                }
                continue;
            }
            switch (*p) {
            case '0':
                goto done;           /* end of message, no newline */
            case 'n':
                put(&o, '\r');
                put(&o, '\n');
                line_start = o.len;
                break;
            case 'r':
                put(&o, '\r');
                break;
            case 't':
                put(&o, '\t');
                break;
            case 0:
                /* A lone '%' at the end is dropped. */
                goto done;
            case '%':
                /* Ignoring inserts keeps "%%" as written (so a later pass can insert). */
                if (flags & FORMAT_MESSAGE_IGNORE_INSERTS)
                    put(&o, '%');
                put(&o, '%');
                break;
            default:
                put(&o, *p);         /* %. %! %space and anything else: the character */
                break;
            }
            p++;
            continue;
        }
        if (width && (*p == '\r' || *p == '\n')) {
            /* With a width, the text's own line breaks are just spaces. */
            if (*p == '\r' && p[1] == '\n')
                p++;
            p++;
            put(&o, ' ');
            continue;
        }
        if (*p == '\r' || *p == '\n') {
            /* Without one, each of CR, LF and CRLF is a CRLF line break. */
            if (*p == '\r' && p[1] == '\n')
                p++;
            p++;
            put(&o, '\r');
            put(&o, '\n');
            line_start = o.len;
            continue;
        }
        put(&o, *p++);
        if (width && width != FORMAT_MESSAGE_MAX_WIDTH_MASK && o.len - line_start >= width) {
            /* Break the line at the last space, or hard at the width. */
            size_t brk = o.len;
            while (brk > line_start && o.buf[brk - 1] != ' ')
                brk--;
            if (brk == line_start)
                brk = o.len - 1;
            size_t tail = o.len - brk;
            WCHAR save[256];
            if (tail < 256) {
                memcpy(save, o.buf + brk, tail * sizeof *save);
                o.len = brk;
                while (o.len > line_start && o.buf[o.len - 1] == ' ')
                    o.len--;
                put(&o, '\r');
                put(&o, '\n');
                line_start = o.len;
                for (size_t i = 0; i < tail; i++)
                    put(&o, save[i]);
            }
        }
    }
done:
    if (bad) {
        free(o.buf);
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    put(&o, 0);
    if (o.oom) {
        free(o.buf);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return o.buf;
}

/* Find the message text (UTF-16, malloc'd) per the source flags. */
static WCHAR *message_text(DWORD flags, const void *source, DWORD id, DWORD lang, bool ansi_source)
{
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        if (!source) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        return ansi_source ? acp_to_wide(source) : wstrdup(source);
    }
    WORD primary = lang & 0x3ff;
    if (flags & FORMAT_MESSAGE_FROM_HMODULE) {
        WCHAR *w = module_message((HMODULE)source, id, (WORD)lang);
        if (w)
            return w;
    }
    if (flags & FORMAT_MESSAGE_FROM_SYSTEM) {
        const char *t = system_message(id);
        if (t && primary != 0 && primary != 9) {
            set_last_error(ERROR_RESOURCE_LANG_NOT_FOUND);
            return NULL;
        }
        if (t) {
            /* System messages end with a line break. */
            size_t n = strlen(t);
            char *s = malloc(n + 3);
            if (!s)
                return NULL;
            memcpy(s, t, n);
            memcpy(s + n, "\r\n", 3);
            WCHAR *w = utf8_to_utf16_alloc(s);
            free(s);
            return w;
        }
    }
    if (!(flags & (FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    set_last_error(ERROR_MR_MID_NOT_FOUND);
    return NULL;
}

static WCHAR *format_common(DWORD flags, const void *source, DWORD id, DWORD lang, void *args, bool ansi)
{
    WCHAR *text = message_text(flags, source, id, lang, ansi);
    if (!text)
        return NULL;
    struct args a = { NULL, ansi };
    if (args)
        a.slots = (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ? (const ULONG_PTR *)args : *(const ULONG_PTR **)args;
    WCHAR *r = format(text, flags, &a);
    free(text);
    return r;
}

WINAPI DWORD kernel32_FormatMessageW(DWORD flags, const void *source, DWORD id, DWORD lang, WCHAR *buffer,
                                     DWORD size, void *args)
{
    if (!buffer) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER)
        *(WCHAR **)buffer = NULL;
    WCHAR *r = format_common(flags, source, id, lang, args, false);
    if (!r)
        return 0;
    DWORD len = (DWORD)wstrlen(r);
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        DWORD n = len + 1 > size ? len + 1 : size;
        WCHAR *b = kernel32_LocalAlloc(0, n * sizeof *b);
        if (!b) {
            free(r);
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        memcpy(b, r, (len + 1) * sizeof *b);
        *(WCHAR **)buffer = b;
    } else if (len + 1 > size) {
        free(r);
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    } else {
        memcpy(buffer, r, (len + 1) * sizeof *buffer);
    }
    free(r);
    return len;
}

WINAPI DWORD kernel32_FormatMessageA(DWORD flags, const void *source, DWORD id, DWORD lang, char *buffer,
                                     DWORD size, void *args)
{
    if (!buffer) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER)
        *(char **)buffer = NULL;
    WCHAR *r = format_common(flags, source, id, lang, args, true);
    if (!r)
        return 0;
    char *a = wide_to_acp(r);
    free(r);
    if (!a) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD len = (DWORD)strlen(a);
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        DWORD n = len + 1 > size ? len + 1 : size;
        char *b = kernel32_LocalAlloc(0, n);
        if (!b) {
            free(a);
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        memcpy(b, a, len + 1);
        *(char **)buffer = b;
    } else if (len + 1 > size) {
        free(a);
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    } else {
        memcpy(buffer, a, len + 1);
    }
    free(a);
    return len;
}
