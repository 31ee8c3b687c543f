/*
 * user32/msgbox.c - MessageBoxA/W and MessageBoxExA/W as a real modal window:
 * the text in a white area, the buttons of the MB_ type (OK, OK/Cancel,
 * Abort/Retry/Ignore, Yes/No/Cancel, Yes/No, Retry/Cancel) right-aligned on
 * a grey strip below it, the first (or MB_DEFBUTTONn) one default. The box
 * is a #32770 dialog run by dialog.c's modal loop; pressing a button returns
 * its id (IDOK ...), Escape or the close button return IDCANCEL when there
 * is a Cancel button (IDOK for a lone OK button), as on Windows.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(msgbox);

typedef INT_PTR (WINAPI *DLGPROC)(HWND, UINT, WPARAM, LPARAM);
INT_PTR dlg_run_modal(HWND h, HWND owner);   /* dialog.c */

extern HGDIOBJ WINAPI gdi32_GetStockObject(int);
extern HGDIOBJ WINAPI gdi32_SelectObject(HDC, HGDIOBJ);
extern HDC WINAPI user32_GetDC(HWND);
extern int WINAPI user32_ReleaseDC(HWND, HDC);
extern HDC WINAPI user32_BeginPaint(HWND, PAINTSTRUCT *);
extern BOOL WINAPI user32_EndPaint(HWND, const PAINTSTRUCT *);
extern int WINAPI gdi32_SetBkMode(HDC, int);
extern HWND WINAPI user32_SetFocus(HWND);
extern BOOL WINAPI user32_EndDialog(HWND, INT_PTR);

#define MB_TYPEMASK 0xf
#define MB_DEFMASK 0xf00
#define IDOK 1
#define IDCANCEL 2
#define DT_WORDBREAK 0x10
#define DT_CALCRECT 0x400
#define DT_NOPREFIX 0x800
#define BS_DEFPUSHBUTTON 1
#define BTN_W 75
#define BTN_H 23
#define MARGIN 12
#define STRIP_H 42

static const struct { int ids[3]; int n; } layouts[] = {
    { { 1 }, 1 },           /* MB_OK */
    { { 1, 2 }, 2 },        /* MB_OKCANCEL */
    { { 3, 4, 5 }, 3 },     /* MB_ABORTRETRYIGNORE */
    { { 6, 7, 2 }, 3 },     /* MB_YESNOCANCEL */
    { { 6, 7 }, 2 },        /* MB_YESNO */
    { { 4, 2 }, 2 },        /* MB_RETRYCANCEL */
    { { 2, 10, 11 }, 3 },   /* MB_CANCELTRYCONTINUE */
};

static const WCHAR *const labels[] = {
    NULL, u"OK", u"Cancel", u"&Abort", u"&Retry", u"&Ignore", u"&Yes", u"&No", NULL, NULL, u"&Try Again", u"&Continue",
};

struct msgbox {
    WCHAR *text;
    int text_h;
    bool has_cancel;
};

static INT_PTR WINAPI msgbox_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    struct window *w = win_get_quiet(h);
    struct msgbox *mb = w ? (struct msgbox *)w->userdata : NULL;
    switch (msg) {
    case WM_COMMAND: {
        int id = LOWORD(wp);
        if (id == IDCANCEL && mb && !mb->has_cancel) {
            /* Escape/close on a box without Cancel: only a lone OK answers. */
            if (!user32_GetDlgItem(h, IDOK))
                return TRUE;
            id = IDOK;
        }
        if (id >= 1 && id <= 11)
            user32_EndDialog(h, id);
        return TRUE;
    }
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC hdc = user32_BeginPaint(h, &ps);
        if (!hdc)
            return TRUE;
        RECT r;
        user32_GetClientRect(h, &r);
        RECT white = { 0, 0, r.right, r.bottom - STRIP_H }, strip = { 0, r.bottom - STRIP_H, r.right, r.bottom };
        user32_FillRect(hdc, &white, user_sys_brush(COLOR_WINDOW));
        user32_FillRect(hdc, &strip, user_sys_brush(COLOR_BTNFACE));
        HGDIOBJ old = gdi32_SelectObject(hdc, gdi32_GetStockObject(17));
        gdi32_SetBkMode(hdc, 1);
        RECT tr = { MARGIN * 2, MARGIN + 4, r.right - MARGIN * 2, r.bottom - STRIP_H };
        if (mb)
            user_draw_text(hdc, mb->text, -1, &tr, DT_WORDBREAK | DT_NOPREFIX);
        gdi32_SelectObject(hdc, old);
        user32_EndPaint(h, &ps);
        return TRUE;
    }
    case WM_ERASEBKGND:
        return TRUE;
    }
    return FALSE;
}

static int message_box(HWND owner, const WCHAR *text, const WCHAR *caption, UINT type)
{
    UINT kind = type & MB_TYPEMASK;
    if (kind >= sizeof layouts / sizeof *layouts) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (owner && !win_get(owner))
        return 0;
    if (!x11_available()) {
        set_last_error(ERROR_NOT_SUPPORTED);
        return 0;
    }
    struct msgbox mb = { NULL, 0, false };
    size_t n = text ? wstrlen(text) : 0;
    mb.text = malloc((n + 1) * sizeof(WCHAR));
    if (!mb.text) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    if (n)
        memcpy(mb.text, text, n * sizeof(WCHAR));
    mb.text[n] = 0;
    int nb = layouts[kind].n;
    for (int i = 0; i < nb; i++)
        if (layouts[kind].ids[i] == IDCANCEL)
            mb.has_cancel = true;
    /* Size the text: at most about 400 pixels wide, wrapped at words. */
    HDC hdc = user32_GetDC(NULL);
    HGDIOBJ old = gdi32_SelectObject(hdc, gdi32_GetStockObject(17));
    RECT tr = { 0, 0, 400, 0 };
    user_draw_text(hdc, mb.text, -1, &tr, DT_WORDBREAK | DT_CALCRECT | DT_NOPREFIX);
    gdi32_SelectObject(hdc, old);
    user32_ReleaseDC(NULL, hdc);
    int buttons_w = nb * BTN_W + (nb - 1) * 8 + 2 * MARGIN;
    int cw = tr.right + 4 * MARGIN;
    if (cw < buttons_w)
        cw = buttons_w;
    if (cw < 160)
        cw = 160;
    int ch = (tr.bottom - tr.top) + 2 * MARGIN + 8 + STRIP_H;
    DWORD style = WS_POPUP | WS_CAPTION | WS_SYSMENU;
    RECT ins;
    nc_insets(style, WS_EX_DLGMODALFRAME, &ins);
    int ww = cw + ins.left + ins.right, wh = ch + ins.top + ins.bottom;
    int sw = 1024, sh = 768;
    user_screen_size(&sw, &sh);
    const WCHAR *title = caption ? caption : (const WCHAR *)u"Error";
    HWND h = win_create(WS_EX_DLGMODALFRAME, (const WCHAR *)u"#32770", title, style, (sw - ww) / 2, (sh - wh) / 2, ww, wh,
                        owner, NULL, NULL, NULL, false);
    struct window *w = win_get_quiet(h);
    if (!w) {
        free(mb.text);
        return 0;
    }
    w->userdata = (LONG_PTR)&mb;
    LONG_PTR proc = (LONG_PTR)msgbox_proc;
    memcpy(w->extra + 8, &proc, sizeof proc);   /* DWLP_DLGPROC */
    int def = (type & MB_DEFMASK) >> 8;
    if (def >= nb)
        def = 0;
    HWND def_btn = NULL;
    for (int i = 0; i < nb; i++) {
        int id = layouts[kind].ids[i];
        int x = cw - MARGIN - (nb - i) * BTN_W - (nb - 1 - i) * 8;
        HWND b = win_create(0, (const WCHAR *)u"Button", labels[id], WS_CHILD | WS_VISIBLE | WS_TABSTOP |
                            (i == def ? BS_DEFPUSHBUTTON : 0), x, ch - STRIP_H + (STRIP_H - BTN_H) / 2, BTN_W, BTN_H,
                            h, (HMENU)(uintptr_t)id, NULL, NULL, false);
        if (b)
            msg_send(b, WM_SETFONT, (WPARAM)gdi32_GetStockObject(17), 0, false);
        if (i == def)
            def_btn = b;
    }
    user32_ShowWindow(h, 5);
    if (def_btn)
        user32_SetFocus(def_btn);
    int r = (int)dlg_run_modal(h, owner);
    free(mb.text);
    return r < 0 ? 0 : r;
}

int WINAPI user32_MessageBoxW(HWND owner, LPCWSTR text, LPCWSTR caption, UINT type)
{
    return message_box(owner, text, caption, type);
}

int WINAPI user32_MessageBoxA(HWND owner, LPCSTR text, LPCSTR caption, UINT type)
{
    WCHAR *t = text ? acp_to_wide(text) : NULL;
    WCHAR *c = caption ? acp_to_wide(caption) : NULL;
    int r = message_box(owner, t, c, type);
    free(t);
    free(c);
    return r;
}

int WINAPI user32_MessageBoxExW(HWND owner, LPCWSTR text, LPCWSTR caption, UINT type, WORD lang)
{
    return message_box(owner, text, caption, type);
}

int WINAPI user32_MessageBoxExA(HWND owner, LPCSTR text, LPCSTR caption, UINT type, WORD lang)
{
    return user32_MessageBoxA(owner, text, caption, type);
}
