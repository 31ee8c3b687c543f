/*
 * file.c - fd-backed kernel objects (see file.h).
 */
#include "winapi/file.h"
#include "winapi/teb.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void file_destroy(struct object *obj)
{
    struct file_object *f = (struct file_object *)obj;
    if (f->delete_on_close && f->host_path)
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

HANDLE file_handle_new(int fd, enum file_kind kind, DWORD access, const char *host_path)
{
    struct file_object *f = calloc(1, sizeof *f);
    if (!f) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    object_init(&f->obj, &file_object_ops);
    f->fd = fd;
    f->kind = kind;
    f->access = access;
    f->host_path = host_path ? realpath(host_path, NULL) : NULL;
    HANDLE h = handle_alloc(&f->obj);
    object_unref(&f->obj);
    return h;
}

struct file_object *file_get(HANDLE h)
{
    return (struct file_object *)handle_get(h, &file_object_ops);
}
