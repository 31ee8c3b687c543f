/*
 * user32/paint.c - painting: GetDC/GetWindowDC/ReleaseDC, BeginPaint/EndPaint,
 * InvalidateRect/ValidateRect/GetUpdateRect/UpdateWindow/RedrawWindow, and
 * the user32 drawing helpers FillRect, FrameRect, DrawEdge.
 *
 * A window DC is a gdi32 DC on the top-level backing store whose origin is
 * the window's client (0,0) and whose clip is the client area (limited by
 * every ancestor's). BeginPaint's DC is further clipped to the update
 * rectangle, as Windows clips to the update region. What is drawn reaches X
 * when the message loop next looks for messages (x11_flush).
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(paint);

/* The client area of w in its top-level surface, clipped by its ancestors. */
static bool client_in_surface(struct window *w, RECT *out)
{
    int ox, oy;
    win_client_origin(w, &ox, &oy);
    RECT r = { ox, oy, ox + (w->client.right - w->client.left), oy + (w->client.bottom - w->client.top) };
    for (struct window *p = w->parent; p; p = p->parent) {
        int px, py;
        win_client_origin(p, &px, &py);
        RECT pr = { px, py, px + (p->client.right - p->client.left), py + (p->client.bottom - p->client.top) };
        if (!rect_intersect(&r, &r, &pr))
            break;
    }
    *out = r;
    return !rect_empty(&r);
}

HDC paint_get_dc(struct window *w, bool client, const RECT *clip)
{
    struct window *top = win_toplevel(w);
    struct dc *dc = dc_create(&top->surf, w->hwnd);
    if (!dc)
        return NULL;
    int ox, oy;
    win_client_origin(w, &ox, &oy);
    RECT c;
    client_in_surface(w, &c);
    if (!client && w->parent) {
        /* The window DC of a child starts at its window rectangle. */
        int dx = w->client.left - w->rect.left, dy = w->client.top - w->rect.top;
        ox -= dx;
        oy -= dy;
        c = (RECT){ ox, oy, ox + (w->rect.right - w->rect.left), oy + (w->rect.bottom - w->rect.top) };
        if (w->parent) {
            RECT pc;
            client_in_surface(w->parent, &pc);
            rect_intersect(&c, &c, &pc);
        }
    }
    if (clip) {
        RECT r = { clip->left + ox, clip->top + oy, clip->right + ox, clip->bottom + oy };
        rect_intersect(&c, &c, &r);
    }
    dc_set_window_area(dc, ox, oy, &c);
    /* Controls draw in the font their parent gave them. */
    return dc->handle;
}

void paint_release_dc(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    if (dc && dc->hwnd)
        dc_destroy(dc);
}

HDC WINAPI user32_GetDC(HWND h)
{
    if (!h) {
        struct dc *dc = dc_create(NULL, NULL);   /* the screen: we do not draw on it */
        return dc ? dc->handle : NULL;
    }
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    return paint_get_dc(w, true, NULL);
}

HDC WINAPI user32_GetDCEx(HWND h, HRGN rgn, DWORD flags)
{
    if (rgn)
        FIXME("clip region ignored\n");
    return user32_GetDC(h);
}

HDC WINAPI user32_GetWindowDC(HWND h)
{
    if (!h)
        return user32_GetDC(NULL);
    struct window *w = win_get(h);
    if (!w)
        return NULL;
    return paint_get_dc(w, false, NULL);
}

int WINAPI user32_ReleaseDC(HWND h, HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (dc->hwnd && dc->hwnd != h)
        return 0;
    dc_destroy(dc);
    return 1;
}

HDC WINAPI user32_BeginPaint(HWND h, PAINTSTRUCT *ps)
{
    struct window *w = win_get(h);
    if (!w || !ps)
        return NULL;
    RECT upd = w->update;
    bool erase = w->erase;
    w->update = (RECT){ 0, 0, 0, 0 };
    w->erase = false;
    memset(ps, 0, sizeof *ps);
    caret_paint_begin(h);
    if (rect_empty(&upd))
        upd = (RECT){ 0, 0, 0, 0 };
    HDC hdc = paint_get_dc(w, true, &upd);
    if (!hdc)
        return NULL;
    if (erase)
        ps->fErase = !msg_send(h, WM_ERASEBKGND, (WPARAM)hdc, 0, false);
    ps->hdc = hdc;
    ps->rcPaint = upd;
    w->in_paint++;
    return hdc;
}

BOOL WINAPI user32_EndPaint(HWND h, const PAINTSTRUCT *ps)
{
    struct window *w = win_get_quiet(h);
    if (!ps)
        return FALSE;
    if (w && w->in_paint)
        w->in_paint--;
    struct dc *dc = dc_get(ps->hdc);
    if (dc && dc->hwnd == h)
        dc_destroy(dc);
    if (w)
        caret_paint_end(h);
    return TRUE;
}

BOOL WINAPI user32_InvalidateRect(HWND h, const RECT *r, BOOL erase)
{
    if (!h) {
        /* NULL: every window, as Windows repaints the desktop. */
        for (struct window *w = win_next(NULL); w; w = win_next(w))
            if (!w->parent)
                win_invalidate(w, NULL, erase);
        return TRUE;
    }
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    win_invalidate(w, r, erase);
    return TRUE;
}

BOOL WINAPI user32_ValidateRect(HWND h, const RECT *r)
{
    struct window *w = h ? win_get(h) : NULL;
    if (!w)
        return h ? FALSE : TRUE;
    if (!r) {
        w->update = (RECT){ 0, 0, 0, 0 };
        w->erase = false;
        return TRUE;
    }
    /* A rectangle can only shrink a rectangle where it covers a full side. */
    RECT u = w->update;
    if (r->left <= u.left && r->right >= u.right) {
        if (r->top <= u.top && r->bottom > u.top) u.top = r->bottom;
        if (r->bottom >= u.bottom && r->top < u.bottom) u.bottom = r->top;
    }
    if (r->top <= u.top && r->bottom >= u.bottom) {
        if (r->left <= u.left && r->right > u.left) u.left = r->right;
        if (r->right >= u.right && r->left < u.right) u.right = r->left;
    }
    w->update = rect_empty(&u) ? (RECT){ 0, 0, 0, 0 } : u;
    return TRUE;
}

BOOL WINAPI user32_GetUpdateRect(HWND h, RECT *r, BOOL erase)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (r)
        *r = w->update;
    return !rect_empty(&w->update);
}

BOOL WINAPI user32_UpdateWindow(HWND h)
{
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    /* Paint it and its children now, parents first. */
    if (!rect_empty(&w->update) && win_visible(w)) {
        paint_nc(w);
        msg_send(h, WM_PAINT, 0, 0, false);
    }
    for (struct window *c = win_next(NULL); c; c = win_next(c))
        if (c->parent == w)
            user32_UpdateWindow(c->hwnd);
    return TRUE;
}

#define RDW_INVALIDATE 0x0001
#define RDW_ERASE 0x0004
#define RDW_VALIDATE 0x0008
#define RDW_UPDATENOW 0x0100
#define RDW_ERASENOW 0x0200

BOOL WINAPI user32_RedrawWindow(HWND h, const RECT *r, HRGN rgn, UINT flags)
{
    if (rgn)
        FIXME("update region ignored\n");
    if (!h) {
        if (flags & RDW_INVALIDATE)
            user32_InvalidateRect(NULL, NULL, (flags & RDW_ERASE) != 0);
        return TRUE;
    }
    struct window *w = win_get(h);
    if (!w)
        return FALSE;
    if (flags & RDW_INVALIDATE)
        win_invalidate(w, r, (flags & RDW_ERASE) != 0);
    if (flags & RDW_VALIDATE)
        user32_ValidateRect(h, r);
    if (flags & (RDW_UPDATENOW | RDW_ERASENOW))
        user32_UpdateWindow(h);
    return TRUE;
}

/* ---- drawing helpers ----------------------------------------------------- */

int WINAPI user32_FillRect(HDC hdc, const RECT *r, HBRUSH br)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !r)
        return 0;
    uint32_t px;
    if (!gdi_brush_pixel(dc, br, &px))
        return 0;
    int ox = dc->origin.x + dc->vp_org.x, oy = dc->origin.y + dc->vp_org.y;
    raster_fill_rect(dc->surf, &dc->clip, (RECT){ r->left + ox, r->top + oy, r->right + ox, r->bottom + oy }, px);
    return 1;
}

int WINAPI user32_FrameRect(HDC hdc, const RECT *r, HBRUSH br)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !r)
        return 0;
    uint32_t px;
    if (!gdi_brush_pixel(dc, br, &px))
        return 0;
    if (r->right <= r->left || r->bottom <= r->top)
        return 0;
    int ox = dc->origin.x + dc->vp_org.x, oy = dc->origin.y + dc->vp_org.y;
    RECT a = { r->left + ox, r->top + oy, r->right + ox, r->bottom + oy };
    raster_fill_rect(dc->surf, &dc->clip, (RECT){ a.left, a.top, a.right, a.top + 1 }, px);
    raster_fill_rect(dc->surf, &dc->clip, (RECT){ a.left, a.bottom - 1, a.right, a.bottom }, px);
    raster_fill_rect(dc->surf, &dc->clip, (RECT){ a.left, a.top, a.left + 1, a.bottom }, px);
    raster_fill_rect(dc->surf, &dc->clip, (RECT){ a.right - 1, a.top, a.right, a.bottom }, px);
    return 1;
}

BOOL WINAPI user32_InvertRect(HDC hdc, const RECT *r)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !r)
        return FALSE;
    int ox = dc->origin.x + dc->vp_org.x, oy = dc->origin.y + dc->vp_org.y;
    RECT a = { r->left + ox, r->top + oy, r->right + ox, r->bottom + oy }, c;
    RECT whole = { 0, 0, dc->surf->width, dc->surf->height };
    if (!rect_intersect(&c, &dc->clip, &whole) || !rect_intersect(&a, &a, &c))
        return TRUE;
    for (int y = a.top; y < a.bottom; y++)
        for (int x = a.left; x < a.right; x++)
            dc->surf->bits[(long)y * dc->surf->stride + x] ^= 0xffffff;
    surface_touch(dc->surf, &a);
    return TRUE;
}

/* A 2-pixel 3D edge: raised (buttons) or sunken (edit fields). */
void user_draw_edge(HDC hdc, RECT r, bool sunken)
{
    HBRUSH light = user_sys_brush(COLOR_BTNHIGHLIGHT), shadow = user_sys_brush(COLOR_BTNSHADOW);
    HBRUSH dark = user_sys_brush(COLOR_3DDKSHADOW), face = user_sys_brush(COLOR_BTNFACE);
    HBRUSH tl1 = sunken ? shadow : light, br1 = sunken ? light : dark;
    HBRUSH tl2 = sunken ? dark : face, br2 = sunken ? face : shadow;
    RECT e;
    for (int i = 0; i < 2; i++) {
        HBRUSH tl = i ? tl2 : tl1, brc = i ? br2 : br1;
        e = (RECT){ r.left, r.top, r.right - 1, r.top + 1 }; user32_FillRect(hdc, &e, tl);
        e = (RECT){ r.left, r.top, r.left + 1, r.bottom - 1 }; user32_FillRect(hdc, &e, tl);
        e = (RECT){ r.left, r.bottom - 1, r.right, r.bottom }; user32_FillRect(hdc, &e, brc);
        e = (RECT){ r.right - 1, r.top, r.right, r.bottom }; user32_FillRect(hdc, &e, brc);
        r.left++, r.top++, r.right--, r.bottom--;
    }
}

#define BDR_SUNKENOUTER 0x0002
#define BDR_SUNKENINNER 0x0008
#define BF_RECT 0x000F
#define BF_ADJUST 0x2000

BOOL WINAPI user32_DrawEdge(HDC hdc, RECT *r, UINT edge, UINT flags)
{
    if (!r || !dc_get(hdc))
        return FALSE;
    if ((flags & BF_RECT) != BF_RECT)
        FIXME("partial edges %#x drawn as full\n", flags);
    user_draw_edge(hdc, *r, (edge & (BDR_SUNKENOUTER | BDR_SUNKENINNER)) != 0);
    if (flags & BF_ADJUST) {
        r->left += 2; r->top += 2; r->right -= 2; r->bottom -= 2;
    }
    return TRUE;
}

/* Borders of child windows (WS_BORDER, WS_EX_CLIENTEDGE) in their non-client area. */
void paint_nc(struct window *w)
{
    if (!w->nc_dirty || !w->parent)
        return;
    w->nc_dirty = false;
    if (!(w->style & WS_BORDER) && !(w->exstyle & WS_EX_CLIENTEDGE))
        return;
    HDC hdc = paint_get_dc(w, false, NULL);
    if (!hdc)
        return;
    RECT r = { 0, 0, w->rect.right - w->rect.left, w->rect.bottom - w->rect.top };
    if (w->exstyle & WS_EX_CLIENTEDGE) {
        user_draw_edge(hdc, r, true);
        r.left += 2, r.top += 2, r.right -= 2, r.bottom -= 2;
    }
    if (w->style & WS_BORDER)
        user32_FrameRect(hdc, &r, user_sys_brush(COLOR_WINDOWTEXT));
    paint_release_dc(hdc);
}

LRESULT paint_default_erase(struct window *w, HDC hdc)
{
    HBRUSH br = w->cls->background;
    if (!br)
        return 0;
    RECT r = { 0, 0, w->client.right - w->client.left, w->client.bottom - w->client.top };
    user32_FillRect(hdc, &r, br);
    return 1;
}
