/*
 * gdi32/text.c - drawing and measuring text: TextOutA/W, ExtTextOutA/W,
 * GetTextExtentPoint(32)A/W, GetTextExtentExPointA/W, GetCharWidth32A/W,
 * GetTextMetricsA/W, GetTextFaceA/W. Glyphs are
 * FreeType's anti-aliased (8-bit coverage) bitmaps blended in the text colour
 * over what is already drawn; OPAQUE background mode first fills the text's
 * cell box with the background colour, as GDI does. ANSI strings go through
 * the ANSI code page.
 */
#include "winapi/gdi32/gdi.h"
#include "winapi/gdi32/font.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(text);

#define OPAQUE 2
#define TA_UPDATECP 1
#define TA_RIGHT 2
#define TA_CENTER 6
#define TA_BOTTOM 8
#define TA_BASELINE 24
#define ETO_OPAQUE 2
#define ETO_CLIPPED 4

/* Draw n characters with the cell's top-left at surface (x,y); dx: optional
 * per-character advances. Clipped to the DC's clip and clip_dev (surface). */
static void draw_glyphs(struct dc *dc, struct gdi_font *f, int x, int y, const WCHAR *s, int n,
                        const INT *dx, const RECT *clip)
{
    uint32_t px = color_to_pixel(dc->text_color);
    int pen_x = x, base = y + f->ascent;
    for (int i = 0; i < n; i++) {
        FT_UInt gi;
        FT_Face face = font_glyph_face(f, s[i], &gi);
        int adv = dx ? dx[i] : font_advance(f, s[i]);
        if (FT_Load_Glyph(face, gi, FT_LOAD_DEFAULT) == 0 &&
            FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) == 0) {
            FT_Bitmap *bm = &face->glyph->bitmap;
            int gx = pen_x + face->glyph->bitmap_left, gy = base - face->glyph->bitmap_top;
            for (unsigned r = 0; r < bm->rows; r++) {
                const unsigned char *row = bm->buffer + (long)r * bm->pitch;
                for (unsigned c = 0; c < bm->width; c++) {
                    unsigned a = bm->pixel_mode == FT_PIXEL_MODE_MONO
                                     ? ((row[c >> 3] >> (7 - (c & 7))) & 1) * 255 : row[c];
                    raster_blend(dc->surf, clip, gx + (int)c, gy + (int)r, px, a);
                }
            }
        }
        pen_x += adv;
    }
    int w = pen_x - x;
    if (f->lf.lfUnderline) {
        int uy = base + (f->descent > 2 ? f->descent / 2 : 1);
        raster_fill_rect(dc->surf, clip, (RECT){ x, uy, x + w, uy + (f->em >= 24 ? 2 : 1) }, px);
    }
    if (f->lf.lfStrikeOut) {
        int sy = base - f->ascent / 3;
        raster_fill_rect(dc->surf, clip, (RECT){ x, sy, x + w, sy + 1 }, px);
    }
}

void text_draw(struct dc *dc, int x, int y, const WCHAR *s, int n, const RECT *clip_dev, bool opaque_rect)
{
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return;
    RECT clip = dc->clip;
    if (clip_dev)
        rect_intersect(&clip, &clip, clip_dev);
    if (opaque_rect && dc->bk_mode == OPAQUE)
        raster_fill_rect(dc->surf, &clip, (RECT){ x, y, x + text_width(f, s, n), y + f->height },
                         color_to_pixel(dc->bk_color));
    draw_glyphs(dc, f, x, y, s, n, NULL, &clip);
}

static BOOL ext_text_out(HDC hdc, int x, int y, UINT opts, const RECT *rect, const WCHAR *s, UINT n, const INT *dx)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (n && !s) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (dc->text_align & TA_UPDATECP) {
        x = dc->pos.x;
        y = dc->pos.y;
    }
    int ox = dc->origin.x + dc->vp_org.x, oy = dc->origin.y + dc->vp_org.y;
    RECT r_surf, clip = dc->clip;
    if (rect) {
        r_surf = (RECT){ rect->left + ox, rect->top + oy, rect->right + ox, rect->bottom + oy };
        if (opts & ETO_OPAQUE)
            raster_fill_rect(dc->surf, &dc->clip, r_surf, color_to_pixel(dc->bk_color));
        if (opts & ETO_CLIPPED)
            rect_intersect(&clip, &clip, &r_surf);
    }
    if (!n)
        return TRUE;
    struct gdi_font *f = font_from_dc(dc);
    if (!f) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    int width = 0;
    for (UINT i = 0; i < n; i++)
        width += dx ? dx[i] : font_advance(f, s[i]);
    int sx = x + ox, sy = y + oy;
    switch (dc->text_align & TA_CENTER) {
    case TA_RIGHT: sx -= width; break;
    case TA_CENTER: sx -= width / 2; break;
    }
    if ((dc->text_align & TA_BASELINE) == TA_BASELINE)
        sy -= f->ascent;
    else if (dc->text_align & TA_BOTTOM)
        sy -= f->height;
    if (dc->bk_mode == OPAQUE)
        raster_fill_rect(dc->surf, &clip, (RECT){ sx, sy, sx + width, sy + f->height }, color_to_pixel(dc->bk_color));
    draw_glyphs(dc, f, sx, sy, s, (int)n, dx, &clip);
    if (dc->text_align & TA_UPDATECP)
        dc->pos.x += ((dc->text_align & TA_CENTER) == TA_RIGHT) ? -width : width;
    return TRUE;
}

/* ANSI -> UTF-16 for the A forms; *out is malloc'd. */
static int to_wide(const char *s, int n, WCHAR **out)
{
    *out = NULL;
    if (n <= 0 || !s)
        return 0;
    WCHAR *w = malloc(sizeof(WCHAR) * n);
    if (!w)
        return -1;
    int m = cp_to_wide(CP_ACP, s, n, w, n);
    *out = w;
    return m;
}

BOOL WINAPI gdi32_ExtTextOutW(HDC hdc, int x, int y, UINT opts, const RECT *rect, LPCWSTR s, UINT n, const INT *dx)
{
    return ext_text_out(hdc, x, y, opts, rect, s, n, dx);
}

BOOL WINAPI gdi32_ExtTextOutA(HDC hdc, int x, int y, UINT opts, const RECT *rect, LPCSTR s, UINT n, const INT *dx)
{
    WCHAR *w;
    int m = to_wide(s, (int)n, &w);
    if (m < 0)
        return FALSE;
    BOOL ok = ext_text_out(hdc, x, y, opts, rect, w, (UINT)m, dx);
    free(w);
    return ok;
}

BOOL WINAPI gdi32_TextOutW(HDC hdc, int x, int y, LPCWSTR s, int n)
{
    if (n < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return ext_text_out(hdc, x, y, 0, NULL, s, (UINT)n, NULL);
}

BOOL WINAPI gdi32_TextOutA(HDC hdc, int x, int y, LPCSTR s, int n)
{
    if (n < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return gdi32_ExtTextOutA(hdc, x, y, 0, NULL, s, (UINT)n, NULL);
}

BOOL WINAPI gdi32_GetTextExtentPoint32W(HDC hdc, LPCWSTR s, int n, SIZE *size)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (!size || n < 0 || (n && !s)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return FALSE;
    size->cx = text_width(f, s, n);
    size->cy = f->height;
    return TRUE;
}

BOOL WINAPI gdi32_GetTextExtentPoint32A(HDC hdc, LPCSTR s, int n, SIZE *size)
{
    if (n < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR *w;
    int m = to_wide(s, n, &w);
    if (m < 0)
        return FALSE;
    BOOL ok = gdi32_GetTextExtentPoint32W(hdc, w ? w : (const WCHAR *)L"", m, size);
    free(w);
    return ok;
}

BOOL WINAPI gdi32_GetTextExtentPointW(HDC hdc, LPCWSTR s, int n, SIZE *size)
{
    return gdi32_GetTextExtentPoint32W(hdc, s, n, size);
}

BOOL WINAPI gdi32_GetTextExtentPointA(HDC hdc, LPCSTR s, int n, SIZE *size)
{
    return gdi32_GetTextExtentPoint32A(hdc, s, n, size);
}

static bool fill_metrics(HDC hdc, TEXTMETRICW *tm)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return false;
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return false;
    memset(tm, 0, sizeof *tm);
    tm->tmHeight = f->height;
    tm->tmAscent = f->ascent;
    tm->tmDescent = f->descent;
    tm->tmInternalLeading = f->internal_leading;
    tm->tmExternalLeading = 0;
    tm->tmAveCharWidth = f->ave_width;
    tm->tmMaxCharWidth = f->max_width;
    tm->tmWeight = f->lf.lfWeight ? f->lf.lfWeight : 400;
    tm->tmDigitizedAspectX = tm->tmDigitizedAspectY = 96;
    tm->tmFirstChar = 0x20;
    tm->tmLastChar = 0xfffc;
    tm->tmDefaultChar = 0x1f;
    tm->tmBreakChar = 0x20;
    tm->tmItalic = f->lf.lfItalic ? 255 : 0;
    tm->tmUnderlined = f->lf.lfUnderline ? 255 : 0;
    tm->tmStruckOut = f->lf.lfStrikeOut ? 255 : 0;
    /* TMPF_FIXED_PITCH is set for *variable* pitch fonts (a historical inversion). */
    tm->tmPitchAndFamily = (f->fixed ? 0x30 : 0x20 | 1) | 0x04 /* TMPF_TRUETYPE */ | 0x02 /* TMPF_VECTOR */;
    tm->tmCharSet = 0;
    return true;
}

BOOL WINAPI gdi32_GetTextMetricsW(HDC hdc, TEXTMETRICW *out)
{
    TEXTMETRICW tm;
    if (!out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!fill_metrics(hdc, &tm))
        return FALSE;
    *out = tm;
    return TRUE;
}

BOOL WINAPI gdi32_GetTextMetricsA(HDC hdc, TEXTMETRICA *out)
{
    TEXTMETRICW tm;
    if (!out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!fill_metrics(hdc, &tm))
        return FALSE;
    memcpy(out, &tm, offsetof(TEXTMETRICA, tmFirstChar));
    out->tmFirstChar = 0x1e;
    out->tmLastChar = 0xff;
    out->tmDefaultChar = 0x1f;
    out->tmBreakChar = 0x20;
    out->tmItalic = tm.tmItalic;
    out->tmUnderlined = tm.tmUnderlined;
    out->tmStruckOut = tm.tmStruckOut;
    out->tmPitchAndFamily = tm.tmPitchAndFamily;
    out->tmCharSet = tm.tmCharSet;
    return TRUE;
}

int WINAPI gdi32_GetTextFaceW(HDC hdc, int n, LPWSTR out)
{
    struct dc *dc = dc_get(hdc);
    struct gdi_obj *o = dc ? gdi_get(dc->font, GDI_FONT) : NULL;
    if (!o)
        return 0;
    const WCHAR *name = o->u.font->lf.lfFaceName;
    int len = (int)wstrlen(name);
    if (!out)
        return len + 1;
    if (n <= 0)
        return 0;
    if (len > n - 1)
        len = n - 1;
    memcpy(out, name, len * sizeof(WCHAR));
    out[len] = 0;
    return len + 1;
}

int WINAPI gdi32_GetTextFaceA(HDC hdc, int n, LPSTR out)
{
    WCHAR w[LF_FACESIZE];
    int len = gdi32_GetTextFaceW(hdc, LF_FACESIZE, w);
    if (!len)
        return 0;
    if (!out)
        return len;
    if (n <= 0)
        return 0;
    int i;
    for (i = 0; i < n - 1 && w[i]; i++)
        out[i] = (char)w[i];
    out[i] = 0;
    return i + 1;
}

/* How many characters fit in max_ext pixels (fit, when asked) and the
 * extent after each character (dx, n entries) - what text editors lay out
 * carets with. A negative max_ext fits everything (as Wine does). */
BOOL WINAPI gdi32_GetTextExtentExPointW(HDC hdc, LPCWSTR s, int n, int max_ext, INT *fit, INT *dx, SIZE *size)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (n < 0 || (n && !s) || !size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return FALSE;
    int total = 0, fitted = 0;
    for (int i = 0; i < n; i++) {
        total += font_advance(f, s[i]);
        if (dx)
            dx[i] = total;
        if (max_ext < 0 || total <= max_ext)
            fitted = i + 1;
    }
    if (fit)
        *fit = fitted;
    size->cx = total;
    size->cy = f->height;
    return TRUE;
}

BOOL WINAPI gdi32_GetTextExtentExPointA(HDC hdc, LPCSTR s, int n, int max_ext, INT *fit, INT *dx, SIZE *size)
{
    if (n < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR *w;
    int m = to_wide(s, n, &w);
    if (m < 0)
        return FALSE;
    /* With the ANSI code page single-byte, characters and bytes correspond. */
    BOOL ok = gdi32_GetTextExtentExPointW(hdc, w ? w : (const WCHAR *)u"", m, max_ext, fit, dx, size);
    free(w);
    return ok;
}

BOOL WINAPI gdi32_GetCharWidth32W(HDC hdc, UINT first, UINT last, INT *out)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (!out || last < first || last > 0xffff) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return FALSE;
    for (UINT c = first; c <= last; c++)
        out[c - first] = font_advance(f, (WCHAR)c);
    return TRUE;
}

BOOL WINAPI gdi32_GetCharWidth32A(HDC hdc, UINT first, UINT last, INT *out)
{
    struct dc *dc = dc_get(hdc);
    if (!dc)
        return FALSE;
    if (!out || last < first || last > 0xff) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return FALSE;
    for (UINT c = first; c <= last; c++) {
        char ch = (char)c;
        WCHAR w = 0;
        cp_to_wide(CP_ACP, &ch, 1, &w, 1);
        out[c - first] = font_advance(f, w);
    }
    return TRUE;
}
