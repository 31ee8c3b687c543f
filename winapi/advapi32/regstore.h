/*
 * regstore.h - the registry's key tree, inside advapi32. registry.c (the Reg*
 * API) works on it; regfile.c reads and writes the hive files.
 *
 *   \Registry (top, memory only)
 *     Machine                      hive "machine": <prefix>/registry/machine.txt
 *       Software\Classes           HKEY_CLASSES_ROOT
 *       System\CurrentControlSet\Hardware Profiles\Current   HKEY_CURRENT_CONFIG
 *     User (memory only)           HKEY_USERS
 *       .Default (memory only)
 *       S-1-5-21-0-0-0-1000        hive "user": <prefix>/registry/user.txt = HKEY_CURRENT_USER
 *     DynData (memory only)        HKEY_DYN_DATA
 *
 * <prefix> is the parent folder of the C: drive (like Wine's user.reg and
 * system.reg). A hive file is loaded on first use, re-read whenever another
 * process replaced it, and rewritten after every change under a lock file
 * (write new, fsync, rename), so concurrent programs keep each other's keys.
 *
 * Everything here runs under one mutex: regstore_lock() / regstore_unlock().
 * Names are UTF-16, case-preserving and compared case-insensitively; subkeys
 * are kept sorted (the order RegEnumKeyEx returns, as on Windows), values in
 * creation order (RegEnumValue's order).
 */
#ifndef MIMIC_WINAPI_ADVAPI32_REGSTORE_H
#define MIMIC_WINAPI_ADVAPI32_REGSTORE_H

#include "winapi/wintypes.h"

#define REG_NONE                0
#define REG_SZ                  1
#define REG_EXPAND_SZ           2
#define REG_BINARY              3
#define REG_DWORD               4
#define REG_DWORD_BIG_ENDIAN    5
#define REG_LINK                6
#define REG_MULTI_SZ            7
#define REG_QWORD               11

#define REG_OPTION_NON_VOLATILE     0x0
#define REG_OPTION_VOLATILE         0x1
#define REG_OPTION_CREATE_LINK      0x2
#define REG_OPTION_BACKUP_RESTORE   0x4
#define REG_OPTION_OPEN_LINK        0x8
#define REG_CREATED_NEW_KEY         1
#define REG_OPENED_EXISTING_KEY     2

#define ERROR_BAD_PATHNAME          161
#define ERROR_CHILD_MUST_BE_VOLATILE 1021
#define ERROR_DATATYPE_MISMATCH     1629
#define ERROR_UNSUPPORTED_TYPE      1630

#define KEY_MAX_NAME    255     /* characters in one key name (Windows' limit) */
#define VALUE_MAX_NAME  16383   /* characters in a value name */

struct reg_hive;

struct reg_value {
    WCHAR *name;                /* NUL-terminated; "" is the default value */
    size_t name_len;
    DWORD type;
    DWORD size;
    BYTE *data;                 /* malloc'd, size bytes (NULL when 0) */
};

#define KEYF_VOLATILE   1u      /* never written to a hive file */
#define KEYF_DELETED    2u      /* unlinked; lives on only through handles */
#define KEYF_ROOT       4u      /* a root of the tree or of a hive: cannot be deleted */

struct reg_key {
    struct reg_key *parent;     /* NULL for the top and for deleted keys */
    WCHAR *name;                /* NUL-terminated, case preserved */
    size_t name_len;
    WCHAR *class_name;          /* NULL: no class */
    size_t class_len;
    struct reg_key **sub;       /* sorted case-insensitively */
    size_t nsub, capsub;
    struct reg_value *val;      /* creation order */
    size_t nval, capval;
    uint64_t mtime;             /* FILETIME of the last change */
    int refs;                   /* 1 while linked in the tree, +1 per handle */
    unsigned flags;
    struct reg_hive *hive;      /* the file this key is saved in; NULL: memory only */
};

/* The predefined roots, indexed by HKEY_* - 0x80000000. */
enum reg_root {
    ROOT_CLASSES_ROOT, ROOT_CURRENT_USER, ROOT_LOCAL_MACHINE, ROOT_USERS,
    ROOT_PERFORMANCE_DATA, ROOT_CURRENT_CONFIG, ROOT_DYN_DATA, ROOT_COUNT
};

void regstore_lock(void);                /* recursive */
void regstore_unlock(void);
void regstore_sync(void);                /* lock held: pick up other processes' changes */
/* Around a change (lock held): take the file lock and re-read the hives
 * first; afterwards write the hives that changed and drop the file lock. */
void regstore_write_begin(void);
void regstore_write_end(void);

/* The key behind a predefined HKEY (lock held); NULL when not supported. */
struct reg_key *regstore_root(enum reg_root which);

void regstore_key_ref(struct reg_key *key);     /* lock held */
void regstore_key_unref(struct reg_key *key);   /* lock held */

/* Walk a relative path (len characters, '\\'-separated) from base. Open: every
 * component must exist. Create (inside write_begin/end): missing ones are
 * made with options (REG_OPTION_VOLATILE) and the last gets cls. Returns a
 * Win32 error; *out has a new reference on success. */
LONG regstore_open(struct reg_key *base, const WCHAR *path, size_t len, struct reg_key **out);
LONG regstore_create(struct reg_key *base, const WCHAR *path, size_t len, const WCHAR *cls,
                     DWORD options, struct reg_key **out, DWORD *dispos);
/* Unlink a key without subkeys (inside write_begin/end). */
LONG regstore_delete(struct reg_key *key);

struct reg_value *regstore_find_value(struct reg_key *key, const WCHAR *name, size_t len);
/* Set or replace a value (inside write_begin/end); data is copied. */
LONG regstore_set_value(struct reg_key *key, const WCHAR *name, size_t len, DWORD type,
                        const void *data, DWORD size);
LONG regstore_delete_value(struct reg_key *key, const WCHAR *name, size_t len);

/* Mark a key's hive for writing at regstore_write_end. */
void regstore_touch(struct reg_key *key);

/* Helpers shared with regfile.c */
int regstore_name_cmp(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen);
struct reg_key *regstore_find_child(struct reg_key *key, const WCHAR *name, size_t len);
struct reg_key *regstore_add_child(struct reg_key *key, const WCHAR *name, size_t len);  /* NULL: no memory */
struct reg_key *regstore_new_key(const WCHAR *name, size_t len);
void regstore_free_tree(struct reg_key *key);   /* a tree no handle points into */
uint64_t regstore_now(void);

/* regfile.c: parse a hive file into root (an empty key); false when the file
 * has errors (reported on stderr, naming file and line: what parsed is kept). */
bool regfile_parse(const char *path, const char *text, size_t len, struct reg_key *root);
/* Serialise root's tree (volatile keys left out) to a malloc'd buffer. */
char *regfile_format(struct reg_key *root, const char *title, size_t *len);

#endif
