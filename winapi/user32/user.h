/*
 * user32/user.h - user32's internal model: window classes, windows, the
 * message queue and the X11 backend, shared by the user32 files (class.c,
 * window.c, message.c, paint.c, x11.c, controls.c, dialog.c, msgbox.c ...).
 *
 * Windows live in their own handle table (HWND = 0x20000 + 2*index). Only
 * top-level windows have an X window; a child window is a rectangle of its
 * top-level window's backing store (a gdi32 surface the size of the client
 * area), so a DC on any window is a gdi32 DC with an origin and a clip.
 * Window rectangles are kept relative to the parent's client area (the
 * screen for top-level windows). One GUI thread: the queue is the process's.
 */
#ifndef MIMIC_WINAPI_USER32_USER_H
#define MIMIC_WINAPI_USER32_USER_H

#include "winapi/wintypes.h"
#include "winapi/gdi32/gdi.h"

typedef void *HWND, *HMENU, *HICON, *HCURSOR;
typedef LONG_PTR LRESULT, LPARAM;
typedef UINT_PTR WPARAM;
typedef WORD ATOM;
typedef LRESULT (WINAPI *WNDPROC)(HWND, UINT, WPARAM, LPARAM);
typedef void (WINAPI *TIMERPROC)(HWND, UINT, UINT_PTR, DWORD);

typedef struct {
    HWND hwnd;
    UINT message;
    WPARAM wParam;
    LPARAM lParam;
    DWORD time;
    POINT pt;
    DWORD lPrivate;
} MSG;
_Static_assert(sizeof(MSG) == 48, "MSG");

typedef struct {
    void *lpCreateParams;
    HINSTANCE hInstance;
    HMENU hMenu;
    HWND hwndParent;
    int cy, cx, y, x;
    LONG style;
    const void *lpszName;
    const void *lpszClass;
    DWORD dwExStyle;
} CREATESTRUCT;
_Static_assert(sizeof(CREATESTRUCT) == 80, "CREATESTRUCT");

typedef struct {
    HDC hdc;
    BOOL fErase;
    RECT rcPaint;
    BOOL fRestore, fIncUpdate;
    BYTE rgbReserved[32];
} PAINTSTRUCT;
_Static_assert(sizeof(PAINTSTRUCT) == 72, "PAINTSTRUCT");

#define LOWORD(l) ((WORD)((ULONG_PTR)(l) & 0xffff))
#define HIWORD(l) ((WORD)(((ULONG_PTR)(l) >> 16) & 0xffff))
#define MAKELPARAM(l, h) ((LPARAM)(DWORD)(((WORD)(l)) | ((DWORD)(WORD)(h) << 16)))
#define IS_INTRESOURCE(p) (((uintptr_t)(p) >> 16) == 0)

/* Messages. */
#define WM_NULL 0x0000
#define WM_CREATE 0x0001
#define WM_DESTROY 0x0002
#define WM_MOVE 0x0003
#define WM_SIZE 0x0005
#define WM_ACTIVATE 0x0006
#define WM_SETFOCUS 0x0007
#define WM_KILLFOCUS 0x0008
#define WM_ENABLE 0x000A
#define WM_SETTEXT 0x000C
#define WM_GETTEXT 0x000D
#define WM_GETTEXTLENGTH 0x000E
#define WM_PAINT 0x000F
#define WM_CLOSE 0x0010
#define WM_QUIT 0x0012
#define WM_ERASEBKGND 0x0014
#define WM_SHOWWINDOW 0x0018
#define WM_SETCURSOR 0x0020
#define WM_GETMINMAXINFO 0x0024
#define WM_SETFONT 0x0030
#define WM_GETFONT 0x0031
#define WM_WINDOWPOSCHANGED 0x0047
#define WM_NCCREATE 0x0081
#define WM_NCDESTROY 0x0082
#define WM_NCCALCSIZE 0x0083
#define WM_NCPAINT 0x0085
#define WM_GETDLGCODE 0x0087
#define WM_KEYDOWN 0x0100
#define WM_KEYUP 0x0101
#define WM_CHAR 0x0102
#define WM_SYSKEYDOWN 0x0104
#define WM_SYSKEYUP 0x0105
#define WM_SYSCHAR 0x0106
#define WM_INITDIALOG 0x0110
#define WM_COMMAND 0x0111
#define WM_SYSCOMMAND 0x0112
#define WM_TIMER 0x0113
#define WM_CTLCOLOREDIT 0x0133
#define WM_CTLCOLORDLG 0x0136
#define WM_CTLCOLORSTATIC 0x0138
#define WM_CTLCOLORBTN 0x0135
#define WM_MOUSEMOVE 0x0200
#define WM_LBUTTONDOWN 0x0201
#define WM_LBUTTONUP 0x0202
#define WM_LBUTTONDBLCLK 0x0203
#define WM_RBUTTONDOWN 0x0204
#define WM_RBUTTONUP 0x0205
#define WM_MBUTTONDOWN 0x0207
#define WM_MBUTTONUP 0x0208
#define WM_MOUSEWHEEL 0x020A
#define WM_USER 0x0400

#define SC_CLOSE 0xF060

/* Styles. */
#define WS_OVERLAPPED 0x00000000u
#define WS_POPUP 0x80000000u
#define WS_CHILD 0x40000000u
#define WS_VISIBLE 0x10000000u
#define WS_DISABLED 0x08000000u
#define WS_CLIPCHILDREN 0x02000000u
#define WS_CAPTION 0x00C00000u
#define WS_BORDER 0x00800000u
#define WS_DLGFRAME 0x00400000u
#define WS_SYSMENU 0x00080000u
#define WS_THICKFRAME 0x00040000u
#define WS_TABSTOP 0x00010000u
#define WS_EX_DLGMODALFRAME 0x00000001u
#define WS_EX_CLIENTEDGE 0x00000200u

#define CW_USEDEFAULT ((int)0x80000000)

struct wclass {
    struct wclass *next;
    WCHAR name[256];
    ATOM atom;
    UINT style;
    WNDPROC proc;
    bool unicode;
    int cls_extra, wnd_extra;
    HINSTANCE inst;
    HICON icon, icon_sm;
    HCURSOR cursor;
    HBRUSH background;
    bool system;            /* BUTTON, STATIC, EDIT, #32770: registered by user32 */
    BYTE *extra;
};

struct window {
    HWND hwnd;
    struct wclass *cls;
    WNDPROC proc;
    bool unicode;           /* the window procedure takes W messages */
    DWORD style, exstyle;
    struct window *parent, *owner;
    ULONG_PTR id;           /* child id (hMenu of a child) */
    HINSTANCE inst;
    RECT rect;              /* window rectangle, parent client coordinates */
    RECT client;            /* client rectangle, same coordinates */
    WCHAR *text;
    LONG_PTR userdata;
    BYTE *extra;
    RECT update;            /* invalid area, client coordinates */
    bool erase, nc_dirty;
    bool destroying;
    int in_paint;
    HFONT font;             /* WM_SETFONT, for controls; a dialog's own font */
    bool font_owned;        /* a dialog created it from its template: deleted with it */
    LONG_PTR dlg_result;    /* dialogs: EndDialog */
    bool dlg_ended;
    void *ctl;              /* controls' private state */
    /* Top-level windows only. */
    unsigned long xwin;
    struct surface surf;
    bool mapped;
};

/* Window table (window.c). */
struct window *win_get(HWND h);             /* NULL + ERROR_INVALID_WINDOW_HANDLE */
struct window *win_get_quiet(HWND h);
struct window *win_toplevel(struct window *w);
struct window *win_next(struct window *prev);   /* iterate all windows in creation order */
bool win_visible(struct window *w);         /* it and all its ancestors are WS_VISIBLE */
void win_client_origin(struct window *w, int *x, int *y);   /* client (0,0) in its top-level's surface */
void win_invalidate(struct window *w, const RECT *r, bool erase);  /* client coords; NULL: all; children too */
HWND win_child_at(struct window *top, int x, int y, int *cx, int *cy); /* deepest visible enabled child */
void win_resized_by_host(struct window *w, int x, int y, int width, int height);
HWND win_create(DWORD exstyle, const WCHAR *cls, const WCHAR *title, DWORD style, int x, int y, int cx, int cy,
                HWND parent, HMENU menu, HINSTANCE inst, void *param, bool ansi_call);
void win_set_text(struct window *w, const WCHAR *text);
#define ERROR_INVALID_WINDOW_HANDLE 1400
#define ERROR_CLASS_ALREADY_EXISTS 1410
#define ERROR_CLASS_DOES_NOT_EXIST 1411
#define ERROR_CLASS_HAS_WINDOWS 1412
#define ERROR_CANNOT_FIND_WND_CLASS 1407
#define ERROR_TLW_WITH_WSCHILD 1406
#define ERROR_NO_SCROLLBARS 1447
#define ERROR_INVALID_INDEX 1413

/* Classes (class.c). */
struct wclass *class_find(const WCHAR *name, HINSTANCE inst);   /* name may be an atom */
void class_register_system(void);

/* Messages (message.c). */
LRESULT msg_send(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool ansi);
LRESULT msg_call_proc(struct window *w, WNDPROC proc, bool proc_unicode, UINT msg, WPARAM wp, LPARAM lp, bool ansi);
bool msg_post(HWND h, UINT msg, WPARAM wp, LPARAM lp);
void msg_remove_window(HWND h);             /* its posted messages and timers */
bool msg_pump_one(MSG *out, HWND filter, bool remove, bool wait);   /* for modal loops */
DWORD msg_time(void);
extern POINT msg_cursor;                    /* last pointer position, screen */
extern HWND focus_hwnd, capture_hwnd, active_hwnd;
void focus_set(HWND h);

/* Painting (paint.c). */
LRESULT paint_default_erase(struct window *w, HDC hdc);
HDC paint_get_dc(struct window *w, bool client, const RECT *clip);
void paint_release_dc(HDC hdc);
void paint_nc(struct window *w);            /* child borders */
void user_draw_edge(HDC hdc, RECT r, bool sunken);
int user_draw_text(HDC hdc, const WCHAR *s, int n, RECT *r, UINT fmt);

/* The caret (caret.c). */
void caret_paint_begin(HWND h);
void caret_paint_end(HWND h);
void caret_window_destroyed(HWND h);

/* X11 backend (x11.c). */
bool x11_available(void);                   /* opens the display on first use */
bool x11_create(struct window *w);
void x11_destroy(struct window *w);
void x11_show(struct window *w, bool show);
void x11_set_title(struct window *w);
void x11_move_resize(struct window *w);
void x11_flush(void);                       /* blit dirty backing stores */
/* Turn pending X events into messages; wait up to timeout_ms (-1: forever) if none. */
void x11_events(int timeout_ms);
int user_screen_size(int *w, int *h);

/* Non-client geometry (metrics.c). */
void nc_insets(DWORD style, DWORD exstyle, RECT *ins);
COLORREF user_sys_color(int index);
HBRUSH user_sys_brush(int index);
#define COLOR_WINDOW 5
#define COLOR_WINDOWTEXT 8
#define COLOR_BTNFACE 15
#define COLOR_BTNSHADOW 16
#define COLOR_GRAYTEXT 17
#define COLOR_BTNTEXT 18
#define COLOR_BTNHIGHLIGHT 20
#define COLOR_3DDKSHADOW 21
#define COLOR_HIGHLIGHT 13
#define COLOR_HIGHLIGHTTEXT 14

/* Controls (controls.c). */
LRESULT WINAPI ctl_button_proc(HWND, UINT, WPARAM, LPARAM);
LRESULT WINAPI ctl_static_proc(HWND, UINT, WPARAM, LPARAM);
LRESULT WINAPI ctl_edit_proc(HWND, UINT, WPARAM, LPARAM);
LRESULT WINAPI dlg_default_proc(HWND, UINT, WPARAM, LPARAM);

/* Exported functions that other user32 files call. */
LRESULT WINAPI user32_DefWindowProcW(HWND h, UINT msg, WPARAM wp, LPARAM lp);
LRESULT WINAPI user32_DefWindowProcA(HWND h, UINT msg, WPARAM wp, LPARAM lp);
BOOL WINAPI user32_DestroyWindow(HWND h);
BOOL WINAPI user32_ShowWindow(HWND h, int cmd);
BOOL WINAPI user32_UpdateWindow(HWND h);
BOOL WINAPI user32_InvalidateRect(HWND h, const RECT *r, BOOL erase);
BOOL WINAPI user32_GetClientRect(HWND h, RECT *r);
int WINAPI user32_FillRect(HDC hdc, const RECT *r, HBRUSH br);
int WINAPI user32_FrameRect(HDC hdc, const RECT *r, HBRUSH br);
HWND WINAPI user32_GetDlgItem(HWND h, int id);
BOOL WINAPI user32_EnableWindow(HWND h, BOOL enable);
BOOL WINAPI user32_IsWindow(HWND h);
HICON WINAPI user32_LoadIconW(HINSTANCE inst, LPCWSTR name);
HCURSOR WINAPI user32_LoadCursorW(HINSTANCE inst, LPCWSTR name);

#endif
