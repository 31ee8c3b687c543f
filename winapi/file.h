/*
 * file.h - kernel objects that wrap a host file descriptor: files, pipes and
 * the console's std handles. kernel32 (CreateFile, ReadFile, CreatePipe,
 * GetStdHandle ...) and msvcrt (_get_osfhandle, _open_osfhandle) share them.
 */
#ifndef MIMIC_WINAPI_FILE_H
#define MIMIC_WINAPI_FILE_H

#include "winapi/handle.h"

enum file_kind { FILE_KIND_DISK, FILE_KIND_DIR, FILE_KIND_PIPE, FILE_KIND_CONSOLE, FILE_KIND_CHAR };

struct file_object {
    struct object obj;
    int fd;                      /* owned: closed when the object dies */
    enum file_kind kind;
    DWORD access;                /* GENERIC_READ/WRITE ... as granted */
    DWORD share;                 /* FILE_SHARE_* as opened */
    DWORD flags;                 /* FILE_FLAG_* / attributes given at creation */
    char *host_path;             /* NULL for pipes and std handles */
    bool delete_on_close;
    bool append;                 /* FILE_APPEND_DATA without FILE_WRITE_DATA */
};

extern const struct object_ops file_object_ops;

/* Wrap fd (ownership passes to the object) in a new object and handle. */
HANDLE file_handle_new(int fd, enum file_kind kind, DWORD access, const char *host_path);
/* The file object behind h, with a reference (object_unref when done); NULL
 * and ERROR_INVALID_HANDLE otherwise. Resolves the std pseudo handles too. */
struct file_object *file_get(HANDLE h);
/* Classify an fd: console (a tty), pipe/socket, character device, disk file, directory. */
enum file_kind file_kind_of_fd(int fd);

#define GENERIC_READ    0x80000000u
#define GENERIC_WRITE   0x40000000u
#define GENERIC_EXECUTE 0x20000000u
#define GENERIC_ALL     0x10000000u

#endif
