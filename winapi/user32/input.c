/*
 * user32/input.c - keyboard focus, activation, mouse capture and input state:
 * SetFocus/GetFocus, Get/SetActiveWindow, Get/SetForegroundWindow,
 * SetCapture/ReleaseCapture/GetCapture, GetKeyState/GetAsyncKeyState (from
 * the key events x11.c has seen), GetCursorPos.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

DEBUG_CHANNEL(input);

HWND focus_hwnd, capture_hwnd, active_hwnd;
extern BYTE key_state[256];          /* message.c */
extern BYTE async_key_state[256];    /* x11.c */

void focus_set(HWND h)
{
    HWND old = focus_hwnd;
    if (old == h)
        return;
    focus_hwnd = h;
    if (old && win_get_quiet(old))
        msg_send(old, WM_KILLFOCUS, (WPARAM)h, 0, false);
    if (h && win_get_quiet(h) && focus_hwnd == h)
        msg_send(h, WM_SETFOCUS, (WPARAM)old, 0, false);
}

HWND WINAPI user32_SetFocus(HWND h)
{
    HWND old = focus_hwnd;
    if (h) {
        struct window *w = win_get(h);
        if (!w)
            return NULL;
        if (w->style & WS_DISABLED)
            return NULL;
        struct window *top = win_toplevel(w);
        if (active_hwnd != top->hwnd) {
            active_hwnd = top->hwnd;
            msg_send(top->hwnd, WM_ACTIVATE, 1, 0, false);
        }
    }
    focus_set(h);
    return old;
}

HWND WINAPI user32_GetFocus(void)
{
    return focus_hwnd;
}

HWND WINAPI user32_GetActiveWindow(void)
{
    return active_hwnd;
}

HWND WINAPI user32_SetActiveWindow(HWND h)
{
    HWND old = active_hwnd;
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    w = win_toplevel(w);
    if (active_hwnd != w->hwnd) {
        active_hwnd = w->hwnd;
        msg_send(w->hwnd, WM_ACTIVATE, 1, 0, false);
    }
    return old;
}

HWND WINAPI user32_GetForegroundWindow(void)
{
    return active_hwnd;
}

BOOL WINAPI user32_SetForegroundWindow(HWND h)
{
    return user32_SetActiveWindow(h) != NULL || active_hwnd == h;
}

HWND WINAPI user32_SetCapture(HWND h)
{
    HWND old = capture_hwnd;
    if (h && !win_get(h))
        return NULL;
    capture_hwnd = h;
    return old;
}

BOOL WINAPI user32_ReleaseCapture(void)
{
    capture_hwnd = NULL;
    return TRUE;
}

HWND WINAPI user32_GetCapture(void)
{
    return capture_hwnd;
}

int16_t WINAPI user32_GetKeyState(int vk)
{
    if (vk < 0 || vk > 255)
        return 0;
    /* VK_LSHIFT & co. share the generic key's state. */
    int v = vk;
    if (vk == 0xA0 || vk == 0xA1) v = 0x10;
    if (vk == 0xA2 || vk == 0xA3) v = 0x11;
    if (vk == 0xA4 || vk == 0xA5) v = 0x12;
    return (int16_t)(((key_state[v] & 0x80) ? 0x8000 : 0) | (key_state[v] & 1));
}

int16_t WINAPI user32_GetAsyncKeyState(int vk)
{
    x11_events(0);
    if (vk < 0 || vk > 255)
        return 0;
    return (int16_t)((async_key_state[vk] & 0x80) ? 0x8000 : 0);
}

BOOL WINAPI user32_GetCursorPos(POINT *p)
{
    if (!p) {
        set_last_error(998);
        return FALSE;
    }
    *p = msg_cursor;
    return TRUE;
}
