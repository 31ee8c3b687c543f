/*
 * user32/caret.c - the system caret: CreateCaret, DestroyCaret, SetCaretPos,
 * GetCaretPos, ShowCaret, HideCaret, Get/SetCaretBlinkTime. One caret per
 * (GUI) thread, drawn by inverting its rectangle in the window, as Windows
 * does; BeginPaint takes it off the window and EndPaint puts it back
 * (paint.c calls caret_paint_begin/end). The caret does not blink: a steady
 * caret keeps screenshots deterministic, and nothing in a program's logic
 * depends on the blink.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

DEBUG_CHANNEL(caret);

extern BOOL WINAPI user32_InvertRect(HDC hdc, const RECT *r);

static struct {
    HWND hwnd;
    int x, y, w, h;
    int hide_count;     /* shown when 0; CreateCaret starts hidden (1) */
    bool drawn;
} caret;

static UINT blink_time = 530;

static void invert(void)
{
    struct window *w = win_get_quiet(caret.hwnd);
    if (!w)
        return;
    HDC hdc = paint_get_dc(w, true, NULL);
    if (!hdc)
        return;
    RECT r = { caret.x, caret.y, caret.x + caret.w, caret.y + caret.h };
    user32_InvertRect(hdc, &r);
    paint_release_dc(hdc);
    caret.drawn = !caret.drawn;
}

static void set_drawn(bool on)
{
    if (caret.drawn != on)
        invert();
}

void caret_paint_begin(HWND h)
{
    if (caret.hwnd == h)
        set_drawn(false);
}

void caret_paint_end(HWND h)
{
    if (caret.hwnd == h && caret.hide_count == 0)
        set_drawn(true);
}

void caret_window_destroyed(HWND h)
{
    if (caret.hwnd == h) {
        caret.hwnd = NULL;
        caret.drawn = false;
    }
}

BOOL WINAPI user32_CreateCaret(HWND h, HBITMAP bmp, int w, int hgt)
{
    if (!win_get(h))
        return FALSE;
    if (bmp && bmp != (HBITMAP)1)
        FIXME("bitmap carets are drawn as solid rectangles\n");
    if (caret.hwnd) {
        set_drawn(false);
        caret.hwnd = NULL;
    }
    caret.hwnd = h;
    caret.w = w > 0 ? w : 1;        /* SM_CXBORDER */
    caret.h = hgt > 0 ? hgt : 1;
    caret.x = caret.y = 0;
    caret.hide_count = 1;
    caret.drawn = false;
    return TRUE;
}

BOOL WINAPI user32_DestroyCaret(void)
{
    if (!caret.hwnd) {
        set_last_error(ERROR_ACCESS_DENIED);   /* as for a caret the thread does not own */
        return FALSE;
    }
    set_drawn(false);
    caret.hwnd = NULL;
    return TRUE;
}

BOOL WINAPI user32_SetCaretPos(int x, int y)
{
    if (!caret.hwnd)
        return FALSE;
    bool was = caret.drawn;
    set_drawn(false);
    caret.x = x;
    caret.y = y;
    if (was)
        set_drawn(true);
    return TRUE;
}

BOOL WINAPI user32_GetCaretPos(POINT *p)
{
    if (!caret.hwnd || !p)
        return FALSE;
    p->x = caret.x;
    p->y = caret.y;
    return TRUE;
}

BOOL WINAPI user32_ShowCaret(HWND h)
{
    if (!caret.hwnd || (h && h != caret.hwnd)) {
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (caret.hide_count > 0 && --caret.hide_count == 0)
        set_drawn(true);
    return TRUE;
}

BOOL WINAPI user32_HideCaret(HWND h)
{
    if (!caret.hwnd || (h && h != caret.hwnd)) {
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    caret.hide_count++;
    set_drawn(false);
    return TRUE;
}

UINT WINAPI user32_GetCaretBlinkTime(void)
{
    return blink_time;
}

BOOL WINAPI user32_SetCaretBlinkTime(UINT ms)
{
    blink_time = ms;
    return TRUE;
}
