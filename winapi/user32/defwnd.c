/*
 * user32/defwnd.c - DefWindowProcA/W: what a window does with the messages
 * its procedure passes on. Creation takes the title from CREATESTRUCT,
 * WM_CLOSE destroys the window, SC_CLOSE (the window manager's close button)
 * becomes WM_CLOSE, WM_ERASEBKGND paints the class background, WM_PAINT
 * validates, the text messages keep the window's text (UTF-16, converted for
 * the A form), and controls' colour messages answer with system brushes.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(defwnd);

static LRESULT def_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool ansi)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        return 0;
    switch (msg) {
    case WM_NCCREATE: {
        const CREATESTRUCT *cs = (const CREATESTRUCT *)lp;
        if (cs && cs->lpszName) {
            if (ansi) {
                WCHAR *t = acp_to_wide(cs->lpszName);
                win_set_text(w, t);
                free(t);
            } else {
                win_set_text(w, cs->lpszName);
            }
        }
        return TRUE;
    }
    case WM_CLOSE:
        user32_DestroyWindow(h);
        return 0;
    case WM_SYSCOMMAND:
        if ((wp & 0xfff0) == SC_CLOSE)
            msg_send(h, WM_CLOSE, 0, 0, false);
        return 0;
    case WM_ERASEBKGND:
        return paint_default_erase(w, (HDC)wp);
    case WM_PAINT: {
        PAINTSTRUCT ps;
        extern HDC WINAPI user32_BeginPaint(HWND, PAINTSTRUCT *);
        extern BOOL WINAPI user32_EndPaint(HWND, const PAINTSTRUCT *);
        if (user32_BeginPaint(h, &ps))
            user32_EndPaint(h, &ps);
        return 0;
    }
    case WM_SETTEXT:
        if (ansi) {
            WCHAR *t = lp ? acp_to_wide((const char *)lp) : NULL;
            win_set_text(w, t);
            free(t);
        } else {
            win_set_text(w, (const WCHAR *)lp);
        }
        if (w->parent)
            win_invalidate(w, NULL, true);
        return TRUE;
    case WM_GETTEXT: {
        if (!wp || !lp)
            return 0;
        const WCHAR *t = w->text ? w->text : (const WCHAR *)u"";
        if (ansi) {
            int n = cp_from_wide(CP_ACP, t, -1, (char *)lp, (int)wp);
            if (n <= 0) {
                /* Truncated: convert what fits. */
                size_t len = wstrlen(t);
                n = cp_from_wide(CP_ACP, t, (int)(len < wp - 1 ? len : wp - 1), (char *)lp, (int)wp - 1);
                if (n < 0) n = 0;
                ((char *)lp)[n] = 0;
                return n;
            }
            return n - 1;
        }
        size_t len = wstrlen(t);
        if (len > wp - 1)
            len = wp - 1;
        memcpy((WCHAR *)lp, t, len * sizeof(WCHAR));
        ((WCHAR *)lp)[len] = 0;
        return (LRESULT)len;
    }
    case WM_GETTEXTLENGTH: {
        const WCHAR *t = w->text ? w->text : (const WCHAR *)u"";
        if (ansi) {
            int n = cp_from_wide(CP_ACP, t, -1, NULL, 0);
            return n > 0 ? n - 1 : 0;
        }
        return (LRESULT)wstrlen(t);
    }
    case WM_SETFONT:
        w->font = (HFONT)wp;
        if (LOWORD(lp))
            win_invalidate(w, NULL, true);
        return 0;
    case WM_GETFONT:
        return (LRESULT)w->font;
    case WM_CTLCOLORSTATIC:
    case WM_CTLCOLORBTN:
    case WM_CTLCOLORDLG:
        extern COLORREF WINAPI gdi32_SetTextColor(HDC, COLORREF);
        extern COLORREF WINAPI gdi32_SetBkColor(HDC, COLORREF);
        gdi32_SetTextColor((HDC)wp, user_sys_color(COLOR_WINDOWTEXT));
        gdi32_SetBkColor((HDC)wp, user_sys_color(COLOR_BTNFACE));
        return (LRESULT)user_sys_brush(COLOR_BTNFACE);
    case WM_CTLCOLOREDIT:
        gdi32_SetTextColor((HDC)wp, user_sys_color(COLOR_WINDOWTEXT));
        gdi32_SetBkColor((HDC)wp, user_sys_color(COLOR_WINDOW));
        return (LRESULT)user_sys_brush(COLOR_WINDOW);
    case WM_SETCURSOR:
        return 0;
    case WM_ACTIVATE:
        if (LOWORD(wp) && !(w->style & WS_CHILD)) {
            struct window *f = focus_hwnd ? win_get_quiet(focus_hwnd) : NULL;
            if (!f || win_toplevel(f) != w)
                focus_set(h);
        }
        return 0;
    case WM_MOUSEWHEEL:
        /* Unhandled wheel input goes up to the parent, as on Windows. */
        if (w->parent)
            return msg_send(w->parent->hwnd, msg, wp, lp, ansi);
        return 0;
    case WM_KEYDOWN: case WM_KEYUP: case WM_CHAR:
    case WM_SYSKEYDOWN: case WM_SYSKEYUP: case WM_SYSCHAR:
        return 0;
    }
    return 0;
}

LRESULT WINAPI user32_DefWindowProcW(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    return def_proc(h, msg, wp, lp, false);
}

LRESULT WINAPI user32_DefWindowProcA(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    return def_proc(h, msg, wp, lp, true);
}
