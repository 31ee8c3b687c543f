/*
 * user32/class.c - window classes: RegisterClass(Ex)A/W, UnregisterClassA/W,
 * GetClassInfo(Ex)A/W, GetClassName, GetClassLongPtr, and the system classes
 * user32 itself provides (BUTTON, STATIC, EDIT and the dialog class #32770).
 * Names compare case-insensitively; a class is also found by its atom
 * (0xC000 and up, as RegisterClass returns). The A/W flavour of the
 * registration decides which messages the class's procedure receives.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(class);

typedef struct {
    UINT style;
    WNDPROC lpfnWndProc;
    int cbClsExtra, cbWndExtra;
    HINSTANCE hInstance;
    HICON hIcon;
    HCURSOR hCursor;
    HBRUSH hbrBackground;
    const void *lpszMenuName;
    const void *lpszClassName;
} WNDCLASS_;
_Static_assert(sizeof(WNDCLASS_) == 72, "WNDCLASS");

typedef struct {
    UINT cbSize, style;
    WNDPROC lpfnWndProc;
    int cbClsExtra, cbWndExtra;
    HINSTANCE hInstance;
    HICON hIcon;
    HCURSOR hCursor;
    HBRUSH hbrBackground;
    const void *lpszMenuName;
    const void *lpszClassName;
    HICON hIconSm;
} WNDCLASSEX_;
_Static_assert(sizeof(WNDCLASSEX_) == 80, "WNDCLASSEX");

static struct wclass *classes;
static ATOM next_atom = 0xC000;

static bool name_eq(const WCHAR *a, const WCHAR *b)
{
    for (; *a && *b; a++, b++)
        if (k32_tolower(*a) != k32_tolower(*b))
            return false;
    return *a == *b;
}

struct wclass *class_find(const WCHAR *name, HINSTANCE inst)
{
    class_register_system();
    for (struct wclass *c = classes; c; c = c->next) {
        if (IS_INTRESOURCE(name) ? c->atom == (ATOM)(uintptr_t)name : name_eq(c->name, name))
            return c;
    }
    return NULL;
}

static ATOM register_class(const WNDCLASSEX_ *wc, bool unicode, bool system)
{
    if (!wc->lpszClassName || !wc->lpfnWndProc || wc->cbClsExtra < 0 || wc->cbWndExtra < 0 ||
        wc->cbClsExtra > 40000 || wc->cbWndExtra > 40000) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WCHAR name[256];
    if (IS_INTRESOURCE(wc->lpszClassName)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (unicode) {
        size_t n = wstrlen(wc->lpszClassName);
        if (n > 255)
            n = 255;
        memcpy(name, wc->lpszClassName, n * sizeof(WCHAR));
        name[n] = 0;
    } else {
        int n = cp_to_wide(CP_ACP, wc->lpszClassName, -1, name, 256);
        if (n <= 0)
            name[0] = 0;
        name[255] = 0;
    }
    if (!system) {
        for (struct wclass *c = classes; c; c = c->next) {
            if (name_eq(c->name, name) && !c->system) {
                set_last_error(ERROR_CLASS_ALREADY_EXISTS);
                return 0;
            }
        }
    }
    struct wclass *c = calloc(1, sizeof *c);
    if (!c) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    memcpy(c->name, name, sizeof name);
    c->atom = next_atom++;
    c->style = wc->style;
    c->proc = wc->lpfnWndProc;
    c->unicode = unicode;
    c->cls_extra = wc->cbClsExtra;
    c->wnd_extra = wc->cbWndExtra;
    c->inst = wc->hInstance;
    c->icon = wc->hIcon;
    c->icon_sm = wc->hIconSm;
    c->cursor = wc->hCursor;
    c->background = wc->hbrBackground;
    c->system = system;
    c->extra = calloc(1, c->cls_extra + 1);
    /* Programs' classes come first so that they may shadow a system class. */
    c->next = classes;
    classes = c;
    TRACE("%s atom %#x\n", unicode ? "W" : "A", c->atom);
    return c->atom;
}

void class_register_system(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    static const struct { const char *name; WNDPROC proc; int extra; } sys[] = {
        { "Button", ctl_button_proc, 0 }, { "Static", ctl_static_proc, 0 },
        { "Edit", ctl_edit_proc, 0 }, { "#32770", dlg_default_proc, 30 },
    };
    for (size_t i = 0; i < sizeof sys / sizeof *sys; i++) {
        WCHAR name[16];
        int k = 0;
        for (; sys[i].name[k]; k++)
            name[k] = (BYTE)sys[i].name[k];
        name[k] = 0;
        WNDCLASSEX_ wc = { sizeof wc, 0, sys[i].proc, 0, sys[i].extra, NULL, NULL, NULL,
                           (HBRUSH)(uintptr_t)(COLOR_BTNFACE + 1), NULL, name, NULL };
        register_class(&wc, true, true);
    }
}

ATOM WINAPI user32_RegisterClassExW(const WNDCLASSEX_ *wc)
{
    if (!wc || wc->cbSize != sizeof(WNDCLASSEX_)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    class_register_system();
    return register_class(wc, true, false);
}

ATOM WINAPI user32_RegisterClassExA(const WNDCLASSEX_ *wc)
{
    if (!wc || wc->cbSize != sizeof(WNDCLASSEX_)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    class_register_system();
    return register_class(wc, false, false);
}

static ATOM register_plain(const WNDCLASS_ *wc, bool unicode)
{
    if (!wc) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WNDCLASSEX_ ex = { sizeof ex, wc->style, wc->lpfnWndProc, wc->cbClsExtra, wc->cbWndExtra, wc->hInstance,
                       wc->hIcon, wc->hCursor, wc->hbrBackground, wc->lpszMenuName, wc->lpszClassName, NULL };
    class_register_system();
    return register_class(&ex, unicode, false);
}

ATOM WINAPI user32_RegisterClassW(const WNDCLASS_ *wc) { return register_plain(wc, true); }
ATOM WINAPI user32_RegisterClassA(const WNDCLASS_ *wc) { return register_plain(wc, false); }

/* A class name argument of an A function as UTF-16 (atoms pass through). */
static const WCHAR *name_a(LPCSTR s, WCHAR *buf)
{
    if (IS_INTRESOURCE(s))
        return (const WCHAR *)s;
    if (cp_to_wide(CP_ACP, s, -1, buf, 256) <= 0)
        buf[0] = 0;
    buf[255] = 0;
    return buf;
}

BOOL WINAPI user32_UnregisterClassW(LPCWSTR name, HINSTANCE inst)
{
    if (!name) {
        set_last_error(ERROR_CLASS_DOES_NOT_EXIST);
        return FALSE;
    }
    struct wclass **pp = &classes;
    for (; *pp; pp = &(*pp)->next) {
        struct wclass *c = *pp;
        if (c->system)
            continue;
        if (IS_INTRESOURCE(name) ? c->atom == (ATOM)(uintptr_t)name : name_eq(c->name, name))
            break;
    }
    if (!*pp) {
        set_last_error(ERROR_CLASS_DOES_NOT_EXIST);
        return FALSE;
    }
    for (struct window *w = win_next(NULL); w; w = win_next(w)) {
        if (w->cls == *pp) {
            set_last_error(ERROR_CLASS_HAS_WINDOWS);
            return FALSE;
        }
    }
    struct wclass *c = *pp;
    *pp = c->next;
    free(c->extra);
    free(c);
    return TRUE;
}

BOOL WINAPI user32_UnregisterClassA(LPCSTR name, HINSTANCE inst)
{
    WCHAR buf[256];
    return user32_UnregisterClassW(name ? name_a(name, buf) : NULL, inst);
}

static BOOL class_info(const WCHAR *name, WNDCLASSEX_ *out, bool ex, bool unicode)
{
    if (!out || !name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct wclass *c = class_find(name, NULL);
    if (!c) {
        set_last_error(ERROR_CLASS_DOES_NOT_EXIST);
        return FALSE;
    }
    WNDCLASSEX_ ex_ = { sizeof ex_, c->style, c->proc, c->cls_extra, c->wnd_extra, c->inst, c->icon, c->cursor,
                        c->background, NULL, name, c->icon_sm };
    if (ex) {
        *out = ex_;
    } else {
        WNDCLASS_ *w = (WNDCLASS_ *)out;
        memcpy(w, &ex_.style, sizeof *w);
    }
    return TRUE;
}

BOOL WINAPI user32_GetClassInfoExW(HINSTANCE inst, LPCWSTR name, WNDCLASSEX_ *out)
{
    return class_info(name, out, true, true);
}

BOOL WINAPI user32_GetClassInfoExA(HINSTANCE inst, LPCSTR name, WNDCLASSEX_ *out)
{
    WCHAR buf[256];
    if (!name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BOOL ok = class_info(name_a(name, buf), out, true, false);
    if (ok)
        out->lpszClassName = name;
    return ok;
}

BOOL WINAPI user32_GetClassInfoW(HINSTANCE inst, LPCWSTR name, WNDCLASS_ *out)
{
    return class_info(name, (WNDCLASSEX_ *)out, false, true);
}

BOOL WINAPI user32_GetClassInfoA(HINSTANCE inst, LPCSTR name, WNDCLASS_ *out)
{
    WCHAR buf[256];
    if (!name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BOOL ok = class_info(name_a(name, buf), (WNDCLASSEX_ *)out, false, false);
    if (ok)
        out->lpszClassName = name;
    return ok;
}

int WINAPI user32_GetClassNameW(HWND h, LPWSTR out, int n)
{
    struct window *w = win_get(h);
    if (!w)
        return 0;
    if (!out || n <= 0) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    int len = (int)wstrlen(w->cls->name);
    if (len > n - 1)
        len = n - 1;
    memcpy(out, w->cls->name, len * sizeof(WCHAR));
    out[len] = 0;
    return len;
}

int WINAPI user32_GetClassNameA(HWND h, LPSTR out, int n)
{
    struct window *w = win_get(h);
    if (!w)
        return 0;
    if (!out || n <= 0) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    int len = cp_from_wide(CP_ACP, w->cls->name, -1, out, n);
    if (len <= 0) {
        out[n - 1] = 0;
        return n - 1;
    }
    return len - 1;
}

#define GCLP_HBRBACKGROUND (-10)
#define GCLP_HCURSOR (-12)
#define GCLP_HICON (-14)
#define GCLP_HMODULE (-16)
#define GCL_CBWNDEXTRA (-18)
#define GCL_CBCLSEXTRA (-20)
#define GCLP_WNDPROC (-24)
#define GCL_STYLE (-26)
#define GCW_ATOM (-32)
#define GCLP_HICONSM (-34)

static ULONG_PTR class_long(HWND h, int index, bool set, ULONG_PTR val)
{
    struct window *w = win_get(h);
    if (!w)
        return 0;
    struct wclass *c = w->cls;
    if (index >= 0) {
        if (index + (int)sizeof(ULONG_PTR) > c->cls_extra) {
            set_last_error(ERROR_INVALID_INDEX);
            return 0;
        }
        ULONG_PTR old;
        memcpy(&old, c->extra + index, sizeof old);
        if (set)
            memcpy(c->extra + index, &val, sizeof val);
        return old;
    }
    ULONG_PTR old;
    switch (index) {
    case GCLP_HBRBACKGROUND: old = (ULONG_PTR)c->background; if (set) c->background = (HBRUSH)val; break;
    case GCLP_HCURSOR: old = (ULONG_PTR)c->cursor; if (set) c->cursor = (HCURSOR)val; break;
    case GCLP_HICON: old = (ULONG_PTR)c->icon; if (set) c->icon = (HICON)val; break;
    case GCLP_HICONSM: old = (ULONG_PTR)c->icon_sm; if (set) c->icon_sm = (HICON)val; break;
    case GCLP_HMODULE: old = (ULONG_PTR)c->inst; if (set) c->inst = (HINSTANCE)val; break;
    case GCLP_WNDPROC: old = (ULONG_PTR)c->proc; if (set) c->proc = (WNDPROC)val; break;
    case GCL_STYLE: old = c->style; if (set) c->style = (UINT)val; break;
    case GCL_CBWNDEXTRA: old = (ULONG_PTR)c->wnd_extra; break;
    case GCL_CBCLSEXTRA: old = (ULONG_PTR)c->cls_extra; break;
    case GCW_ATOM: old = c->atom; break;
    default:
        set_last_error(ERROR_INVALID_INDEX);
        return 0;
    }
    return old;
}

ULONG_PTR WINAPI user32_GetClassLongPtrW(HWND h, int i) { return class_long(h, i, false, 0); }
ULONG_PTR WINAPI user32_GetClassLongPtrA(HWND h, int i) { return class_long(h, i, false, 0); }
ULONG_PTR WINAPI user32_SetClassLongPtrW(HWND h, int i, LONG_PTR v) { return class_long(h, i, true, v); }
ULONG_PTR WINAPI user32_SetClassLongPtrA(HWND h, int i, LONG_PTR v) { return class_long(h, i, true, v); }
DWORD WINAPI user32_GetClassLongW(HWND h, int i) { return (DWORD)class_long(h, i, false, 0); }
DWORD WINAPI user32_GetClassLongA(HWND h, int i) { return (DWORD)class_long(h, i, false, 0); }
