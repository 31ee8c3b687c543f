/*
 * regvalue.c - the Reg* functions on values: set, query, enumerate, delete,
 * RegGetValue (type filter and REG_EXPAND_SZ expansion), A and W forms.
 *
 * Values are stored as the bytes the program gave (strings as UTF-16). The
 * A forms convert REG_SZ, REG_EXPAND_SZ and REG_MULTI_SZ data through the
 * ANSI code page both ways; sizes they report are ANSI sizes. Windows' own
 * quirks kept because programs depend on them: a string whose count forgot
 * the terminator gets it added on write; a string read into a buffer with
 * room to spare gets a terminator if it had none; a buffer too small gives
 * ERROR_MORE_DATA with the size needed and the buffer untouched.
 */
#include "winapi/advapi32/advapi32.h"
#include "winapi/dll.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(reg);

static bool is_string(DWORD type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

static const WCHAR empty_name[1];

/* With the key in hand: the access check, and the value named name (NULL or
 * "" = the default value) when v is given. Drops the key's reference on error. */
static LONG check_value(struct keyref *r, const WCHAR *name, DWORD need, struct reg_value **v)
{
    LONG err = ERROR_SUCCESS;
    if (!(r->access & need))
        err = ERROR_ACCESS_DENIED;
    else if (r->key->flags & KEYF_DELETED)
        err = ERROR_KEY_DELETED;
    else if (v && !(*v = regstore_find_value(r->key, name ? name : empty_name, reg_wlen(name))))
        err = ERROR_FILE_NOT_FOUND;
    if (err)
        regstore_key_unref(r->key);
    return err;
}

/* Lock, then the key and value as check_value; the caller unlocks. */
static LONG value_begin(HKEY hkey, const WCHAR *name, DWORD need, struct keyref *r,
                        struct reg_value **v)
{
    regstore_lock();
    regstore_sync();
    LONG err = reg_get_key(hkey, r);
    return err ? err : check_value(r, name, need, v);
}

/* ---- set ------------------------------------------------------------------ */

static LONG set_value(HKEY hkey, const WCHAR *name, DWORD type, const void *data, DWORD count)
{
    size_t nlen = reg_wlen(name);
    if (nlen > VALUE_MAX_NAME)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    LONG err = value_begin(hkey, NULL, KEY_SET_VALUE, &r, NULL);
    if (!err) {
        regstore_write_begin();
        err = regstore_set_value(r.key, name ? name : empty_name, nlen, type, data, count);
        regstore_write_end();
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegSetValueExW(HKEY hkey, LPCWSTR name, DWORD reserved, DWORD type,
                                    const BYTE *data, DWORD count)
{
    TRACE("(%p, %p, %u, %p, %u)\n", hkey, name, type, data, count);
    /* Windows probes the buffer: a pointer in the first 64 KiB is a fault. */
    if ((data && ((uintptr_t)data >> 16) == 0) || (!data && count))
        return ERROR_NOACCESS;
    if (count >= sizeof(WCHAR) && is_string(type)) {
        /* A count that forgot the terminator gets it, as on NT, which looks
         * one character past the end to see it. */
        WCHAR last, next;
        memcpy(&last, data + (count / 2 - 1) * 2, 2);
        /* Only then: a terminated buffer may end right at count (ASan saw it). */
        if (last) {
            memcpy(&next, data + (count / 2) * 2, 2);
            if (!next)
                count += sizeof(WCHAR);
        }
    }
    return set_value(hkey, name, type, data, count);
}

LONG WINAPI advapi32_RegSetValueExA(HKEY hkey, LPCSTR name, DWORD reserved, DWORD type,
                                    const BYTE *data, DWORD count)
{
    if ((data && ((uintptr_t)data >> 16) == 0) || (!data && count))
        return ERROR_NOACCESS;
    if (count && is_string(type) && data[count - 1] && !data[count])
        count++;
    bool oom = false;
    WCHAR *w = ansi_dup_wide(name, &oom);
    WCHAR *dw = NULL;
    if (!oom && is_string(type) && count) {
        if ((dw = malloc((size_t)count * sizeof(WCHAR))))
            ansi_to_wide((const char *)data, count, dw);
        else
            oom = true;
        data = (const BYTE *)dw;
        count *= sizeof(WCHAR);
    }
    LONG err = oom ? ERROR_NOT_ENOUGH_MEMORY : set_value(hkey, w, type, data, count);
    free(w);
    free(dw);
    return err;
}

LONG WINAPI advapi32_RegSetKeyValueW(HKEY hkey, LPCWSTR subkey, LPCWSTR name, DWORD type,
                                     const void *data, DWORD len)
{
    HKEY sub = NULL;
    if (subkey && subkey[0]) {
        LONG err = advapi32_RegCreateKeyExW(hkey, subkey, 0, NULL, 0, KEY_SET_VALUE, NULL, &sub, NULL);
        if (err)
            return err;
        hkey = sub;
    }
    LONG err = advapi32_RegSetValueExW(hkey, name, 0, type, data, len);
    if (sub)
        advapi32_RegCloseKey(sub);
    return err;
}

LONG WINAPI advapi32_RegSetKeyValueA(HKEY hkey, LPCSTR subkey, LPCSTR name, DWORD type,
                                     const void *data, DWORD len)
{
    HKEY sub = NULL;
    if (subkey && subkey[0]) {
        LONG err = advapi32_RegCreateKeyExA(hkey, subkey, 0, NULL, 0, KEY_SET_VALUE, NULL, &sub, NULL);
        if (err)
            return err;
        hkey = sub;
    }
    LONG err = advapi32_RegSetValueExA(hkey, name, 0, type, data, len);
    if (sub)
        advapi32_RegCloseKey(sub);
    return err;
}

LONG WINAPI advapi32_RegSetValueW(HKEY hkey, LPCWSTR subkey, DWORD type, LPCWSTR data, DWORD count)
{
    if (type != REG_SZ || !data)
        return ERROR_INVALID_PARAMETER;
    return advapi32_RegSetKeyValueW(hkey, subkey, NULL, type, data,
                                    (DWORD)(reg_wlen(data) + 1) * sizeof(WCHAR));
}

LONG WINAPI advapi32_RegSetValueA(HKEY hkey, LPCSTR subkey, DWORD type, LPCSTR data, DWORD count)
{
    if (type != REG_SZ || !data)
        return ERROR_INVALID_PARAMETER;
    return advapi32_RegSetKeyValueA(hkey, subkey, NULL, type, data, (DWORD)strlen(data) + 1);
}

/* ---- query ---------------------------------------------------------------- */

/* Copy a value's bytes to a program buffer of room bytes (the W rules). */
static LONG copy_data_w(const struct reg_value *v, BYTE *data, DWORD room)
{
    if (v->size > room)
        return ERROR_MORE_DATA;
    if (v->size)
        memcpy(data, v->data, v->size);
    /* Room for one more WCHAR and no terminator: NT adds one (it looks at
     * the two bytes before the end, even for an odd size). */
    if (is_string(v->type) && v->size >= 2 && (uint64_t)v->size + 2 <= room) {
        WCHAR last;
        memcpy(&last, v->data + v->size - 2, 2);
        if (last)
            memset(data + v->size, 0, 2);
    }
    return ERROR_SUCCESS;
}

/* ANSI size of a value's data, and the conversion (the A rules). */
static DWORD ansi_size(const struct reg_value *v)
{
    return is_string(v->type) ? v->size / 2 : v->size;
}

static LONG copy_data_a(const struct reg_value *v, BYTE *data, DWORD room)
{
    if (!is_string(v->type)) {
        if (v->size > room)
            return ERROR_MORE_DATA;
        if (v->size)
            memcpy(data, v->data, v->size);
        return ERROR_SUCCESS;
    }
    DWORD len = v->size / 2;
    if (!len)
        return ERROR_SUCCESS;
    if (len > room)
        return ERROR_MORE_DATA;
    WCHAR *w = malloc((size_t)len * sizeof *w);
    if (!w)
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(w, v->data, (size_t)len * sizeof *w);
    wide_to_ansi(w, len, (char *)data);
    free(w);
    if (len < room && data[len - 1])
        data[len] = 0;
    return ERROR_SUCCESS;
}

LONG WINAPI advapi32_RegQueryValueExW(HKEY hkey, LPCWSTR name, DWORD *reserved, DWORD *type,
                                      BYTE *data, DWORD *count)
{
    TRACE("(%p, %p, %p, %p, %p)\n", hkey, name, type, data, count);
    if ((data && !count) || reserved)
        return ERROR_INVALID_PARAMETER;
    regstore_lock();
    regstore_sync();
    struct keyref r;
    struct reg_value *v;
    LONG err = reg_get_key(hkey, &r);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (!data && count)
        *count = 0;
    err = check_value(&r, name, KEY_QUERY_VALUE, &v);
    if (!err) {
        if (data)
            err = copy_data_w(v, data, *count);
        if (type)
            *type = v->type;
        if (count)
            *count = v->size;
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegQueryValueExA(HKEY hkey, LPCSTR name, DWORD *reserved, DWORD *type,
                                      BYTE *data, DWORD *count)
{
    if ((data && !count) || reserved)
        return ERROR_INVALID_PARAMETER;
    bool oom = false;
    WCHAR *w = ansi_dup_wide(name, &oom);
    regstore_lock();
    regstore_sync();
    struct keyref r;
    struct reg_value *v;
    LONG err = reg_get_key(hkey, &r);
    if (err) {
        regstore_unlock();
        free(w);
        return err;
    }
    DWORD room = count ? *count : 0;
    if (!data && count)
        *count = 0;
    /* Windows 9x behaviour that NT kept for the A form. */
    if (type)
        *type = REG_NONE;
    if (oom) {
        regstore_key_unref(r.key);
        err = ERROR_NOT_ENOUGH_MEMORY;
    } else {
        err = check_value(&r, w, KEY_QUERY_VALUE, &v);
    }
    if (!err) {
        if (data)
            err = copy_data_a(v, data, room);
        if (type)
            *type = v->type;
        if (count)
            *count = ansi_size(v);
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    free(w);
    return err;
}

LONG WINAPI advapi32_RegQueryValueW(HKEY hkey, LPCWSTR name, LPWSTR data, LONG *count)
{
    HKEY sub = hkey;
    LONG err;
    if (name && name[0] && (err = advapi32_RegOpenKeyW(hkey, name, &sub)))
        return err;
    err = advapi32_RegQueryValueExW(sub, NULL, NULL, NULL, (BYTE *)data, (DWORD *)count);
    if (sub != hkey)
        advapi32_RegCloseKey(sub);
    if (err == ERROR_FILE_NOT_FOUND) {
        /* No default value reads as an empty string. */
        if (data)
            *data = 0;
        if (count)
            *count = sizeof(WCHAR);
        err = ERROR_SUCCESS;
    }
    return err;
}

LONG WINAPI advapi32_RegQueryValueA(HKEY hkey, LPCSTR name, LPSTR data, LONG *count)
{
    HKEY sub = hkey;
    LONG err;
    if (name && name[0] && (err = advapi32_RegOpenKeyA(hkey, name, &sub)))
        return err;
    err = advapi32_RegQueryValueExA(sub, NULL, NULL, NULL, (BYTE *)data, (DWORD *)count);
    if (sub != hkey)
        advapi32_RegCloseKey(sub);
    if (err == ERROR_FILE_NOT_FOUND) {
        if (data)
            *data = 0;
        if (count)
            *count = 1;
        err = ERROR_SUCCESS;
    }
    return err;
}

/* ---- enumerate ------------------------------------------------------------ */

LONG WINAPI advapi32_RegEnumValueW(HKEY hkey, DWORD index, LPWSTR value, DWORD *val_count,
                                   DWORD *reserved, DWORD *type, BYTE *data, DWORD *count)
{
    if ((data && !count) || reserved || !value || !val_count)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    LONG err = value_begin(hkey, NULL, KEY_QUERY_VALUE, &r, NULL);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (index >= r.key->nval) {
        err = ERROR_NO_MORE_ITEMS;
    } else {
        const struct reg_value *v = &r.key->val[index];
        if (v->name_len >= *val_count) {
            err = ERROR_MORE_DATA;
        } else {
            memcpy(value, v->name, v->name_len * sizeof(WCHAR));
            value[v->name_len] = 0;
            *val_count = (DWORD)v->name_len;
            if (data)
                err = copy_data_w(v, data, *count);
        }
        if (type)
            *type = v->type;
        if (count)
            *count = v->size;
    }
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegEnumValueA(HKEY hkey, DWORD index, LPSTR value, DWORD *val_count,
                                   DWORD *reserved, DWORD *type, BYTE *data, DWORD *count)
{
    if ((data && !count) || reserved || !value || !val_count)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    LONG err = value_begin(hkey, NULL, KEY_QUERY_VALUE, &r, NULL);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (index >= r.key->nval) {
        err = ERROR_NO_MORE_ITEMS;
    } else {
        /* The A form converts the data first and the name after, cutting a
         * name that does not fit (Windows does). */
        const struct reg_value *v = &r.key->val[index];
        if (data)
            err = copy_data_a(v, data, *count);
        if (!err) {
            size_t len = v->name_len;
            if (len >= *val_count) {
                err = ERROR_MORE_DATA;
                if (*val_count) {
                    len = *val_count - 1;
                    wide_to_ansi(v->name, len, value);
                    value[len] = 0;
                }
            } else {
                wide_to_ansi(v->name, len, value);
                value[len] = 0;
                *val_count = (DWORD)len;
            }
        }
        if (type)
            *type = v->type;
        if (count)
            *count = ansi_size(v);
    }
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}

/* ---- delete --------------------------------------------------------------- */

static LONG delete_value(HKEY hkey, const WCHAR *name)
{
    struct keyref r;
    LONG err = value_begin(hkey, NULL, KEY_SET_VALUE, &r, NULL);
    if (!err) {
        regstore_write_begin();
        err = regstore_delete_value(r.key, name ? name : empty_name, reg_wlen(name));
        regstore_write_end();
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegDeleteValueW(HKEY hkey, LPCWSTR name)
{
    return delete_value(hkey, name);
}

LONG WINAPI advapi32_RegDeleteValueA(HKEY hkey, LPCSTR name)
{
    bool oom = false;
    WCHAR *w = ansi_dup_wide(name, &oom);
    LONG err = oom ? ERROR_NOT_ENOUGH_MEMORY : delete_value(hkey, w);
    free(w);
    return err;
}

LONG WINAPI advapi32_RegDeleteKeyValueW(HKEY hkey, LPCWSTR subkey, LPCWSTR name)
{
    HKEY sub = NULL;
    if (subkey) {
        LONG err = advapi32_RegOpenKeyExW(hkey, subkey, 0, KEY_SET_VALUE, &sub);
        if (err)
            return err;
        hkey = sub;
    }
    LONG err = delete_value(hkey, name);
    if (sub)
        advapi32_RegCloseKey(sub);
    return err;
}

LONG WINAPI advapi32_RegDeleteKeyValueA(HKEY hkey, LPCSTR subkey, LPCSTR name)
{
    bool oom = false;
    WCHAR *s = ansi_dup_wide(subkey, &oom);
    WCHAR *n = ansi_dup_wide(name, &oom);
    LONG err = oom ? ERROR_NOT_ENOUGH_MEMORY : advapi32_RegDeleteKeyValueW(hkey, s, n);
    free(s);
    free(n);
    return err;
}

/* ---- RegGetValue ---------------------------------------------------------- */

#define RRF_RT_REG_NONE         0x00000001
#define RRF_RT_REG_SZ           0x00000002
#define RRF_RT_REG_EXPAND_SZ    0x00000004
#define RRF_RT_REG_BINARY       0x00000008
#define RRF_RT_REG_DWORD        0x00000010
#define RRF_RT_REG_MULTI_SZ     0x00000020
#define RRF_RT_REG_QWORD        0x00000040
#define RRF_RT_DWORD            (RRF_RT_REG_BINARY | RRF_RT_REG_DWORD)
#define RRF_RT_QWORD            (RRF_RT_REG_BINARY | RRF_RT_REG_QWORD)
#define RRF_RT_ANY              0x0000ffff
#define RRF_SUBKEY_WOW6464KEY   0x00010000
#define RRF_SUBKEY_WOW6432KEY   0x00020000
#define RRF_WOW64_MASK          0x00030000
#define RRF_NOEXPAND            0x10000000
#define RRF_ZEROONFAILURE       0x20000000

/* Is the value's type allowed by the RRF_RT_* flags (and a binary value the
 * size the DWORD/QWORD filter asks for)? */
static void restrict_type(DWORD flags, DWORD type, DWORD size, LONG *err)
{
    if (*err != ERROR_SUCCESS && *err != ERROR_MORE_DATA)
        return;
    DWORD mask = 0;
    switch (type) {
    case REG_NONE: mask = RRF_RT_REG_NONE; break;
    case REG_SZ: mask = RRF_RT_REG_SZ; break;
    case REG_EXPAND_SZ: mask = RRF_RT_REG_EXPAND_SZ; break;
    case REG_MULTI_SZ: mask = RRF_RT_REG_MULTI_SZ; break;
    case REG_BINARY: mask = RRF_RT_REG_BINARY; break;
    case REG_DWORD: mask = RRF_RT_REG_DWORD; break;
    case REG_QWORD: mask = RRF_RT_REG_QWORD; break;
    }
    if (!(flags & mask)) {
        *err = ERROR_UNSUPPORTED_TYPE;
    } else if (type == REG_BINARY) {
        DWORD want = (flags & RRF_RT_ANY) == RRF_RT_DWORD ? 4 : (flags & RRF_RT_ANY) == RRF_RT_QWORD ? 8 : 0;
        if (want && size != want)
            *err = ERROR_DATATYPE_MISMATCH;
    }
}

/* kernel32's ExpandEnvironmentStrings, found through the export table (the
 * environment belongs to kernel32); unimplemented there, it says so by name. */
typedef DWORD (WINAPI *expand_w_fn)(const WCHAR *, WCHAR *, DWORD);
typedef DWORD (WINAPI *expand_a_fn)(const char *, char *, DWORD);

static void *kernel32_fn(const char *name)
{
    struct builtin_dll *k32 = builtin_find("kernel32");
    return k32 ? builtin_resolve(k32, name, 0, false) : unimplemented_thunk("kernel32.dll", name);
}

/* Shared by both forms; unit is the character size (2 for W, 1 for A). */
static LONG get_value(HKEY hkey, const void *subkey, const void *value, DWORD flags, DWORD *ptype,
                      void *data, DWORD *pcb, size_t unit)
{
    bool wide = unit == 2;
    DWORD type = REG_NONE, cb = (data && pcb) ? *pcb : 0;
    if (data && !pcb)
        return ERROR_INVALID_PARAMETER;
    if ((flags & RRF_RT_REG_EXPAND_SZ) && !(flags & RRF_NOEXPAND) && (flags & RRF_RT_ANY) != RRF_RT_ANY)
        return ERROR_INVALID_PARAMETER;
    if ((flags & RRF_WOW64_MASK) == RRF_WOW64_MASK)
        return ERROR_INVALID_PARAMETER;

    HKEY key = hkey;
    LONG err;
    bool opened = subkey && (wide ? *(const WCHAR *)subkey : *(const char *)subkey);
    if (opened) {
        err = wide ? advapi32_RegOpenKeyExW(hkey, subkey, 0, KEY_QUERY_VALUE, &key)
                   : advapi32_RegOpenKeyExA(hkey, subkey, 0, KEY_QUERY_VALUE, &key);
        if (err)
            return err;
    }
#define QUERY(buf, n) (wide ? advapi32_RegQueryValueExW(key, value, NULL, &type, (BYTE *)(buf), (n)) \
                            : advapi32_RegQueryValueExA(key, value, NULL, &type, (BYTE *)(buf), (n)))
    err = QUERY(data, &cb);

    /* Strings are read whole to know the size after expansion and with a
     * terminator guaranteed. */
    bool unterminated = false;
    if (err == ERROR_SUCCESS && is_string(type)) {
        if (cb < unit)
            unterminated = true;
        else if (data) {
            const BYTE *last = (const BYTE *)data + (cb / unit - 1) * unit;
            unterminated = wide ? (last[0] | last[1]) != 0 : last[0] != 0;
        }
    }
    if (is_string(type) && (err == ERROR_MORE_DATA || unterminated ||
                            (err == ERROR_SUCCESS && type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)))) {
        BYTE *buf = NULL;
        do {
            free(buf);
            if (!(buf = malloc((size_t)cb + unit))) {
                err = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            if (err == ERROR_MORE_DATA || !data)
                err = QUERY(buf, &cb);
            else
                memcpy(buf, data, cb);
        } while (err == ERROR_MORE_DATA);
        if (err == ERROR_SUCCESS) {
            bool term = cb >= unit && !memcmp(buf + (cb / unit - 1) * unit, "\0\0", unit);
            if (!term) {
                memset(buf + (cb / unit) * unit, 0, unit);
                cb = (DWORD)((cb / unit) * unit + unit);
            }
            if (type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
                DWORD room = pcb ? *pcb : 0;
                if (wide) {
                    expand_w_fn fn = (expand_w_fn)kernel32_fn("ExpandEnvironmentStringsW");
                    cb = fn((const WCHAR *)buf, data, room / 2) * 2;
                } else {
                    expand_a_fn fn = (expand_a_fn)kernel32_fn("ExpandEnvironmentStringsA");
                    cb = fn((const char *)buf, data, room);
                }
                type = REG_SZ;
                if (data && cb > *pcb)
                    err = ERROR_MORE_DATA;
            } else if (data) {
                if (cb > *pcb)
                    err = ERROR_MORE_DATA;
                else
                    memcpy(data, buf, cb);
            }
        }
        free(buf);
    }
#undef QUERY
    if (opened)
        advapi32_RegCloseKey(key);
    restrict_type(flags, type, cb, &err);
    if (data && err != ERROR_SUCCESS && (flags & RRF_ZEROONFAILURE))
        memset(data, 0, *pcb);
    if (ptype)
        *ptype = type;
    if (pcb)
        *pcb = cb;
    return err;
}

LONG WINAPI advapi32_RegGetValueW(HKEY hkey, LPCWSTR subkey, LPCWSTR value, DWORD flags,
                                  DWORD *type, void *data, DWORD *count)
{
    return get_value(hkey, subkey, value, flags, type, data, count, sizeof(WCHAR));
}

LONG WINAPI advapi32_RegGetValueA(HKEY hkey, LPCSTR subkey, LPCSTR value, DWORD flags,
                                  DWORD *type, void *data, DWORD *count)
{
    return get_value(hkey, subkey, value, flags, type, data, count, 1);
}
