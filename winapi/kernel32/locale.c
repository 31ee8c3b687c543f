/*
 * kernel32/locale.c - the one locale mimic has, en-US (LCID 0x409): locale
 * identifiers and names, GetLocaleInfo for the fields programs read, and
 * date/time formatting with Windows's picture strings (GetDateFormat,
 * GetTimeFormat). Other locales are refused with ERROR_INVALID_PARAMETER
 * rather than answered with en-US data.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LCID_EN_US 0x409
#define LOCALE_NOUSEROVERRIDE 0x80000000u
#define LOCALE_USE_CP_ACP     0x40000000u
#define LOCALE_RETURN_NUMBER  0x20000000u

/* LOCALE_USER_DEFAULT, LOCALE_SYSTEM_DEFAULT, neutral and en-US all mean en-US. */
static bool is_en_us(DWORD lcid)
{
    lcid &= 0xffff;
    return lcid == 0x409 || lcid == 0x400 || lcid == 0x800 || lcid == 0 || lcid == 0x9 || lcid == 0x7f;
}

WINAPI DWORD kernel32_GetUserDefaultLCID(void) { return LCID_EN_US; }
WINAPI DWORD kernel32_GetSystemDefaultLCID(void) { return LCID_EN_US; }
WINAPI DWORD kernel32_GetThreadLocale(void) { return LCID_EN_US; }
WINAPI WORD kernel32_GetUserDefaultLangID(void) { return LCID_EN_US; }
WINAPI WORD kernel32_GetSystemDefaultLangID(void) { return LCID_EN_US; }
WINAPI WORD kernel32_GetUserDefaultUILanguage(void) { return LCID_EN_US; }
WINAPI WORD kernel32_GetSystemDefaultUILanguage(void) { return LCID_EN_US; }

WINAPI BOOL kernel32_SetThreadLocale(DWORD lcid)
{
    if (!is_en_us(lcid)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

WINAPI BOOL kernel32_IsValidLocale(DWORD lcid, DWORD flags) { return is_en_us(lcid) && (lcid & 0xffff) != 0; }

static int put_name(WCHAR *buf, int len)
{
    static const WCHAR name[] = { 'e', 'n', '-', 'U', 'S', 0 };
    if (!len)
        return 6;
    if (len < 6 || !buf) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    memcpy(buf, name, sizeof name);
    return 6;
}

WINAPI int kernel32_GetUserDefaultLocaleName(WCHAR *buf, int len) { return put_name(buf, len); }
WINAPI int kernel32_GetSystemDefaultLocaleName(WCHAR *buf, int len) { return put_name(buf, len); }

static bool name_is_en_us(const WCHAR *name)
{
    if (!name || !*name)
        return true;             /* LOCALE_NAME_USER_DEFAULT / invariant-ish default */
    char a[32];
    int i = 0;
    for (; name[i] && i < 31; i++)
        a[i] = (char)(name[i] < 0x80 ? name[i] : '?');
    a[i] = 0;
    return !strcasecmp(a, "en-US") || !strcasecmp(a, "en") || !strcmp(a, "!x-sys-default-locale");
}

WINAPI DWORD kernel32_LocaleNameToLCID(const WCHAR *name, DWORD flags)
{
    if (!name_is_en_us(name)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return LCID_EN_US;
}

WINAPI int kernel32_LCIDToLocaleName(DWORD lcid, WCHAR *buf, int len, DWORD flags)
{
    if (!is_en_us(lcid)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return put_name(buf, len);
}

/* ---- GetLocaleInfo ---------------------------------------------------------- */

static const char *const day_names[7] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
static const char *const day_abbr[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_names[12] = { "January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December" };
static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static const struct { DWORD type; const char *value; } locale_info[] = {
    { 0x0001, "0409" }, { 0x0002, "English (United States)" }, { 0x0003, "ENU" }, { 0x0004, "English" },
    { 0x0005, "1" }, { 0x0006, "United States" }, { 0x0007, "USA" }, { 0x0008, "United States" },
    { 0x0009, "0409" }, { 0x000a, "1" }, { 0x000b, "437" }, { 0x000c, "," }, { 0x000d, "1" },
    { 0x000e, "." }, { 0x000f, "," }, { 0x0010, "3;0" }, { 0x0011, "2" }, { 0x0012, "1" },
    { 0x0013, "0123456789" }, { 0x0014, "$" }, { 0x0015, "USD" }, { 0x0016, "." }, { 0x0017, "," },
    { 0x0018, "3;0" }, { 0x0019, "2" }, { 0x001a, "2" }, { 0x001b, "0" }, { 0x001c, "0" },
    { 0x001d, "/" }, { 0x001e, ":" }, { 0x001f, "M/d/yyyy" }, { 0x0020, "dddd, MMMM d, yyyy" },
    { 0x0021, "0" }, { 0x0022, "0" }, { 0x0023, "0" }, { 0x0024, "1" }, { 0x0025, "0" }, { 0x0026, "0" },
    { 0x0027, "0" }, { 0x0028, "AM" }, { 0x0029, "PM" }, { 0x0050, "" }, { 0x0051, "-" },
    { 0x0052, "0" }, { 0x0053, "1" }, { 0x0054, "0" }, { 0x0055, "3" }, { 0x0056, "0" }, { 0x0057, "0" },
    { 0x0059, "en" }, { 0x005a, "US" }, { 0x005b, "" }, { 0x005c, "en-US" }, { 0x0079, "h:mm tt" },
    { 0x1001, "English" }, { 0x1002, "United States" }, { 0x1003, "h:mm:ss tt" }, { 0x1004, "1252" },
    { 0x1005, "0" }, { 0x1006, "MMMM yyyy" }, { 0x1007, "US Dollar" }, { 0x1008, "US Dollar" },
    { 0x1009, "1" }, { 0x100a, "1" }, { 0x100b, "0" }, { 0x100c, "6" }, { 0x100d, "0" },
    { 0x1010, "1" }, { 0x1011, "10000" }, { 0x1012, "0" }, { 0x1014, "1" },
};

/* The value for a type, in a static or the caller's scratch buffer. */
static const char *locale_value(DWORD type, char *scratch)
{
    if (type >= 0x2a && type <= 0x30)
        return day_names[type - 0x2a];
    if (type >= 0x31 && type <= 0x37)
        return day_abbr[type - 0x31];
    if (type >= 0x38 && type <= 0x43)
        return month_names[type - 0x38];
    if (type >= 0x44 && type <= 0x4f)
        return month_abbr[type - 0x44];
    for (size_t i = 0; i < sizeof locale_info / sizeof locale_info[0]; i++)
        if (locale_info[i].type == type)
            return locale_info[i].value;
    (void)scratch;
    return NULL;
}

static int locale_info_w(DWORD lcid, DWORD type, WCHAR *buf, int len)
{
    if (!is_en_us(lcid) || len < 0 || (len && !buf)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    DWORD base = type & ~(LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP | LOCALE_RETURN_NUMBER);
    char scratch[32];
    const char *v = locale_value(base, scratch);
    if (!v) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (type & LOCALE_RETURN_NUMBER) {
        /* Only numeric fields; the DWORD fills two WCHARs. */
        if (!*v || strspn(v, "0123456789") != strlen(v) || (base >= 0x2a && base <= 0x4f)) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        if (!len)
            return 2;
        if (len < 2) {
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        DWORD n = (DWORD)strtoul(v, NULL, base == 0x1 || base == 0x9 ? 16 : 10);
        memcpy(buf, &n, sizeof n);
        return 2;
    }
    int need = (int)strlen(v) + 1;
    if (!len)
        return need;
    if (len < need) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    utf8_to_utf16(v, -1, buf, (size_t)len);
    return need;
}

WINAPI int kernel32_GetLocaleInfoW(DWORD lcid, DWORD type, WCHAR *buf, int len)
{
    return locale_info_w(lcid, type, buf, len);
}

WINAPI int kernel32_GetLocaleInfoEx(const WCHAR *name, DWORD type, WCHAR *buf, int len)
{
    if (!name_is_en_us(name)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return locale_info_w(LCID_EN_US, type, buf, len);
}

WINAPI int kernel32_GetLocaleInfoA(DWORD lcid, DWORD type, char *buf, int len)
{
    if (len < 0 || (len && !buf)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WCHAR w[128];
    int n = locale_info_w(lcid, type, w, 128);
    if (!n)
        return 0;
    if (type & LOCALE_RETURN_NUMBER) {
        /* The number fills sizeof(DWORD) bytes: a length of 4 in the A form. */
        if (!len)
            return 4;
        if (len < 4) {
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        memcpy(buf, w, 4);
        return 4;
    }
    int need = cp_from_wide(CP_ACP, w, -1, NULL, 0);
    if (!len)
        return need;
    if (len < need) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return cp_from_wide(CP_ACP, w, -1, buf, len);
}

/* ---- GetDateFormat / GetTimeFormat -------------------------------------------- */

#define DATE_SHORTDATE 0x1
#define DATE_LONGDATE  0x2
#define DATE_USE_ALT_CALENDAR 0x4
#define DATE_YEARMONTH 0x8
#define TIME_NOMINUTESORSECONDS 0x1
#define TIME_NOSECONDS 0x2
#define TIME_NOTIMEMARKER 0x4
#define TIME_FORCE24HOURFORMAT 0x8

WINAPI void kernel32_GetLocalTime(SYSTEMTIME *st);
WINAPI BOOL kernel32_SystemTimeToFileTime(const SYSTEMTIME *st, FILETIME *ft);
WINAPI BOOL kernel32_FileTimeToSystemTime(const FILETIME *ft, SYSTEMTIME *st);

/* Expand a date or time picture into UTF-8 (out of at least 256 bytes). */
static void picture(const WCHAR *fmt, const SYSTEMTIME *st, bool date, DWORD tflags, char *out, size_t max)
{
    size_t o = 0;
#define EMIT(...) do { int k_ = snprintf(out + o, max - o, __VA_ARGS__); if (k_ > 0) o = o + (size_t)k_ < max ? o + (size_t)k_ : max - 1; } while (0)
    for (const WCHAR *p = fmt; *p && o < max - 1;) {
        WCHAR c = *p;
        int n = 1;
        while (p[n] == c)
            n++;
        if (c == '\'') {
            /* Quoted text; '' is a quote. */
            p++;
            while (*p) {
                if (*p == '\'') {
                    if (p[1] == '\'') {
                        EMIT("'");
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                char u[8];
                WCHAR s2[2] = { *p++, 0 };
                utf16_to_utf8(s2, -1, u, sizeof u);
                EMIT("%s", u);
            }
            continue;
        }
        if (date && c == 'd') {
            if (n == 1) EMIT("%u", st->wDay);
            else if (n == 2) EMIT("%02u", st->wDay);
            else EMIT("%s", n == 3 ? day_abbr[(st->wDayOfWeek + 6) % 7] : day_names[(st->wDayOfWeek + 6) % 7]);
        } else if (date && c == 'M') {
            if (n == 1) EMIT("%u", st->wMonth);
            else if (n == 2) EMIT("%02u", st->wMonth);
            else EMIT("%s", n == 3 ? month_abbr[st->wMonth - 1] : month_names[st->wMonth - 1]);
        } else if (date && c == 'y') {
            if (n <= 2) EMIT(n == 1 ? "%u" : "%02u", st->wYear % 100);
            else EMIT("%u", st->wYear);
        } else if (date && c == 'g') {
            EMIT("A.D.");
        } else if (!date && (c == 'h' || c == 'H')) {
            unsigned h = st->wHour;
            if (c == 'h' && !(tflags & TIME_FORCE24HOURFORMAT))
                h = h % 12 ? h % 12 : 12;
            EMIT(n == 1 ? "%u" : "%02u", h);
        } else if (!date && c == 'm') {
            if (!(tflags & TIME_NOMINUTESORSECONDS))
                EMIT(n == 1 ? "%u" : "%02u", st->wMinute);
        } else if (!date && c == 's') {
            if (!(tflags & (TIME_NOSECONDS | TIME_NOMINUTESORSECONDS)))
                EMIT(n == 1 ? "%u" : "%02u", st->wSecond);
        } else if (!date && c == 't') {
            if (!(tflags & TIME_NOTIMEMARKER))
                EMIT("%.*s", n == 1 ? 1 : 2, st->wHour < 12 ? "AM" : "PM");
        } else {
            char u[8];
            WCHAR s2[2] = { c, 0 };
            utf16_to_utf8(s2, -1, u, sizeof u);
            for (int i = 0; i < n; i++)
                EMIT("%s", u);
        }
        p += n;
    }
    out[o] = 0;
#undef EMIT
}

/* Drop the separators that followed a removed field (TIME_NOSECONDS on
 * "h:mm:ss tt" gives "h:mm tt", as Windows does). */
static bool is_field(WCHAR c) { return c == 'h' || c == 'H' || c == 'm' || c == 's' || c == 't'; }

static void drop_fields(WCHAR *fmt, DWORD tflags)
{
    for (WCHAR *p = fmt; *p; p++) {
        bool drop = ((tflags & (TIME_NOSECONDS | TIME_NOMINUTESORSECONDS)) && *p == 's') ||
                    ((tflags & TIME_NOMINUTESORSECONDS) && *p == 'm') || ((tflags & TIME_NOTIMEMARKER) && *p == 't');
        if (!drop)
            continue;
        /* Remove the field and the separator run before it. */
        WCHAR *start = p;
        while (start > fmt && !is_field(start[-1]) && start[-1] != '\'')
            start--;
        WCHAR *end = p;
        while (*end == *p)
            end++;
        if (start == fmt) {
            while (*end && !is_field(*end))
                end++;
        }
        memmove(start, end, (wstrlen(end) + 1) * sizeof *end);
        p = start - 1;
        if (p < fmt)
            p = fmt - 1;
    }
}

static int finish(const char *text, WCHAR *buf, int len)
{
    int need = (int)utf8_to_utf16(text, -1, NULL, 0);
    if (!len)
        return need;
    if (len < need) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    utf8_to_utf16(text, -1, buf, (size_t)len);
    return need;
}

static bool valid_st(const SYSTEMTIME *st, SYSTEMTIME *norm)
{
    FILETIME ft;
    if (!kernel32_SystemTimeToFileTime(st, &ft))
        return false;
    kernel32_FileTimeToSystemTime(&ft, norm);   /* fixes the day of the week */
    return true;
}

WINAPI int kernel32_GetDateFormatW(DWORD lcid, DWORD flags, const SYSTEMTIME *date, const WCHAR *fmt, WCHAR *buf, int len)
{
    if (!is_en_us(lcid) || len < 0 || (len && !buf)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((fmt && (flags & (DATE_SHORTDATE | DATE_LONGDATE | DATE_YEARMONTH))) ||
        ((flags & DATE_SHORTDATE) && (flags & (DATE_LONGDATE | DATE_YEARMONTH))) ||
        ((flags & DATE_LONGDATE) && (flags & DATE_YEARMONTH))) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    SYSTEMTIME st;
    if (date) {
        if (!valid_st(date, &st)) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return 0;
        }
    } else {
        kernel32_GetLocalTime(&st);
    }
    WCHAR def[64];
    if (!fmt) {
        const char *f = locale_value(flags & DATE_LONGDATE ? 0x20 : flags & DATE_YEARMONTH ? 0x1006 : 0x1f, NULL);
        utf8_to_utf16(f, -1, def, 64);
        fmt = def;
    }
    char out[512];
    picture(fmt, &st, true, 0, out, sizeof out);
    return finish(out, buf, len);
}

WINAPI int kernel32_GetTimeFormatW(DWORD lcid, DWORD flags, const SYSTEMTIME *time, const WCHAR *fmt, WCHAR *buf, int len)
{
    if (!is_en_us(lcid) || len < 0 || (len && !buf)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (fmt && (flags & (TIME_NOMINUTESORSECONDS | TIME_NOSECONDS | TIME_NOTIMEMARKER | TIME_FORCE24HOURFORMAT)) &&
        (flags & ~(DWORD)(TIME_NOMINUTESORSECONDS | TIME_NOSECONDS | TIME_NOTIMEMARKER | TIME_FORCE24HOURFORMAT | LOCALE_NOUSEROVERRIDE))) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    SYSTEMTIME st;
    if (time) {
        if (time->wHour > 23 || time->wMinute > 59 || time->wSecond > 59 || time->wMilliseconds > 999) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return 0;
        }
        st = *time;
    } else {
        kernel32_GetLocalTime(&st);
    }
    WCHAR f[128];
    utf8_to_utf16(fmt ? "" : locale_value(0x1003, NULL), -1, f, 128);
    if (fmt) {
        size_t n = wstrlen(fmt);
        if (n > 127)
            n = 127;
        memcpy(f, fmt, n * sizeof *f);
        f[n] = 0;
    }
    drop_fields(f, flags);
    char out[512];
    picture(f, &st, false, flags, out, sizeof out);
    return finish(out, buf, len);
}

/* A forms: the format converts in, the result converts out. */
static int date_time_a(bool date, DWORD lcid, DWORD flags, const SYSTEMTIME *st, const char *fmt, char *buf, int len)
{
    if (len < 0 || (len && !buf)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WCHAR *wf = acp_to_wide(fmt), w[512];
    int n = date ? kernel32_GetDateFormatW(lcid, flags, st, wf, w, 512) : kernel32_GetTimeFormatW(lcid, flags, st, wf, w, 512);
    free(wf);
    if (!n)
        return 0;
    int need = cp_from_wide(CP_ACP, w, -1, NULL, 0);
    if (!len)
        return need;
    if (len < need) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return cp_from_wide(CP_ACP, w, -1, buf, len);
}

WINAPI int kernel32_GetDateFormatA(DWORD lcid, DWORD flags, const SYSTEMTIME *st, const char *fmt, char *buf, int len)
{
    return date_time_a(true, lcid, flags, st, fmt, buf, len);
}

WINAPI int kernel32_GetTimeFormatA(DWORD lcid, DWORD flags, const SYSTEMTIME *st, const char *fmt, char *buf, int len)
{
    return date_time_a(false, lcid, flags, st, fmt, buf, len);
}

WINAPI int kernel32_GetDateFormatEx(const WCHAR *name, DWORD flags, const SYSTEMTIME *st, const WCHAR *fmt, WCHAR *buf,
                                    int len, const WCHAR *calendar)
{
    if (!name_is_en_us(name)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return kernel32_GetDateFormatW(LCID_EN_US, flags, st, fmt, buf, len);
}

WINAPI int kernel32_GetTimeFormatEx(const WCHAR *name, DWORD flags, const SYSTEMTIME *st, const WCHAR *fmt, WCHAR *buf, int len)
{
    if (!name_is_en_us(name)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return kernel32_GetTimeFormatW(LCID_EN_US, flags, st, fmt, buf, len);
}
