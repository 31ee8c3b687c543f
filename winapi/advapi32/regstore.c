/*
 * regstore.c - the registry's key tree and its persistence (see regstore.h).
 *
 * Hive files. Each persistent hive (HKLM, HKCU) is one text file written by
 * regfile.c. A change is made under an exclusive flock on <dir>/lock:
 *   lock -> re-read any hive file another process replaced -> change the
 *   tree -> write <file>.new, fsync, rename over <file> -> unlock.
 * Readers need no lock: rename is atomic, so a file is always either the
 * old or the new version, never a torn one. A process notices that another
 * one replaced a file by its identity (device, inode, size, times), checked
 * at every registry call (one stat per hive). Re-reading merges the file
 * into the live tree in place, so keys behind open handles stay the same
 * objects; keys that disappeared from the file are marked deleted, as
 * Windows does for a key deleted behind a handle's back.
 *
 * Performance policy: every change rewrites its whole hive with an fsync.
 * Console programs change a handful of values; an installer writing
 * thousands would want coalescing, which can come later without changing
 * the file format.
 */
#include "winapi/advapi32/regstore.h"
#include "winapi/process.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

DEBUG_CHANNEL(reg);

#define MAX_HIVE_FILE (512u << 20)   /* refuse to load anything bigger */

struct file_id {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
};

struct reg_hive {
    const char *title;          /* written in the file's header */
    const char *leaf;           /* file name inside the registry folder */
    char *path;                 /* host path; NULL when there is no folder */
    struct reg_key *root;
    struct file_id id;          /* the file as last read or written */
    bool dirty;                 /* changed since the last write */
    bool readonly;              /* the file had errors: never overwrite it */
    bool warned;
};

/* Recursive: a handle closed while the lock is held (the last reference to a
 * key object dropped inside a registry call) re-enters through its destroy. */
static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static bool initialized;
static char *reg_dir;           /* <prefix>/registry */
static int lock_fd = -1;
static int write_depth;
static struct reg_key *top, *machine, *users, *user_default, *current_user, *dyn_data;
static struct reg_hive hives[2] = {
    { "HKEY_LOCAL_MACHINE", "machine.txt", NULL, NULL, { 0 }, false, false, false },
    { "HKEY_CURRENT_USER", "user.txt", NULL, NULL, { 0 }, false, false, false },
};

/* The current user's SID as Wine spells it: HKEY_USERS\<sid> is HKCU. */
static const char user_sid[] = "S-1-5-21-0-0-0-1000";

/* ---- names ---------------------------------------------------------------- */

/* Upper case of a UTF-16 unit for name comparison: ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic, which covers the names programs use. */
static WCHAR upcase(WCHAR c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
        return c - 32;
    if (c == 0xff)
        return 0x178;
    if (c >= 0x100 && c <= 0x17f) {
        if (c == 0x131)
            return 'I';
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
            return (c & 1) ? c : c - 1;
        if (c == 0x138 || c == 0x149 || c == 0x17f)
            return c;
        return (c & 1) ? c - 1 : c;
    }
    if (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2)
        return c - 32;
    if (c == 0x3c2)
        return 0x3a3;
    if (c >= 0x430 && c <= 0x44f)
        return c - 32;
    if (c >= 0x450 && c <= 0x45f)
        return c - 80;
    return c;
}

int regstore_name_cmp(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        WCHAR x = upcase(a[i]), y = upcase(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return alen < blen ? -1 : alen > blen;
}

static WCHAR *wdup_n(const WCHAR *s, size_t len)
{
    WCHAR *d = malloc((len + 1) * sizeof *d);
    if (d) {
        if (len)
            memcpy(d, s, len * sizeof *d);
        d[len] = 0;
    }
    return d;
}

static WCHAR *ascii_to_w(const char *s)
{
    size_t n = strlen(s);
    WCHAR *d = malloc((n + 1) * sizeof *d);
    if (d)
        for (size_t i = 0; i <= n; i++)
            d[i] = (unsigned char)s[i];
    return d;
}

uint64_t regstore_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec + 11644473600ull) * 10000000ull + (uint64_t)ts.tv_nsec / 100;
}

/* ---- keys ----------------------------------------------------------------- */

struct reg_key *regstore_new_key(const WCHAR *name, size_t len)
{
    struct reg_key *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    if (!(k->name = wdup_n(name, len))) {
        free(k);
        return NULL;
    }
    k->name_len = len;
    k->refs = 1;
    k->mtime = regstore_now();
    return k;
}

static void free_values(struct reg_key *k)
{
    for (size_t i = 0; i < k->nval; i++) {
        free(k->val[i].name);
        free(k->val[i].data);
    }
    free(k->val);
    k->val = NULL;
    k->nval = k->capval = 0;
}

static void free_key(struct reg_key *k)
{
    free_values(k);
    free(k->sub);
    free(k->name);
    free(k->class_name);
    free(k);
}

void regstore_free_tree(struct reg_key *k)
{
    for (size_t i = 0; i < k->nsub; i++)
        regstore_free_tree(k->sub[i]);
    free_key(k);
}

void regstore_key_ref(struct reg_key *k)
{
    k->refs++;
}

void regstore_key_unref(struct reg_key *k)
{
    if (--k->refs == 0)
        free_key(k);
}

/* Index of name among k's subkeys, or of where it would go (*found false). */
static size_t child_index(struct reg_key *k, const WCHAR *name, size_t len, bool *found)
{
    size_t lo = 0, hi = k->nsub;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = regstore_name_cmp(k->sub[mid]->name, k->sub[mid]->name_len, name, len);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

struct reg_key *regstore_find_child(struct reg_key *k, const WCHAR *name, size_t len)
{
    bool found;
    size_t i = child_index(k, name, len, &found);
    return found ? k->sub[i] : NULL;
}

static bool insert_child(struct reg_key *k, struct reg_key *c, size_t at)
{
    if (k->nsub == k->capsub) {
        size_t n = k->capsub ? k->capsub * 2 : 4;
        struct reg_key **s = realloc(k->sub, n * sizeof *s);
        if (!s)
            return false;
        k->sub = s;
        k->capsub = n;
    }
    memmove(k->sub + at + 1, k->sub + at, (k->nsub - at) * sizeof *k->sub);
    k->sub[at] = c;
    k->nsub++;
    c->parent = k;
    return true;
}

struct reg_key *regstore_add_child(struct reg_key *k, const WCHAR *name, size_t len)
{
    bool found;
    size_t at = child_index(k, name, len, &found);
    if (found)
        return k->sub[at];
    struct reg_key *c = regstore_new_key(name, len);
    if (!c)
        return NULL;
    c->hive = k->hive;
    if (!insert_child(k, c, at)) {
        free_key(c);
        return NULL;
    }
    return c;
}

/* Unlink k and everything below it: each becomes a lone deleted key that
 * lives on only as long as handles point at it. */
static void detach(struct reg_key *k)
{
    for (size_t i = 0; i < k->nsub; i++)
        detach(k->sub[i]);
    free(k->sub);
    k->sub = NULL;
    k->nsub = k->capsub = 0;
    free_values(k);
    k->parent = NULL;
    k->flags |= KEYF_DELETED;
    regstore_key_unref(k);
}

void regstore_touch(struct reg_key *k)
{
    k->mtime = regstore_now();
    if (k->hive && !(k->flags & KEYF_VOLATILE))
        k->hive->dirty = true;
}

/* ---- values --------------------------------------------------------------- */

struct reg_value *regstore_find_value(struct reg_key *k, const WCHAR *name, size_t len)
{
    for (size_t i = 0; i < k->nval; i++)
        if (!regstore_name_cmp(k->val[i].name, k->val[i].name_len, name, len))
            return &k->val[i];
    return NULL;
}

LONG regstore_set_value(struct reg_key *k, const WCHAR *name, size_t len, DWORD type,
                        const void *data, DWORD size)
{
    if (k->flags & KEYF_DELETED)
        return ERROR_KEY_DELETED;
    BYTE *copy = NULL;
    if (size) {
        if (!(copy = malloc(size)))
            return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(copy, data, size);
    }
    struct reg_value *v = regstore_find_value(k, name, len);
    if (!v) {
        if (k->nval == k->capval) {
            size_t n = k->capval ? k->capval * 2 : 4;
            struct reg_value *a = realloc(k->val, n * sizeof *a);
            if (!a) {
                free(copy);
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            k->val = a;
            k->capval = n;
        }
        WCHAR *nm = wdup_n(name, len);
        if (!nm) {
            free(copy);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        v = &k->val[k->nval++];
        v->name = nm;
        v->name_len = len;
    } else {
        free(v->data);
    }
    v->type = type;
    v->size = size;
    v->data = copy;
    regstore_touch(k);
    return ERROR_SUCCESS;
}

LONG regstore_delete_value(struct reg_key *k, const WCHAR *name, size_t len)
{
    if (k->flags & KEYF_DELETED)
        return ERROR_KEY_DELETED;
    struct reg_value *v = regstore_find_value(k, name, len);
    if (!v)
        return ERROR_FILE_NOT_FOUND;
    free(v->name);
    free(v->data);
    size_t i = (size_t)(v - k->val);
    memmove(v, v + 1, (k->nval - i - 1) * sizeof *v);
    k->nval--;
    regstore_touch(k);
    return ERROR_SUCCESS;
}

/* ---- paths ---------------------------------------------------------------- */

/* Next component of path[*pos..len): its start and length; skips the
 * separators after it. Runs of '\\' between components count as one, and
 * trailing ones are ignored, as in Windows' own parser. */
static bool next_component(const WCHAR *path, size_t len, size_t *pos, size_t *start, size_t *clen)
{
    size_t i = *pos;
    if (i >= len)
        return false;
    *start = i;
    while (i < len && path[i] != '\\')
        i++;
    *clen = i - *start;
    while (i < len && path[i] == '\\')
        i++;
    *pos = i;
    return true;
}

LONG regstore_open(struct reg_key *base, const WCHAR *path, size_t len, struct reg_key **out)
{
    if (base->flags & KEYF_DELETED)
        return ERROR_KEY_DELETED;
    if (len && path[0] == '\\')
        return ERROR_BAD_PATHNAME;
    struct reg_key *k = base;
    size_t pos = 0, start, clen;
    while (next_component(path, len, &pos, &start, &clen)) {
        if (clen > KEY_MAX_NAME)
            return ERROR_INVALID_PARAMETER;
        if (!(k = regstore_find_child(k, path + start, clen)))
            return ERROR_FILE_NOT_FOUND;
    }
    regstore_key_ref(k);
    *out = k;
    return ERROR_SUCCESS;
}

LONG regstore_create(struct reg_key *base, const WCHAR *path, size_t len, const WCHAR *cls,
                     DWORD options, struct reg_key **out, DWORD *dispos)
{
    if (base->flags & KEYF_DELETED)
        return ERROR_KEY_DELETED;
    if (len && path[0] == '\\')
        return ERROR_BAD_PATHNAME;
    /* Check the whole path first so that a bad component leaves nothing behind. */
    size_t pos = 0, start, clen;
    while (next_component(path, len, &pos, &start, &clen))
        if (clen > KEY_MAX_NAME)
            return ERROR_INVALID_PARAMETER;
    struct reg_key *k = base;
    bool created = false;
    pos = 0;
    while (next_component(path, len, &pos, &start, &clen)) {
        struct reg_key *c = regstore_find_child(k, path + start, clen);
        if (!c) {
            if ((k->flags & KEYF_VOLATILE) && !(options & REG_OPTION_VOLATILE))
                return ERROR_CHILD_MUST_BE_VOLATILE;
            if (!(c = regstore_add_child(k, path + start, clen)))
                return ERROR_NOT_ENOUGH_MEMORY;
            if (options & REG_OPTION_VOLATILE)
                c->flags |= KEYF_VOLATILE;
            regstore_touch(k);
            regstore_touch(c);
            created = true;
            if (pos >= len && cls && *cls) {
                size_t n = 0;
                while (cls[n])
                    n++;
                c->class_name = wdup_n(cls, n);
                c->class_len = c->class_name ? n : 0;
            }
        }
        k = c;
    }
    regstore_key_ref(k);
    *out = k;
    if (dispos)
        *dispos = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
    return ERROR_SUCCESS;
}

LONG regstore_delete(struct reg_key *k)
{
    if (k->flags & KEYF_DELETED)
        return ERROR_KEY_DELETED;
    if ((k->flags & KEYF_ROOT) || !k->parent || k->nsub)
        return ERROR_ACCESS_DENIED;
    struct reg_key *p = k->parent;
    bool found;
    size_t i = child_index(p, k->name, k->name_len, &found);
    if (found && p->sub[i] == k) {
        memmove(p->sub + i, p->sub + i + 1, (p->nsub - i - 1) * sizeof *p->sub);
        p->nsub--;
    }
    regstore_touch(p);
    if (!(k->flags & KEYF_VOLATILE) && k->hive)
        k->hive->dirty = true;
    detach(k);
    return ERROR_SUCCESS;
}

/* ---- hive files ----------------------------------------------------------- */

static void file_id_of(const char *path, struct file_id *id)
{
    struct stat st;
    memset(id, 0, sizeof *id);
    if (stat(path, &st) != 0)
        return;
    id->exists = true;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    id->size = st.st_size;
    id->mtime = st.st_mtim;
    id->ctime = st.st_ctim;
}

static bool file_id_eq(const struct file_id *a, const struct file_id *b)
{
    if (a->exists != b->exists)
        return false;
    if (!a->exists)
        return true;
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
        a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
        a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

static void set_hive(struct reg_key *k, struct reg_hive *h)
{
    k->hive = h;
    for (size_t i = 0; i < k->nsub; i++)
        set_hive(k->sub[i], h);
}

/* Make ours look like disk (what another process wrote), keeping the identity
 * of every key that still exists. Our volatile keys are not in files: kept.
 * disk is consumed. */
static void merge(struct reg_key *ours, struct reg_key *disk)
{
    free_values(ours);
    ours->val = disk->val;
    ours->nval = disk->nval;
    ours->capval = disk->capval;
    disk->val = NULL;
    disk->nval = disk->capval = 0;
    if (!(ours->flags & KEYF_ROOT)) {
        ours->mtime = disk->mtime;
        free(ours->class_name);
        ours->class_name = disk->class_name;
        ours->class_len = disk->class_len;
        disk->class_name = NULL;
        /* Same name, maybe another case: take the file's spelling. */
        if (regstore_name_cmp(ours->name, ours->name_len, disk->name, disk->name_len) == 0 &&
            memcmp(ours->name, disk->name, disk->name_len * sizeof(WCHAR))) {
            memcpy(ours->name, disk->name, disk->name_len * sizeof(WCHAR));
        }
    }

    size_t n = ours->nsub + disk->nsub;
    struct reg_key **out = malloc((n ? n : 1) * sizeof *out);
    if (!out) {
        /* Out of memory: keep our tree as it is rather than lose it. */
        for (size_t j = 0; j < disk->nsub; j++)
            regstore_free_tree(disk->sub[j]);
        disk->nsub = 0;
        return;
    }
    size_t i = 0, j = 0, o = 0;
    while (i < ours->nsub || j < disk->nsub) {
        int c;
        if (i == ours->nsub)
            c = 1;
        else if (j == disk->nsub)
            c = -1;
        else
            c = regstore_name_cmp(ours->sub[i]->name, ours->sub[i]->name_len,
                                  disk->sub[j]->name, disk->sub[j]->name_len);
        if (c == 0) {
            merge(ours->sub[i], disk->sub[j]);
            free_key(disk->sub[j]);
            out[o++] = ours->sub[i];
            i++, j++;
        } else if (c < 0) {
            struct reg_key *k = ours->sub[i++];
            if (k->flags & KEYF_VOLATILE)
                out[o++] = k;
            else
                detach(k);
        } else {
            struct reg_key *k = disk->sub[j++];
            k->parent = ours;
            set_hive(k, ours->hive);
            out[o++] = k;
        }
    }
    free(ours->sub);
    ours->sub = out;
    ours->nsub = o;
    ours->capsub = n ? n : 1;
    free(disk->sub);
    disk->sub = NULL;
    disk->nsub = disk->capsub = 0;
}

/* Re-read h's file if it is not the version we know. The identity comes
 * from the open descriptor, so it names exactly the version that was read. */
static void refresh(struct reg_hive *h)
{
    if (!h->path)
        return;
    struct file_id id;
    memset(&id, 0, sizeof id);
    int fd = open(h->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0) {
        id.exists = true;
        id.dev = st.st_dev;
        id.ino = st.st_ino;
        id.size = st.st_size;
        id.mtime = st.st_mtim;
        id.ctime = st.st_ctim;
    } else if (fd >= 0 || errno != ENOENT) {
        if (!h->warned)
            fprintf(stderr, "mimic: registry: cannot read %s: %s\n", h->path, strerror(errno));
        h->warned = true;
        if (fd >= 0)
            close(fd);
        return;
    }
    if (file_id_eq(&id, &h->id)) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct reg_key *disk = regstore_new_key(NULL, 0);
    char *text = NULL;
    bool ok = disk != NULL;
    if (ok && id.exists) {
        if ((uint64_t)st.st_size > MAX_HIVE_FILE) {
            fprintf(stderr, "mimic: registry: %s: %lld bytes is too big for a hive file\n",
                    h->path, (long long)st.st_size);
            ok = false;
        } else if (!(text = malloc((size_t)st.st_size + 1))) {
            ok = false;
        } else {
            size_t got = 0;
            while (got < (size_t)st.st_size) {
                ssize_t r = read(fd, text + got, (size_t)st.st_size - got);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0)
                    break;
                got += (size_t)r;
            }
            text[got] = 0;
            ok = regfile_parse(h->path, text, got, disk);
        }
        if (!ok && !h->readonly)
            fprintf(stderr, "mimic: registry: %s has errors: this process will not "
                    "overwrite it (its changes stay in memory)\n", h->path);
        if (!ok)
            h->readonly = true;
    }
    if (fd >= 0)
        close(fd);
    free(text);
    if (!disk)
        return;
    /* What parsed is what the file says, even when some lines did not. */
    merge(h->root, disk);
    regstore_free_tree(disk);
    h->id = id;
    TRACE("re-read %s\n", h->path);
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void save(struct reg_hive *h)
{
    if (!h->path || h->readonly)
        return;
    size_t len;
    char *text = regfile_format(h->root, h->title, &len);
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.new", h->path);
    int fd = text ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    bool ok = fd >= 0 && write_all(fd, text, len) && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, h->path) != 0)
        ok = false;
    if (!ok) {
        if (!h->warned)
            fprintf(stderr, "mimic: registry: cannot write %s: %s (changes stay in memory)\n",
                    h->path, text ? strerror(errno) : "out of memory");
        h->warned = true;
        if (fd >= 0)
            unlink(tmp);
    } else {
        /* No fsync of the folder: after a power cut the rename may be lost,
         * which leaves the previous version, whole. The file's own fsync is
         * what guarantees the new name never points at a torn file. */
        file_id_of(h->path, &h->id);
        h->dirty = false;
    }
    free(text);
}

/* ---- set-up --------------------------------------------------------------- */

static struct reg_key *add_path(struct reg_key *k, const char *path)
{
    WCHAR *w = ascii_to_w(path);
    if (!w)
        return NULL;
    size_t pos = 0, start, clen, len = 0;
    while (w[len])
        len++;
    while (k && next_component(w, len, &pos, &start, &clen))
        k = regstore_add_child(k, w + start, clen);
    free(w);
    return k;
}

static struct reg_key *add_root(struct reg_key *parent, const char *name, unsigned flags)
{
    struct reg_key *k = add_path(parent, name);
    if (k)
        k->flags |= flags | KEYF_ROOT;
    return k;
}

/* The keys a fresh prefix has: those programs expect to exist. Created in
 * memory; written with the first change. */
static void add_defaults(void)
{
    static const char *const machine_keys[] = {
        "Software\\Classes",
        "Software\\Microsoft\\Windows\\CurrentVersion",
        "Software\\Microsoft\\Windows NT\\CurrentVersion",
        "System\\CurrentControlSet\\Control",
        "System\\CurrentControlSet\\Hardware Profiles\\Current",
        "System\\CurrentControlSet\\Services",
    };
    static const char *const user_keys[] = {
        "Console", "Control Panel", "Environment", "Software\\Microsoft", "Software\\Classes",
    };
    for (size_t i = 0; i < sizeof machine_keys / sizeof *machine_keys; i++)
        add_path(machine, machine_keys[i]);
    for (size_t i = 0; i < sizeof user_keys / sizeof *user_keys; i++)
        add_path(current_user, user_keys[i]);
}

static void init(void)
{
    initialized = true;
    top = regstore_new_key(NULL, 0);
    if (!top)
        return;
    top->flags = KEYF_ROOT | KEYF_VOLATILE;
    machine = add_root(top, "Machine", 0);
    users = add_root(top, "User", KEYF_VOLATILE);
    dyn_data = add_root(top, "DynData", KEYF_VOLATILE);
    user_default = users ? add_root(users, ".Default", KEYF_VOLATILE) : NULL;
    current_user = users ? add_root(users, user_sid, 0) : NULL;
    if (!machine || !current_user)
        return;
    hives[0].root = machine;
    hives[1].root = current_user;
    set_hive(machine, &hives[0]);
    set_hive(current_user, &hives[1]);
    add_defaults();

    const char *c = prefix_c_drive();
    const char *slash = strrchr(c, '/');
    size_t n = slash ? (size_t)(slash - c) : 0;
    if (asprintf(&reg_dir, "%.*s/registry", (int)n, c) < 0) {
        reg_dir = NULL;
        return;
    }
    for (int i = 0; i < 2; i++)
        if (asprintf(&hives[i].path, "%s/%s", reg_dir, hives[i].leaf) < 0)
            hives[i].path = NULL;
}

void regstore_lock(void)
{
    pthread_mutex_lock(&lock);
    if (!initialized)
        init();
}

void regstore_sync(void)
{
    if (write_depth == 0)
        for (int i = 0; i < 2; i++)
            if (hives[i].root)
                refresh(&hives[i]);
}

void regstore_unlock(void)
{
    pthread_mutex_unlock(&lock);
}

void regstore_write_begin(void)
{
    if (write_depth++)
        return;
    if (reg_dir && lock_fd < 0) {
        mkdir(reg_dir, 0755);
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/lock", reg_dir);
        lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    }
    if (lock_fd >= 0)
        while (flock(lock_fd, LOCK_EX) != 0 && errno == EINTR)
            ;
    /* Another process may have written between our last look and the lock. */
    for (int i = 0; i < 2; i++)
        if (hives[i].root)
            refresh(&hives[i]);
}

void regstore_write_end(void)
{
    if (--write_depth)
        return;
    for (int i = 0; i < 2; i++)
        if (hives[i].dirty)
            save(&hives[i]);
    if (lock_fd >= 0)
        flock(lock_fd, LOCK_UN);
}

struct reg_key *regstore_root(enum reg_root which)
{
    static const char *const paths[] = {
        [ROOT_CLASSES_ROOT] = "Software\\Classes",
        [ROOT_CURRENT_CONFIG] = "System\\CurrentControlSet\\Hardware Profiles\\Current",
    };
    switch (which) {
    case ROOT_LOCAL_MACHINE: return machine;
    case ROOT_CURRENT_USER: return current_user;
    case ROOT_USERS: return users;
    case ROOT_DYN_DATA: return dyn_data;
    case ROOT_CLASSES_ROOT:
    case ROOT_CURRENT_CONFIG: {
        if (!machine)
            return NULL;
        /* Windows creates these on demand too, should someone have deleted them. */
        WCHAR *w = ascii_to_w(paths[which]);
        struct reg_key *k = NULL;
        size_t len = 0;
        if (!w)
            return NULL;
        while (w[len])
            len++;
        if (regstore_open(machine, w, len, &k) == ERROR_SUCCESS) {
            regstore_key_unref(k);
        } else {
            regstore_write_begin();
            if (regstore_create(machine, w, len, NULL, 0, &k, NULL) == ERROR_SUCCESS)
                regstore_key_unref(k);
            else
                k = NULL;
            regstore_write_end();
        }
        free(w);
        return k;
    }
    default:
        return NULL;
    }
}
