/*
 * kernel32/resource.c - resources of loaded PE modules: FindResource(Ex),
 * LoadResource, LockResource, SizeofResource, FreeResource and the
 * EnumResource* walks. user32's LoadString and FormatMessage's
 * FROM_HMODULE find their data through res_find() below.
 *
 * The lookup walks the resource directory in the mapped image, as Windows
 * does, so an HRSRC is the address of the IMAGE_RESOURCE_DATA_ENTRY and
 * LoadResource returns a pointer into the image. Every offset read from the
 * directory is checked against the image size first.
 *
 *   directory (16 bytes): ..., NumberOfNamedEntries @12, NumberOfIdEntries @14
 *   entry (8 bytes): Name (bit 31: offset of a counted UTF-16 name, else an id),
 *                    OffsetToData (bit 31: offset of a subdirectory, else of a data entry)
 *   data entry (16 bytes): OffsetToData (an RVA), Size, CodePage, Reserved
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/module.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"

#include <stdlib.h>
#include <string.h>

#define IS_INTRESOURCE(p) (((uintptr_t)(p) >> 16) == 0)

struct resdir {
    const uint8_t *base;         /* image base */
    uint32_t size;               /* image size */
    uint32_t root;               /* RVA of the root directory */
};

static bool res_root(struct module *m, struct resdir *rd)
{
    if (!m || m->builtin || !m->pe.dirs[PE_DIR_RESOURCE].rva || !m->pe.dirs[PE_DIR_RESOURCE].size)
        return false;
    rd->base = m->base;
    rd->size = (uint32_t)m->size;
    rd->root = m->pe.dirs[PE_DIR_RESOURCE].rva;
    return rd->root < rd->size;
}

static const uint8_t *at(const struct resdir *rd, uint32_t off, uint32_t len)
{
    uint64_t rva = (uint64_t)rd->root + off;
    if (rva + len > rd->size)
        return NULL;
    return rd->base + rva;
}

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Entries of the directory at off; NULL if it does not fit. */
static const uint8_t *dir_entries(const struct resdir *rd, uint32_t off, uint32_t *n)
{
    const uint8_t *d = at(rd, off, 16);
    if (!d)
        return NULL;
    *n = (uint32_t)rd16(d + 12) + rd16(d + 14);
    return at(rd, off + 16, *n * 8);
}

/* Does entry name field `name` match key (an id or an upper-case UTF-16 string)? */
static bool name_matches(const struct resdir *rd, uint32_t name, const WCHAR *key, uint16_t id)
{
    if (!key)
        return !(name & 0x80000000u) && (name & 0xffff) == id;
    if (!(name & 0x80000000u))
        return false;
    const uint8_t *s = at(rd, name & 0x7fffffffu, 2);
    if (!s)
        return false;
    uint16_t len = rd16(s);
    const uint8_t *chars = at(rd, (name & 0x7fffffffu) + 2, (uint32_t)len * 2);
    if (!chars || wstrlen(key) != len)
        return false;
    for (uint16_t i = 0; i < len; i++)
        if (k32_toupper(rd16(chars + 2 * i)) != key[i])
            return false;
    return true;
}

/* The subdirectory (or data entry, at the last level) for key; 0 if none.
 * Returns the offset with bit 31 as in the entry. */
static bool find_entry(const struct resdir *rd, uint32_t dir, const WCHAR *key, uint16_t id, uint32_t *target)
{
    uint32_t n;
    const uint8_t *e = dir_entries(rd, dir, &n);
    for (uint32_t i = 0; e && i < n; i++)
        if (name_matches(rd, rd32(e + 8 * i), key, id)) {
            *target = rd32(e + 8 * i + 4);
            return true;
        }
    return false;
}

/* A resource name or type as the walk wants it: an id, or an upper-cased
 * UTF-16 string ("#123" is the id 123). key_buf holds the string. */
static const WCHAR *make_key(const WCHAR *name, uint16_t *id, WCHAR *key_buf, size_t max)
{
    if (IS_INTRESOURCE(name)) {
        *id = (uint16_t)(uintptr_t)name;
        return NULL;
    }
    if (name[0] == '#') {
        unsigned v = 0;
        for (const WCHAR *p = name + 1; *p >= '0' && *p <= '9'; p++)
            v = v * 10 + (unsigned)(*p - '0');
        *id = (uint16_t)v;
        return NULL;
    }
    size_t i = 0;
    for (; name[i] && i + 1 < max; i++)
        key_buf[i] = k32_toupper(name[i]);
    key_buf[i] = 0;
    return key_buf;
}

#define ERROR_RESOURCE_DATA_NOT_FOUND 1812

/* Find the data entry for type/name/lang in module h (NULL: the exe).
 * lang 0xffff: any language, Windows's preference order. */
const void *res_find(HMODULE h, const WCHAR *type, const WCHAR *name, WORD lang)
{
    struct module *m = module_from_handle(h);
    struct resdir rd;
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if (!res_root(m, &rd)) {
        set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
        return NULL;
    }
    WCHAR tbuf[256], nbuf[256];
    uint16_t tid = 0, nid = 0;
    const WCHAR *tkey = make_key(type, &tid, tbuf, 256), *nkey = make_key(name, &nid, nbuf, 256);
    uint32_t t, nd, data;
    if (!find_entry(&rd, 0, tkey, tid, &t) || !(t & 0x80000000u)) {
        set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return NULL;
    }
    if (!find_entry(&rd, t & 0x7fffffffu, nkey, nid, &nd) || !(nd & 0x80000000u)) {
        set_last_error(ERROR_RESOURCE_NAME_NOT_FOUND);
        return NULL;
    }
    uint32_t langdir = nd & 0x7fffffffu;
    bool found = false;
    if (lang != 0xffff && (lang & 0x3ff)) {
        /* An explicit language: itself, its neutral sublanguage, neutral. */
        WORD tries[3] = { lang, (WORD)(lang & 0x3ff), 0 };
        for (int i = 0; i < 3 && !found; i++)
            found = find_entry(&rd, langdir, NULL, tries[i], &data);
    } else {
        /* Neutral, the user's language (en-US), English, the defaults, then any. */
        WORD tries[6] = { lang == 0xffff ? 0 : lang, 0, 0x409, 0x009, 0x400, 0x800 };
        for (int i = 0; i < 6 && !found; i++)
            found = find_entry(&rd, langdir, NULL, tries[i], &data);
        if (!found) {
            uint32_t n;
            const uint8_t *e = dir_entries(&rd, langdir, &n);
            if (e && n) {
                data = rd32(e + 4);
                found = true;
            }
        }
    }
    if (!found || (data & 0x80000000u)) {
        set_last_error(ERROR_RESOURCE_LANG_NOT_FOUND);
        return NULL;
    }
    const uint8_t *entry = at(&rd, data, 16);
    if (!entry || (uint64_t)rd32(entry) + rd32(entry + 4) > rd.size) {
        set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
        return NULL;
    }
    return entry;
}

/* The bytes of a data entry found by res_find. */
const void *res_data(HMODULE h, const void *entry, DWORD *size)
{
    struct module *m = h ? module_from_handle(h) : module_from_address(entry);
    if (!m)
        m = module_from_address(entry);
    if (!m || (const uint8_t *)entry < m->base || (const uint8_t *)entry + 16 > m->base + m->size)
        return NULL;
    uint32_t rva = rd32(entry), len = rd32((const uint8_t *)entry + 4);
    if ((uint64_t)rva + len > m->size)
        return NULL;
    if (size)
        *size = len;
    return m->base + rva;
}

typedef void *HRSRC;
typedef void *HGLOBAL;

WINAPI HRSRC kernel32_FindResourceExW(HMODULE h, const WCHAR *type, const WCHAR *name, WORD lang)
{
    if (!type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND);
        return NULL;
    }
    return (HRSRC)res_find(h, type, name, lang);
}

WINAPI HRSRC kernel32_FindResourceW(HMODULE h, const WCHAR *name, const WCHAR *type)
{
    return kernel32_FindResourceExW(h, type, name, 0xffff);
}

/* A or W resource name: an id passes through, a string converts. */
static WCHAR *res_name_a(const char *s)
{
    return IS_INTRESOURCE(s) ? (WCHAR *)(uintptr_t)s : acp_to_wide(s);
}

static void res_name_free(WCHAR *w)
{
    if (!IS_INTRESOURCE(w))
        free(w);
}

WINAPI HRSRC kernel32_FindResourceExA(HMODULE h, const char *type, const char *name, WORD lang)
{
    WCHAR *t = res_name_a(type), *n = res_name_a(name);
    HRSRC r = kernel32_FindResourceExW(h, t, n, lang);
    res_name_free(t);
    res_name_free(n);
    return r;
}

WINAPI HRSRC kernel32_FindResourceA(HMODULE h, const char *name, const char *type)
{
    return kernel32_FindResourceExA(h, type, name, 0xffff);
}

WINAPI HGLOBAL kernel32_LoadResource(HMODULE h, HRSRC res)
{
    if (!res) {
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    const void *p = res_data(h, res, NULL);
    if (!p)
        set_last_error(ERROR_INVALID_HANDLE);
    return (HGLOBAL)p;
}

/* Resource memory is the image itself: locking is the identity. */
WINAPI void *kernel32_LockResource(HGLOBAL g) { return g; }
WINAPI BOOL kernel32_FreeResource(HGLOBAL g) { return FALSE; }

WINAPI DWORD kernel32_SizeofResource(HMODULE h, HRSRC res)
{
    DWORD size = 0;
    if (!res || !res_data(h, res, &size)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return size;
}

/* ---- enumeration ---------------------------------------------------------- */

typedef BOOL (WINAPI *enum_types_w)(HMODULE, WCHAR *, LONG_PTR);
typedef BOOL (WINAPI *enum_names_w)(HMODULE, const WCHAR *, WCHAR *, LONG_PTR);
typedef BOOL (WINAPI *enum_langs_w)(HMODULE, const WCHAR *, const WCHAR *, WORD, LONG_PTR);
typedef BOOL (WINAPI *enum_types_a)(HMODULE, char *, LONG_PTR);
typedef BOOL (WINAPI *enum_names_a)(HMODULE, const char *, char *, LONG_PTR);
typedef BOOL (WINAPI *enum_langs_a)(HMODULE, const char *, const char *, WORD, LONG_PTR);

#define ERROR_RESOURCE_ENUM_USER_STOP 15106

/* The name of entry e as an id or a malloc'd string (free with res_name_free). */
static WCHAR *entry_name(const struct resdir *rd, uint32_t name)
{
    if (!(name & 0x80000000u))
        return (WCHAR *)(uintptr_t)(name & 0xffff);
    const uint8_t *s = at(rd, name & 0x7fffffffu, 2);
    uint16_t len = s ? rd16(s) : 0;
    const uint8_t *chars = s ? at(rd, (name & 0x7fffffffu) + 2, (uint32_t)len * 2) : NULL;
    WCHAR *w = malloc(((size_t)len + 1) * sizeof *w);
    if (!w)
        return NULL;
    if (chars)
        memcpy(w, chars, (size_t)len * 2);
    w[chars ? len : 0] = 0;
    return w;
}

/* Walk one level: level 0 types, 1 names of a type, 2 languages of a name.
 * The callback gets W names, or A names when ansi. */
static BOOL enum_level(HMODULE h, int level, const WCHAR *type, const WCHAR *name, void *fn, LONG_PTR lp, bool ansi)
{
    struct module *m = module_from_handle(h);
    struct resdir rd;
    if (!m || !res_root(m, &rd)) {
        set_last_error(m ? ERROR_RESOURCE_DATA_NOT_FOUND : ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    uint32_t dir = 0, t;
    WCHAR tb[256], nb[256];
    uint16_t id;
    if (level >= 1) {
        const WCHAR *k = make_key(type, &id, tb, 256);
        if (!find_entry(&rd, 0, k, id, &t) || !(t & 0x80000000u)) {
            set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
            return FALSE;
        }
        dir = t & 0x7fffffffu;
    }
    if (level >= 2) {
        const WCHAR *k = make_key(name, &id, nb, 256);
        if (!find_entry(&rd, dir, k, id, &t) || !(t & 0x80000000u)) {
            set_last_error(ERROR_RESOURCE_NAME_NOT_FOUND);
            return FALSE;
        }
        dir = t & 0x7fffffffu;
    }
    uint32_t n;
    const uint8_t *e = dir_entries(&rd, dir, &n);
    if (!e) {
        set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
        return FALSE;
    }
    char *ta = ansi && type && !IS_INTRESOURCE(type) ? wide_to_acp(type) : (char *)type;
    char *na = ansi && name && !IS_INTRESOURCE(name) ? wide_to_acp(name) : (char *)name;
    BOOL go = TRUE;
    for (uint32_t i = 0; i < n && go; i++) {
        uint32_t nm = rd32(e + 8 * i);
        if (level == 2) {
            go = ansi ? ((enum_langs_a)fn)(h, ta, na, (WORD)nm, lp) : ((enum_langs_w)fn)(h, type, name, (WORD)nm, lp);
            continue;
        }
        WCHAR *w = entry_name(&rd, nm);
        char *a = ansi && !IS_INTRESOURCE(w) ? wide_to_acp(w) : (char *)w;
        if (level == 0)
            go = ansi ? ((enum_types_a)fn)(h, a, lp) : ((enum_types_w)fn)(h, w, lp);
        else
            go = ansi ? ((enum_names_a)fn)(h, ta, a, lp) : ((enum_names_w)fn)(h, type, w, lp);
        if (ansi && !IS_INTRESOURCE(w))
            free(a);
        res_name_free(w);
    }
    if (ansi && type && !IS_INTRESOURCE(type))
        free(ta);
    if (ansi && name && !IS_INTRESOURCE(name))
        free(na);
    if (!go) {
        set_last_error(ERROR_RESOURCE_ENUM_USER_STOP);
        return FALSE;
    }
    return TRUE;
}

WINAPI BOOL kernel32_EnumResourceTypesW(HMODULE h, enum_types_w fn, LONG_PTR lp) { return enum_level(h, 0, NULL, NULL, (void *)fn, lp, false); }
WINAPI BOOL kernel32_EnumResourceTypesA(HMODULE h, enum_types_a fn, LONG_PTR lp) { return enum_level(h, 0, NULL, NULL, (void *)fn, lp, true); }

WINAPI BOOL kernel32_EnumResourceNamesW(HMODULE h, const WCHAR *type, enum_names_w fn, LONG_PTR lp)
{
    if (!type) {
        set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return FALSE;
    }
    return enum_level(h, 1, type, NULL, (void *)fn, lp, false);
}

WINAPI BOOL kernel32_EnumResourceNamesA(HMODULE h, const char *type, enum_names_a fn, LONG_PTR lp)
{
    if (!type) {
        set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return FALSE;
    }
    WCHAR *t = res_name_a(type);
    BOOL r = enum_level(h, 1, t, NULL, (void *)fn, lp, true);
    res_name_free(t);
    return r;
}

WINAPI BOOL kernel32_EnumResourceLanguagesW(HMODULE h, const WCHAR *type, const WCHAR *name, enum_langs_w fn, LONG_PTR lp)
{
    if (!type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND);
        return FALSE;
    }
    return enum_level(h, 2, type, name, (void *)fn, lp, false);
}

WINAPI BOOL kernel32_EnumResourceLanguagesA(HMODULE h, const char *type, const char *name, enum_langs_a fn, LONG_PTR lp)
{
    if (!type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND);
        return FALSE;
    }
    WCHAR *t = res_name_a(type), *n = res_name_a(name);
    BOOL r = enum_level(h, 2, t, n, (void *)fn, lp, true);
    res_name_free(t);
    res_name_free(n);
    return r;
}
