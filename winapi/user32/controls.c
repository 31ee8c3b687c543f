/*
 * user32/controls.c - the standard controls a simple dialog needs:
 * BUTTON (push, default push, check box, radio button, group box), STATIC
 * (text and plain rectangles) and single-line EDIT. Their procedures are
 * Unicode; A callers reach them through message.c's conversions. A control
 * tells its parent about clicks and edits with WM_COMMAND, asks it for
 * colours with WM_CTLCOLOR*, and draws in the font WM_SETFONT gave it
 * (DEFAULT_GUI_FONT otherwise) - all as the Windows controls do.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(controls);

extern HGDIOBJ WINAPI gdi32_SelectObject(HDC, HGDIOBJ);
extern HGDIOBJ WINAPI gdi32_GetStockObject(int);
extern int WINAPI gdi32_SetBkMode(HDC, int);
extern COLORREF WINAPI gdi32_SetTextColor(HDC, COLORREF);
extern BOOL WINAPI gdi32_GetTextExtentPoint32W(HDC, LPCWSTR, int, SIZE *);
extern HDC WINAPI user32_BeginPaint(HWND, PAINTSTRUCT *);
extern BOOL WINAPI user32_EndPaint(HWND, const PAINTSTRUCT *);
extern HWND WINAPI user32_SetCapture(HWND);
extern BOOL WINAPI user32_ReleaseCapture(void);
extern HWND WINAPI user32_SetFocus(HWND);

#define BS_TYPEMASK 0xf
#define BS_PUSHBUTTON 0
#define BS_DEFPUSHBUTTON 1
#define BS_CHECKBOX 2
#define BS_AUTOCHECKBOX 3
#define BS_RADIOBUTTON 4
#define BS_GROUPBOX 7
#define BS_AUTORADIOBUTTON 9
#define BN_CLICKED 0
#define BM_GETCHECK 0xF0
#define BM_SETCHECK 0xF1
#define BM_GETSTATE 0xF2
#define BM_SETSTATE 0xF3
#define BM_SETSTYLE 0xF4
#define BM_CLICK 0xF5
#define BST_CHECKED 1
#define BST_PUSHED 4
#define BST_FOCUS 8
#define DLGC_WANTARROWS 0x1
#define DLGC_HASSETSEL 0x8
#define DLGC_DEFPUSHBUTTON 0x10
#define DLGC_UNDEFPUSHBUTTON 0x20
#define DLGC_RADIOBUTTON 0x40
#define DLGC_WANTCHARS 0x80
#define DLGC_STATIC 0x100
#define DLGC_BUTTON 0x2000
#define TRANSPARENT 1
#define DT_CENTER 0x1
#define DT_VCENTER 0x4
#define DT_WORDBREAK 0x10
#define DT_SINGLELINE 0x20
#define DT_NOPREFIX 0x800
#define DT_RIGHT 0x2
#define VK_BACK 0x08
#define VK_SPACE 0x20
#define VK_END 0x23
#define VK_HOME 0x24
#define VK_LEFT 0x25
#define VK_RIGHT 0x27
#define VK_DELETE 0x2E

struct button_state { bool pressed, tracking; int check; };
struct edit_state { int caret; int limit; };

static void *ctl_state(struct window *w, size_t size)
{
    if (!w->ctl)
        w->ctl = calloc(1, size);
    return w->ctl;
}

static void notify_parent(struct window *w, WORD code)
{
    if (w->parent)
        msg_send(w->parent->hwnd, WM_COMMAND, ((WPARAM)code << 16) | (WORD)w->id, (LPARAM)w->hwnd, false);
}

static HBRUSH ctl_color(struct window *w, HDC hdc, UINT msg)
{
    HBRUSH br = NULL;
    if (w->parent)
        br = (HBRUSH)msg_send(w->parent->hwnd, msg, (WPARAM)hdc, (LPARAM)w->hwnd, false);
    if (!br)
        br = (HBRUSH)user32_DefWindowProcW(w->hwnd, msg, (WPARAM)hdc, (LPARAM)w->hwnd);
    return br;
}

static HFONT ctl_font(struct window *w)
{
    return w->font ? w->font : gdi32_GetStockObject(17 /* DEFAULT_GUI_FONT */);
}

static const WCHAR *text_of(struct window *w)
{
    return w->text ? w->text : (const WCHAR *)u"";
}

/* ---- BUTTON --------------------------------------------------------------- */

static void button_paint(struct window *w, struct button_state *st)
{
    PAINTSTRUCT ps;
    HDC hdc = user32_BeginPaint(w->hwnd, &ps);
    if (!hdc)
        return;
    RECT r;
    user32_GetClientRect(w->hwnd, &r);
    UINT type = w->style & BS_TYPEMASK;
    HBRUSH br = ctl_color(w, hdc, WM_CTLCOLORBTN);
    HGDIOBJ oldf = gdi32_SelectObject(hdc, ctl_font(w));
    gdi32_SetBkMode(hdc, TRANSPARENT);
    bool disabled = (w->style & WS_DISABLED) != 0;
    gdi32_SetTextColor(hdc, user_sys_color(disabled ? COLOR_GRAYTEXT : COLOR_BTNTEXT));
    const WCHAR *t = text_of(w);
    if (type == BS_PUSHBUTTON || type == BS_DEFPUSHBUTTON) {
        user32_FillRect(hdc, &r, user_sys_brush(COLOR_BTNFACE));
        RECT e = r;
        if (type == BS_DEFPUSHBUTTON || focus_hwnd == w->hwnd) {
            user32_FrameRect(hdc, &e, user_sys_brush(COLOR_3DDKSHADOW));
            e.left++, e.top++, e.right--, e.bottom--;
        }
        user_draw_edge(hdc, e, st->pressed);
        RECT tr = r;
        if (st->pressed)
            tr.left += 1, tr.top += 1, tr.right += 1, tr.bottom += 1;
        user_draw_text(hdc, t, -1, &tr, DT_CENTER | DT_VCENTER | DT_SINGLELINE);
    } else if (type == BS_GROUPBOX) {
        RECT f = { r.left, r.top + 6, r.right, r.bottom };
        user32_FillRect(hdc, &r, br);
        user32_FrameRect(hdc, &f, user_sys_brush(COLOR_BTNSHADOW));
        RECT tr = { r.left + 8, r.top, r.right - 8, r.top + 14 };
        user_draw_text(hdc, t, -1, &tr, DT_SINGLELINE);
    } else {
        /* Check boxes and radio buttons: a 13x13 box, then the text. */
        user32_FillRect(hdc, &r, br);
        int by = (r.bottom - r.top - 13) / 2;
        RECT box = { r.left, r.top + by, r.left + 13, r.top + by + 13 };
        user32_FillRect(hdc, &box, user_sys_brush(COLOR_WINDOW));
        user32_FrameRect(hdc, &box, user_sys_brush(COLOR_BTNSHADOW));
        if (st->check) {
            RECT m = { box.left + 3, box.top + 3, box.right - 3, box.bottom - 3 };
            user32_FillRect(hdc, &m, user_sys_brush(COLOR_WINDOWTEXT));
        }
        RECT tr = { r.left + 17, r.top, r.right, r.bottom };
        user_draw_text(hdc, t, -1, &tr, DT_VCENTER | DT_SINGLELINE);
    }
    gdi32_SelectObject(hdc, oldf);
    user32_EndPaint(w->hwnd, &ps);
}

static void button_click(struct window *w, struct button_state *st)
{
    UINT type = w->style & BS_TYPEMASK;
    if (type == BS_AUTOCHECKBOX)
        st->check = !st->check;
    else if (type == BS_AUTORADIOBUTTON) {
        /* Uncheck the other auto radio buttons of the parent. */
        for (struct window *c = win_next(NULL); c; c = win_next(c))
            if (c != w && c->parent == w->parent && c->proc == ctl_button_proc &&
                (c->style & BS_TYPEMASK) == BS_AUTORADIOBUTTON && c->ctl) {
                ((struct button_state *)c->ctl)->check = 0;
                win_invalidate(c, NULL, true);
            }
        st->check = 1;
    }
    win_invalidate(w, NULL, true);
    notify_parent(w, BN_CLICKED);
}

LRESULT WINAPI ctl_button_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        return 0;
    struct button_state *st = ctl_state(w, sizeof *st);
    if (!st)
        return user32_DefWindowProcW(h, msg, wp, lp);
    UINT type = w->style & BS_TYPEMASK;
    switch (msg) {
    case WM_PAINT:
        button_paint(w, st);
        return 0;
    case WM_ERASEBKGND:
        return 1;
    case WM_LBUTTONDOWN:
    case WM_LBUTTONDBLCLK:
        st->pressed = st->tracking = true;
        user32_SetCapture(h);
        user32_SetFocus(h);
        win_invalidate(w, NULL, true);
        return 0;
    case WM_MOUSEMOVE:
        if (st->tracking) {
            int x = (int16_t)LOWORD(lp), y = (int16_t)HIWORD(lp);
            bool in = x >= 0 && y >= 0 && x < w->client.right - w->client.left && y < w->client.bottom - w->client.top;
            if (in != st->pressed) {
                st->pressed = in;
                win_invalidate(w, NULL, true);
            }
        }
        return 0;
    case WM_LBUTTONUP:
        if (st->tracking) {
            bool click = st->pressed;
            st->pressed = st->tracking = false;
            user32_ReleaseCapture();
            win_invalidate(w, NULL, true);
            if (click)
                button_click(w, st);
        }
        return 0;
    case WM_KEYDOWN:
        if (wp == VK_SPACE) {
            st->pressed = true;
            win_invalidate(w, NULL, true);
        }
        return 0;
    case WM_KEYUP:
        if (wp == VK_SPACE && st->pressed) {
            st->pressed = false;
            button_click(w, st);
        }
        return 0;
    case WM_SETFOCUS:
    case WM_KILLFOCUS:
        win_invalidate(w, NULL, true);
        return 0;
    case WM_GETDLGCODE:
        if (type == BS_DEFPUSHBUTTON)
            return DLGC_BUTTON | DLGC_DEFPUSHBUTTON;
        if (type == BS_PUSHBUTTON)
            return DLGC_BUTTON | DLGC_UNDEFPUSHBUTTON;
        if (type == BS_RADIOBUTTON || type == BS_AUTORADIOBUTTON)
            return DLGC_BUTTON | DLGC_RADIOBUTTON;
        return DLGC_BUTTON;
    case BM_GETCHECK:
        return st->check;
    case BM_SETCHECK:
        st->check = (int)wp;
        win_invalidate(w, NULL, true);
        return 0;
    case BM_GETSTATE:
        return st->check | (st->pressed ? BST_PUSHED : 0) | (focus_hwnd == h ? BST_FOCUS : 0);
    case BM_SETSTATE:
        st->pressed = wp != 0;
        win_invalidate(w, NULL, true);
        return 0;
    case BM_SETSTYLE:
        w->style = (w->style & ~0xffffu) | (WORD)wp;
        if (lp)
            win_invalidate(w, NULL, true);
        return 0;
    case BM_CLICK:
        button_click(w, st);
        return 0;
    }
    return user32_DefWindowProcW(h, msg, wp, lp);
}

/* ---- STATIC --------------------------------------------------------------- */

#define SS_TYPEMASK 0x1f
#define SS_CENTER 1
#define SS_RIGHT 2
#define SS_BLACKRECT 4
#define SS_GRAYRECT 5
#define SS_WHITERECT 6
#define SS_SIMPLE 0xb
#define SS_LEFTNOWORDWRAP 0xc
#define SS_NOPREFIX 0x80

LRESULT WINAPI ctl_static_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        return 0;
    switch (msg) {
    case WM_ERASEBKGND:
        return 1;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC hdc = user32_BeginPaint(h, &ps);
        if (!hdc)
            return 0;
        RECT r;
        user32_GetClientRect(h, &r);
        UINT type = w->style & SS_TYPEMASK;
        if (type == SS_BLACKRECT || type == SS_GRAYRECT || type == SS_WHITERECT) {
            int c = type == SS_BLACKRECT ? COLOR_3DDKSHADOW : type == SS_GRAYRECT ? COLOR_BTNSHADOW : COLOR_BTNHIGHLIGHT;
            user32_FillRect(hdc, &r, user_sys_brush(c));
        } else {
            HBRUSH br = ctl_color(w, hdc, WM_CTLCOLORSTATIC);
            user32_FillRect(hdc, &r, br);
            HGDIOBJ oldf = gdi32_SelectObject(hdc, ctl_font(w));
            gdi32_SetBkMode(hdc, TRANSPARENT);
            UINT fmt = (w->style & SS_NOPREFIX) ? DT_NOPREFIX : 0;
            if (type == SS_CENTER) fmt |= DT_CENTER | DT_WORDBREAK;
            else if (type == SS_RIGHT) fmt |= DT_RIGHT | DT_WORDBREAK;
            else if (type == SS_SIMPLE || type == SS_LEFTNOWORDWRAP) fmt |= DT_SINGLELINE;
            else fmt |= DT_WORDBREAK;
            user_draw_text(hdc, text_of(w), -1, &r, fmt);
            gdi32_SelectObject(hdc, oldf);
        }
        user32_EndPaint(h, &ps);
        return 0;
    }
    case WM_GETDLGCODE:
        return DLGC_STATIC;
    }
    return user32_DefWindowProcW(h, msg, wp, lp);
}

/* ---- EDIT (single line) ----------------------------------------------------- */

#define ES_PASSWORD 0x20
#define ES_MULTILINE 0x4
#define EN_CHANGE 0x0300
#define EM_GETSEL 0xB0
#define EM_SETSEL 0xB1
#define EM_LIMITTEXT 0xC5

static void edit_set(struct window *w, const WCHAR *t, size_t n)
{
    WCHAR *buf = malloc((n + 1) * sizeof(WCHAR));
    if (!buf)
        return;
    memcpy(buf, t, n * sizeof(WCHAR));
    buf[n] = 0;
    win_set_text(w, buf);
    free(buf);
}

LRESULT WINAPI ctl_edit_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        return 0;
    struct edit_state *st = ctl_state(w, sizeof *st);
    if (!st)
        return user32_DefWindowProcW(h, msg, wp, lp);
    const WCHAR *t = text_of(w);
    int len = (int)wstrlen(t);
    if (st->caret > len)
        st->caret = len;
    switch (msg) {
    case WM_CREATE:
        if (w->style & ES_MULTILINE)
            FIXME("multi-line edit controls are drawn and edited as single-line\n");
        st->limit = 30000;
        return 0;
    case WM_ERASEBKGND:
        return 1;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC hdc = user32_BeginPaint(h, &ps);
        if (!hdc)
            return 0;
        RECT r;
        user32_GetClientRect(h, &r);
        HBRUSH br = ctl_color(w, hdc, WM_CTLCOLOREDIT);
        user32_FillRect(hdc, &r, br);
        HGDIOBJ oldf = gdi32_SelectObject(hdc, ctl_font(w));
        gdi32_SetBkMode(hdc, TRANSPARENT);
        WCHAR *shown = NULL;
        if (w->style & ES_PASSWORD) {
            shown = malloc((len + 1) * sizeof(WCHAR));
            for (int i = 0; shown && i < len; i++)
                shown[i] = '*';
        }
        const WCHAR *s = shown ? shown : t;
        RECT tr = { r.left + 2, r.top + 1, r.right - 2, r.bottom };
        user_draw_text(hdc, s, len, &tr, DT_SINGLELINE | DT_NOPREFIX);
        if (focus_hwnd == h) {
            SIZE sz = { 0, 0 };
            gdi32_GetTextExtentPoint32W(hdc, s, st->caret, &sz);
            RECT caret = { tr.left + sz.cx, tr.top, tr.left + sz.cx + 1, tr.top + (sz.cy ? sz.cy : 14) };
            user32_FillRect(hdc, &caret, user_sys_brush(COLOR_WINDOWTEXT));
        }
        free(shown);
        gdi32_SelectObject(hdc, oldf);
        user32_EndPaint(h, &ps);
        return 0;
    }
    case WM_LBUTTONDOWN:
        user32_SetFocus(h);
        return 0;
    case WM_SETFOCUS:
    case WM_KILLFOCUS:
        win_invalidate(w, NULL, true);
        return 0;
    case WM_CHAR: {
        WCHAR c = (WCHAR)wp;
        if (c == VK_BACK) {
            if (st->caret > 0) {
                WCHAR *n = malloc((len + 1) * sizeof(WCHAR));
                if (!n)
                    return 0;
                memcpy(n, t, (st->caret - 1) * sizeof(WCHAR));
                memcpy(n + st->caret - 1, t + st->caret, (len - st->caret) * sizeof(WCHAR));
                st->caret--;
                edit_set(w, n, len - 1);
                free(n);
                win_invalidate(w, NULL, true);
                notify_parent(w, EN_CHANGE);
            }
            return 0;
        }
        if (c < 0x20 || len >= st->limit)
            return 0;
        WCHAR *n = malloc((len + 2) * sizeof(WCHAR));
        if (!n)
            return 0;
        memcpy(n, t, st->caret * sizeof(WCHAR));
        n[st->caret] = c;
        memcpy(n + st->caret + 1, t + st->caret, (len - st->caret) * sizeof(WCHAR));
        st->caret++;
        edit_set(w, n, len + 1);
        free(n);
        win_invalidate(w, NULL, true);
        notify_parent(w, EN_CHANGE);
        return 0;
    }
    case WM_KEYDOWN:
        switch (wp) {
        case VK_LEFT: if (st->caret > 0) st->caret--; break;
        case VK_RIGHT: if (st->caret < len) st->caret++; break;
        case VK_HOME: st->caret = 0; break;
        case VK_END: st->caret = len; break;
        case VK_DELETE:
            if (st->caret < len) {
                WCHAR *n = malloc((len + 1) * sizeof(WCHAR));
                if (!n)
                    return 0;
                memcpy(n, t, st->caret * sizeof(WCHAR));
                memcpy(n + st->caret, t + st->caret + 1, (len - st->caret - 1) * sizeof(WCHAR));
                edit_set(w, n, len - 1);
                free(n);
                notify_parent(w, EN_CHANGE);
            }
            break;
        default:
            return 0;
        }
        win_invalidate(w, NULL, true);
        return 0;
    case WM_SETTEXT: {
        LRESULT r = user32_DefWindowProcW(h, msg, wp, lp);
        st->caret = 0;
        return r;
    }
    case WM_GETDLGCODE:
        return DLGC_WANTCHARS | DLGC_HASSETSEL | DLGC_WANTARROWS;
    case EM_GETSEL:
        if (wp) *(DWORD *)wp = (DWORD)st->caret;
        if (lp) *(DWORD *)lp = (DWORD)st->caret;
        return MAKELPARAM(st->caret, st->caret);
    case EM_SETSEL: {
        int end = (int)(intptr_t)lp;
        if (end < 0 || end > len)
            end = len;
        st->caret = end;    /* selections are not drawn: the caret goes to the end */
        win_invalidate(w, NULL, true);
        return 0;
    }
    case EM_LIMITTEXT:
        st->limit = wp ? (int)wp : 0x7ffffffe;
        return 0;
    }
    return user32_DefWindowProcW(h, msg, wp, lp);
}
