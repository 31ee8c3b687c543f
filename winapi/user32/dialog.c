/*
 * user32/dialog.c - dialog boxes from in-memory templates:
 * DialogBoxIndirectParamA/W (modal), CreateDialogIndirectParamA/W
 * (modeless), EndDialog, IsDialogMessageA/W (Tab, Enter, Escape), the
 * dialog class's procedure (#32770) that calls the program's DLGPROC, and
 * the item helpers (GetDlgItemText/Int, SetDlgItemText/Int,
 * SendDlgItemMessage, CheckDlgButton, IsDlgButtonChecked, MapDialogRect,
 * GetDialogBaseUnits), and DialogBoxParam/CreateDialogParam with the
 * template from the module's resources (RT_DIALOG). Both DLGTEMPLATE and DLGTEMPLATEEX are parsed with
 * every read bounds-free but alignment-correct, as templates from
 * resources and from programs' own buffers are laid out.
 *
 * Dialog units convert with the dialog font's average character width and
 * height (MS Shell Dlg 8 -> about 6x13 pixels, as on Windows).
 */
#include "winapi/user32/user.h"
#include "winapi/gdi32/font.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>

DEBUG_CHANNEL(dialog);

typedef INT_PTR (WINAPI *DLGPROC)(HWND, UINT, WPARAM, LPARAM);

#define DWLP_MSGRESULT 0
#define DWLP_DLGPROC 8
#define DWLP_USER 16
#define DS_SETFONT 0x40
#define DS_CENTER 0x0800
#define DS_MODALFRAME 0x80
#define IDOK 1
#define IDCANCEL 2
#define VK_TAB 0x09
#define VK_RETURN 0x0D
#define VK_ESCAPE 0x1B
#define DLGC_DEFPUSHBUTTON 0x10
#define DLGC_WANTCHARS 0x80
#define DLGC_WANTALLKEYS 0x4
#define BN_CLICKED 0

extern HFONT WINAPI gdi32_CreateFontW(int, int, int, int, int, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD,
                                      DWORD, LPCWSTR);
extern HGDIOBJ WINAPI gdi32_GetStockObject(int);
extern HGDIOBJ WINAPI gdi32_SelectObject(HDC, HGDIOBJ);
extern BOOL WINAPI gdi32_GetTextMetricsW(HDC, TEXTMETRICW *);
extern BOOL WINAPI gdi32_GetTextExtentPoint32W(HDC, LPCWSTR, int, SIZE *);
extern HDC WINAPI user32_GetDC(HWND);
extern int WINAPI user32_ReleaseDC(HWND, HDC);
extern BOOL WINAPI user32_TranslateMessage(const MSG *);
extern LRESULT WINAPI user32_DispatchMessageW(const MSG *);
extern LRESULT WINAPI user32_DispatchMessageA(const MSG *);
extern void WINAPI user32_PostQuitMessage(int);
extern HWND WINAPI user32_SetFocus(HWND);
extern BOOL WINAPI user32_IsWindowEnabled(HWND);
extern HWND WINAPI user32_SetActiveWindow(HWND);

static LONG_PTR get_extra(struct window *w, int off)
{
    LONG_PTR v = 0;
    if (off + 8 <= w->cls->wnd_extra)
        memcpy(&v, w->extra + off, 8);
    return v;
}

static void set_extra(struct window *w, int off, LONG_PTR v)
{
    if (off + 8 <= w->cls->wnd_extra)
        memcpy(w->extra + off, &v, 8);
}

/* The dialog font's base units (pixels per 4 x-units, per 8 y-units). */
static void base_units(HFONT font, int *bx, int *by)
{
    HDC hdc = user32_GetDC(NULL);
    HGDIOBJ old = gdi32_SelectObject(hdc, font);
    static const WCHAR alphabet[] = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    SIZE sz = { 0, 0 };
    TEXTMETRICW tm = { 0 };
    gdi32_GetTextExtentPoint32W(hdc, alphabet, 52, &sz);
    gdi32_GetTextMetricsW(hdc, &tm);
    gdi32_SelectObject(hdc, old);
    user32_ReleaseDC(NULL, hdc);
    *bx = sz.cx ? (sz.cx / 26 + 1) / 2 : 6;
    *by = tm.tmHeight ? tm.tmHeight : 13;
}

LONG WINAPI user32_GetDialogBaseUnits(void)
{
    int bx, by;
    base_units(gdi32_GetStockObject(17), &bx, &by);
    return MAKELPARAM(bx, by);
}

/* ---- template parsing ------------------------------------------------------ */

static const WORD *align4(const WORD *p, const void *base)
{
    uintptr_t off = (uintptr_t)((const BYTE *)p - (const BYTE *)base);
    return (const WORD *)((const BYTE *)base + ((off + 3) & ~(uintptr_t)3));
}

/* A sz_Or_Ord field: 0 (none), 0xFFFF + ordinal, or a string. */
static const WORD *read_sz_or_ord(const WORD *p, const WCHAR **str, WORD *ord)
{
    *str = NULL;
    *ord = 0;
    if (p[0] == 0)
        return p + 1;
    if (p[0] == 0xffff) {
        *ord = p[1];
        return p + 2;
    }
    *str = p;
    return p + wstrlen(p) + 1;
}

struct dlg_item {
    DWORD style, exstyle, id;
    short x, y, cx, cy;
    const WCHAR *cls, *title;
    WORD cls_ord, title_ord;
    const void *data;
};

static HWND create_from_template(HINSTANCE inst, const void *tmpl, HWND owner, DLGPROC proc, LPARAM param, bool ansi)
{
    if (!tmpl) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    const WORD *p = tmpl;
    bool ex = p[0] == 1 && p[1] == 0xffff;
    DWORD style, exstyle;
    WORD count;
    short x, y, cx, cy;
    if (ex) {
        exstyle = *(const DWORD *)(p + 4);
        style = *(const DWORD *)(p + 6);
        count = p[8];
        x = (short)p[9], y = (short)p[10], cx = (short)p[11], cy = (short)p[12];
        p += 13;
    } else {
        style = *(const DWORD *)p;
        exstyle = *(const DWORD *)(p + 2);
        count = p[4];
        x = (short)p[5], y = (short)p[6], cx = (short)p[7], cy = (short)p[8];
        p += 9;
    }
    const WCHAR *menu, *cls, *title;
    WORD menu_ord, cls_ord, title_ord;
    p = read_sz_or_ord(p, &menu, &menu_ord);
    p = read_sz_or_ord(p, &cls, &cls_ord);
    p = read_sz_or_ord(p, &title, &title_ord);
    if (menu || menu_ord)
        FIXME("dialog menus are not implemented\n");
    HFONT font = gdi32_GetStockObject(17);
    bool own_font = false;
    if (style & DS_SETFONT) {
        WORD pt = *p++;
        WORD weight = 400;
        BYTE italic = 0;
        if (ex) {
            weight = *p++;
            italic = (BYTE)(*p & 0xff);
            p++;
        }
        const WCHAR *face = p;
        p += wstrlen(p) + 1;
        if (pt != 0x7fff) {
            font = gdi32_CreateFontW(-(pt * 96 + 36) / 72, 0, 0, 0, weight ? weight : 400, italic, 0, 0, 1, 0, 0, 0, 0,
                                     face);
            own_font = font != NULL;
            if (!font)
                font = gdi32_GetStockObject(17);
        }
    }
    int bx, by;
    base_units(font, &bx, &by);
    RECT r = { 0, 0, cx * bx / 4, cy * by / 8 };
    DWORD wstyle = style & ~(WS_VISIBLE | DS_SETFONT);
    if (!(wstyle & WS_CHILD))
        wstyle |= WS_POPUP;
    RECT ins;
    nc_insets(wstyle, exstyle, &ins);
    int wx = x * bx / 4, wy = y * by / 8;
    int ww = r.right + ins.left + ins.right, wh = r.bottom + ins.top + ins.bottom;
    struct window *ow = owner ? win_get_quiet(owner) : NULL;
    if (style & DS_CENTER || !ow) {
        int sw = 1024, sh = 768;
        user_screen_size(&sw, &sh);
        wx = (sw - ww) / 2;
        wy = (sh - wh) / 2;
    } else if (!(wstyle & WS_CHILD)) {
        wx += ow->client.left;
        wy += ow->client.top;
    }
    WCHAR dlg_class[] = u"#32770";
    HWND h = win_create(exstyle, cls ? cls : cls_ord ? (const WCHAR *)(uintptr_t)cls_ord : dlg_class, title, wstyle,
                        wx, wy, ww, wh, owner, NULL, inst, NULL, ansi);
    struct window *w = win_get_quiet(h);
    if (!w) {
        extern BOOL WINAPI gdi32_DeleteObject(HGDIOBJ);
        if (own_font)
            gdi32_DeleteObject(font);
        return NULL;
    }
    w->unicode = !ansi;
    w->font = font;
    w->font_owned = own_font;
    set_extra(w, DWLP_DLGPROC, (LONG_PTR)proc);
    /* Items. */
    HWND first_tab = NULL;
    for (WORD i = 0; i < count; i++) {
        struct dlg_item it = { 0 };
        p = align4(p, tmpl);
        if (ex) {
            it.exstyle = *(const DWORD *)(p + 2);
            it.style = *(const DWORD *)(p + 4);
            it.x = (short)p[6], it.y = (short)p[7], it.cx = (short)p[8], it.cy = (short)p[9];
            it.id = *(const DWORD *)(p + 10);
            p += 12;
        } else {
            it.style = *(const DWORD *)p;
            it.exstyle = *(const DWORD *)(p + 2);
            it.x = (short)p[4], it.y = (short)p[5], it.cx = (short)p[6], it.cy = (short)p[7];
            it.id = p[8];
            p += 9;
        }
        p = read_sz_or_ord(p, &it.cls, &it.cls_ord);
        p = read_sz_or_ord(p, &it.title, &it.title_ord);
        WORD extra = *p++;
        it.data = extra ? p : NULL;
        p = (const WORD *)((const BYTE *)p + extra);
        static const WCHAR *const atoms[] = { u"Button", u"Edit", u"Static", u"ListBox", u"ScrollBar", u"ComboBox" };
        const WCHAR *icls = it.cls;
        if (!icls && it.cls_ord >= 0x80 && it.cls_ord <= 0x85)
            icls = atoms[it.cls_ord - 0x80];
        if (!icls) {
            FIXME("item class ordinal %#x\n", it.cls_ord);
            continue;
        }
        HWND c = win_create(it.exstyle, icls, it.title ? it.title : (const WCHAR *)u"", it.style | WS_CHILD,
                            it.x * bx / 4, it.y * by / 8, it.cx * bx / 4, it.cy * by / 8, h,
                            (HMENU)(uintptr_t)it.id, inst, (void *)it.data, false);
        if (!c) {
            char name[64] = "?";
            if (icls)
                utf16_to_utf8(icls, -1, name, sizeof name);
            name[sizeof name - 1] = 0;
            WARN("dialog item class %s could not be created\n", name);
            user32_DestroyWindow(h);
            return NULL;
        }
        msg_send(c, WM_SETFONT, (WPARAM)font, 0, false);
        if (!first_tab && (it.style & WS_TABSTOP) && !(it.style & WS_DISABLED))
            first_tab = c;
    }
    if (!win_get_quiet(h))
        return NULL;
    /* WM_INITDIALOG: TRUE means "give the focus to wParam's control". */
    if (msg_send(h, WM_INITDIALOG, (WPARAM)first_tab, param, false) && first_tab && win_get_quiet(first_tab))
        user32_SetFocus(first_tab);
    if (!win_get_quiet(h))
        return NULL;
    if (style & WS_VISIBLE)
        user32_ShowWindow(h, 5);
    return h;
}

/* The modal loop shared with MessageBox: runs until EndDialog. */
INT_PTR dlg_run_modal(HWND h, HWND owner)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        return -1;
    bool owner_was_enabled = owner && user32_IsWindowEnabled(owner);
    if (owner_was_enabled)
        user32_EnableWindow(owner, FALSE);
    if (!w->dlg_ended)
        user32_ShowWindow(h, 5);
    MSG m;
    while ((w = win_get_quiet(h)) && !w->dlg_ended) {
        msg_pump_one(&m, NULL, true, true);
        if (m.message == WM_QUIT) {
            extern void WINAPI user32_PostQuitMessage(int);
            user32_PostQuitMessage((int)m.wParam);   /* for the program's own loop */
            break;
        }
        extern BOOL WINAPI user32_IsDialogMessageW(HWND, MSG *);
        if (!user32_IsDialogMessageW(h, &m)) {
            user32_TranslateMessage(&m);
            user32_DispatchMessageW(&m);
        }
    }
    INT_PTR result = w ? w->dlg_result : -1;
    if (owner_was_enabled && win_get_quiet(owner)) {
        user32_EnableWindow(owner, TRUE);
        user32_SetActiveWindow(owner);
    }
    if (w)
        user32_DestroyWindow(h);
    return result;
}

INT_PTR WINAPI user32_DialogBoxIndirectParamW(HINSTANCE inst, const void *tmpl, HWND owner, DLGPROC proc, LPARAM param)
{
    HWND h = create_from_template(inst, tmpl, owner, proc, param, false);
    if (!h)
        return -1;
    return dlg_run_modal(h, owner);
}

INT_PTR WINAPI user32_DialogBoxIndirectParamA(HINSTANCE inst, const void *tmpl, HWND owner, DLGPROC proc, LPARAM param)
{
    HWND h = create_from_template(inst, tmpl, owner, proc, param, true);
    if (!h)
        return -1;
    return dlg_run_modal(h, owner);
}

HWND WINAPI user32_CreateDialogIndirectParamW(HINSTANCE inst, const void *tmpl, HWND owner, DLGPROC proc, LPARAM param)
{
    return create_from_template(inst, tmpl, owner, proc, param, false);
}

HWND WINAPI user32_CreateDialogIndirectParamA(HINSTANCE inst, const void *tmpl, HWND owner, DLGPROC proc, LPARAM param)
{
    return create_from_template(inst, tmpl, owner, proc, param, true);
}

BOOL WINAPI user32_EndDialog(HWND h, INT_PTR result)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    w->dlg_result = result;
    w->dlg_ended = true;
    user32_ShowWindow(h, 0);
    return TRUE;
}

/* The #32770 class procedure: the program's DLGPROC first, then defaults. */
LRESULT WINAPI dlg_default_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    struct window *w = win_get_quiet(h);
    if (!w)
        return 0;
    DLGPROC proc = (DLGPROC)get_extra(w, DWLP_DLGPROC);
    bool ansi = !w->unicode;
    if (proc) {
        set_extra(w, DWLP_MSGRESULT, 0);
        INT_PTR r = proc(h, msg, wp, lp);
        if (!win_get_quiet(h))
            return r;
        if (r) {
            switch (msg) {
            case WM_CTLCOLOREDIT: case WM_CTLCOLORBTN: case WM_CTLCOLORDLG: case WM_CTLCOLORSTATIC:
            case WM_INITDIALOG:
                return r;
            }
            return get_extra(w, DWLP_MSGRESULT);
        }
    }
    switch (msg) {
    case WM_INITDIALOG:
        return 0;
    case WM_CLOSE: {
        /* Closing a dialog is pressing Cancel. */
        HWND cancel = user32_GetDlgItem(h, IDCANCEL);
        msg_send(h, WM_COMMAND, IDCANCEL, (LPARAM)cancel, false);
        return 0;
    }
    case WM_ERASEBKGND:
        return paint_default_erase(w, (HDC)wp);
    }
    return ansi ? user32_DefWindowProcA(h, msg, wp, lp) : user32_DefWindowProcW(h, msg, wp, lp);
}

LRESULT WINAPI user32_DefDlgProcW(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    return dlg_default_proc(h, msg, wp, lp);
}

LRESULT WINAPI user32_DefDlgProcA(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    return dlg_default_proc(h, msg, wp, lp);
}

static struct window *next_tab(struct window *dlg, struct window *from, bool back)
{
    struct window *items[256];
    int n = 0, cur = -1;
    for (struct window *c = win_next(NULL); c && n < 256; c = win_next(c)) {
        if (c->parent != dlg)
            continue;
        if (c == from)
            cur = n;
        items[n++] = c;
    }
    for (int k = 1; k <= n; k++) {
        int i = ((cur < 0 ? (back ? 0 : -1) : cur) + (back ? -k : k) + 2 * n) % n;
        struct window *c = items[i];
        if ((c->style & WS_TABSTOP) && (c->style & WS_VISIBLE) && !(c->style & WS_DISABLED))
            return c;
    }
    return NULL;
}

BOOL WINAPI user32_IsDialogMessageW(HWND h, MSG *m)
{
    struct window *dlg = win_get_quiet(h);
    if (!dlg || !m)
        return FALSE;
    struct window *t = win_get_quiet(m->hwnd);
    if (!t || (t != dlg && win_toplevel(t) != dlg))
        return FALSE;
    if (m->message == WM_KEYDOWN || m->message == WM_CHAR) {
        LRESULT code = t != dlg ? msg_send(t->hwnd, WM_GETDLGCODE, m->wParam, (LPARAM)m, false) : 0;
        if (!(code & DLGC_WANTALLKEYS)) {
            if (m->wParam == VK_TAB) {
                if (m->message == WM_KEYDOWN) {
                    extern int16_t WINAPI user32_GetKeyState(int);
                    struct window *n = next_tab(dlg, t, user32_GetKeyState(0x10) < 0);
                    if (n)
                        user32_SetFocus(n->hwnd);
                }
                return TRUE;
            }
            if (m->wParam == VK_RETURN) {
                if (m->message == WM_KEYDOWN) {
                    /* The focused push button, else the default one, else IDOK. */
                    int id = IDOK;
                    HWND btn = NULL;
                    if (t != dlg && (code & 0x2000) && (code & (DLGC_DEFPUSHBUTTON | 0x20))) {
                        id = (int)t->id;
                        btn = t->hwnd;
                    } else {
                        for (struct window *c = win_next(NULL); c; c = win_next(c))
                            if (c->parent == dlg && (msg_send(c->hwnd, WM_GETDLGCODE, 0, 0, false) & DLGC_DEFPUSHBUTTON)) {
                                id = (int)c->id;
                                btn = c->hwnd;
                                break;
                            }
                    }
                    msg_send(h, WM_COMMAND, ((WPARAM)BN_CLICKED << 16) | (WORD)id, (LPARAM)btn, false);
                }
                return TRUE;
            }
            if (m->wParam == VK_ESCAPE) {
                if (m->message == WM_KEYDOWN)
                    msg_send(h, WM_COMMAND, IDCANCEL, (LPARAM)user32_GetDlgItem(h, IDCANCEL), false);
                return TRUE;
            }
        }
    }
    user32_TranslateMessage(m);
    user32_DispatchMessageW(m);
    return TRUE;
}

BOOL WINAPI user32_IsDialogMessageA(HWND h, MSG *m)
{
    return user32_IsDialogMessageW(h, m);
}

/* ---- item helpers ------------------------------------------------------------ */

LRESULT WINAPI user32_SendDlgItemMessageW(HWND h, int id, UINT msg, WPARAM wp, LPARAM lp)
{
    HWND c = user32_GetDlgItem(h, id);
    return c ? msg_send(c, msg, wp, lp, false) : 0;
}

LRESULT WINAPI user32_SendDlgItemMessageA(HWND h, int id, UINT msg, WPARAM wp, LPARAM lp)
{
    HWND c = user32_GetDlgItem(h, id);
    return c ? msg_send(c, msg, wp, lp, true) : 0;
}

BOOL WINAPI user32_SetDlgItemTextW(HWND h, int id, LPCWSTR s)
{
    HWND c = user32_GetDlgItem(h, id);
    return c ? (BOOL)msg_send(c, WM_SETTEXT, 0, (LPARAM)s, false) : FALSE;
}

BOOL WINAPI user32_SetDlgItemTextA(HWND h, int id, LPCSTR s)
{
    HWND c = user32_GetDlgItem(h, id);
    return c ? (BOOL)msg_send(c, WM_SETTEXT, 0, (LPARAM)s, true) : FALSE;
}

UINT WINAPI user32_GetDlgItemTextW(HWND h, int id, LPWSTR out, int n)
{
    if (out && n > 0)
        out[0] = 0;
    HWND c = user32_GetDlgItem(h, id);
    if (!c || !out || n <= 0)
        return 0;
    return (UINT)msg_send(c, WM_GETTEXT, n, (LPARAM)out, false);
}

UINT WINAPI user32_GetDlgItemTextA(HWND h, int id, LPSTR out, int n)
{
    if (out && n > 0)
        out[0] = 0;
    HWND c = user32_GetDlgItem(h, id);
    if (!c || !out || n <= 0)
        return 0;
    return (UINT)msg_send(c, WM_GETTEXT, n, (LPARAM)out, true);
}

UINT WINAPI user32_GetDlgItemInt(HWND h, int id, BOOL *ok, BOOL is_signed)
{
    WCHAR buf[64];
    if (ok)
        *ok = FALSE;
    if (!user32_GetDlgItemTextW(h, id, buf, 64) && !buf[0])
        return 0;
    const WCHAR *p = buf;
    while (*p == ' ')
        p++;
    bool neg = false;
    if (is_signed && *p == '-') {
        neg = true;
        p++;
    }
    if (*p < '0' || *p > '9')
        return 0;
    unsigned long long v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > 0xffffffffull)
            return 0;
    }
    while (*p == ' ')
        p++;
    if (*p)
        return 0;
    if (is_signed && v > (neg ? 0x80000000ull : 0x7fffffffull))
        return 0;
    if (ok)
        *ok = TRUE;
    return neg ? (UINT)(-(long long)v) : (UINT)v;
}

BOOL WINAPI user32_SetDlgItemInt(HWND h, int id, UINT v, BOOL is_signed)
{
    char buf[32];
    WCHAR w[32];
    if (is_signed)
        snprintf(buf, sizeof buf, "%d", (int)v);
    else
        snprintf(buf, sizeof buf, "%u", v);
    for (int i = 0; i < 32; i++)
        if (!(w[i] = (BYTE)buf[i]))
            break;
    return user32_SetDlgItemTextW(h, id, w);
}

BOOL WINAPI user32_CheckDlgButton(HWND h, int id, UINT check)
{
    HWND c = user32_GetDlgItem(h, id);
    if (!c)
        return FALSE;
    msg_send(c, 0xF1 /* BM_SETCHECK */, check, 0, false);
    return TRUE;
}

UINT WINAPI user32_IsDlgButtonChecked(HWND h, int id)
{
    HWND c = user32_GetDlgItem(h, id);
    return c ? (UINT)msg_send(c, 0xF0 /* BM_GETCHECK */, 0, 0, false) : 0;
}

BOOL WINAPI user32_MapDialogRect(HWND h, RECT *r)
{
    struct window *w = win_get(h);
    if (!w || !r)
        return FALSE;
    int bx, by;
    base_units(w->font ? w->font : gdi32_GetStockObject(17), &bx, &by);
    r->left = r->left * bx / 4;
    r->right = r->right * bx / 4;
    r->top = r->top * by / 8;
    r->bottom = r->bottom * by / 8;
    return TRUE;
}

/* ---- dialogs from the module's resources (RT_DIALOG) ---------------------- */

#define RT_DIALOG_ ((const WCHAR *)(uintptr_t)5)

/* The template of dialog `name` in module inst (NULL: the exe). */
static const void *dialog_resource(HINSTANCE inst, const WCHAR *name)
{
    const void *entry = res_find(inst, RT_DIALOG_, name, 0xffff);
    if (!entry)
        return NULL;    /* res_find set ERROR_RESOURCE_NAME_NOT_FOUND & co. */
    DWORD size = 0;
    return res_data(inst, entry, &size);
}

static const void *dialog_resource_a(HINSTANCE inst, LPCSTR name)
{
    if (IS_INTRESOURCE(name))
        return dialog_resource(inst, (const WCHAR *)name);
    WCHAR *w = acp_to_wide(name);
    const void *t = w ? dialog_resource(inst, w) : NULL;
    free(w);
    return t;
}

INT_PTR WINAPI user32_DialogBoxParamW(HINSTANCE inst, LPCWSTR name, HWND owner, DLGPROC proc, LPARAM param)
{
    const void *t = dialog_resource(inst, name);
    return t ? user32_DialogBoxIndirectParamW(inst, t, owner, proc, param) : -1;
}

INT_PTR WINAPI user32_DialogBoxParamA(HINSTANCE inst, LPCSTR name, HWND owner, DLGPROC proc, LPARAM param)
{
    const void *t = dialog_resource_a(inst, name);
    return t ? user32_DialogBoxIndirectParamA(inst, t, owner, proc, param) : -1;
}

HWND WINAPI user32_CreateDialogParamW(HINSTANCE inst, LPCWSTR name, HWND owner, DLGPROC proc, LPARAM param)
{
    const void *t = dialog_resource(inst, name);
    return t ? user32_CreateDialogIndirectParamW(inst, t, owner, proc, param) : NULL;
}

HWND WINAPI user32_CreateDialogParamA(HINSTANCE inst, LPCSTR name, HWND owner, DLGPROC proc, LPARAM param)
{
    const void *t = dialog_resource_a(inst, name);
    return t ? user32_CreateDialogIndirectParamA(inst, t, owner, proc, param) : NULL;
}
