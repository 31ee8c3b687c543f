/*
 * gdi32/raster.c - the pixel-level primitives every drawing call ends in:
 * clipped spans and rectangles, single pixels, Bresenham lines with square
 * pens, and alpha blending for anti-aliased glyphs. Coordinates are surface
 * coordinates; every write is clipped to both the clip rectangle and the
 * surface, and recorded in the surface's dirty rectangle for the X blit.
 */
#include "winapi/gdi32/gdi.h"

#include <math.h>
#include <stdlib.h>

bool rect_empty(const RECT *r)
{
    return r->right <= r->left || r->bottom <= r->top;
}

bool rect_intersect(RECT *out, const RECT *a, const RECT *b)
{
    RECT r = {
        a->left > b->left ? a->left : b->left,
        a->top > b->top ? a->top : b->top,
        a->right < b->right ? a->right : b->right,
        a->bottom < b->bottom ? a->bottom : b->bottom,
    };
    if (rect_empty(&r)) {
        *out = (RECT){ 0, 0, 0, 0 };
        return false;
    }
    *out = r;
    return true;
}

void rect_union(RECT *out, const RECT *a, const RECT *b)
{
    if (rect_empty(a)) { *out = *b; return; }
    if (rect_empty(b)) { *out = *a; return; }
    RECT r = {
        a->left < b->left ? a->left : b->left,
        a->top < b->top ? a->top : b->top,
        a->right > b->right ? a->right : b->right,
        a->bottom > b->bottom ? a->bottom : b->bottom,
    };
    *out = r;
}

void surface_touch(struct surface *s, const RECT *r)
{
    rect_union(&s->dirty, &s->dirty, r);
}

/* The clip rectangle limited to the surface. */
static bool effective_clip(struct surface *s, const RECT *clip, RECT *out)
{
    RECT whole = { 0, 0, s->width, s->height };
    if (!s->bits)
        return false;
    return rect_intersect(out, clip ? clip : &whole, &whole);
}

void raster_fill_rect(struct surface *s, const RECT *clip, RECT r, uint32_t pixel)
{
    RECT c;
    if (!effective_clip(s, clip, &c) || !rect_intersect(&r, &r, &c))
        return;
    for (int y = r.top; y < r.bottom; y++) {
        uint32_t *row = s->bits + (long)y * s->stride;
        for (int x = r.left; x < r.right; x++)
            row[x] = pixel;
    }
    surface_touch(s, &r);
}

void raster_pixel(struct surface *s, const RECT *clip, int x, int y, uint32_t pixel)
{
    RECT c;
    if (!effective_clip(s, clip, &c))
        return;
    if (x < c.left || x >= c.right || y < c.top || y >= c.bottom)
        return;
    s->bits[(long)y * s->stride + x] = pixel;
    RECT r = { x, y, x + 1, y + 1 };
    surface_touch(s, &r);
}

void raster_blend(struct surface *s, const RECT *clip, int x, int y, uint32_t pixel, unsigned alpha)
{
    if (alpha == 0)
        return;
    if (alpha >= 255) {
        raster_pixel(s, clip, x, y, pixel);
        return;
    }
    RECT c;
    if (!effective_clip(s, clip, &c) || x < c.left || x >= c.right || y < c.top || y >= c.bottom)
        return;
    uint32_t *p = &s->bits[(long)y * s->stride + x];
    uint32_t d = *p, out = 0;
    for (int sh = 0; sh < 24; sh += 8) {
        unsigned dc = (d >> sh) & 0xff, sc = (pixel >> sh) & 0xff;
        unsigned v = (sc * alpha + dc * (255 - alpha) + 127) / 255;
        out |= v << sh;
    }
    *p = out;
    RECT r = { x, y, x + 1, y + 1 };
    surface_touch(s, &r);
}

/* A line from (x0,y0) to (x1,y1); Windows leaves out the last point of
 * LineTo, so `last` says whether to draw it. Wide pens stamp squares. */
/* Liang-Barsky: shorten the segment to the part inside r. Lines that
 * leave the area are re-rounded at the border (a pixel's difference at
 * most), which is what keeps LineTo(0, 0, 1e9, 1e9) from looping 1e9 times. */
static bool clip_segment(const RECT *r, int *x0, int *y0, int *x1, int *y1)
{
    double t0 = 0, t1 = 1, dx = (double)*x1 - *x0, dy = (double)*y1 - *y0;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { (double)*x0 - r->left, (double)r->right - 1 - *x0, (double)*y0 - r->top, (double)r->bottom - 1 - *y0 };
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1) return false;
            if (t > t0) t0 = t;
        } else {
            if (t < t0) return false;
            if (t < t1) t1 = t;
        }
    }
    if (t0 > 0) {
        *x0 = (int)lround(*x0 + t0 * dx);
        *y0 = (int)lround(*y0 + t0 * dy);
    }
    if (t1 < 1) {
        *x1 = (int)lround(*x0 + (t1 - t0) / (1 - t0) * ((*x1) - *x0));
        *y1 = (int)lround(*y0 + (t1 - t0) / (1 - t0) * ((*y1) - *y0));
    }
    return true;
}

void raster_line(struct surface *s, const RECT *clip, int x0, int y0, int x1, int y1, int width, uint32_t pixel, bool last)
{
    RECT c;
    if (!effective_clip(s, clip, &c))
        return;
    int margin = width > 1 ? width : 1;
    RECT area = { c.left - margin, c.top - margin, c.right + margin, c.bottom + margin };
    bool inside = x0 >= area.left && x0 < area.right && y0 >= area.top && y0 < area.bottom &&
                  x1 >= area.left && x1 < area.right && y1 >= area.top && y1 < area.bottom;
    if (!inside) {
        int ox1 = x1, oy1 = y1;
        if (!clip_segment(&area, &x0, &y0, &x1, &y1))
            return;
        if (x1 != ox1 || y1 != oy1)
            last = true;    /* the end point was cut off: draw up to the border */
    }
    /* Step along the major axis; the minor coordinate is the exact one
     * rounded with ties going down (toward smaller coordinates), which is
     * where GDI puts the pixels of, e.g., a 2:1 slope. */
    int dx = x1 - x0, dy = y1 - y0;
    bool xmajor = abs(dx) >= abs(dy);
    long n = xmajor ? labs((long)dx) : labs((long)dy), dm = xmajor ? dy : dx;
    int step = (xmajor ? dx : dy) < 0 ? -1 : 1;
    int before = (width - 1) / 2, after = width / 2;
    long end = last ? n : n - 1;
    for (long i = 0; i <= end; i++) {
        long minor = 0;
        if (n) {
            long num = 2 * i * dm + n - 1, den = 2 * n;     /* floor((i*dm/n) + 1/2 - tiny) */
            minor = num >= 0 ? num / den : -((-num + den - 1) / den);
        }
        int x = xmajor ? x0 + (int)(i * step) : x0 + (int)minor;
        int y = xmajor ? y0 + (int)minor : y0 + (int)(i * step);
        if (width <= 1)
            raster_pixel(s, clip, x, y, pixel);
        else
            raster_fill_rect(s, clip, (RECT){ x - before, y - before, x + after + 1, y + after + 1 }, pixel);
    }
}
