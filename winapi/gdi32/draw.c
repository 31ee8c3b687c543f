/*
 * gdi32/draw.c - shapes: LineTo/Polyline, Rectangle, Ellipse, Polygon,
 * PatBlt. Windows' conventions are kept because programs' pixel output
 * depends on them: shapes cover [left,right) x [top,bottom), LineTo leaves
 * out its end point, the outline is drawn with the pen inside the shape's
 * box and the interior with the brush; NULL_PEN/NULL_BRUSH draw nothing.
 */
#include "winapi/gdi32/gdi.h"
#include "winapi/teb.h"

#include <math.h>
#include <stdlib.h>

#define PS_NULL 5
#define DC_PEN_INDEX 19

/* The DC's pen: false for a null pen. */
static bool pen_of(struct dc *dc, uint32_t *pixel, int *width)
{
    struct gdi_obj *o = gdi_get(dc->pen, GDI_PEN);
    if (!o || o->u.pen.style == PS_NULL)
        return false;
    *pixel = color_to_pixel(dc->pen == gdi_stock(DC_PEN_INDEX) ? dc->dc_pen_color : o->u.pen.color);
    *width = o->u.pen.width;
    return true;
}

static void to_surface(struct dc *dc, int *x, int *y)
{
    *x += dc->vp_org.x + dc->origin.x;
    *y += dc->vp_org.y + dc->origin.y;
}

static void norm_box(int *l, int *t, int *r, int *b)
{
    if (*l > *r) { int s = *l; *l = *r; *r = s; }
    if (*t > *b) { int s = *t; *t = *b; *b = s; }
}

BOOL WINAPI gdi32_LineTo(HDC hdc, int x, int y)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    uint32_t px;
    int w;
    if (pen_of(dc, &px, &w)) {
        int x0 = dc->pos.x, y0 = dc->pos.y, x1 = x, y1 = y;
        to_surface(dc, &x0, &y0);
        to_surface(dc, &x1, &y1);
        raster_line(dc->surf, &dc->clip, x0, y0, x1, y1, w, px, false);
    }
    dc->pos.x = x;
    dc->pos.y = y;
    return TRUE;
}

BOOL WINAPI gdi32_Polyline(HDC hdc, const POINT *pts, int n)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (!pts || n < 2) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    uint32_t px;
    int w;
    if (!pen_of(dc, &px, &w))
        return TRUE;
    for (int i = 0; i + 1 < n; i++) {
        int x0 = pts[i].x, y0 = pts[i].y, x1 = pts[i + 1].x, y1 = pts[i + 1].y;
        to_surface(dc, &x0, &y0);
        to_surface(dc, &x1, &y1);
        raster_line(dc->surf, &dc->clip, x0, y0, x1, y1, w, px, false);
    }
    return TRUE;
}

BOOL WINAPI gdi32_Rectangle(HDC hdc, int l, int t, int r, int b)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    norm_box(&l, &t, &r, &b);
    to_surface(dc, &l, &t);
    to_surface(dc, &r, &b);
    uint32_t bp, pp;
    int w = 0;
    bool pen = pen_of(dc, &pp, &w);
    if (!pen)
        w = 0;      /* the pen is drawn inside [l,r) x [t,b) */
    if (w > 1) {
        /* A wide pen is centred on the path [l, r-1] x [t, b-1]: its
         * outline spans [l - w/2, r + (w-1)/2) (what Wine/Windows draw). */
        int out = w / 2, in = (w - 1) / 2;
        l -= out, t -= out, r += in, b += in;
    }
    if (gdi_brush_pixel(dc, dc->brush, &bp))
        raster_fill_rect(dc->surf, &dc->clip, (RECT){ l + w, t + w, r - w, b - w }, bp);
    if (pen) {
        raster_fill_rect(dc->surf, &dc->clip, (RECT){ l, t, r, t + w }, pp);
        raster_fill_rect(dc->surf, &dc->clip, (RECT){ l, b - w, r, b }, pp);
        raster_fill_rect(dc->surf, &dc->clip, (RECT){ l, t, l + w, b }, pp);
        raster_fill_rect(dc->surf, &dc->clip, (RECT){ r - w, t, r, b }, pp);
    }
    return TRUE;
}

/* The span [*x0, *x1) of row y of the ellipse inscribed in [l,r) x [t,b). */
static bool ellipse_span(double l, double t, double r, double b, int y, int *x0, int *x1)
{
    double cx = (l + r) / 2, cy = (t + b) / 2, rx = (r - l) / 2, ry = (b - t) / 2;
    if (rx <= 0 || ry <= 0)
        return false;
    double dy = (y + 0.5 - cy) / ry;
    if (dy <= -1 || dy >= 1)
        return false;
    double half = rx * sqrt(1 - dy * dy);
    *x0 = (int)lround(cx - half);
    *x1 = (int)lround(cx + half);
    return *x1 > *x0;
}

BOOL WINAPI gdi32_Ellipse(HDC hdc, int l, int t, int r, int b)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    norm_box(&l, &t, &r, &b);
    to_surface(dc, &l, &t);
    to_surface(dc, &r, &b);
    uint32_t bp = 0, pp = 0;
    int w = 0;
    bool pen = pen_of(dc, &pp, &w), brush = gdi_brush_pixel(dc, dc->brush, &bp);
    if (!pen)
        w = 0;
    /* Only the rows that can be visible: a huge box costs nothing more. */
    int y_from = t > dc->clip.top ? t : dc->clip.top, y_to = b < dc->clip.bottom ? b : dc->clip.bottom;
    for (int y = y_from; y < y_to; y++) {
        int ox0, ox1, ix0, ix1;
        if (!ellipse_span(l, t, r, b, y, &ox0, &ox1))
            continue;
        bool inner;
        if (w == 1) {
            /* The curve is one pixel wide: on each row it runs from the
             * outer edge to where the neighbouring rows' edges are. */
            int mid = (ox0 + ox1) / 2, a0, a1, b0, b1;
            if (!ellipse_span(l, t, r, b, y - 1, &a0, &a1))
                a0 = a1 = mid;
            if (!ellipse_span(l, t, r, b, y + 1, &b0, &b1))
                b0 = b1 = mid;
            int in_l = a0 > b0 ? a0 : b0, in_r = a1 < b1 ? a1 : b1;
            ix0 = in_l > ox0 + 1 ? in_l : ox0 + 1;
            ix1 = in_r < ox1 - 1 ? in_r : ox1 - 1;
            if (ix0 > mid) ix0 = mid;
            if (ix1 < mid) ix1 = mid;
            inner = ix1 > ix0;
        } else {
            inner = ellipse_span(l + w, t + w, r - w, b - w, y, &ix0, &ix1);
        }
        if (!inner)
            ix0 = ix1 = (ox0 + ox1) / 2;
        if (brush && inner)
            raster_fill_rect(dc->surf, &dc->clip, (RECT){ ix0, y, ix1, y + 1 }, bp);
        if (pen) {
            raster_fill_rect(dc->surf, &dc->clip, (RECT){ ox0, y, ix0, y + 1 }, pp);
            raster_fill_rect(dc->surf, &dc->clip, (RECT){ ix1, y, ox1, y + 1 }, pp);
        }
    }
    return TRUE;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Scanline fill: ALTERNATE (even-odd) or WINDING. Rows are sampled at their
 * integer y and each span covers [ceil(x_left), ceil(x_right)), which is
 * where Wine's (and Windows') fills put their pixels. */
static void fill_polygon(struct dc *dc, const POINT *p, int n, uint32_t px)
{
    int miny = p[0].y, maxy = p[0].y;
    for (int i = 1; i < n; i++) {
        if (p[i].y < miny) miny = p[i].y;
        if (p[i].y > maxy) maxy = p[i].y;
    }
    double *xs = malloc(sizeof(double) * n);
    int *dirs = malloc(sizeof(int) * n);
    if (!xs || !dirs) {
        free(xs);
        free(dirs);
        return;
    }
    if (miny < dc->clip.top)
        miny = dc->clip.top;
    if (maxy > dc->clip.bottom)
        maxy = dc->clip.bottom;
    for (int y = miny; y < maxy; y++) {
        double sy = y;     /* GDI samples rows at their integer y */
        int k = 0;
        for (int i = 0; i < n; i++) {
            POINT a = p[i], b = p[(i + 1) % n];
            if ((a.y <= sy && b.y > sy) || (b.y <= sy && a.y > sy)) {
                xs[k] = a.x + (sy - a.y) * (double)(b.x - a.x) / (double)(b.y - a.y);
                dirs[k] = b.y > a.y ? 1 : -1;
                k++;
            }
        }
        if (dc->poly_fill_mode == 2) {
            /* WINDING: sort crossings with their directions, fill where the count is non-zero. */
            for (int i = 1; i < k; i++)
                for (int j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
                    double t = xs[j]; xs[j] = xs[j - 1]; xs[j - 1] = t;
                    int d = dirs[j]; dirs[j] = dirs[j - 1]; dirs[j - 1] = d;
                }
            int wind = 0;
            for (int i = 0; i + 1 < k; i++) {
                wind += dirs[i];
                if (wind)
                    raster_fill_rect(dc->surf, &dc->clip,
                                     (RECT){ (int)ceil(xs[i]), y, (int)ceil(xs[i + 1]), y + 1 }, px);
            }
        } else {
            qsort(xs, k, sizeof *xs, cmp_double);
            for (int i = 0; i + 1 < k; i += 2)
                raster_fill_rect(dc->surf, &dc->clip,
                                 (RECT){ (int)ceil(xs[i]), y, (int)ceil(xs[i + 1]), y + 1 }, px);
        }
    }
    free(xs);
    free(dirs);
}

BOOL WINAPI gdi32_Polygon(HDC hdc, const POINT *pts, int n)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (!pts || n < 2) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    POINT *sp = malloc(sizeof(POINT) * n);
    if (!sp)
        return FALSE;
    for (int i = 0; i < n; i++) {
        int x = pts[i].x, y = pts[i].y;
        to_surface(dc, &x, &y);
        sp[i] = (POINT){ x, y };
    }
    uint32_t px;
    int w;
    if (gdi_brush_pixel(dc, dc->brush, &px))
        fill_polygon(dc, sp, n, px);
    if (pen_of(dc, &px, &w))
        for (int i = 0; i < n; i++)
            raster_line(dc->surf, &dc->clip, sp[i].x, sp[i].y, sp[(i + 1) % n].x, sp[(i + 1) % n].y, w, px, false);
    free(sp);
    return TRUE;
}

#define PATCOPY 0x00F00021
#define BLACKNESS 0x00000042
#define WHITENESS 0x00FF0062

BOOL WINAPI gdi32_PatBlt(HDC hdc, int x, int y, int w, int h, DWORD rop)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    uint32_t px;
    if (rop == BLACKNESS)
        px = 0;
    else if (rop == WHITENESS)
        px = 0xffffff;
    else if (rop == PATCOPY) {
        if (!gdi_brush_pixel(dc, dc->brush, &px))
            return TRUE;
    } else {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;   /* other raster operations are not implemented */
    }
    int l = x, t = y, r = x + w, b = y + h;
    norm_box(&l, &t, &r, &b);
    to_surface(dc, &l, &t);
    to_surface(dc, &r, &b);
    raster_fill_rect(dc->surf, &dc->clip, (RECT){ l, t, r, b }, px);
    return TRUE;
}
