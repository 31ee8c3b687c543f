/*
 * kernel32/handle.c - CloseHandle and DuplicateHandle: generic over every
 * object type in the handle table (files, events, threads ...), so that no
 * object type needs its own. Only the current process's table exists.
 */
#include "winapi/handle.h"
#include "winapi/file.h"
#include "winapi/teb.h"
#include "winapi/thread.h"
#include "winapi/debug.h"

DEBUG_CHANNEL(handle);

#define DUPLICATE_CLOSE_SOURCE 1
#define DUPLICATE_SAME_ACCESS  2

/* The STD_*_HANDLE values name the std handles here too (as kernel32 does). */
static HANDLE translate_std(HANDLE h)
{
    int32_t v = (int32_t)(intptr_t)h;
    if ((intptr_t)h != (intptr_t)v)
        return h;
    struct peb *peb = peb_get();
    struct rtl_user_process_parameters *pp = peb ? peb->process_parameters : NULL;
    if (!pp)
        return h;
    if (v == (int32_t)STD_INPUT_HANDLE)
        return pp->std_input;
    if (v == (int32_t)STD_OUTPUT_HANDLE)
        return pp->std_output;
    if (v == (int32_t)STD_ERROR_HANDLE)
        return pp->std_error;
    return h;
}

/* Is p this process: the pseudo handle, or a handle to our own process object? */
static bool is_self_process(HANDLE p)
{
    if (p == CURRENT_PROCESS_HANDLE)
        return true;
    struct object *obj = handle_get(p, NULL);
    bool self = obj && obj == process_current_object();
    if (obj)
        object_unref(obj);
    return self;
}

WINAPI BOOL kernel32_CloseHandle(HANDLE h)
{
    TRACE("%p\n", h);
    return handle_close(translate_std(h));   /* pseudo handles: nothing to close, TRUE */
}

WINAPI BOOL kernel32_DuplicateHandle(HANDLE src_proc, HANDLE src, HANDLE dst_proc, HANDLE *dst, DWORD access,
                                     BOOL inherit, DWORD options)
{
    TRACE("%p %p %p %p %#x %d %#x\n", src_proc, src, dst_proc, dst, access, inherit, options);
    if (!is_self_process(src_proc) || (!is_self_process(dst_proc) && !(options & DUPLICATE_CLOSE_SOURCE && !dst))) {
        FIXME("handles of other processes (%p -> %p)\n", src_proc, dst_proc);
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    src = translate_std(src);
    struct object *obj = handle_get(src, NULL);
    if (!obj)
        return FALSE;
    BOOL ok = TRUE;
    if (dst) {
        /* The new handle shares the object (and a file's position), as on Windows.
         * Access is per object here, so a narrower access cannot be given. */
        if (!(options & DUPLICATE_SAME_ACCESS) && obj->ops == &file_object_ops &&
            file_map_access(access) & ~((struct file_object *)obj)->rights)
            FIXME("wider access %#x than the source's\n", access);
        /* the pseudo handles give real handles to the process or thread */
        HANDLE h = handle_alloc_flags(obj, inherit ? HANDLE_FLAG_INHERIT : 0);
        if (!h)
            ok = FALSE;
        else
            *dst = h;
    }
    object_unref(obj);
    if (options & DUPLICATE_CLOSE_SOURCE && src != CURRENT_PROCESS_HANDLE && src != CURRENT_THREAD_HANDLE)
        handle_close(src);
    return ok;
}
