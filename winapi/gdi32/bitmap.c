/*
 * gdi32/bitmap.c - bitmaps and memory DCs: CreateCompatibleDC/Bitmap,
 * CreateBitmap, CreateDIBSection, BitBlt/StretchBlt (SRCCOPY and the
 * constant raster operations), SetDIBitsToDevice, StretchDIBits and GetDIBits,
 * and bitmaps from packed DIBs (user32's LoadBitmap/LoadImage).
 * Every bitmap is stored as 32-bit 0x00RRGGBB pixels; a 32-bit DIB section is
 * drawn on in the program's own memory (bottom-up through a negative stride),
 * so what the program writes to its bits pointer is what BitBlt copies.
 * Other depths are not implemented and fail instead of drawing garbage.
 */
#include "winapi/gdi32/gdi.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

DEBUG_CHANNEL(bitmap);

#define SRCCOPY 0x00CC0020
#define PATCOPY 0x00F00021
#define BLACKNESS 0x00000042
#define WHITENESS 0x00FF0062
#define BI_RGB 0
#define BI_BITFIELDS 3
#define DIB_RGB_COLORS 0

typedef struct {
    DWORD biSize;
    LONG biWidth, biHeight;
    WORD biPlanes, biBitCount;
    DWORD biCompression, biSizeImage;
    LONG biXPelsPerMeter, biYPelsPerMeter;
    DWORD biClrUsed, biClrImportant;
} BITMAPINFOHEADER;
_Static_assert(sizeof(BITMAPINFOHEADER) == 40, "BITMAPINFOHEADER");

static HBITMAP new_bitmap(int w, int h, uint32_t *bits, long stride, uint32_t *own, void *dib)
{
    struct gdi_obj *o = calloc(1, sizeof *o);
    if (!o) {
        free(own);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    o->type = GDI_BITMAP;
    o->u.bitmap.surf = (struct surface){ bits, w, h, stride, { 0, 0, 0, 0 } };
    o->u.bitmap.own = own;
    o->u.bitmap.dib_bits = dib;
    o->u.bitmap.bpp = 32;
    HBITMAP hb = gdi_alloc(o);
    if (!hb) {
        free(own);
        free(o);
    }
    return hb;
}

static HBITMAP alloc_bitmap(int w, int h)
{
    if (w < 0 || h < 0 || (long long)w * h > (1LL << 28)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (w == 0 || h == 0)
        w = h = 1;      /* Windows returns a 1x1 stock bitmap for an empty size */
    uint32_t *bits = calloc((size_t)w * h, 4);
    if (!bits) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return new_bitmap(w, h, bits, w, bits, NULL);
}

void bitmap_free(struct gdi_obj *o)
{
    free(o->u.bitmap.own);
    if (o->u.bitmap.dib_bits) {
        size_t size = (size_t)o->u.bitmap.surf.width * o->u.bitmap.surf.height * 4;
        munmap(o->u.bitmap.dib_bits, size ? size : 1);
    }
}

bool bitmap_select(struct dc *dc, HBITMAP h, struct gdi_obj *o)
{
    dc->surf = &o->u.bitmap.surf;
    dc->origin = (POINT){ 0, 0 };
    dc->clip = (RECT){ 0, 0, o->u.bitmap.surf.width, o->u.bitmap.surf.height };
    return true;
}

HDC WINAPI gdi32_CreateCompatibleDC(HDC ref)
{
    if (ref && !dc_get(ref))
        return NULL;
    HBITMAP hb = alloc_bitmap(1, 1);
    if (!hb)
        return NULL;
    struct gdi_obj *bo = gdi_get(hb, GDI_BITMAP);
    struct dc *dc = dc_create(&bo->u.bitmap.surf, NULL);
    if (!dc) {
        bitmap_free(bo);
        gdi_free_handle(hb);
        free(bo);
        return NULL;
    }
    dc->memory = true;
    dc->bitmap = hb;
    dc->default_bitmap = hb;
    bo->selected = 1;
    bo->stock = true;       /* the DC's own: DeleteObject of it is a no-op, as for stock bitmaps */
    return dc->handle;
}

HBITMAP WINAPI gdi32_CreateCompatibleBitmap(HDC hdc, int w, int h)
{
    if (!dc_get(hdc))
        return NULL;
    return alloc_bitmap(w, h);
}

HBITMAP WINAPI gdi32_CreateBitmap(int w, int h, UINT planes, UINT bpp, const void *bits)
{
    if (planes != 1 || (bpp != 1 && bpp != 32)) {
        FIXME("%u planes, %u bits per pixel\n", planes, bpp);
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    HBITMAP hb = alloc_bitmap(w, h);
    if (!hb || !bits)
        return hb;
    struct gdi_obj *o = gdi_get(hb, GDI_BITMAP);
    struct surface *s = &o->u.bitmap.surf;
    if (bpp == 32) {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                s->bits[(long)y * s->stride + x] = ((const uint32_t *)bits)[(long)y * w + x] & 0xffffff;
    } else {
        /* Monochrome rows are WORD-aligned; bit set = white. */
        int row_bytes = ((w + 15) / 16) * 2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int bit = (((const BYTE *)bits)[y * row_bytes + x / 8] >> (7 - x % 8)) & 1;
                s->bits[(long)y * s->stride + x] = bit ? 0xffffff : 0;
            }
    }
    return hb;
}

HBITMAP WINAPI gdi32_CreateDIBSection(HDC hdc, const BITMAPINFOHEADER *bi, UINT usage, void **bits_out,
                                      HANDLE section, DWORD offset)
{
    if (bits_out)
        *bits_out = NULL;
    if (!bi || bi->biSize < sizeof(BITMAPINFOHEADER) || bi->biWidth <= 0 || bi->biHeight == 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (section) {
        FIXME("DIB section in a file mapping\n");
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (bi->biBitCount != 32 || (bi->biCompression != BI_RGB && bi->biCompression != BI_BITFIELDS)) {
        FIXME("%u-bit DIB sections (compression %u)\n", bi->biBitCount, bi->biCompression);
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (bi->biCompression == BI_BITFIELDS) {
        const DWORD *masks = (const DWORD *)((const BYTE *)bi + bi->biSize);
        if (masks[0] != 0xff0000 || masks[1] != 0xff00 || masks[2] != 0xff) {
            FIXME("bit fields %x %x %x\n", masks[0], masks[1], masks[2]);
            set_last_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
    }
    int w = bi->biWidth, h = bi->biHeight < 0 ? -bi->biHeight : bi->biHeight;
    if ((long long)w * h > (1LL << 28)) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    size_t size = (size_t)w * h * 4;
    /* Page-aligned, zeroed memory as on Windows (programs rely on both). */
    void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    uint32_t *top = bi->biHeight < 0 ? mem : (uint32_t *)mem + (size_t)w * (h - 1);
    long stride = bi->biHeight < 0 ? w : -(long)w;
    HBITMAP hb = new_bitmap(w, h, top, stride, NULL, mem);
    if (!hb) {
        munmap(mem, size);
        return NULL;
    }
    if (bits_out)
        *bits_out = mem;
    return hb;
}

/* Copy (with scaling) src rect -> dst rect, both in surface coordinates. */
static void blit(struct surface *dst, const RECT *dclip, int dx, int dy, int dw, int dh,
                 struct surface *src, int sx, int sy, int sw, int sh)
{
    if (dw == 0 || dh == 0 || sw == 0 || sh == 0)
        return;
    RECT whole = { 0, 0, dst->width, dst->height }, c;
    if (!rect_intersect(&c, dclip, &whole))
        return;
    bool flip_x = (dw < 0) != (sw < 0), flip_y = (dh < 0) != (sh < 0);
    if (dw < 0) { dx += dw; dw = -dw; }
    if (dh < 0) { dy += dh; dh = -dh; }
    if (sw < 0) { sx += sw; sw = -sw; }
    if (sh < 0) { sy += sh; sh = -sh; }
    /* The same surface may overlap: copy the source rows first. */
    uint32_t *tmp = NULL;
    const uint32_t *sbits = src->bits;
    long sstride = src->stride;
    int ox = 0, oy = 0;
    if (src == dst) {
        tmp = malloc((size_t)sw * sh * 4);
        if (!tmp)
            return;
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++) {
                int yy = sy + y, xx = sx + x;
                tmp[(size_t)y * sw + x] = (yy >= 0 && yy < src->height && xx >= 0 && xx < src->width)
                                              ? src->bits[(long)yy * src->stride + xx] : 0;
            }
        sbits = tmp;
        sstride = sw;
        ox = sx;
        oy = sy;
    }
    RECT touched = { 0, 0, 0, 0 };
    /* Only destination pixels inside the clip are visited. */
    int y_from = c.top > dy ? c.top - dy : 0, y_to = c.bottom < dy + dh ? c.bottom - dy : dh;
    int x_from = c.left > dx ? c.left - dx : 0, x_to = c.right < dx + dw ? c.right - dx : dw;
    for (int y = y_from; y < y_to; y++) {
        int ty = dy + y;
        int yy = (int)((long long)y * sh / dh);
        if (flip_y)
            yy = sh - 1 - yy;
        int syy = sy + yy;
        if (!tmp && (syy < 0 || syy >= src->height))
            continue;
        for (int x = x_from; x < x_to; x++) {
            int tx = dx + x;
            int xx = (int)((long long)x * sw / dw);
            if (flip_x)
                xx = sw - 1 - xx;
            int sxx = sx + xx;
            if (!tmp && (sxx < 0 || sxx >= src->width))
                continue;
            dst->bits[(long)ty * dst->stride + tx] =
                sbits[(long)(syy - oy) * sstride + (sxx - ox)] & 0xffffff;
        }
        RECT row = { dx < c.left ? c.left : dx, ty, dx + dw > c.right ? c.right : dx + dw, ty + 1 };
        rect_union(&touched, &touched, &row);
    }
    surface_touch(dst, &touched);
    free(tmp);
}

static BOOL stretch(HDC hdst, int x, int y, int w, int h, HDC hsrc, int sx, int sy, int sw, int sh, DWORD rop)
{
    struct dc *dst = dc_get(hdst);
    if (!dst)
        return FALSE;
    extern BOOL WINAPI gdi32_PatBlt(HDC, int, int, int, int, DWORD);
    if (rop == PATCOPY || rop == BLACKNESS || rop == WHITENESS)
        return gdi32_PatBlt(hdst, x, y, w, h, rop);
    if (rop != SRCCOPY) {
        FIXME("raster operation %#x\n", rop);
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct dc *src = dc_get(hsrc);
    if (!src)
        return FALSE;
    blit(dst->surf, &dst->clip, x + dst->origin.x + dst->vp_org.x, y + dst->origin.y + dst->vp_org.y, w, h,
         src->surf, sx + src->origin.x + src->vp_org.x, sy + src->origin.y + src->vp_org.y, sw, sh);
    return TRUE;
}

BOOL WINAPI gdi32_BitBlt(HDC hdst, int x, int y, int w, int h, HDC hsrc, int sx, int sy, DWORD rop)
{
    return stretch(hdst, x, y, w, h, hsrc, sx, sy, w, h, rop);
}

BOOL WINAPI gdi32_StretchBlt(HDC hdst, int x, int y, int w, int h, HDC hsrc, int sx, int sy, int sw, int sh, DWORD rop)
{
    return stretch(hdst, x, y, w, h, hsrc, sx, sy, sw, sh, rop);
}

int WINAPI gdi32_SetStretchBltMode(HDC hdc, int mode)
{
    if (!dc_get(hdc))
        return 0;
    return 1;   /* BLACKONWHITE: we always sample the nearest pixel */
}

/* A packed DIB's rows as a temporary 32-bit surface (32/24/8-bit BI_RGB). */
static bool dib_to_surface(const BITMAPINFOHEADER *bi, const void *bits, struct surface *out, uint32_t **own)
{
    *own = NULL;
    if (!bi || !bits || bi->biSize < sizeof *bi || bi->biWidth <= 0 || bi->biHeight == 0 ||
        (bi->biCompression != BI_RGB && !(bi->biCompression == BI_BITFIELDS && bi->biBitCount == 32))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    int w = bi->biWidth, h = bi->biHeight < 0 ? -bi->biHeight : bi->biHeight, bpp = bi->biBitCount;
    if (bpp != 32 && bpp != 24 && bpp != 8) {
        FIXME("%d-bit DIBs\n", bpp);
        set_last_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    long row_bytes = ((long)w * bpp + 31) / 32 * 4;
    uint32_t *pix = malloc((size_t)w * h * 4);
    if (!pix)
        return false;
    const DWORD *palette = (const DWORD *)((const BYTE *)bi + bi->biSize);
    for (int y = 0; y < h; y++) {
        int src_row = bi->biHeight < 0 ? y : h - 1 - y;
        const BYTE *row = (const BYTE *)bits + src_row * row_bytes;
        for (int x = 0; x < w; x++) {
            uint32_t p;
            if (bpp == 32)
                p = ((const uint32_t *)row)[x];
            else if (bpp == 24)
                p = row[3 * x] | (row[3 * x + 1] << 8) | (row[3 * x + 2] << 16);
            else
                p = palette[row[x]];
            pix[(size_t)y * w + x] = p & 0xffffff;
        }
    }
    *out = (struct surface){ pix, w, h, w, { 0, 0, 0, 0 } };
    *own = pix;
    return true;
}

int WINAPI gdi32_StretchDIBits(HDC hdc, int x, int y, int w, int h, int sx, int sy, int sw, int sh,
                               const void *bits, const BITMAPINFOHEADER *bi, UINT usage, DWORD rop)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (rop != SRCCOPY || usage != DIB_RGB_COLORS) {
        FIXME("rop %#x usage %u\n", rop, usage);
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct surface s;
    uint32_t *own;
    if (!dib_to_surface(bi, bits, &s, &own))
        return 0;
    /* Source y counts from the bottom for bottom-up DIBs. */
    int top = bi->biHeight > 0 ? s.height - sy - sh : sy;
    blit(dc->surf, &dc->clip, x + dc->origin.x + dc->vp_org.x, y + dc->origin.y + dc->vp_org.y, w, h,
         &s, sx, top, sw, sh);
    free(own);
    return s.height;
}

int WINAPI gdi32_SetDIBitsToDevice(HDC hdc, int x, int y, DWORD w, DWORD h, int sx, int sy,
                                   UINT start, UINT lines, const void *bits, const BITMAPINFOHEADER *bi, UINT usage)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return 0;
    if (usage != DIB_RGB_COLORS || start != 0) {
        FIXME("usage %u start scan %u\n", usage, start);
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct surface s;
    uint32_t *own;
    if (!dib_to_surface(bi, bits, &s, &own))
        return 0;
    int top = bi->biHeight > 0 ? s.height - sy - (int)h : sy;
    blit(dc->surf, &dc->clip, x + dc->origin.x + dc->vp_org.x, y + dc->origin.y + dc->vp_org.y, (int)w, (int)h,
         &s, sx, top, (int)w, (int)h);
    free(own);
    return (int)(lines ? lines : (UINT)s.height);
}

/* ---- packed DIBs (bitmap resources, .bmp files) and GetDIBits -------------- */

/* A palette entry or 32-bit pixel of a packed DIB: a .bmp file's DIB starts
 * after its 14-byte file header, so nothing in it is 4-aligned. */
static uint32_t dib_u32(const BYTE *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

HBITMAP gdi_bitmap_from_packed_dib(const void *dib, size_t size)
{
    BITMAPINFOHEADER hdr;   /* copied: the caller's may be 2-aligned only */
    const BITMAPINFOHEADER *bi = &hdr;
    if (dib && size >= sizeof hdr)
        memcpy(&hdr, dib, sizeof hdr);
    if (!dib || size < sizeof *bi || bi->biSize < sizeof *bi || bi->biSize > size || bi->biWidth <= 0 ||
        bi->biHeight == 0 || bi->biWidth > 65536 || bi->biHeight > 65536 || bi->biHeight < -65536 ||
        bi->biPlanes != 1 || bi->biCompression != BI_RGB) {
        set_last_error(ERROR_INVALID_DATA);
        return NULL;
    }
    int bpp = bi->biBitCount;
    if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 24 && bpp != 32) {
        FIXME("%d-bit bitmaps\n", bpp);
        set_last_error(ERROR_INVALID_DATA);
        return NULL;
    }
    size_t colors = bpp <= 8 ? (bi->biClrUsed && bi->biClrUsed <= (1u << bpp) ? bi->biClrUsed : 1u << bpp) : 0;
    const BYTE *palette = (const BYTE *)dib + bi->biSize;
    size_t bits_off = bi->biSize + colors * 4;
    int w = bi->biWidth, h = bi->biHeight < 0 ? -bi->biHeight : bi->biHeight;
    size_t row_bytes = ((size_t)w * bpp + 31) / 32 * 4;
    if (bits_off > size || row_bytes * h > size - bits_off) {
        set_last_error(ERROR_INVALID_DATA);
        return NULL;
    }
    HBITMAP hb = alloc_bitmap(w, h);
    if (!hb)
        return NULL;
    struct surface *s = &gdi_get(hb, GDI_BITMAP)->u.bitmap.surf;
    const BYTE *bits = (const BYTE *)dib + bits_off;
    for (int y = 0; y < h; y++) {
        const BYTE *row = bits + (size_t)(bi->biHeight < 0 ? y : h - 1 - y) * row_bytes;
        for (int x = 0; x < w; x++) {
            uint32_t p;
            switch (bpp) {
            case 32: p = dib_u32(row + 4 * x); break;
            case 24: p = row[3 * x] | (row[3 * x + 1] << 8) | (row[3 * x + 2] << 16); break;
            case 8: p = row[x] < colors ? dib_u32(palette + 4 * row[x]) : 0; break;
            case 4: { unsigned i = (row[x / 2] >> (x & 1 ? 0 : 4)) & 15; p = i < colors ? dib_u32(palette + 4 * i) : 0; break; }
            default: { unsigned i = (row[x / 8] >> (7 - x % 8)) & 1; p = i < colors ? dib_u32(palette + 4 * i) : 0; break; }
            }
            s->bits[(long)y * s->stride + x] = p & 0xffffff;
        }
    }
    return hb;
}

/* GetDIBits: the bitmap's rows as a 32- or 24-bit DIB (or just its header
 * filled in when bits is NULL). */
int WINAPI gdi32_GetDIBits(HDC hdc, HBITMAP hb, UINT start, UINT lines, void *bits, BITMAPINFOHEADER *bi, UINT usage)
{
    if (!dc_get(hdc))
        return 0;
    struct gdi_obj *o = gdi_get(hb, GDI_BITMAP);
    if (!o || !bi || bi->biSize < sizeof *bi) {
        if (o)
            set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct surface *s = &o->u.bitmap.surf;
    if (!bits) {
        if (bi->biBitCount == 0) {
            bi->biWidth = s->width;
            bi->biHeight = s->height;
            bi->biPlanes = 1;
            bi->biBitCount = 32;
            bi->biCompression = BI_RGB;
            bi->biSizeImage = (DWORD)s->width * s->height * 4;
        }
        return s->height;
    }
    if ((bi->biBitCount != 32 && bi->biBitCount != 24) || bi->biCompression != BI_RGB || bi->biWidth != s->width ||
        usage != DIB_RGB_COLORS) {
        FIXME("%u-bit, compression %u, width %d for a %d-wide bitmap\n", bi->biBitCount, bi->biCompression,
              bi->biWidth, s->width);
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int h = s->height, bpp = bi->biBitCount;
    bool top_down = bi->biHeight < 0;
    size_t row_bytes = ((size_t)s->width * bpp + 31) / 32 * 4;
    int done = 0;
    /* Scan line numbers count from the bottom for bottom-up DIBs. */
    for (UINT k = 0; k < lines && start + k < (UINT)h; k++) {
        UINT line = start + k;
        int y = top_down ? (int)line : h - 1 - (int)line;
        BYTE *row = (BYTE *)bits + (size_t)k * row_bytes;
        for (int x = 0; x < s->width; x++) {
            uint32_t p = s->bits[(long)y * s->stride + x] & 0xffffff;
            if (bpp == 32) {
                memcpy(row + 4 * x, &p, 4);
            } else {
                row[3 * x] = p & 0xff;
                row[3 * x + 1] = (p >> 8) & 0xff;
                row[3 * x + 2] = (p >> 16) & 0xff;
            }
        }
        done++;
    }
    return done;
}
