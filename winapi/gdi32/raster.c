/*
 * gdi32/raster.c - the pixel-level primitives every drawing call ends in:
 * clipped spans and rectangles, single pixels, Bresenham lines with square
 * pens, and alpha blending for anti-aliased glyphs. Coordinates are surface
 * coordinates; every write is clipped to both the clip rectangle and the
 * surface, and recorded in the surface's dirty rectangle for the X blit.
 */
#include "winapi/gdi32/gdi.h"

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
void raster_line(struct surface *s, const RECT *clip, int x0, int y0, int x1, int y1, int width, uint32_t pixel, bool last)
{
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    int before = (width - 1) / 2, after = width / 2;
    for (;;) {
        bool end = (x0 == x1 && y0 == y1);
        if (end && !last)
            break;
        if (width <= 1)
            raster_pixel(s, clip, x0, y0, pixel);
        else
            raster_fill_rect(s, clip, (RECT){ x0 - before, y0 - before, x0 + after + 1, y0 + after + 1 }, pixel);
        if (end)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) { err += dy; x0 += sx; }
        if (e2 <= dx) { err += dx; y0 += sy; }
    }
}
