/*
 * file.c - fd-backed kernel objects, the sharing table, byte-range locks and
 * DOS attributes (see file.h).
 *
 * The sharing table follows NT's SHARE_ACCESS bookkeeping: per file, how
 * many opens read, write or delete, and how many let others do so. Only
 * opens that ask for read, write or delete access take part (an open for
 * attributes only never conflicts), exactly as IoCheckShareAccess does. It
 * covers the handles of this process; other processes are not seen.
 */
#include "winapi/file.h"
#include "winapi/teb.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

DEBUG_CHANNEL(file);

#define ERROR_NOT_LOCKED 158

struct lock_range {
    struct lock_range *next;
    struct file_object *owner;
    ULONGLONG off, len;
    bool exclusive;
};

struct file_share {
    struct file_share *next;
    dev_t dev;
    ino_t ino;
    unsigned handles;              /* file objects pointing here */
    unsigned open_count;           /* ... of which ask for read, write or delete */
    unsigned readers, writers, deleters;
    unsigned shared_read, shared_write, shared_delete;
    bool delete_pending;
    bool is_dir;
    char *delete_path;             /* what to remove when the last handle goes */
    struct lock_range *locks;
};

#define SHARE_BUCKETS 64
static struct file_share *share_table[SHARE_BUCKETS];
static pthread_mutex_t share_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lock_cond = PTHREAD_COND_INITIALIZER;

static unsigned bucket(dev_t dev, ino_t ino)
{
    return (unsigned)((ino * 0x9e3779b97f4a7c15ull) ^ dev) % SHARE_BUCKETS;
}

static struct file_share *share_find(dev_t dev, ino_t ino)
{
    for (struct file_share *e = share_table[bucket(dev, ino)]; e; e = e->next)
        if (e->dev == dev && e->ino == ino)
            return e;
    return NULL;
}

static void share_remove(struct file_share *e)
{
    struct file_share **pp = &share_table[bucket(e->dev, e->ino)];
    while (*pp && *pp != e)
        pp = &(*pp)->next;
    if (*pp)
        *pp = e->next;
    free(e->delete_path);
    free(e);
}

DWORD file_map_access(DWORD access)
{
    DWORD r = access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
    if (access & GENERIC_READ)
        r |= FILE_GENERIC_READ;
    if (access & GENERIC_WRITE)
        r |= FILE_GENERIC_WRITE;
    if (access & GENERIC_EXECUTE)
        r |= FILE_GENERIC_EXECUTE;
    if (access & (GENERIC_ALL | MAXIMUM_ALLOWED))
        r |= FILE_ALL_ACCESS;
    return r;
}

/* Does an open with these rights and share mode conflict with entry e? */
static bool share_conflicts(const struct file_share *e, DWORD rights, DWORD share)
{
    bool r = rights & (FILE_READ_DATA | FILE_EXECUTE);
    bool w = rights & (FILE_WRITE_DATA | FILE_APPEND_DATA);
    bool d = rights & DELETE_ACCESS;
    if (!r && !w && !d)
        return false;
    return (r && e->shared_read < e->open_count) || (w && e->shared_write < e->open_count) ||
           (d && e->shared_delete < e->open_count) || (e->readers && !(share & FILE_SHARE_READ)) ||
           (e->writers && !(share & FILE_SHARE_WRITE)) || (e->deleters && !(share & FILE_SHARE_DELETE));
}

static void share_account(struct file_share *e, DWORD rights, DWORD share, int sign)
{
    bool r = rights & (FILE_READ_DATA | FILE_EXECUTE);
    bool w = rights & (FILE_WRITE_DATA | FILE_APPEND_DATA);
    bool d = rights & DELETE_ACCESS;
    if (!r && !w && !d)
        return;
    e->open_count += sign;
    e->readers += r ? sign : 0;
    e->writers += w ? sign : 0;
    e->deleters += d ? sign : 0;
    e->shared_read += (share & FILE_SHARE_READ) ? sign : 0;
    e->shared_write += (share & FILE_SHARE_WRITE) ? sign : 0;
    e->shared_delete += (share & FILE_SHARE_DELETE) ? sign : 0;
}

bool file_share_open(struct file_object *f, const struct stat *st)
{
    pthread_mutex_lock(&share_lock);
    struct file_share *e = share_find(st->st_dev, st->st_ino);
    if (e && e->delete_pending) {
        pthread_mutex_unlock(&share_lock);
        set_last_error(ERROR_ACCESS_DENIED);   /* STATUS_DELETE_PENDING */
        return false;
    }
    if (e && share_conflicts(e, f->rights, f->share)) {
        pthread_mutex_unlock(&share_lock);
        set_last_error(ERROR_SHARING_VIOLATION);
        return false;
    }
    if (!e) {
        e = calloc(1, sizeof *e);
        if (!e) {
            pthread_mutex_unlock(&share_lock);
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
        e->dev = st->st_dev;
        e->ino = st->st_ino;
        unsigned b = bucket(e->dev, e->ino);
        e->next = share_table[b];
        share_table[b] = e;
    }
    e->is_dir = S_ISDIR(st->st_mode);
    share_account(e, f->rights, f->share, +1);
    e->handles++;
    f->shared = e;
    pthread_mutex_unlock(&share_lock);
    return true;
}

bool file_share_check_path(const char *host_path, DWORD access, DWORD share)
{
    struct stat st;
    if (stat(host_path, &st) != 0)
        return true;   /* the caller's own operation will report it */
    pthread_mutex_lock(&share_lock);
    struct file_share *e = share_find(st.st_dev, st.st_ino);
    bool ok = true;
    if (e && e->delete_pending) {
        set_last_error(ERROR_ACCESS_DENIED);
        ok = false;
    } else if (e && share_conflicts(e, file_map_access(access), share)) {
        set_last_error(ERROR_SHARING_VIOLATION);
        ok = false;
    }
    pthread_mutex_unlock(&share_lock);
    return ok;
}

void file_share_set_delete_pending(struct file_object *f)
{
    pthread_mutex_lock(&share_lock);
    if (f->shared && f->host_path) {
        f->shared->delete_pending = true;
        if (!f->shared->delete_path)
            f->shared->delete_path = strdup(f->host_path);
    }
    pthread_mutex_unlock(&share_lock);
}

/* Called when f dies: drop its locks and its share, delete if it is time. */
static void share_close(struct file_object *f)
{
    pthread_mutex_lock(&share_lock);
    struct file_share *e = f->shared;
    bool woke = false;
    for (struct lock_range **pp = &e->locks; *pp;) {
        if ((*pp)->owner == f) {
            struct lock_range *l = *pp;
            *pp = l->next;
            free(l);
            woke = true;
        } else {
            pp = &(*pp)->next;
        }
    }
    if (woke)
        pthread_cond_broadcast(&lock_cond);
    share_account(e, f->rights, f->share, -1);
    if (f->delete_on_close && f->host_path) {
        e->delete_pending = true;
        if (!e->delete_path)
            e->delete_path = strdup(f->host_path);
    }
    if (--e->handles == 0) {
        if (e->delete_pending && e->delete_path) {
            /* Only if the name still names this file (it may have been renamed). */
            struct stat st;
            if (lstat(e->delete_path, &st) == 0 && st.st_dev == e->dev && st.st_ino == e->ino) {
                if (e->is_dir ? rmdir(e->delete_path) : unlink(e->delete_path))
                    TRACE("delete on close of %s: %m\n", e->delete_path);
            }
        }
        share_remove(e);
    }
    pthread_mutex_unlock(&share_lock);
}

/* ---- byte-range locks ------------------------------------------------------ */

static bool ranges_overlap(ULONGLONG a, ULONGLONG alen, ULONGLONG b, ULONGLONG blen)
{
    if (!alen || !blen)
        return false;
    ULONGLONG aend = a + alen - 1, bend = b + blen - 1;
    if (aend < a)
        aend = ~0ull;
    if (bend < b)
        bend = ~0ull;
    return a <= bend && b <= aend;
}

static bool lock_conflicts(struct file_share *e, struct file_object *f, ULONGLONG off, ULONGLONG len, bool exclusive)
{
    for (struct lock_range *l = e->locks; l; l = l->next) {
        if (!ranges_overlap(off, len, l->off, l->len))
            continue;
        /* A shared lock only conflicts with exclusive ones, even of the same handle. */
        if (exclusive || l->exclusive)
            return true;
    }
    return false;
}

bool file_lock(struct file_object *f, ULONGLONG off, ULONGLONG len, bool exclusive, bool wait)
{
    if (!f->shared) {
        set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    struct lock_range *l = malloc(sizeof *l);
    if (!l) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    pthread_mutex_lock(&share_lock);
    struct file_share *e = f->shared;
    while (lock_conflicts(e, f, off, len, exclusive)) {
        if (!wait) {
            pthread_mutex_unlock(&share_lock);
            free(l);
            set_last_error(ERROR_LOCK_VIOLATION);
            return false;
        }
        pthread_cond_wait(&lock_cond, &share_lock);
    }
    l->owner = f;
    l->off = off;
    l->len = len;
    l->exclusive = exclusive;
    l->next = e->locks;
    e->locks = l;
    pthread_mutex_unlock(&share_lock);
    return true;
}

bool file_unlock(struct file_object *f, ULONGLONG off, ULONGLONG len)
{
    bool found = false;
    pthread_mutex_lock(&share_lock);
    if (f->shared) {
        for (struct lock_range **pp = &f->shared->locks; *pp; pp = &(*pp)->next) {
            struct lock_range *l = *pp;
            if (l->owner == f && l->off == off && l->len == len) {
                *pp = l->next;
                free(l);
                found = true;
                break;
            }
        }
    }
    if (found)
        pthread_cond_broadcast(&lock_cond);
    pthread_mutex_unlock(&share_lock);
    if (!found)
        set_last_error(ERROR_NOT_LOCKED);
    return found;
}

bool file_lock_check(struct file_object *f, ULONGLONG off, ULONGLONG len, bool write)
{
    struct file_share *e = f->shared;
    if (!e || !__atomic_load_n(&e->locks, __ATOMIC_ACQUIRE))
        return true;   /* the common case: no locks on this file at all */
    bool ok = true;
    pthread_mutex_lock(&share_lock);
    for (struct lock_range *l = e->locks; l && ok; l = l->next) {
        if (!ranges_overlap(off, len, l->off, l->len))
            continue;
        if (l->exclusive ? l->owner != f : write)
            ok = false;
    }
    pthread_mutex_unlock(&share_lock);
    if (!ok)
        set_last_error(ERROR_LOCK_VIOLATION);
    return ok;
}

/* ---- DOS attributes ---------------------------------------------------------- */

#define XATTR_NAME "user.DOSATTRIB"
#define XATTR_STORED (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE | \
                      FILE_ATTRIBUTE_TEMPORARY | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED)

/* The stored attributes, or -1 when there are none. */
static long read_xattr(const char *host_path, int fd)
{
    char buf[32];
    ssize_t n = fd >= 0 ? fgetxattr(fd, XATTR_NAME, buf, sizeof buf - 1)
                        : getxattr(host_path, XATTR_NAME, buf, sizeof buf - 1);
    if (n <= 2 || buf[0] != '0' || (buf[1] | 32) != 'x')
        return -1;
    buf[n] = 0;
    char *end;
    unsigned long v = strtoul(buf + 2, &end, 16);
    return (long)(v & (XATTR_STORED | FILE_ATTRIBUTE_READONLY));
}

DWORD file_attributes_of(const char *host_path, int fd, const struct stat *st, const char *name)
{
    DWORD a = 0;
    long stored = (host_path || fd >= 0) ? read_xattr(host_path, fd) : -1;
    if (S_ISDIR(st->st_mode)) {
        a |= FILE_ATTRIBUTE_DIRECTORY;
        if (stored >= 0)
            a |= (DWORD)stored;
    } else {
        a |= stored >= 0 ? (DWORD)stored & XATTR_STORED : FILE_ATTRIBUTE_ARCHIVE;
        if (!S_ISREG(st->st_mode) && !S_ISLNK(st->st_mode))
            a |= FILE_ATTRIBUTE_SYSTEM;   /* devices, fifos, sockets: as Wine shows them */
    }
    if (!(st->st_mode & S_IWUSR))
        a |= FILE_ATTRIBUTE_READONLY;
    if (name && name[0] == '.' && strcmp(name, ".") && strcmp(name, ".."))
        a |= FILE_ATTRIBUTE_HIDDEN;
    return a ? a : FILE_ATTRIBUTE_NORMAL;
}

bool file_set_attributes(const char *host_path, int fd, DWORD attrs)
{
    struct stat st;
    if ((fd >= 0 ? fstat(fd, &st) : stat(host_path, &st)) != 0) {
        set_last_error_from_errno();
        return false;
    }
    /* A file's READONLY is its write permission bits (so other programs see
     * it too); a directory's is only a flag on Windows (it does not stop
     * files being created in it), so it is stored with the others. */
    bool dir = S_ISDIR(st.st_mode);
    mode_t mode = st.st_mode & 07777;
    if (!dir && (attrs & FILE_ATTRIBUTE_READONLY))
        mode &= ~(mode_t)0222;
    else if (!dir && !(mode & S_IWUSR))
        mode |= S_IWUSR;
    if (mode != (st.st_mode & 07777) && (fd >= 0 ? fchmod(fd, mode) : chmod(host_path, mode)) != 0) {
        set_last_error_from_errno();
        return false;
    }
    DWORD keep = attrs & (XATTR_STORED | (dir ? FILE_ATTRIBUTE_READONLY : 0));
    char val[16];
    int n = snprintf(val, sizeof val, "0x%x", (unsigned)keep);
    int r = fd >= 0 ? fsetxattr(fd, XATTR_NAME, val, (size_t)n, 0) : setxattr(host_path, XATTR_NAME, val, (size_t)n, 0);
    if (r != 0) {
        /* No xattrs on this file system: fine as long as nothing beyond the defaults is asked for. */
        DWORD dflt = S_ISDIR(st.st_mode) ? 0 : FILE_ATTRIBUTE_ARCHIVE;
        if ((errno == ENOTSUP || errno == EPERM) && keep == dflt)
            return true;
        FIXME("cannot store DOS attributes 0x%x: %m\n", (unsigned)keep);
        set_last_error(errno == ENOTSUP ? ERROR_NOT_SUPPORTED : win32_error_from_errno(errno));
        return false;
    }
    return true;
}

/* ---- objects ------------------------------------------------------------------- */

static void file_destroy(struct object *obj)
{
    struct file_object *f = (struct file_object *)obj;
    if (f->shared)
        share_close(f);
    else if (f->delete_on_close && f->host_path)
        unlink(f->host_path);
    if (f->fd >= 0)
        close(f->fd);
    free(f->host_path);
    free(f);
}

const struct object_ops file_object_ops = { .type = "file", .destroy = file_destroy };

enum file_kind file_kind_of_fd(int fd)
{
    struct stat st;
    if (isatty(fd))
        return FILE_KIND_CONSOLE;
    if (fstat(fd, &st) != 0)
        return FILE_KIND_CHAR;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return FILE_KIND_PIPE;
    if (S_ISDIR(st.st_mode))
        return FILE_KIND_DIR;
    if (S_ISREG(st.st_mode))
        return FILE_KIND_DISK;
    return FILE_KIND_CHAR;
}

/* A write to a pipe whose reader is gone must fail with an error, as on
 * Windows, not kill the process: SIGPIPE is ignored once a pipe exists. */
static void ignore_sigpipe(void)
{
    static int done;
    if (!__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
        signal(SIGPIPE, SIG_IGN);
}

HANDLE file_handle_from_object(struct file_object *f)
{
    object_init(&f->obj, &file_object_ops);
    if (!f->rights)
        f->rights = file_map_access(f->access);
    if (f->kind == FILE_KIND_PIPE)
        ignore_sigpipe();
    HANDLE h = handle_alloc(&f->obj);
    object_unref(&f->obj);
    return h;
}

HANDLE file_handle_new(int fd, enum file_kind kind, DWORD access, const char *host_path)
{
    struct file_object *f = calloc(1, sizeof *f);
    if (!f) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    f->fd = fd;
    f->kind = kind;
    f->access = access;
    f->share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    f->console_input = kind == FILE_KIND_CONSOLE && (access & GENERIC_READ) && !(access & GENERIC_WRITE);
    f->host_path = host_path ? realpath(host_path, NULL) : NULL;
    return file_handle_from_object(f);
}

struct file_object *file_get(HANDLE h)
{
    /* The STD_*_HANDLE values stand for the std handles (kernel32 translates them). */
    uintptr_t v = (uintptr_t)h;
    if (v == (uintptr_t)(intptr_t)(int32_t)STD_INPUT_HANDLE || v == (uintptr_t)(intptr_t)(int32_t)STD_OUTPUT_HANDLE ||
        v == (uintptr_t)(intptr_t)(int32_t)STD_ERROR_HANDLE) {
        struct peb *peb = peb_get();
        struct rtl_user_process_parameters *pp = peb ? peb->process_parameters : NULL;
        if (pp) {
            int32_t which = (int32_t)v;
            h = which == (int32_t)STD_INPUT_HANDLE ? pp->std_input
                : which == (int32_t)STD_OUTPUT_HANDLE ? pp->std_output : pp->std_error;
        }
    }
    return (struct file_object *)handle_get(h, &file_object_ops);
}
