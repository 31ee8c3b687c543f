/*
 * user32/window.c - the window table and the window APIs: CreateWindowExA/W,
 * DestroyWindow, ShowWindow, MoveWindow/SetWindowPos, the rectangle queries
 * and conversions, window text, Get/SetWindowLong(Ptr), the parent/child
 * relations (GetParent, GetDlgItem, IsChild, GetWindow), enabling, and the
 * show state (IsIconic, IsZoomed, GetWindowPlacement).
 *
 * A top-level window's rectangle is in screen coordinates and its client
 * area is what X shows (the window manager draws the frame); we still keep
 * Windows' frame insets (metrics.c) so that window and client sizes relate
 * as programs expect (AdjustWindowRect round trips).
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(win);

#define HWND_BASE 0x20000u
#define WIN_MAX 4096

static struct window *table[WIN_MAX];
static int win_count_hint = 1;

static int hwnd_index(HWND h)
{
    uintptr_t v = (uintptr_t)h;
    if (v < HWND_BASE + 2 || (v & 1) || v >= HWND_BASE + 2u * WIN_MAX)
        return -1;
    return (int)((v - HWND_BASE) / 2);
}

struct window *win_get_quiet(HWND h)
{
    int i = hwnd_index(h);
    return i < 0 ? NULL : table[i];
}

struct window *win_get(HWND h)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        set_last_error(ERROR_INVALID_WINDOW_HANDLE);
    return w;
}

struct window *win_next(struct window *prev)
{
    int i = prev ? hwnd_index(prev->hwnd) + 1 : 1;
    for (; i < win_count_hint; i++)
        if (table[i])
            return table[i];
    return NULL;
}

struct window *win_toplevel(struct window *w)
{
    while (w->parent)
        w = w->parent;
    return w;
}

bool win_visible(struct window *w)
{
    for (; w; w = w->parent)
        if (!(w->style & WS_VISIBLE))
            return false;
    return true;
}

void win_client_origin(struct window *w, int *x, int *y)
{
    *x = *y = 0;
    for (; w->parent; w = w->parent) {
        *x += w->client.left;
        *y += w->client.top;
    }
}

static bool is_ancestor(struct window *anc, struct window *w)
{
    for (w = w->parent; w; w = w->parent)
        if (w == anc)
            return true;
    return false;
}

void win_invalidate(struct window *w, const RECT *r, bool erase)
{
    RECT all = { 0, 0, w->client.right - w->client.left, w->client.bottom - w->client.top }, rr;
    if (!r)
        r = &all;
    if (!rect_intersect(&rr, r, &all))
        return;
    rect_union(&w->update, &w->update, &rr);
    if (erase)
        w->erase = true;
    w->nc_dirty = true;
    /* Children overlapping the area are repainted too: the parent's
     * painting does not clip them out (no WS_CLIPCHILDREN support). */
    for (struct window *c = win_next(NULL); c; c = win_next(c)) {
        if (c->parent != w || !(c->style & WS_VISIBLE))
            continue;
        RECT cr = { rr.left - c->client.left, rr.top - c->client.top,
                    rr.right - c->client.left, rr.bottom - c->client.top };
        win_invalidate(c, &cr, true);
    }
}

HWND win_child_at(struct window *top, int x, int y, int *cx, int *cy)
{
    struct window *cur = top;
    int lx = x, ly = y;
    for (;;) {
        struct window *hit = NULL;
        for (struct window *c = win_next(NULL); c; c = win_next(c)) {
            if (c->parent != cur || !(c->style & WS_VISIBLE))
                continue;
            if (lx >= c->rect.left && lx < c->rect.right && ly >= c->rect.top && ly < c->rect.bottom)
                hit = c;    /* later siblings are on top */
        }
        if (!hit)
            break;
        cur = hit;
        lx -= hit->client.left;
        ly -= hit->client.top;
    }
    *cx = lx;
    *cy = ly;
    return cur->hwnd;
}

void win_set_text(struct window *w, const WCHAR *text)
{
    size_t n = text ? wstrlen(text) : 0;
    WCHAR *copy = malloc((n + 1) * sizeof(WCHAR));
    if (!copy)
        return;
    if (n)
        memcpy(copy, text, n * sizeof(WCHAR));
    copy[n] = 0;
    free(w->text);
    w->text = copy;
    if (!w->parent && w->xwin)
        x11_set_title(w);
}

/* Recompute the client rectangle from the window rectangle. */
static void update_client(struct window *w)
{
    RECT ins;
    nc_insets(w->style, w->exstyle, &ins);
    w->client = (RECT){ w->rect.left + ins.left, w->rect.top + ins.top,
                        w->rect.right - ins.right, w->rect.bottom - ins.bottom };
    if (w->client.right < w->client.left)
        w->client.right = w->client.left;
    if (w->client.bottom < w->client.top)
        w->client.bottom = w->client.top;
}

/* A top-level window's backing store follows its client size; the old
 * content is kept where it still fits (the rest is repainted). */
static bool resize_surface(struct window *w)
{
    int cw = w->client.right - w->client.left, ch = w->client.bottom - w->client.top;
    if (cw < 1) cw = 1;
    if (ch < 1) ch = 1;
    if (w->surf.bits && w->surf.width == cw && w->surf.height == ch)
        return true;
    uint32_t *bits = malloc((size_t)cw * ch * 4);
    if (!bits)
        return false;
    for (long i = 0; i < (long)cw * ch; i++)
        bits[i] = 0xffffff;
    if (w->surf.bits) {
        int mw = w->surf.width < cw ? w->surf.width : cw, mh = w->surf.height < ch ? w->surf.height : ch;
        for (int y = 0; y < mh; y++)
            memcpy(bits + (long)y * cw, w->surf.bits + (long)y * w->surf.stride, (size_t)mw * 4);
        free(w->surf.bits);
    }
    w->surf = (struct surface){ bits, cw, ch, cw, { 0, 0, cw, ch } };
    return true;
}

static void send_size_move(struct window *w)
{
    int cw = w->client.right - w->client.left, ch = w->client.bottom - w->client.top;
    msg_send(w->hwnd, WM_MOVE, 0, MAKELPARAM(w->client.left, w->client.top), false);
    msg_send(w->hwnd, WM_SIZE, 0 /* SIZE_RESTORED */, MAKELPARAM(cw, ch), false);
}

static void free_window(struct window *w)
{
    /* DCs the program still holds on this window draw on nothing from now on. */
    if (!w->parent)
        dc_detach_surface(&w->surf);
    dc_detach_window(w->hwnd);
    if (w->font_owned) {
        extern BOOL WINAPI gdi32_DeleteObject(HGDIOBJ);
        gdi32_DeleteObject(w->font);
    }
    int i = hwnd_index(w->hwnd);
    if (i >= 0)
        table[i] = NULL;
    free(w->text);
    free(w->extra);
    free(w->surf.bits);
    free(w->ctl);
    free(w);
}

HWND win_create(DWORD exstyle, const WCHAR *cls_name, const WCHAR *title, DWORD style, int x, int y, int cx, int cy,
                HWND hparent, HMENU menu, HINSTANCE inst, void *param, bool ansi_call)
{
    struct wclass *cls = cls_name ? class_find(cls_name, inst) : NULL;
    if (!cls) {
        set_last_error(ERROR_CANNOT_FIND_WND_CLASS);
        return NULL;
    }
    struct window *parent = NULL, *owner = NULL;
    /* Message-only windows (parent HWND_MESSAGE) are never shown: no X window. */
    bool message_only = hparent == (HWND)(intptr_t)-3;
    if (hparent == (HWND)(uintptr_t)HWND_BASE && !(style & WS_CHILD))
        hparent = NULL;     /* the desktop window */
    if (hparent && hparent != (HWND)(intptr_t)-3 /* HWND_MESSAGE */) {
        parent = win_get(hparent);
        if (!parent)
            return NULL;
    }
    if (style & WS_CHILD) {
        if (!parent) {
            set_last_error(ERROR_TLW_WITH_WSCHILD);
            return NULL;
        }
    } else {
        owner = parent ? win_toplevel(parent) : NULL;
        parent = NULL;
    }
    int slot = 0;
    for (int i = 1; i < WIN_MAX; i++)
        if (!table[i]) {
            slot = i;
            break;
        }
    struct window *w = calloc(1, sizeof *w);
    if (!slot || !w) {
        free(w);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w->extra = calloc(1, cls->wnd_extra + 1);
    if (!w->extra) {
        free(w);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!parent) {
        /* Top-level windows have a caption unless they are popups. */
        if (!(style & WS_POPUP))
            style |= WS_CAPTION;
        int sw = 1024, sh = 768;
        if (cx == CW_USEDEFAULT)
            user_screen_size(&sw, &sh);
        static int stagger;
        if (x == CW_USEDEFAULT) {
            x = 26 * (stagger % 8) + 26;
            y = 26 * (stagger % 8) + 26;
            stagger++;
        }
        if (cx == CW_USEDEFAULT) {
            cx = sw * 3 / 4;
            cy = sh * 3 / 4;
        }
    } else {
        if (x == CW_USEDEFAULT)
            x = y = 0;
        if (cx == CW_USEDEFAULT)
            cx = cy = 0;
    }
    if (cx < 0) cx = 0;
    if (cy < 0) cy = 0;
    w->hwnd = (HWND)(uintptr_t)(HWND_BASE + 2u * slot);
    table[slot] = w;
    if (slot + 1 > win_count_hint)
        win_count_hint = slot + 1;
    w->cls = cls;
    w->proc = cls->proc;
    w->unicode = cls->unicode;
    w->style = style & ~WS_VISIBLE;
    w->exstyle = exstyle;
    w->parent = parent;
    w->owner = owner;
    w->id = (style & WS_CHILD) ? (ULONG_PTR)menu : 0;
    w->inst = inst;
    w->rect = (RECT){ x, y, x + cx, y + cy };
    update_client(w);
    win_set_text(w, NULL);
    if (!parent) {
        if (!resize_surface(w)) {
            free_window(w);
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        if (!message_only && !x11_create(w)) {
            free_window(w);     /* x11_create said why */
            return NULL;
        }
    }
    HWND h = w->hwnd;
    CREATESTRUCT cs = { param, inst, menu, hparent, cy, cx, y, x, (LONG)style, title, cls_name, exstyle };
    if (!msg_send(h, WM_NCCREATE, 0, (LPARAM)&cs, false)) {
        TRACE("WM_NCCREATE refused\n");
        if (win_get_quiet(h))
            user32_DestroyWindow(h);
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!win_get_quiet(h))
        return NULL;
    if (msg_send(h, WM_CREATE, 0, (LPARAM)&cs, false) == -1) {
        TRACE("WM_CREATE refused\n");
        if (win_get_quiet(h))
            user32_DestroyWindow(h);
        set_last_error(ERROR_INVALID_PARAMETER);   /* Windows reports 1400 or 0 here; the NULL is what counts */
        return NULL;
    }
    if (!win_get_quiet(h))
        return NULL;
    send_size_move(w);
    if (style & WS_VISIBLE)
        user32_ShowWindow(h, 5 /* SW_SHOW */);
    return h;
}

HWND WINAPI user32_CreateWindowExW(DWORD exstyle, LPCWSTR cls, LPCWSTR title, DWORD style, int x, int y, int cx,
                                   int cy, HWND parent, HMENU menu, HINSTANCE inst, void *param)
{
    return win_create(exstyle, cls, title, style, x, y, cx, cy, parent, menu, inst, param, false);
}

HWND WINAPI user32_CreateWindowExA(DWORD exstyle, LPCSTR cls, LPCSTR title, DWORD style, int x, int y, int cx,
                                   int cy, HWND parent, HMENU menu, HINSTANCE inst, void *param)
{
    WCHAR *wcls = (cls && !IS_INTRESOURCE(cls)) ? acp_to_wide(cls) : (WCHAR *)cls;
    WCHAR *wtitle = title ? acp_to_wide(title) : NULL;
    HWND h = win_create(exstyle, wcls, wtitle, style, x, y, cx, cy, parent, menu, inst, param, true);
    if (wcls != (WCHAR *)cls)
        free(wcls);
    free(wtitle);
    return h;
}

BOOL WINAPI user32_DestroyWindow(HWND h)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (w->destroying)
        return TRUE;
    w->destroying = true;
    TRACE("%p\n", h);
    if (w->style & WS_VISIBLE) {
        if (w->parent) {
            struct window *p = w->parent;
            RECT r = w->rect;
            w->style &= ~WS_VISIBLE;
            win_invalidate(p, &r, true);
        } else {
            w->style &= ~WS_VISIBLE;
            x11_show(w, false);
        }
    }
    /* Owned top-level windows go first, then the window itself, then its
     * children. Each destruction may free others (their procedures run), so
     * the scan restarts from the table after each one. */
    for (struct window *o = win_next(NULL); o; ) {
        if (o->owner == w && !o->destroying) {
            user32_DestroyWindow(o->hwnd);
            o = win_next(NULL);
        } else {
            o = win_next(o);
        }
    }
    msg_send(h, WM_DESTROY, 0, 0, false);
    for (struct window *c = win_next(NULL); c; ) {
        if (c->parent == w && !c->destroying) {
            user32_DestroyWindow(c->hwnd);
            c = win_next(NULL);
        } else {
            c = win_next(c);
        }
    }
    msg_send(h, WM_NCDESTROY, 0, 0, false);
    msg_remove_window(h);
    caret_window_destroyed(h);
    if (focus_hwnd == h || (focus_hwnd && win_get_quiet(focus_hwnd) == NULL))
        focus_hwnd = NULL;
    if (capture_hwnd == h)
        capture_hwnd = NULL;
    if (active_hwnd == h)
        active_hwnd = NULL;
    for (struct window *o = win_next(NULL); o; o = win_next(o))
        if (o->owner == w)
            o->owner = NULL;
    if (!w->parent)
        x11_destroy(w);
    free_window(w);
    return TRUE;
}

#define SW_HIDE 0
#define SW_SHOWMINIMIZED 2
#define SW_SHOWMAXIMIZED 3
#define SW_SHOWNOACTIVATE 4
#define SW_MINIMIZE 6
#define SW_SHOWMINNOACTIVE 7
#define SW_SHOWNA 8
#define WA_ACTIVE 1

BOOL WINAPI user32_ShowWindow(HWND h, int cmd)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    bool was = (w->style & WS_VISIBLE) != 0;
    if (cmd == SW_HIDE) {
        if (!was)
            return FALSE;
        msg_send(h, WM_SHOWWINDOW, FALSE, 0, false);
        w->style &= ~WS_VISIBLE;
        if (w->parent)
            win_invalidate(w->parent, &w->rect, true);
        else
            x11_show(w, false);
        if (focus_hwnd && (focus_hwnd == h || is_ancestor(w, win_get_quiet(focus_hwnd))))
            focus_set(w->parent ? w->parent->hwnd : NULL);
        return TRUE;
    }
    if (cmd == SW_SHOWMAXIMIZED || cmd == SW_SHOWMINIMIZED || cmd == SW_MINIMIZE || cmd == SW_SHOWMINNOACTIVE)
        FIXME("show command %d treated as a normal show\n", cmd);
    if (!was) {
        msg_send(h, WM_SHOWWINDOW, TRUE, 0, false);
        if (!win_get_quiet(h))
            return FALSE;
        w->style |= WS_VISIBLE;
        win_invalidate(w, NULL, true);
        if (!w->parent)
            x11_show(w, true);
    }
    if (!w->parent && cmd != SW_SHOWNA && cmd != SW_SHOWNOACTIVATE && active_hwnd != h) {
        active_hwnd = h;
        msg_send(h, WM_ACTIVATE, WA_ACTIVE, 0, false);
        struct window *f = focus_hwnd ? win_get_quiet(focus_hwnd) : NULL;
        if (win_get_quiet(h) && (!f || win_toplevel(f) != w))
            focus_set(h);
    }
    return was;
}

BOOL WINAPI user32_IsWindowVisible(HWND h)
{
    struct window *w = win_get_quiet(h);
    return w && win_visible(w);
}

BOOL WINAPI user32_IsWindow(HWND h)
{
    return win_get_quiet(h) != NULL;
}

BOOL WINAPI user32_IsWindowEnabled(HWND h)
{
    struct window *w = win_get_quiet(h);
    return w && !(w->style & WS_DISABLED);
}

BOOL WINAPI user32_EnableWindow(HWND h, BOOL enable)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    bool was_disabled = (w->style & WS_DISABLED) != 0;
    if (enable && was_disabled) {
        w->style &= ~WS_DISABLED;
        msg_send(h, WM_ENABLE, TRUE, 0, false);
        win_invalidate(w, NULL, true);
    } else if (!enable && !was_disabled) {
        w->style |= WS_DISABLED;
        if (focus_hwnd == h)
            focus_set(NULL);
        msg_send(h, WM_ENABLE, FALSE, 0, false);
        win_invalidate(w, NULL, true);
    }
    return was_disabled;
}

#define SWP_NOSIZE 0x0001
#define SWP_NOMOVE 0x0002
#define SWP_NOZORDER 0x0004
#define SWP_NOREDRAW 0x0008
#define SWP_SHOWWINDOW 0x0040
#define SWP_HIDEWINDOW 0x0080

static void move_window(struct window *w, int x, int y, int cx, int cy, bool repaint)
{
    RECT old = w->rect;
    if (cx < 0) cx = 0;
    if (cy < 0) cy = 0;
    w->rect = (RECT){ x, y, x + cx, y + cy };
    update_client(w);
    bool moved = old.left != w->rect.left || old.top != w->rect.top;
    bool sized = (old.right - old.left) != cx || (old.bottom - old.top) != cy;
    if (!moved && !sized)
        return;
    if (!w->parent) {
        resize_surface(w);
        x11_move_resize(w);
    } else if (w->style & WS_VISIBLE) {
        win_invalidate(w->parent, &old, true);
    }
    if (repaint || sized)
        win_invalidate(w, NULL, true);
    send_size_move(w);
}

void win_resized_by_host(struct window *w, int x, int y, int width, int height)
{
    RECT ins;
    nc_insets(w->style, w->exstyle, &ins);
    RECT old = w->client;
    w->rect = (RECT){ x - ins.left, y - ins.top, x + width + ins.right, y + height + ins.bottom };
    update_client(w);
    if (old.right - old.left == width && old.bottom - old.top == height) {
        if (old.left != w->client.left || old.top != w->client.top)
            msg_send(w->hwnd, WM_MOVE, 0, MAKELPARAM(w->client.left, w->client.top), false);
        return;
    }
    resize_surface(w);
    win_invalidate(w, NULL, true);
    send_size_move(w);
}

BOOL WINAPI user32_SetWindowPos(HWND h, HWND after, int x, int y, int cx, int cy, UINT flags)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (flags & SWP_NOMOVE) {
        x = w->rect.left;
        y = w->rect.top;
    }
    if (flags & SWP_NOSIZE) {
        cx = w->rect.right - w->rect.left;
        cy = w->rect.bottom - w->rect.top;
    }
    move_window(w, x, y, cx, cy, !(flags & SWP_NOREDRAW));
    if (flags & SWP_SHOWWINDOW)
        user32_ShowWindow(h, (flags & 0x10) ? SW_SHOWNA : 5);
    else if (flags & SWP_HIDEWINDOW)
        user32_ShowWindow(h, SW_HIDE);
    return TRUE;
}

BOOL WINAPI user32_MoveWindow(HWND h, int x, int y, int cx, int cy, BOOL repaint)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    move_window(w, x, y, cx, cy, repaint);
    return TRUE;
}

BOOL WINAPI user32_GetClientRect(HWND h, RECT *r)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (!r) {
        set_last_error(998);
        return FALSE;
    }
    *r = (RECT){ 0, 0, w->client.right - w->client.left, w->client.bottom - w->client.top };
    return TRUE;
}

/* Client (0,0) of w in screen coordinates. */
static void client_to_screen(struct window *w, int *x, int *y)
{
    *x = *y = 0;
    for (; w; w = w->parent) {
        *x += w->client.left;
        *y += w->client.top;
    }
}

BOOL WINAPI user32_GetWindowRect(HWND h, RECT *r)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (!r) {
        set_last_error(998);
        return FALSE;
    }
    int ox = 0, oy = 0;
    if (w->parent)
        client_to_screen(w->parent, &ox, &oy);
    *r = (RECT){ w->rect.left + ox, w->rect.top + oy, w->rect.right + ox, w->rect.bottom + oy };
    return TRUE;
}

BOOL WINAPI user32_ClientToScreen(HWND h, POINT *p)
{
    struct window *w = win_get(h);
    if (!w || !p)
        return FALSE;
    int ox, oy;
    client_to_screen(w, &ox, &oy);
    p->x += ox;
    p->y += oy;
    return TRUE;
}

BOOL WINAPI user32_ScreenToClient(HWND h, POINT *p)
{
    struct window *w = win_get(h);
    if (!w || !p)
        return FALSE;
    int ox, oy;
    client_to_screen(w, &ox, &oy);
    p->x -= ox;
    p->y -= oy;
    return TRUE;
}

int WINAPI user32_MapWindowPoints(HWND from, HWND to, POINT *pts, UINT n)
{
    int fx = 0, fy = 0, tx = 0, ty = 0;
    struct window *wf = from ? win_get(from) : NULL, *wt = to ? win_get(to) : NULL;
    if ((from && !wf) || (to && !wt))
        return 0;
    if (wf)
        client_to_screen(wf, &fx, &fy);
    if (wt)
        client_to_screen(wt, &tx, &ty);
    int dx = fx - tx, dy = fy - ty;
    for (UINT i = 0; pts && i < n; i++) {
        pts[i].x += dx;
        pts[i].y += dy;
    }
    return (int)(((DWORD)(WORD)(int16_t)dy << 16) | (WORD)(int16_t)dx);
}

/* ---- text ---------------------------------------------------------------- */

BOOL WINAPI user32_SetWindowTextW(HWND h, LPCWSTR s)
{
    if (!win_get(h))
        return FALSE;
    return (BOOL)msg_send(h, WM_SETTEXT, 0, (LPARAM)s, false);
}

BOOL WINAPI user32_SetWindowTextA(HWND h, LPCSTR s)
{
    if (!win_get(h))
        return FALSE;
    return (BOOL)msg_send(h, WM_SETTEXT, 0, (LPARAM)s, true);
}

int WINAPI user32_GetWindowTextW(HWND h, LPWSTR out, int n)
{
    if (!win_get(h))
        return 0;
    if (!out || n <= 0)
        return 0;
    out[0] = 0;
    return (int)msg_send(h, WM_GETTEXT, n, (LPARAM)out, false);
}

int WINAPI user32_GetWindowTextA(HWND h, LPSTR out, int n)
{
    if (!win_get(h))
        return 0;
    if (!out || n <= 0)
        return 0;
    out[0] = 0;
    return (int)msg_send(h, WM_GETTEXT, n, (LPARAM)out, true);
}

int WINAPI user32_GetWindowTextLengthW(HWND h)
{
    if (!win_get(h))
        return 0;
    return (int)msg_send(h, WM_GETTEXTLENGTH, 0, 0, false);
}

int WINAPI user32_GetWindowTextLengthA(HWND h)
{
    if (!win_get(h))
        return 0;
    return (int)msg_send(h, WM_GETTEXTLENGTH, 0, 0, true);
}

/* ---- window longs -------------------------------------------------------- */

#define GWLP_WNDPROC (-4)
#define GWLP_HINSTANCE (-6)
#define GWLP_HWNDPARENT (-8)
#define GWLP_ID (-12)
#define GWL_STYLE (-16)
#define GWL_EXSTYLE (-20)
#define GWLP_USERDATA (-21)

static LONG_PTR window_long(HWND h, int index, bool set, LONG_PTR val, int size, bool unicode)
{
    struct window *w = win_get(h);
    if (!w)
        return 0;
    if (index >= 0) {
        if (index + size > w->cls->wnd_extra) {
            set_last_error(ERROR_INVALID_INDEX);
            return 0;
        }
        LONG_PTR old = 0;
        if (size == 8) {
            memcpy(&old, w->extra + index, 8);
        } else {
            LONG o32;
            memcpy(&o32, w->extra + index, 4);
            old = o32;
        }
        if (set)
            memcpy(w->extra + index, &val, size);
        return old;
    }
    LONG_PTR old;
    switch (index) {
    case GWLP_WNDPROC:
        if (size != 8) {
            set_last_error(ERROR_INVALID_INDEX);
            return 0;
        }
        old = (LONG_PTR)w->proc;
        if (set) {
            w->proc = (WNDPROC)val;
            w->unicode = unicode;
        }
        break;
    case GWLP_HINSTANCE: old = (LONG_PTR)w->inst; if (set) w->inst = (HINSTANCE)val; break;
    case GWLP_HWNDPARENT:
        old = (LONG_PTR)(w->parent ? w->parent->hwnd : w->owner ? w->owner->hwnd : NULL);
        if (set)
            FIXME("changing the parent/owner\n");
        break;
    case GWLP_ID: old = (LONG_PTR)w->id; if (set) w->id = (ULONG_PTR)val; break;
    case GWL_STYLE:
        old = (LONG)w->style;
        if (set) {
            /* WS_VISIBLE through SetWindowLong changes the flag only, as on Windows. */
            w->style = (DWORD)val;
        }
        break;
    case GWL_EXSTYLE: old = (LONG)w->exstyle; if (set) w->exstyle = (DWORD)val; break;
    case GWLP_USERDATA: old = w->userdata; if (set) w->userdata = val; break;
    default:
        set_last_error(ERROR_INVALID_INDEX);
        return 0;
    }
    /* Success leaves the last error alone (a 0 previous value is told
     * from failure by clearing it first, as the documentation says). */
    return old;
}

LONG_PTR WINAPI user32_GetWindowLongPtrW(HWND h, int i) { return window_long(h, i, false, 0, 8, true); }
LONG_PTR WINAPI user32_GetWindowLongPtrA(HWND h, int i) { return window_long(h, i, false, 0, 8, false); }
LONG_PTR WINAPI user32_SetWindowLongPtrW(HWND h, int i, LONG_PTR v) { return window_long(h, i, true, v, 8, true); }
LONG_PTR WINAPI user32_SetWindowLongPtrA(HWND h, int i, LONG_PTR v) { return window_long(h, i, true, v, 8, false); }
LONG WINAPI user32_GetWindowLongW(HWND h, int i) { return (LONG)window_long(h, i, false, 0, 4, true); }
LONG WINAPI user32_GetWindowLongA(HWND h, int i) { return (LONG)window_long(h, i, false, 0, 4, false); }
LONG WINAPI user32_SetWindowLongW(HWND h, int i, LONG v) { return (LONG)window_long(h, i, true, v, 4, true); }
LONG WINAPI user32_SetWindowLongA(HWND h, int i, LONG v) { return (LONG)window_long(h, i, true, v, 4, false); }

/* ---- relations ----------------------------------------------------------- */

HWND WINAPI user32_GetParent(HWND h)
{
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    if (w->style & WS_CHILD)
        return w->parent ? w->parent->hwnd : NULL;
    return (w->style & WS_POPUP) && w->owner ? w->owner->hwnd : NULL;
}

HWND WINAPI user32_GetAncestor(HWND h, UINT flags)
{
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    if (flags == 1 /* GA_PARENT */)
        return w->parent ? w->parent->hwnd : NULL;
    return win_toplevel(w)->hwnd;
}

BOOL WINAPI user32_IsChild(HWND parent, HWND h)
{
    struct window *p = win_get_quiet(parent), *w = win_get_quiet(h);
    return p && w && is_ancestor(p, w);
}

HWND WINAPI user32_GetDlgItem(HWND h, int id)
{
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    for (struct window *c = win_next(NULL); c; c = win_next(c))
        if (c->parent == w && (int)c->id == id)
            return c->hwnd;
    set_last_error(1421);   /* ERROR_CONTROL_ID_NOT_FOUND */
    return NULL;
}

int WINAPI user32_GetDlgCtrlID(HWND h)
{
    struct window *w = win_get(h);
    return w && (w->style & WS_CHILD) ? (int)w->id : 0;
}

#define GW_HWNDFIRST 0
#define GW_HWNDNEXT 2
#define GW_HWNDPREV 3
#define GW_OWNER 4
#define GW_CHILD 5

HWND WINAPI user32_GetWindow(HWND h, UINT cmd)
{
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    switch (cmd) {
    case GW_CHILD:
        for (struct window *c = win_next(NULL); c; c = win_next(c))
            if (c->parent == w)
                return c->hwnd;
        return NULL;
    case GW_HWNDNEXT:
        for (struct window *c = win_next(w); c; c = win_next(c))
            if (c->parent == w->parent)
                return c->hwnd;
        return NULL;
    case GW_HWNDFIRST:
        for (struct window *c = win_next(NULL); c; c = win_next(c))
            if (c->parent == w->parent)
                return c->hwnd;
        return NULL;
    case GW_HWNDPREV: {
        HWND prev = NULL;
        for (struct window *c = win_next(NULL); c && c != w; c = win_next(c))
            if (c->parent == w->parent)
                prev = c->hwnd;
        return prev;
    }
    case GW_OWNER:
        return w->owner ? w->owner->hwnd : NULL;
    }
    set_last_error(ERROR_INVALID_PARAMETER);
    return NULL;
}

HWND WINAPI user32_GetDesktopWindow(void)
{
    /* A handle no table entry has: CreateWindow takes it as "no parent". */
    return (HWND)(uintptr_t)(HWND_BASE);
}

HWND WINAPI user32_FindWindowW(LPCWSTR cls, LPCWSTR title)
{
    for (struct window *w = win_next(NULL); w; w = win_next(w)) {
        if (w->parent)
            continue;
        if (cls && !IS_INTRESOURCE(cls) && wstrcmp(cls, w->cls->name) != 0)
            continue;
        if (cls && IS_INTRESOURCE(cls) && w->cls->atom != (ATOM)(uintptr_t)cls)
            continue;
        if (title && wstrcmp(title, w->text ? w->text : (const WCHAR *)u"") != 0)
            continue;
        return w->hwnd;
    }
    set_last_error(1400);
    return NULL;
}

HWND WINAPI user32_FindWindowA(LPCSTR cls, LPCSTR title)
{
    WCHAR *wc = (cls && !IS_INTRESOURCE(cls)) ? acp_to_wide(cls) : (WCHAR *)cls;
    WCHAR *wt = title ? acp_to_wide(title) : NULL;
    HWND h = user32_FindWindowW(wc, wt);
    if (wc != (WCHAR *)cls)
        free(wc);
    free(wt);
    return h;
}

/* ---- show state ------------------------------------------------------------ */
/* Windows are never minimized or maximized here (ShowWindow says so with a
 * FIXME), so these report the normal state truthfully. */

BOOL WINAPI user32_IsIconic(HWND h)
{
    return FALSE;
}

BOOL WINAPI user32_IsZoomed(HWND h)
{
    return FALSE;
}

typedef struct {
    UINT length, flags, showCmd;
    POINT ptMinPosition, ptMaxPosition;
    RECT rcNormalPosition;
} WINDOWPLACEMENT;
_Static_assert(sizeof(WINDOWPLACEMENT) == 44, "WINDOWPLACEMENT");

BOOL WINAPI user32_GetWindowPlacement(HWND h, WINDOWPLACEMENT *wp)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (!wp) {
        set_last_error(998);
        return FALSE;
    }
    wp->length = sizeof *wp;
    wp->flags = 0;
    wp->showCmd = 1;    /* SW_SHOWNORMAL, also for hidden windows */
    wp->ptMinPosition = (POINT){ -1, -1 };
    wp->ptMaxPosition = (POINT){ -1, -1 };
    wp->rcNormalPosition = w->rect;
    return TRUE;
}
