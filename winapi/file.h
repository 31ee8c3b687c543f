/*
 * file.h - kernel objects that wrap a host file descriptor: files, pipes and
 * the console's std handles. kernel32 (CreateFile, ReadFile, CreatePipe,
 * GetStdHandle ...) and msvcrt (_get_osfhandle, _open_osfhandle) share them.
 *
 * Disk files and directories opened through kernel32 also hold an entry in
 * the sharing table (one per device+inode): it enforces FILE_SHARE_* between
 * the handles of this process, keeps the byte-range locks of LockFile, and
 * deletes the file when the last handle of a delete-on-close open goes.
 */
#ifndef MIMIC_WINAPI_FILE_H
#define MIMIC_WINAPI_FILE_H

#include "winapi/handle.h"
#include <sys/types.h>
#include <sys/stat.h>

enum file_kind { FILE_KIND_DISK, FILE_KIND_DIR, FILE_KIND_PIPE, FILE_KIND_CONSOLE, FILE_KIND_CHAR };

struct file_share;

struct file_object {
    struct object obj;
    int fd;                      /* owned: closed when the object dies */
    enum file_kind kind;
    DWORD access;                /* access as asked for (GENERIC_READ/WRITE ...) */
    DWORD rights;                /* the same with generic rights mapped (FILE_READ_DATA ...) */
    DWORD share;                 /* FILE_SHARE_* as opened */
    DWORD flags;                 /* FILE_FLAG_* / attributes given at creation */
    char *host_path;             /* NULL for pipes and std handles */
    bool delete_on_close;
    bool append;                 /* FILE_APPEND_DATA without FILE_WRITE_DATA */
    bool console_input;          /* FILE_KIND_CONSOLE: the input side (else a screen buffer) */
    struct file_share *shared;   /* sharing-table entry, NULL when not in the table */
};

extern const struct object_ops file_object_ops;

/* Wrap fd (ownership passes to the object) in a new object and handle. */
HANDLE file_handle_new(int fd, enum file_kind kind, DWORD access, const char *host_path);
/* The same for a prepared object (calloc'd, fields filled, obj not yet
 * initialised); takes ownership of it in every case. */
HANDLE file_handle_from_object(struct file_object *f);
/* The file object behind h, with a reference (object_unref when done); NULL
 * and ERROR_INVALID_HANDLE otherwise. Resolves the std pseudo handles too. */
struct file_object *file_get(HANDLE h);
/* Classify an fd: console (a tty), pipe/socket, character device, disk file, directory. */
enum file_kind file_kind_of_fd(int fd);

/* ---- access rights (winnt.h) ---- */
#define GENERIC_READ    0x80000000u
#define GENERIC_WRITE   0x40000000u
#define GENERIC_EXECUTE 0x20000000u
#define GENERIC_ALL     0x10000000u
#define MAXIMUM_ALLOWED 0x02000000u
#define DELETE_ACCESS   0x00010000u   /* DELETE */
#define SYNCHRONIZE     0x00100000u
#define FILE_READ_DATA        0x0001u
#define FILE_WRITE_DATA       0x0002u
#define FILE_APPEND_DATA      0x0004u
#define FILE_READ_EA          0x0008u
#define FILE_WRITE_EA         0x0010u
#define FILE_EXECUTE          0x0020u
#define FILE_READ_ATTRIBUTES  0x0080u
#define FILE_WRITE_ATTRIBUTES 0x0100u
#define FILE_ALL_ACCESS       0x001f01ffu
#define FILE_GENERIC_READ     0x00120089u
#define FILE_GENERIC_WRITE    0x00120116u
#define FILE_GENERIC_EXECUTE  0x001200a0u

#define FILE_SHARE_READ   1u
#define FILE_SHARE_WRITE  2u
#define FILE_SHARE_DELETE 4u

/* Generic rights -> specific file rights. */
DWORD file_map_access(DWORD access);

/* ---- the sharing table ---- */
/* Register an open of the file behind fd with (mapped) access and share
 * mode. false with ERROR_SHARING_VIOLATION (or ERROR_ACCESS_DENIED when a
 * delete is pending) if it conflicts with the opens already there. */
bool file_share_open(struct file_object *f, const struct stat *st);
/* Would an open with this access and share mode of the file at host path be
 * allowed right now (DeleteFile, MoveFile: DELETE access)? Sets the error. */
bool file_share_check_path(const char *host_path, DWORD access, DWORD share);
/* Arrange for the file to be deleted when its last handle closes. */
void file_share_set_delete_pending(struct file_object *f);

/* ---- byte-range locks (LockFile) ---- */
/* Lock [off, off+len) for f. exclusive: no other handle may read or write it;
 * shared: nobody may write it. wait: block until it is free. false with
 * ERROR_LOCK_VIOLATION. */
bool file_lock(struct file_object *f, ULONGLONG off, ULONGLONG len, bool exclusive, bool wait);
/* false with ERROR_NOT_LOCKED when f holds no lock of exactly that range. */
bool file_unlock(struct file_object *f, ULONGLONG off, ULONGLONG len);
/* May f read (write=false) or write [off, off+len)? false with ERROR_LOCK_VIOLATION. */
bool file_lock_check(struct file_object *f, ULONGLONG off, ULONGLONG len, bool write);

/* ---- DOS attributes ---- */
#define FILE_ATTRIBUTE_READONLY   0x00000001u
#define FILE_ATTRIBUTE_HIDDEN     0x00000002u
#define FILE_ATTRIBUTE_SYSTEM     0x00000004u
#define FILE_ATTRIBUTE_DIRECTORY  0x00000010u
#define FILE_ATTRIBUTE_ARCHIVE    0x00000020u
#define FILE_ATTRIBUTE_DEVICE     0x00000040u
#define FILE_ATTRIBUTE_NORMAL     0x00000080u
#define FILE_ATTRIBUTE_TEMPORARY  0x00000100u
#define FILE_ATTRIBUTE_REPARSE_POINT 0x00000400u
#define FILE_ATTRIBUTE_NOT_CONTENT_INDEXED 0x00002000u
#define INVALID_FILE_ATTRIBUTES   0xffffffffu
/* The attributes a program may set (SetFileAttributes, CreateFile). */
#define FILE_ATTRIBUTE_SETTABLE (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | \
                                 FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_TEMPORARY | \
                                 FILE_ATTRIBUTE_NOT_CONTENT_INDEXED)

/* Attributes of a host file: DIRECTORY from its type, the stored ones from
 * the user.DOSATTRIB xattr (Samba's and Wine's format), READONLY also when
 * the owner may not write, HIDDEN for dot files (as Wine), ARCHIVE for files
 * with nothing stored, NORMAL when nothing else is set. name is the last
 * component (for the dot-file rule), or NULL. fd >= 0 is used when given. */
DWORD file_attributes_of(const char *host_path, int fd, const struct stat *st, const char *name);
/* Store the settable attributes (read-only also clears the write bits, so
 * other programs see it). false with the last error set. */
bool file_set_attributes(const char *host_path, int fd, DWORD attrs);

#endif
