/*
 * registry.c - the Reg* functions on keys: open, create, close, delete,
 * enumerate, query information, flush; A and W forms. Values are in
 * regvalue.c; the tree and its files in regstore.c.
 *
 * Semantics follow Windows (and Wine's tests of it) down to the error codes:
 * a predefined HKEY with an empty subkey name opens as itself, a leading
 * backslash is ERROR_BAD_PATHNAME (except one on HKEY_CLASSES_ROOT), a key
 * with subkeys cannot be deleted (ERROR_ACCESS_DENIED), a key deleted behind
 * a handle answers ERROR_KEY_DELETED, and a handle only does what its
 * access mask allows (KEY_QUERY_VALUE to read values, KEY_SET_VALUE to
 * write them, KEY_ENUMERATE_SUB_KEYS to list subkeys).
 */
#include "winapi/advapi32/advapi32.h"
#include "winapi/handle.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(reg);

/* ---- key handles ---------------------------------------------------------- */

struct key_object {
    struct object obj;
    struct reg_key *key;
    DWORD access;
};

static void key_destroy(struct object *obj)
{
    struct key_object *ko = (struct key_object *)obj;
    regstore_lock();
    regstore_key_unref(ko->key);
    regstore_unlock();
    free(ko);
}

static const struct object_ops key_ops = { "key", key_destroy, NULL, NULL };

bool reg_is_predefined(HKEY hkey)
{
    uint64_t v = (uintptr_t)hkey;
    uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;
    return (hi == 0 || hi == 0xffffffffu) && lo >= 0x80000000u && lo <= 0x80000006u;
}

LONG reg_get_key(HKEY hkey, struct keyref *r)
{
    if (reg_is_predefined(hkey)) {
        enum reg_root which = (enum reg_root)((uint32_t)(uintptr_t)hkey - 0x80000000u);
        struct reg_key *k = regstore_root(which);
        if (!k) {
            if (which == ROOT_PERFORMANCE_DATA)
                FIXME("HKEY_PERFORMANCE_DATA is not supported\n");
            return ERROR_INVALID_HANDLE;
        }
        regstore_key_ref(k);
        r->key = k;
        r->access = KEY_ALL_ACCESS;
        return ERROR_SUCCESS;
    }
    /* Registry functions report errors by return value; keep the program's
     * last error as it was. */
    DWORD saved = get_last_error();
    struct object *obj = handle_get(hkey, &key_ops);
    set_last_error(saved);
    if (!obj)
        return ERROR_INVALID_HANDLE;
    struct key_object *ko = (struct key_object *)obj;
    regstore_key_ref(ko->key);
    r->key = ko->key;
    r->access = ko->access;
    object_unref(obj);          /* the lock is recursive: a racing close is fine */
    return ERROR_SUCCESS;
}

LONG reg_new_handle(struct reg_key *key, DWORD access, HKEY *out)
{
    struct key_object *ko = malloc(sizeof *ko);
    if (!ko) {
        regstore_key_unref(key);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    object_init(&ko->obj, &key_ops);
    ko->key = key;
    ko->access = access;
    DWORD saved = get_last_error();
    HANDLE h = handle_alloc(&ko->obj);
    set_last_error(saved);
    object_unref(&ko->obj);
    if (!h)
        return ERROR_TOO_MANY_OPEN_FILES;
    *out = h;
    return ERROR_SUCCESS;
}

#define GENERIC_READ_    0x80000000u
#define GENERIC_WRITE_   0x40000000u
#define GENERIC_EXECUTE_ 0x20000000u
#define GENERIC_ALL_     0x10000000u

static DWORD map_access(REGSAM sam)
{
    if (sam & MAXIMUM_ALLOWED)
        return KEY_ALL_ACCESS;
    DWORD a = sam & ~(GENERIC_READ_ | GENERIC_WRITE_ | GENERIC_EXECUTE_ | GENERIC_ALL_ |
                      KEY_WOW64_32KEY | KEY_WOW64_64KEY);
    if (sam & GENERIC_READ_) a |= KEY_READ;
    if (sam & GENERIC_WRITE_) a |= KEY_WRITE;
    if (sam & GENERIC_EXECUTE_) a |= KEY_EXECUTE;
    if (sam & GENERIC_ALL_) a |= KEY_ALL_ACCESS;
    return a;
}

static bool is_classes_root(HKEY hkey)
{
    return reg_is_predefined(hkey) && (uint32_t)(uintptr_t)hkey == 0x80000000u;
}

/* ---- open / create -------------------------------------------------------- */

LONG WINAPI advapi32_RegOpenKeyExW(HKEY hkey, LPCWSTR name, DWORD options, REGSAM sam, HKEY *retkey)
{
    TRACE("(%p, %p, %#x, %#x, %p)\n", hkey, name, options, sam, retkey);
    if (retkey && (!name || !*name) && reg_is_predefined(hkey)) {
        *retkey = hkey;
        return ERROR_SUCCESS;
    }
    /* NT allows one leading backslash on HKEY_CLASSES_ROOT. */
    if (is_classes_root(hkey) && name && *name == '\\')
        name++;
    if (!retkey)
        return ERROR_INVALID_PARAMETER;
    *retkey = NULL;
    regstore_lock();
    regstore_sync();
    struct keyref r;
    LONG err = reg_get_key(hkey, &r);
    if (!err) {
        struct reg_key *k;
        err = regstore_open(r.key, name, reg_wlen(name), &k);
        if (!err)
            err = reg_new_handle(k, map_access(sam), retkey);
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegCreateKeyExW(HKEY hkey, LPCWSTR name, DWORD reserved, LPWSTR cls,
                                     DWORD options, REGSAM sam, SECURITY_ATTRIBUTES *sa,
                                     HKEY *retkey, DWORD *dispos)
{
    TRACE("(%p, %p, %#x, %#x, %p)\n", hkey, name, options, sam, retkey);
    if (!retkey)
        return ERROR_BADKEY;
    if (reserved)
        return ERROR_INVALID_PARAMETER;
    if (options & REG_OPTION_CREATE_LINK) {
        FIXME("registry symbolic links (REG_OPTION_CREATE_LINK) are not supported\n");
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
    regstore_lock();
    regstore_sync();
    struct keyref r;
    LONG err = reg_get_key(hkey, &r);
    if (!err) {
        struct reg_key *k;
        regstore_write_begin();
        err = regstore_create(r.key, name, reg_wlen(name), cls, options, &k, dispos);
        regstore_write_end();
        if (!err)
            err = reg_new_handle(k, map_access(sam), retkey);
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegOpenKeyExA(HKEY hkey, LPCSTR name, DWORD options, REGSAM sam, HKEY *retkey)
{
    if (retkey && (!name || !*name) && reg_is_predefined(hkey)) {
        *retkey = hkey;
        return ERROR_SUCCESS;
    }
    /* (the W form skips HKEY_CLASSES_ROOT's one leading backslash) */
    if (!retkey)
        return ERROR_INVALID_PARAMETER;
    bool oom = false;
    WCHAR *w = ansi_dup_wide(name, &oom);
    if (oom)
        return ERROR_NOT_ENOUGH_MEMORY;
    LONG err = advapi32_RegOpenKeyExW(hkey, w, options, sam, retkey);
    free(w);
    return err;
}

LONG WINAPI advapi32_RegCreateKeyExA(HKEY hkey, LPCSTR name, DWORD reserved, LPSTR cls,
                                     DWORD options, REGSAM sam, SECURITY_ATTRIBUTES *sa,
                                     HKEY *retkey, DWORD *dispos)
{
    if (!retkey)
        return ERROR_BADKEY;
    if (reserved)
        return ERROR_INVALID_PARAMETER;
    bool oom = false;
    WCHAR *w = ansi_dup_wide(name, &oom);
    WCHAR *c = ansi_dup_wide(cls, &oom);
    LONG err = oom ? ERROR_NOT_ENOUGH_MEMORY
        : advapi32_RegCreateKeyExW(hkey, w, 0, c, options, sam, sa, retkey, dispos);
    free(w);
    free(c);
    return err;
}

LONG WINAPI advapi32_RegOpenKeyW(HKEY hkey, LPCWSTR name, HKEY *retkey)
{
    if (!retkey)
        return ERROR_INVALID_PARAMETER;
    if (!name || !*name) {
        *retkey = hkey;
        return ERROR_SUCCESS;
    }
    return advapi32_RegOpenKeyExW(hkey, name, 0, MAXIMUM_ALLOWED, retkey);
}

LONG WINAPI advapi32_RegOpenKeyA(HKEY hkey, LPCSTR name, HKEY *retkey)
{
    if (!retkey)
        return ERROR_INVALID_PARAMETER;
    if (!name || !*name) {
        *retkey = hkey;
        return ERROR_SUCCESS;
    }
    return advapi32_RegOpenKeyExA(hkey, name, 0, MAXIMUM_ALLOWED, retkey);
}

LONG WINAPI advapi32_RegCreateKeyW(HKEY hkey, LPCWSTR name, HKEY *retkey)
{
    if (!retkey)
        return ERROR_INVALID_PARAMETER;
    return advapi32_RegCreateKeyExW(hkey, name, 0, NULL, REG_OPTION_NON_VOLATILE,
                                    MAXIMUM_ALLOWED, NULL, retkey, NULL);
}

LONG WINAPI advapi32_RegCreateKeyA(HKEY hkey, LPCSTR name, HKEY *retkey)
{
    if (!retkey)
        return ERROR_INVALID_PARAMETER;
    return advapi32_RegCreateKeyExA(hkey, name, 0, NULL, REG_OPTION_NON_VOLATILE,
                                    MAXIMUM_ALLOWED, NULL, retkey, NULL);
}

LONG WINAPI advapi32_RegOpenCurrentUser(REGSAM sam, HKEY *retkey)
{
    return advapi32_RegOpenKeyExW(HKEY_CURRENT_USER, NULL, 0, sam, retkey);
}

/* ---- close / flush -------------------------------------------------------- */

LONG WINAPI advapi32_RegCloseKey(HKEY hkey)
{
    if (!hkey)
        return ERROR_INVALID_HANDLE;
    /* Predefined keys (and anything at or above them) close as a no-op. */
    if ((uintptr_t)hkey >= 0x80000000u)
        return ERROR_SUCCESS;
    DWORD saved = get_last_error();
    bool ok = handle_close(hkey);
    set_last_error(saved);
    return ok ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

LONG WINAPI advapi32_RegFlushKey(HKEY hkey)
{
    regstore_lock();
    struct keyref r;
    LONG err = reg_get_key(hkey, &r);
    if (!err)
        regstore_key_unref(r.key);    /* every change is already on disk */
    regstore_unlock();
    return err;
}

/* ---- delete --------------------------------------------------------------- */

LONG WINAPI advapi32_RegDeleteKeyExW(HKEY hkey, LPCWSTR name, REGSAM sam, DWORD reserved)
{
    TRACE("(%p, %p)\n", hkey, name);
    if (!name)
        return ERROR_INVALID_PARAMETER;
    regstore_lock();
    regstore_sync();
    struct keyref r;
    LONG err = reg_get_key(hkey, &r);
    if (!err) {
        struct reg_key *k;
        regstore_write_begin();
        /* The key is opened anew with DELETE access: the parent's rights do not matter. */
        err = regstore_open(r.key, name, reg_wlen(name), &k);
        if (!err) {
            err = regstore_delete(k);
            regstore_key_unref(k);
        }
        regstore_write_end();
        regstore_key_unref(r.key);
    }
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegDeleteKeyW(HKEY hkey, LPCWSTR name)
{
    return advapi32_RegDeleteKeyExW(hkey, name, 0, 0);
}

LONG WINAPI advapi32_RegDeleteKeyExA(HKEY hkey, LPCSTR name, REGSAM sam, DWORD reserved)
{
    if (!name)
        return ERROR_INVALID_PARAMETER;
    bool oom = false;
    WCHAR *w = ansi_dup_wide(name, &oom);
    LONG err = oom ? ERROR_NOT_ENOUGH_MEMORY : advapi32_RegDeleteKeyExW(hkey, w, sam, reserved);
    free(w);
    return err;
}

LONG WINAPI advapi32_RegDeleteKeyA(HKEY hkey, LPCSTR name)
{
    return advapi32_RegDeleteKeyExA(hkey, name, 0, 0);
}

static LONG delete_subkeys(struct reg_key *k)
{
    while (k->nsub) {
        struct reg_key *c = k->sub[k->nsub - 1];
        LONG err = delete_subkeys(c);
        if (!err)
            err = regstore_delete(c);
        if (err)
            return err;
    }
    return ERROR_SUCCESS;
}

LONG WINAPI advapi32_RegDeleteTreeW(HKEY hkey, LPCWSTR subkey)
{
    TRACE("(%p, %p)\n", hkey, subkey);
    regstore_lock();
    regstore_sync();
    struct keyref r;
    LONG err = reg_get_key(hkey, &r);
    if (err) {
        regstore_unlock();
        return err;
    }
    regstore_write_begin();
    bool named = subkey && *subkey;
    struct reg_key *k = r.key;
    if (named) {
        err = regstore_open(r.key, subkey, reg_wlen(subkey), &k);
    } else if ((r.key->nsub && !(r.access & KEY_ENUMERATE_SUB_KEYS)) ||
               (r.key->nval && (r.access & (KEY_QUERY_VALUE | KEY_SET_VALUE)) !=
                (KEY_QUERY_VALUE | KEY_SET_VALUE))) {
        err = ERROR_ACCESS_DENIED;
    } else if (r.key->flags & KEYF_DELETED) {
        err = ERROR_KEY_DELETED;
    } else {
        regstore_key_ref(k);
    }
    if (!err) {
        err = delete_subkeys(k);
        if (!err && named) {
            err = regstore_delete(k);
        } else if (!err) {
            /* Without a subkey name, the key stays and loses its values. */
            while (k->nval && !err)
                err = regstore_delete_value(k, k->val[0].name, k->val[0].name_len);
        }
        regstore_key_unref(k);
    }
    regstore_write_end();
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegDeleteTreeA(HKEY hkey, LPCSTR subkey)
{
    bool oom = false;
    WCHAR *w = ansi_dup_wide(subkey, &oom);
    LONG err = oom ? ERROR_NOT_ENOUGH_MEMORY : advapi32_RegDeleteTreeW(hkey, w);
    free(w);
    return err;
}

/* ---- enumerate and query -------------------------------------------------- */

/* The subkey at index, under the lock, with the checks both forms share. */
static LONG enum_key_begin(HKEY hkey, DWORD index, struct keyref *r, struct reg_key **sub)
{
    regstore_lock();
    regstore_sync();
    LONG err = reg_get_key(hkey, r);
    if (err)
        return err;
    if (!(r->access & KEY_ENUMERATE_SUB_KEYS))
        err = ERROR_ACCESS_DENIED;
    else if (r->key->flags & KEYF_DELETED)
        err = ERROR_KEY_DELETED;
    else if (index >= r->key->nsub)
        err = ERROR_NO_MORE_ITEMS;
    else
        *sub = r->key->sub[index];
    if (err)
        regstore_key_unref(r->key);
    return err;
}

LONG WINAPI advapi32_RegEnumKeyExW(HKEY hkey, DWORD index, LPWSTR name, DWORD *name_len,
                                   DWORD *reserved, LPWSTR cls, DWORD *cls_len, FILETIME *ft)
{
    if (reserved)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    struct reg_key *c;
    LONG err = enum_key_begin(hkey, index, &r, &c);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (ft) {
        ft->dwLowDateTime = (DWORD)c->mtime;
        ft->dwHighDateTime = (DWORD)(c->mtime >> 32);
    }
    if (!name_len || !name) {
        err = ERROR_INVALID_PARAMETER;
    } else if (c->name_len >= *name_len || (cls && cls_len && c->class_len >= *cls_len)) {
        err = ERROR_MORE_DATA;
    } else {
        memcpy(name, c->name, c->name_len * sizeof(WCHAR));
        name[c->name_len] = 0;
        *name_len = (DWORD)c->name_len;
        if (cls_len) {
            *cls_len = (DWORD)c->class_len;
            if (cls) {
                if (c->class_len)
                    memcpy(cls, c->class_name, c->class_len * sizeof(WCHAR));
                cls[c->class_len] = 0;
            }
        }
    }
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegEnumKeyExA(HKEY hkey, DWORD index, LPSTR name, DWORD *name_len,
                                   DWORD *reserved, LPSTR cls, DWORD *cls_len, FILETIME *ft)
{
    if (reserved)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    struct reg_key *c;
    LONG err = enum_key_begin(hkey, index, &r, &c);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (ft) {
        ft->dwLowDateTime = (DWORD)c->mtime;
        ft->dwHighDateTime = (DWORD)(c->mtime >> 32);
    }
    /* One ANSI byte per UTF-16 unit in the 1252 code page: lengths carry over. */
    if (!name_len || !name) {
        err = ERROR_INVALID_PARAMETER;
    } else if (c->name_len >= *name_len || (cls && cls_len && c->class_len >= *cls_len)) {
        err = ERROR_MORE_DATA;
    } else {
        wide_to_ansi(c->name, c->name_len, name);
        name[c->name_len] = 0;
        *name_len = (DWORD)c->name_len;
        if (cls_len) {
            *cls_len = (DWORD)c->class_len;
            if (cls) {
                if (c->class_len)
                    wide_to_ansi(c->class_name, c->class_len, cls);
                cls[c->class_len] = 0;
            }
        }
    }
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegEnumKeyW(HKEY hkey, DWORD index, LPWSTR name, DWORD name_len)
{
    return advapi32_RegEnumKeyExW(hkey, index, name, &name_len, NULL, NULL, NULL, NULL);
}

LONG WINAPI advapi32_RegEnumKeyA(HKEY hkey, DWORD index, LPSTR name, DWORD name_len)
{
    return advapi32_RegEnumKeyExA(hkey, index, name, &name_len, NULL, NULL, NULL, NULL);
}

struct key_info {
    DWORD subkeys, max_subkey, max_class, values, max_value, max_data;
    const WCHAR *cls;
    DWORD cls_len;
    uint64_t mtime;
};

static LONG query_info(HKEY hkey, struct keyref *r, struct key_info *info)
{
    regstore_lock();
    regstore_sync();
    LONG err = reg_get_key(hkey, r);
    if (err)
        return err;
    /* No access right needed: Wine answers with any handle, and so do we. */
    struct reg_key *k = r->key;
    if (k->flags & KEYF_DELETED)
        err = ERROR_KEY_DELETED;
    if (err) {
        regstore_key_unref(k);
        return err;
    }
    memset(info, 0, sizeof *info);
    info->subkeys = (DWORD)k->nsub;
    for (size_t i = 0; i < k->nsub; i++) {
        if (k->sub[i]->name_len > info->max_subkey)
            info->max_subkey = (DWORD)k->sub[i]->name_len;
        if (k->sub[i]->class_len > info->max_class)
            info->max_class = (DWORD)k->sub[i]->class_len;
    }
    info->values = (DWORD)k->nval;
    for (size_t i = 0; i < k->nval; i++) {
        if (k->val[i].name_len > info->max_value)
            info->max_value = (DWORD)k->val[i].name_len;
        if (k->val[i].size > info->max_data)
            info->max_data = k->val[i].size;
    }
    info->cls = k->class_name;
    info->cls_len = (DWORD)k->class_len;
    info->mtime = k->mtime;
    return ERROR_SUCCESS;
}

static void put_info(const struct key_info *info, DWORD *subkeys, DWORD *max_subkey,
                     DWORD *max_class, DWORD *values, DWORD *max_value, DWORD *max_data,
                     DWORD *security, FILETIME *modif)
{
    if (subkeys) *subkeys = info->subkeys;
    if (max_subkey) *max_subkey = info->max_subkey;
    if (max_class) *max_class = info->max_class;
    if (values) *values = info->values;
    if (max_value) *max_value = info->max_value;
    if (max_data) *max_data = info->max_data;
    if (modif) {
        modif->dwLowDateTime = (DWORD)info->mtime;
        modif->dwHighDateTime = (DWORD)(info->mtime >> 32);
    }
    if (security) {
        FIXME("no security descriptors on keys: size 0\n");
        *security = 0;
    }
}

LONG WINAPI advapi32_RegQueryInfoKeyW(HKEY hkey, LPWSTR cls, DWORD *cls_len, DWORD *reserved,
                                      DWORD *subkeys, DWORD *max_subkey, DWORD *max_class,
                                      DWORD *values, DWORD *max_value, DWORD *max_data,
                                      DWORD *security, FILETIME *modif)
{
    if (cls && !cls_len)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    struct key_info info;
    LONG err = query_info(hkey, &r, &info);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (cls && cls_len && *cls_len) {
        if (info.cls_len + 1 > *cls_len) {
            err = ERROR_INSUFFICIENT_BUFFER;
        } else {
            if (info.cls_len)
                memcpy(cls, info.cls, info.cls_len * sizeof(WCHAR));
            cls[info.cls_len] = 0;
        }
    }
    if (cls_len)
        *cls_len = info.cls_len;
    put_info(&info, subkeys, max_subkey, max_class, values, max_value, max_data, security, modif);
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}

LONG WINAPI advapi32_RegQueryInfoKeyA(HKEY hkey, LPSTR cls, DWORD *cls_len, DWORD *reserved,
                                      DWORD *subkeys, DWORD *max_subkey, DWORD *max_class,
                                      DWORD *values, DWORD *max_value, DWORD *max_data,
                                      DWORD *security, FILETIME *modif)
{
    if (cls && !cls_len)
        return ERROR_INVALID_PARAMETER;
    struct keyref r;
    struct key_info info;
    LONG err = query_info(hkey, &r, &info);
    if (err) {
        regstore_unlock();
        return err;
    }
    if (cls && cls_len && *cls_len) {
        /* As Windows: the class cut to the buffer, ERROR_MORE_DATA when it filled it. */
        DWORD room = *cls_len, n = info.cls_len < room ? info.cls_len : room;
        if (n)
            wide_to_ansi(info.cls, n, cls);
        *cls_len = n;
        if (n == room) {
            err = ERROR_MORE_DATA;
            *cls_len -= 1;
        }
        cls[*cls_len] = 0;
    } else if (cls_len) {
        *cls_len = info.cls_len;
    }
    put_info(&info, subkeys, max_subkey, max_class, values, max_value, max_data, security, modif);
    regstore_key_unref(r.key);
    regstore_unlock();
    return err;
}
