/*
 * user32/drawtext.c - DrawTextA/W and DrawTextExA/W: formatted text in a
 * rectangle. Supports horizontal alignment (DT_LEFT/CENTER/RIGHT), vertical
 * alignment of a single line (DT_TOP/VCENTER/BOTTOM), line breaks, word
 * wrapping at spaces (DT_WORDBREAK; a word longer than the line overflows,
 * as on Windows), '&' prefixes (removed and underlined unless DT_NOPREFIX),
 * tab expansion, DT_CALCRECT and clipping to the rectangle unless DT_NOCLIP.
 * Measurements come from gdi32's font code, so extents agree with
 * GetTextExtentPoint32.
 */
#include "winapi/user32/user.h"
#include "winapi/gdi32/font.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(drawtext);

#define DT_CENTER 0x1
#define DT_RIGHT 0x2
#define DT_VCENTER 0x4
#define DT_BOTTOM 0x8
#define DT_WORDBREAK 0x10
#define DT_SINGLELINE 0x20
#define DT_EXPANDTABS 0x40
#define DT_NOCLIP 0x100
#define DT_CALCRECT 0x400
#define DT_NOPREFIX 0x800
#define DT_HIDEPREFIX 0x100000
#define DT_PREFIXONLY 0x200000

static int char_w(struct gdi_font *f, WCHAR c, bool tabs)
{
    if (c == '\t' && tabs)
        return 8 * font_advance(f, ' ');
    return font_advance(f, c);
}

static int span_w(struct gdi_font *f, const WCHAR *s, int n, bool tabs)
{
    int w = 0;
    for (int i = 0; i < n; i++)
        w += char_w(f, s[i], tabs);
    return w;
}

struct line { int start, len; };

int user_draw_text(HDC hdc, const WCHAR *src, int n, RECT *r, UINT fmt)
{
    struct dc *dc = dc_get(hdc);
    if (!dc || !r)
        return 0;
    struct gdi_font *f = font_from_dc(dc);
    if (!f)
        return 0;
    if (n < 0)
        n = (int)wstrlen(src);
    /* Remove prefixes, remembering the underlined character. */
    WCHAR *s = malloc((n + 1) * sizeof(WCHAR));
    struct line *lines = malloc((n + 2) * sizeof(struct line));
    if (!s || !lines) {
        free(s);
        free(lines);
        return 0;
    }
    int len = 0, underline = -1;
    for (int i = 0; i < n; i++) {
        if (!(fmt & DT_NOPREFIX) && src[i] == '&' && i + 1 < n) {
            i++;
            if (src[i] != '&')
                underline = len;
        }
        s[len++] = src[i];
    }
    bool tabs = (fmt & DT_EXPANDTABS) != 0;
    int width = r->right - r->left, nlines = 0;
    int i = 0;
    while (i <= len) {
        int start = i;
        if (fmt & DT_SINGLELINE) {
            lines[nlines++] = (struct line){ 0, len };
            break;
        }
        int end = start;
        while (end < len && s[end] != '\n' && s[end] != '\r')
            end++;
        int seg_end = end;
        if ((fmt & DT_WORDBREAK) && span_w(f, s + start, end - start, tabs) > width) {
            /* Take words while they fit; at least one word per line. */
            int k = start, last_fit = -1;
            while (k < end) {
                int we = k;
                while (we < end && s[we] != ' ')
                    we++;
                if (span_w(f, s + start, we - start, tabs) > width && last_fit >= 0)
                    break;
                last_fit = we;
                k = we;
                while (k < end && s[k] == ' ')
                    k++;
            }
            seg_end = last_fit < 0 ? end : last_fit;
            int trimmed = seg_end;
            lines[nlines++] = (struct line){ start, trimmed - start };
            i = seg_end;
            while (i < end && s[i] == ' ')
                i++;
            if (i < end)
                continue;
        } else {
            lines[nlines++] = (struct line){ start, end - start };
        }
        i = end;
        if (i >= len)
            break;
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            i++;
        i++;
        if (i == len) {
            lines[nlines++] = (struct line){ len, 0 };
            break;
        }
    }
    int lh = f->height, total = nlines * lh, maxw = 0;
    for (int k = 0; k < nlines; k++) {
        int w = span_w(f, s + lines[k].start, lines[k].len, tabs);
        if (w > maxw)
            maxw = w;
    }
    int y = r->top;
    if (fmt & DT_SINGLELINE) {
        if (fmt & DT_VCENTER)
            y = r->top + ((r->bottom - r->top) - lh) / 2;
        else if (fmt & DT_BOTTOM)
            y = r->bottom - lh;
    }
    int ret = (fmt & (DT_VCENTER | DT_BOTTOM)) && (fmt & DT_SINGLELINE) ? y - r->top + total : total;
    if (fmt & DT_CALCRECT) {
        /* The rectangle grows from its top-left corner whatever the
         * alignment; wrapped text keeps the given width unless a word is
         * wider; empty text leaves an empty rectangle (all as Wine does). */
        if (len == 0) {
            r->right = r->left;
            r->bottom = r->top;
            free(s);
            free(lines);
            return lh;
        }
        if ((fmt & DT_WORDBREAK) && !(fmt & DT_SINGLELINE) && nlines > 1)
            r->right = r->left + (maxw > width ? maxw : width);
        else
            r->right = r->left + maxw;
        r->bottom = r->top + total;
        free(s);
        free(lines);
        return total;
    }
    int ox = dc->origin.x + dc->vp_org.x, oy = dc->origin.y + dc->vp_org.y;
    RECT clip = { r->left + ox, r->top + oy, r->right + ox, r->bottom + oy };
    for (int k = 0; k < nlines; k++) {
        const WCHAR *ls = s + lines[k].start;
        int ln = lines[k].len, w = span_w(f, ls, ln, tabs);
        int x = r->left;
        if (fmt & DT_CENTER)
            x = r->left + (width - w) / 2;
        else if (fmt & DT_RIGHT)
            x = r->right - w;
        /* Draw piecewise so tabs advance by their expanded width. */
        int px = x + ox, seg = 0;
        for (int c = 0; c <= ln; c++) {
            if (c == ln || (tabs && ls[c] == '\t')) {
                text_draw(dc, px, y + oy, ls + seg, c - seg, (fmt & DT_NOCLIP) ? NULL : &clip, true);
                px += span_w(f, ls + seg, c - seg, false);
                if (c < ln)
                    px += char_w(f, '\t', true);
                seg = c + 1;
            }
        }
        int upos = underline - lines[k].start;
        if (underline >= 0 && upos >= 0 && upos < ln && !(fmt & DT_HIDEPREFIX)) {
            int ux = x + ox + span_w(f, ls, upos, tabs), uw = char_w(f, ls[upos], tabs);
            int uy = y + oy + f->ascent + 1;
            raster_fill_rect(dc->surf, (fmt & DT_NOCLIP) ? &dc->clip : &clip, (RECT){ ux, uy, ux + uw, uy + 1 },
                             color_to_pixel(dc->text_color));
        }
        y += lh;
    }
    free(s);
    free(lines);
    return ret;
}

int WINAPI user32_DrawTextW(HDC hdc, LPCWSTR s, int n, RECT *r, UINT fmt)
{
    if (!s || !r) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return user_draw_text(hdc, s, n, r, fmt);
}

int WINAPI user32_DrawTextA(HDC hdc, LPCSTR s, int n, RECT *r, UINT fmt)
{
    if (!s || !r) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (n < 0)
        n = (int)strlen(s);
    WCHAR *w = malloc((n + 1) * sizeof(WCHAR));
    if (!w)
        return 0;
    int m = n ? cp_to_wide(CP_ACP, s, n, w, n) : 0;
    int ret = user_draw_text(hdc, w, m < 0 ? 0 : m, r, fmt);
    free(w);
    return ret;
}

int WINAPI user32_DrawTextExW(HDC hdc, LPWSTR s, int n, RECT *r, UINT fmt, void *params)
{
    if (params)
        FIXME("DRAWTEXTPARAMS ignored\n");
    return user32_DrawTextW(hdc, s, n, r, fmt & 0xffffff);
}

int WINAPI user32_DrawTextExA(HDC hdc, LPSTR s, int n, RECT *r, UINT fmt, void *params)
{
    if (params)
        FIXME("DRAWTEXTPARAMS ignored\n");
    return user32_DrawTextA(hdc, s, n, r, fmt & 0xffffff);
}
