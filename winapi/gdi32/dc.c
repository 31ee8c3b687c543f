/*
 * gdi32/dc.c - device contexts: creation (user32 creates window DCs through
 * dc_create), the attributes programs set (colours, background mode, text
 * alignment, viewport origin, current position, SaveDC/RestoreDC), the
 * screen's capabilities (GetDeviceCaps) and GetPixel/SetPixel. Mapping mode
 * is MM_TEXT only: logical units are pixels, offset by the viewport origin.
 */
#include "winapi/gdi32/gdi.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(dc);

#define TRANSPARENT 1
#define OPAQUE 2
#define ALTERNATE 1
#define R2_COPYPEN 13

/* A 1x1 surface for DCs that have nothing to draw on (the screen DC, GetDC(NULL)). */
static uint32_t null_pixel;
static struct surface null_surface = { &null_pixel, 1, 1, 1, { 0, 0, 0, 0 } };

struct dc *dc_create(struct surface *surf, void *hwnd)
{
    struct dc *dc = calloc(1, sizeof *dc);
    struct gdi_obj *o = calloc(1, sizeof *o);
    if (!dc || !o) {
        free(dc);
        free(o);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    o->type = GDI_DC;
    o->u.dc = dc;
    dc->handle = gdi_alloc(o);
    if (!dc->handle) {
        free(dc);
        free(o);
        return NULL;
    }
    dc->surf = surf ? surf : &null_surface;
    dc->clip = (RECT){ 0, 0, dc->surf->width, dc->surf->height };
    dc->hwnd = hwnd;
    dc->pen = gdi_stock(7);
    dc->brush = gdi_stock(0);
    dc->font = gdi_stock(13);
    dc->text_color = 0;
    dc->bk_color = 0xffffff;
    dc->dc_brush_color = 0xffffff;
    dc->dc_pen_color = 0;
    dc->bk_mode = OPAQUE;
    dc->rop2 = R2_COPYPEN;
    dc->poly_fill_mode = ALTERNATE;
    dc->map_mode = 1;
    HGDIOBJ objs[] = { dc->pen, dc->brush, dc->font };
    for (int i = 0; i < 3; i++) {
        struct gdi_obj *so = gdi_get(objs[i], 0);
        if (so)
            so->selected++;
    }
    return dc;
}

static void unselect(HGDIOBJ h)
{
    gdi_unselect(h);
}

void dc_destroy(struct dc *dc)
{
    while (dc->saved) {
        struct dc *s = dc->saved;
        dc->saved = s->saved;
        free(s);
    }
    unselect(dc->pen);
    unselect(dc->brush);
    unselect(dc->font);
    unselect(dc->bitmap);
    if (dc->default_bitmap) {
        struct gdi_obj *b = gdi_get(dc->default_bitmap, GDI_BITMAP);
        if (b)
            b->stock = false, b->selected = 0;
        extern BOOL WINAPI gdi32_DeleteObject(HGDIOBJ h);
        gdi32_DeleteObject(dc->default_bitmap);
    }
    struct gdi_obj *o = gdi_get(dc->handle, GDI_DC);
    gdi_free_handle(dc->handle);
    free(o);
    free(dc);
}

/* A window DC's client area: device (0,0) at surface (x,y), clipped to clip. */
void dc_set_window_area(struct dc *dc, int x, int y, const RECT *clip)
{
    dc->origin.x = x;
    dc->origin.y = y;
    dc->clip = *clip;
}

HDC WINAPI gdi32_CreateDCW(LPCWSTR driver, LPCWSTR device, LPCWSTR output, const void *mode)
{
    /* "DISPLAY" is the only device: a DC on the whole screen we do not own. */
    struct dc *dc = dc_create(NULL, NULL);
    return dc ? dc->handle : NULL;
}

HDC WINAPI gdi32_CreateDCA(LPCSTR driver, LPCSTR device, LPCSTR output, const void *mode)
{
    return gdi32_CreateDCW(NULL, NULL, NULL, NULL);
}

BOOL WINAPI gdi32_DeleteDC(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (dc->hwnd) {
        /* A window DC comes from GetDC and goes back through ReleaseDC. */
        FIXME("DeleteDC on a window DC\n");
    }
    dc_destroy(dc);
    return TRUE;
}

COLORREF WINAPI gdi32_SetTextColor(HDC hdc, COLORREF c)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return CLR_INVALID;
    COLORREF old = dc->text_color;
    dc->text_color = c & 0xffffff;
    return old;
}

COLORREF WINAPI gdi32_GetTextColor(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    return dc ? dc->text_color : CLR_INVALID;
}

COLORREF WINAPI gdi32_SetBkColor(HDC hdc, COLORREF c)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return CLR_INVALID;
    COLORREF old = dc->bk_color;
    dc->bk_color = c & 0xffffff;
    return old;
}

COLORREF WINAPI gdi32_GetBkColor(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    return dc ? dc->bk_color : CLR_INVALID;
}

int WINAPI gdi32_SetBkMode(HDC hdc, int mode)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (mode != TRANSPARENT && mode != OPAQUE) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int old = dc->bk_mode;
    dc->bk_mode = mode;
    return old;
}


int WINAPI gdi32_GetBkMode(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    return dc ? dc->bk_mode : 0;
}

UINT WINAPI gdi32_SetTextAlign(HDC hdc, UINT align)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0xffffffffu;     /* GDI_ERROR */
    UINT old = dc->text_align;
    dc->text_align = align;
    return old;
}

UINT WINAPI gdi32_GetTextAlign(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    return dc ? (UINT)dc->text_align : 0xffffffffu;
}

int WINAPI gdi32_SetROP2(HDC hdc, int rop)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (rop != R2_COPYPEN)
        FIXME("raster operation %d drawn as R2_COPYPEN\n", rop);
    int old = dc->rop2;
    dc->rop2 = rop;
    return old;
}

int WINAPI gdi32_SetPolyFillMode(HDC hdc, int mode)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (mode != 1 && mode != 2) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int old = dc->poly_fill_mode;
    dc->poly_fill_mode = mode;
    return old;
}

int WINAPI gdi32_SetMapMode(HDC hdc, int mode)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (mode != 1) {
        /* Only MM_TEXT: other modes scale, and silently drawing unscaled would be wrong. */
        FIXME("mapping mode %d\n", mode);
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return 1;
}

BOOL WINAPI gdi32_SetViewportOrgEx(HDC hdc, int x, int y, POINT *old)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (old)
        *old = dc->vp_org;
    dc->vp_org.x = x;
    dc->vp_org.y = y;
    return TRUE;
}

BOOL WINAPI gdi32_GetViewportOrgEx(HDC hdc, POINT *out)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !out)
        return FALSE;
    *out = dc->vp_org;
    return TRUE;
}

BOOL WINAPI gdi32_MoveToEx(HDC hdc, int x, int y, POINT *old)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (old)
        *old = dc->pos;
    dc->pos.x = x;
    dc->pos.y = y;
    return TRUE;
}

BOOL WINAPI gdi32_GetCurrentPositionEx(HDC hdc, POINT *out)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !out)
        return FALSE;
    *out = dc->pos;
    return TRUE;
}

int WINAPI gdi32_SaveDC(HDC hdc)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    struct dc *copy = malloc(sizeof *copy);
    if (!copy)
        return 0;
    *copy = *dc;
    dc->saved = copy;
    return ++dc->saved_level;
}

BOOL WINAPI gdi32_RestoreDC(HDC hdc, int level)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (level < 0)
        level = dc->saved_level + 1 + level;
    if (level <= 0 || level > dc->saved_level)
        return FALSE;
    while (dc->saved_level >= level && dc->saved) {
        struct dc *s = dc->saved;
        /* Selected objects follow the restored state. */
        HGDIOBJ cur[] = { dc->pen, dc->brush, dc->font }, old[] = { s->pen, s->brush, s->font };
        for (int i = 0; i < 3; i++) {
            if (cur[i] != old[i]) {
                unselect(cur[i]);
                struct gdi_obj *o = gdi_get(old[i], 0);
                if (o)
                    o->selected++;
            }
        }
        struct surface *surf = dc->surf;
        HGDIOBJ bmp = dc->bitmap, handle = dc->handle, defbmp = dc->default_bitmap;
        void *hwnd = dc->hwnd;
        POINT origin = dc->origin;
        RECT clip = dc->clip;
        *dc = *s;
        /* The surface, bitmap and window area are not part of the saved state we restore. */
        dc->surf = surf, dc->bitmap = bmp, dc->handle = handle, dc->hwnd = hwnd;
        dc->default_bitmap = defbmp, dc->origin = origin, dc->clip = clip;
        free(s);
    }
    return TRUE;
}

#define HORZRES 8
#define VERTRES 10
#define BITSPIXEL 12
#define PLANES 14
#define NUMCOLORS 24
#define LOGPIXELSX 88
#define LOGPIXELSY 90
#define SIZEPALETTE 104
#define RASTERCAPS 38
#define TECHNOLOGY 2
#define HORZSIZE 4
#define VERTSIZE 6
#define DESKTOPVERTRES 117
#define DESKTOPHORZRES 118

int user_screen_size(int *w, int *h);   /* user32/x11.c: the X screen, or 1024x768 without X */

int WINAPI gdi32_GetDeviceCaps(HDC hdc, int index)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    int w = 1024, h = 768;
    user_screen_size(&w, &h);
    switch (index) {
    case TECHNOLOGY: return 1;          /* DT_RASDISPLAY */
    case HORZRES: case DESKTOPHORZRES: return w;
    case VERTRES: case DESKTOPVERTRES: return h;
    case HORZSIZE: return w * 254 / 960;
    case VERTSIZE: return h * 254 / 960;
    case BITSPIXEL: return 32;
    case PLANES: return 1;
    case NUMCOLORS: return -1;
    case LOGPIXELSX: case LOGPIXELSY: return 96;
    case SIZEPALETTE: return 0;
    case RASTERCAPS: return 0x0001 | 0x0008 | 0x0800 | 0x0200;   /* BITBLT, BITMAP64, STRETCHBLT, DI_BITMAP */
    }
    FIXME("index %d\n", index);
    return 0;
}

/* Logical point -> surface point. */
static void to_surface(struct dc *dc, int *x, int *y)
{
    *x += dc->vp_org.x + dc->origin.x;
    *y += dc->vp_org.y + dc->origin.y;
}

COLORREF WINAPI gdi32_SetPixel(HDC hdc, int x, int y, COLORREF c)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return CLR_INVALID;
    to_surface(dc, &x, &y);
    RECT c2;
    RECT whole = { 0, 0, dc->surf->width, dc->surf->height };
    if (!rect_intersect(&c2, &dc->clip, &whole) || x < c2.left || x >= c2.right || y < c2.top || y >= c2.bottom)
        return 0;   /* clipped away: Wine answers 0 here, not CLR_INVALID */
    raster_pixel(dc->surf, &dc->clip, x, y, color_to_pixel(c));
    return c & 0xffffff;
}

BOOL WINAPI gdi32_SetPixelV(HDC hdc, int x, int y, COLORREF c)
{
    return dc_get(hdc) != NULL && gdi32_SetPixel(hdc, x, y, c) != CLR_INVALID;
}

COLORREF WINAPI gdi32_GetPixel(HDC hdc, int x, int y)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return CLR_INVALID;
    to_surface(dc, &x, &y);
    RECT c2;
    RECT whole = { 0, 0, dc->surf->width, dc->surf->height };
    if (!rect_intersect(&c2, &dc->clip, &whole) || x < c2.left || x >= c2.right || y < c2.top || y >= c2.bottom)
        return CLR_INVALID;
    return pixel_to_color(dc->surf->bits[(long)y * dc->surf->stride + x] & 0xffffff);
}

int WINAPI gdi32_GetClipBox(HDC hdc, RECT *out)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !out)
        return 0;
    RECT whole = { 0, 0, dc->surf->width, dc->surf->height }, r;
    int kind = rect_intersect(&r, &dc->clip, &whole) ? 2 : 1;   /* SIMPLEREGION : NULLREGION */
    r.left -= dc->origin.x + dc->vp_org.x;
    r.right -= dc->origin.x + dc->vp_org.x;
    r.top -= dc->origin.y + dc->vp_org.y;
    r.bottom -= dc->origin.y + dc->vp_org.y;
    *out = r;
    return kind;
}

int WINAPI gdi32_IntersectClipRect(HDC hdc, int l, int t, int r, int b)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    to_surface(dc, &l, &t);
    to_surface(dc, &r, &b);
    RECT rr = { l, t, r, b };
    return rect_intersect(&dc->clip, &dc->clip, &rr) ? 2 : 1;
}
