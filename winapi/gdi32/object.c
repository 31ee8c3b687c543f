/*
 * gdi32/object.c - the GDI handle table, stock objects, pens and brushes,
 * SelectObject/DeleteObject/GetObject. GDI handles are 0x40000 + 4*index
 * (their own namespace, like Windows' GDI handle table); a stale or wrong
 * handle fails with ERROR_INVALID_HANDLE instead of touching freed memory.
 */
#include "winapi/gdi32/gdi.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(gdiobj);

#define GDI_BASE 0x40000u
#define GDI_MAX  16384

static struct gdi_obj *table[GDI_MAX];
static int next_free = 1;

HGDIOBJ gdi_alloc(struct gdi_obj *obj)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = next_free; i < GDI_MAX; i++) {
            if (!table[i]) {
                table[i] = obj;
                next_free = i + 1;
                return (HGDIOBJ)(uintptr_t)(GDI_BASE + 4u * i);
            }
        }
        next_free = 1;
    }
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return NULL;
}

static int handle_index(HGDIOBJ h)
{
    uintptr_t v = (uintptr_t)h;
    if (v < GDI_BASE || (v & 3) || v >= GDI_BASE + 4u * GDI_MAX)
        return -1;
    return (int)((v - GDI_BASE) / 4);
}

struct gdi_obj *gdi_get(HGDIOBJ h, enum gdi_type type)
{
    int i = handle_index(h);
    if (i < 0 || !table[i] || (type && table[i]->type != type)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return table[i];
}

void gdi_free_handle(HGDIOBJ h)
{
    int i = handle_index(h);
    if (i >= 0) {
        table[i] = NULL;
        if (i < next_free)
            next_free = i;
    }
}

struct dc *dc_get(HDC h)
{
    struct gdi_obj *o = gdi_get(h, GDI_DC);
    return o ? o->u.dc : NULL;
}

static uint32_t detached_pixel;
static struct surface detached_surface = { &detached_pixel, 1, 1, 1, { 0, 0, 0, 0 } };

static void detach_if(bool (*match)(struct dc *, void *), void *arg)
{
    for (int i = 1; i < GDI_MAX; i++) {
        struct gdi_obj *o = table[i];
        if (o && o->type == GDI_DC && match(o->u.dc, arg)) {
            o->u.dc->surf = &detached_surface;
            o->u.dc->clip = (RECT){ 0, 0, 0, 0 };
        }
    }
}

static bool surf_match(struct dc *dc, void *s) { return dc->surf == s && !dc->memory; }
static bool hwnd_match(struct dc *dc, void *h) { return dc->hwnd == h; }

void dc_detach_surface(struct surface *s) { detach_if(surf_match, s); }
void dc_detach_window(void *hwnd) { detach_if(hwnd_match, hwnd); }

/* ---- pens and brushes ------------------------------------------------- */

#define PS_SOLID 0
#define PS_NULL 5
#define PS_STYLE_MASK 0xf
#define BS_SOLID 0
#define BS_NULL 1

static struct gdi_obj *new_obj(enum gdi_type type)
{
    struct gdi_obj *o = calloc(1, sizeof *o);
    if (o)
        o->type = type;
    return o;
}

static HGDIOBJ add_obj(struct gdi_obj *o)
{
    if (!o) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    HGDIOBJ h = gdi_alloc(o);
    if (!h)
        free(o);
    return h;
}

HPEN WINAPI gdi32_CreatePen(int style, int width, COLORREF color)
{
    if ((style & PS_STYLE_MASK) > 6) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if ((style & PS_STYLE_MASK) != PS_SOLID && (style & PS_STYLE_MASK) != PS_NULL && (style & PS_STYLE_MASK) != 6)
        FIXME("dashed pen style %d drawn solid\n", style);
    struct gdi_obj *o = new_obj(GDI_PEN);
    if (o) {
        o->u.pen.style = style & PS_STYLE_MASK;
        o->u.pen.width = width < 1 ? 1 : width;
        o->u.pen.color = color & 0xffffff;
    }
    return add_obj(o);
}

typedef struct { UINT lopnStyle; POINT lopnWidth; COLORREF lopnColor; } LOGPEN;
typedef struct { UINT lbStyle; COLORREF lbColor; ULONG_PTR lbHatch; } LOGBRUSH;

HPEN WINAPI gdi32_CreatePenIndirect(const LOGPEN *lp)
{
    if (!lp) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return gdi32_CreatePen(lp->lopnStyle, lp->lopnWidth.x, lp->lopnColor);
}

HBRUSH WINAPI gdi32_CreateSolidBrush(COLORREF color)
{
    struct gdi_obj *o = new_obj(GDI_BRUSH);
    if (o) {
        o->u.brush.style = BS_SOLID;
        o->u.brush.color = color & 0xffffff;
    }
    return add_obj(o);
}

HBRUSH WINAPI gdi32_CreateBrushIndirect(const LOGBRUSH *lb)
{
    if (!lb) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (lb->lbStyle == BS_NULL) {
        struct gdi_obj *o = new_obj(GDI_BRUSH);
        if (o)
            o->u.brush.style = BS_NULL;
        return add_obj(o);
    }
    if (lb->lbStyle != BS_SOLID) {
        FIXME("brush style %u is drawn as a solid brush\n", lb->lbStyle);
    }
    return gdi32_CreateSolidBrush(lb->lbColor);
}

COLORREF (*gdi_sys_color)(int index);

#define DC_BRUSH_INDEX 18
#define DC_PEN_INDEX 19

bool gdi_brush_pixel(struct dc *dc, HBRUSH h, uint32_t *pixel)
{
    uintptr_t v = (uintptr_t)h;
    if (v > 0 && v <= 31) {         /* (HBRUSH)(COLOR_x + 1) */
        *pixel = color_to_pixel(gdi_sys_color ? gdi_sys_color((int)v - 1) : 0xffffff);
        return true;
    }
    struct gdi_obj *o = gdi_get(h, GDI_BRUSH);
    if (!o || o->u.brush.style == BS_NULL)
        return false;
    if (h == gdi_stock(DC_BRUSH_INDEX) && dc)
        *pixel = color_to_pixel(dc->dc_brush_color);
    else
        *pixel = color_to_pixel(o->u.brush.color);
    return true;
}

/* ---- stock objects ---------------------------------------------------- */

static HGDIOBJ stock[20];
HFONT font_create_stock(int index);   /* font.c */

HGDIOBJ gdi_stock(int index)
{
    static bool made;
    if (!made) {
        made = true;
        static const COLORREF brushes[] = { 0xffffff, 0xc0c0c0, 0x808080, 0x404040, 0x000000 };
        for (int i = 0; i < 5; i++)
            stock[i] = gdi32_CreateSolidBrush(brushes[i]);
        LOGBRUSH nb = { BS_NULL, 0, 0 };
        stock[5] = gdi32_CreateBrushIndirect(&nb);
        stock[6] = gdi32_CreatePen(PS_SOLID, 1, 0xffffff);
        stock[7] = gdi32_CreatePen(PS_SOLID, 1, 0);
        stock[8] = gdi32_CreatePen(PS_NULL, 1, 0);
        stock[DC_BRUSH_INDEX] = gdi32_CreateSolidBrush(0xffffff);
        stock[DC_PEN_INDEX] = gdi32_CreatePen(PS_SOLID, 1, 0);
        for (int i = 10; i <= 17; i++)
            if (i != 15)
                stock[i] = font_create_stock(i);
        for (int i = 0; i < 20; i++) {
            struct gdi_obj *o = stock[i] ? gdi_get(stock[i], 0) : NULL;
            if (o)
                o->stock = true;
        }
    }
    return (index >= 0 && index < 20) ? stock[index] : NULL;
}

HGDIOBJ WINAPI gdi32_GetStockObject(int index)
{
    if (index == 15) {
        FIXME("DEFAULT_PALETTE: palettes are not implemented\n");
        return NULL;
    }
    return gdi_stock(index);
}

COLORREF WINAPI gdi32_SetDCBrushColor(HDC hdc, COLORREF c)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return CLR_INVALID;
    COLORREF old = dc->dc_brush_color;
    dc->dc_brush_color = c & 0xffffff;
    return old;
}

COLORREF WINAPI gdi32_SetDCPenColor(HDC hdc, COLORREF c)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return CLR_INVALID;
    COLORREF old = dc->dc_pen_color;
    dc->dc_pen_color = c & 0xffffff;
    return old;
}

/* ---- SelectObject / DeleteObject / GetObject --------------------------- */

void font_free(struct gdi_font *f);       /* font.c */
void bitmap_free(struct gdi_obj *o);      /* bitmap.c */


bool bitmap_select(struct dc *dc, HBITMAP h, struct gdi_obj *o);  /* bitmap.c */

static void free_object(HGDIOBJ h, struct gdi_obj *o)
{
    if (o->type == GDI_FONT)
        font_free(o->u.font);
    else if (o->type == GDI_BITMAP)
        bitmap_free(o);
    gdi_free_handle(h);
    free(o);
}

void gdi_unselect(HGDIOBJ h)
{
    struct gdi_obj *o = h ? gdi_get(h, 0) : NULL;
    if (!o || o->selected <= 0)
        return;
    if (--o->selected == 0 && o->deleted)
        free_object(h, o);
}

static HGDIOBJ swap(HGDIOBJ *slot, HGDIOBJ h, struct gdi_obj *o)
{
    HGDIOBJ old = *slot;
    o->selected++;
    *slot = h;
    if (old != h)
        gdi_unselect(old);
    else
        o->selected--;
    return old;
}

HGDIOBJ WINAPI gdi32_SelectObject(HDC hdc, HGDIOBJ h)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return NULL;
    struct gdi_obj *o = gdi_get(h, 0);
    if (!o)
        return NULL;
    switch (o->type) {
    case GDI_PEN:
        return swap(&dc->pen, h, o);
    case GDI_BRUSH:
        return swap(&dc->brush, h, o);
    case GDI_FONT:
        return swap(&dc->font, h, o);
    case GDI_BITMAP: {
        if (!dc->memory) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        if (o->selected && dc->bitmap != h)
            return NULL;        /* a bitmap is selected into one DC at a time */
        HGDIOBJ old = dc->bitmap;
        if (!bitmap_select(dc, h, o))
            return NULL;
        swap(&dc->bitmap, h, o);
        return old;
    }
    case GDI_REGION:
        FIXME("selecting a region as the clip region\n");
        return (HGDIOBJ)(uintptr_t)1;   /* SIMPLEREGION, as SelectClipRgn would */
    default:
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
}

BOOL WINAPI gdi32_DeleteObject(HGDIOBJ h)
{
    struct gdi_obj *o = gdi_get(h, 0);
    if (!o || o->type == GDI_DC)
        return FALSE;
    if (o->stock)
        return TRUE;        /* deleting a stock object is harmless and succeeds */
    if (o->selected) {
        /* As Wine does: succeed now, free when the last DC lets go of it. */
        o->deleted = true;
        return TRUE;
    }
    free_object(h, o);
    return TRUE;
}

int font_get_object(struct gdi_font *f, int size, void *out, bool wide);   /* font.c */

typedef struct {
    LONG bmType, bmWidth, bmHeight, bmWidthBytes;
    WORD bmPlanes, bmBitsPixel;
    void *bmBits;
} BITMAP;

static int get_object(HGDIOBJ h, int size, void *out, bool wide)
{
    struct gdi_obj *o = gdi_get(h, 0);
    if (!o)
        return 0;
    switch (o->type) {
    case GDI_PEN: {
        LOGPEN lp = { (UINT)o->u.pen.style, { o->u.pen.width, 0 }, o->u.pen.color };
        if (!out)
            return sizeof lp;
        if (size < (int)sizeof lp)
            return 0;
        memcpy(out, &lp, sizeof lp);
        return sizeof lp;
    }
    case GDI_BRUSH: {
        LOGBRUSH lb = { (UINT)o->u.brush.style, o->u.brush.color, 0 };
        if (!out)
            return sizeof lb;
        if (size < (int)sizeof lb)
            return 0;
        memcpy(out, &lb, sizeof lb);
        return sizeof lb;
    }
    case GDI_BITMAP: {
        BITMAP bm = { 0, o->u.bitmap.surf.width, o->u.bitmap.surf.height,
                      o->u.bitmap.surf.width * 4, 1, 32, o->u.bitmap.dib_bits };
        if (!out)
            return sizeof bm;
        if (size < (int)sizeof bm)
            return 0;
        memcpy(out, &bm, sizeof bm);
        return sizeof bm;
    }
    case GDI_FONT:
        return font_get_object(o->u.font, size, out, wide);
    default:
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
}

int WINAPI gdi32_GetObjectA(HGDIOBJ h, int size, void *out) { return get_object(h, size, out, false); }
int WINAPI gdi32_GetObjectW(HGDIOBJ h, int size, void *out) { return get_object(h, size, out, true); }

#define OBJ_PEN 1
#define OBJ_BRUSH 2
#define OBJ_DC 3
#define OBJ_BITMAP 7
#define OBJ_MEMDC 10

DWORD WINAPI gdi32_GetObjectType(HGDIOBJ h)
{
    struct gdi_obj *o = gdi_get(h, 0);
    if (!o)
        return 0;
    switch (o->type) {
    case GDI_PEN: return OBJ_PEN;
    case GDI_BRUSH: return OBJ_BRUSH;
    case GDI_FONT: return 6;
    case GDI_BITMAP: return OBJ_BITMAP;
    case GDI_REGION: return 8;
    case GDI_DC: return o->u.dc->memory ? OBJ_MEMDC : OBJ_DC;
    }
    return 0;
}

HGDIOBJ WINAPI gdi32_GetCurrentObject(HDC hdc, UINT type)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return NULL;
    switch (type) {
    case OBJ_PEN: return dc->pen;
    case OBJ_BRUSH: return dc->brush;
    case 6: return dc->font;
    case OBJ_BITMAP: return dc->bitmap;
    }
    set_last_error(ERROR_INVALID_PARAMETER);
    return NULL;
}
