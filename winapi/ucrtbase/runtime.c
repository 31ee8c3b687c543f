/*
 * ucrtbase/runtime.c - the start-up and exit entry points only the
 * Universal CRT has: _configure_*_argv, _initialize_*_environment, the
 * initial environment getters, _set_app_type, and the onexit tables that
 * programs and DLLs built against ucrt keep (_initialize_onexit_table,
 * _register_onexit_function, _execute_onexit_table). Everything else is
 * msvcrt's code (winapi/msvcrt), shared through the .spec files.
 *
 * Calling any of them switches the shared stdio into ucrt behaviour where
 * the two differ (stderr unbuffered, 'x' in fopen modes, %n refused).
 */
#include "winapi/msvcrt/msvcrt.h"

#include <string.h>

extern char **msvcrt___initenv;
extern WCHAR **msvcrt___winitenv;
extern char **msvcrt__environ;
extern WCHAR **msvcrt__wenviron;
CDECL WCHAR ***msvcrt___p__wenviron(void);
CDECL void msvcrt___set_app_type(int type);

static void enter_ucrt_mode(void)
{
    msvcrt_ucrt_mode = true;
    msvcrt_init();
}

/* mode: _crt_argv_no_arguments (0), unexpanded (1), expanded (2). */
CDECL int ucrtbase__configure_narrow_argv(int mode)
{
    enter_ucrt_mode();
    return 0;
}

CDECL int ucrtbase__configure_wide_argv(int mode)
{
    enter_ucrt_mode();
    return 0;
}

CDECL int ucrtbase__initialize_narrow_environment(void)
{
    enter_ucrt_mode();
    return 0;
}

CDECL int ucrtbase__initialize_wide_environment(void)
{
    enter_ucrt_mode();
    msvcrt___p__wenviron();
    return 0;
}

CDECL char **ucrtbase__get_initial_narrow_environment(void)
{
    enter_ucrt_mode();
    return msvcrt___initenv;
}

CDECL WCHAR **ucrtbase__get_initial_wide_environment(void)
{
    enter_ucrt_mode();
    return msvcrt___winitenv;
}

CDECL void ucrtbase__set_app_type(int type)
{
    enter_ucrt_mode();
    msvcrt___set_app_type(type);
}

/* ---- onexit tables -----------------------------------------------------------
 * struct _onexit_table_t { _PVFV *_first, *_last, *_end; }: [_first, _last)
 * are the registered functions, [_last, _end) free room; on the guest heap. */

typedef void (CDECL *pvfv)(void);
struct onexit_table {
    pvfv *first, *last, *end;
};

CDECL int ucrtbase__initialize_onexit_table(struct onexit_table *t)
{
    if (!t)
        return -1;
    if (t->first == t->end)
        t->first = t->last = t->end = NULL;
    return 0;
}

CDECL int ucrtbase__register_onexit_function(struct onexit_table *t, pvfv fn)
{
    if (!t)
        return -1;
    msvcrt__lock(MSVCRT_LOCK_EXIT);
    if (!t->first || t->last == t->end) {
        size_t used = t->first ? (size_t)(t->last - t->first) : 0;
        size_t cap = used ? used * 2 : 32;
        pvfv *n = msvcrt_realloc(t->first, cap * sizeof *n);
        if (!n) {
            msvcrt__unlock(MSVCRT_LOCK_EXIT);
            return -1;
        }
        t->first = n;
        t->last = n + used;
        t->end = n + cap;
    }
    *t->last++ = fn;
    msvcrt__unlock(MSVCRT_LOCK_EXIT);
    return 0;
}

/* Run last-in first-out, then empty and free the table. */
CDECL int ucrtbase__execute_onexit_table(struct onexit_table *t)
{
    if (!t)
        return -1;
    msvcrt__lock(MSVCRT_LOCK_EXIT);
    pvfv *first = t->first, *last = t->last;
    t->first = t->last = t->end = NULL;
    msvcrt__unlock(MSVCRT_LOCK_EXIT);
    for (pvfv *p = last; first && p > first;) {
        p--;
        if (*p)
            (*p)();
    }
    msvcrt_free(first);
    return 0;
}

CDECL void ucrtbase__invalid_parameter_noinfo_noreturn(void)
{
    msvcrt_invalid_parameter(MSVCRT_EINVAL);
    extern CDECL void msvcrt__exit(int);
    msvcrt__exit(0xc0000417);   /* STATUS_INVALID_CRUNTIME_PARAMETER */
}
