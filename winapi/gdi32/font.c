/*
 * gdi32/font.c - logical fonts on FreeType: CreateFont(Indirect)A/W, the
 * stock fonts, the mapping of Windows face names to installed Debian fonts,
 * and the metrics GetTextMetrics reports. Liberation Sans/Serif/Mono are
 * metric-compatible with Arial/Times New Roman/Courier New, so a program's
 * layout computed from extents comes out as on Windows; Tahoma, Segoe UI,
 * MS Sans Serif and the other UI faces map to Liberation Sans (close, not
 * exact); characters the face lacks come from DejaVu Sans. Heights follow
 * Windows: lfHeight < 0 is the em size in pixels, > 0 the cell height
 * (ascent + descent from the OS/2 table), 0 a default.
 */
#include "winapi/gdi32/gdi.h"
#include "winapi/gdi32/font.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include FT_TRUETYPE_TABLES_H

DEBUG_CHANNEL(font);

static FT_Library ft_lib;
static bool ft_ready;

static const char *const font_dirs[] = {
    "/usr/share/fonts/truetype/liberation/",
    "/usr/share/fonts/truetype/liberation2/",
    "/usr/share/fonts/truetype/dejavu/",
};

enum family { FAM_SANS, FAM_SERIF, FAM_MONO };

/* Windows face names and the family that stands in for them. */
static const struct { const char *name; enum family fam; } face_map[] = {
    { "arial", FAM_SANS }, { "helvetica", FAM_SANS }, { "tahoma", FAM_SANS },
    { "segoe ui", FAM_SANS }, { "ms sans serif", FAM_SANS }, { "ms shell dlg", FAM_SANS },
    { "ms shell dlg 2", FAM_SANS }, { "microsoft sans serif", FAM_SANS }, { "verdana", FAM_SANS },
    { "system", FAM_SANS }, { "calibri", FAM_SANS }, { "liberation sans", FAM_SANS },
    { "times new roman", FAM_SERIF }, { "times", FAM_SERIF }, { "georgia", FAM_SERIF },
    { "ms serif", FAM_SERIF }, { "cambria", FAM_SERIF }, { "liberation serif", FAM_SERIF },
    { "courier new", FAM_MONO }, { "courier", FAM_MONO }, { "consolas", FAM_MONO },
    { "lucida console", FAM_MONO }, { "fixedsys", FAM_MONO }, { "terminal", FAM_MONO },
    { "liberation mono", FAM_MONO },
};

static const char *const liberation_names[3] = { "LiberationSans", "LiberationSerif", "LiberationMono" };
static const char *const dejavu_names[3] = { "DejaVuSans", "DejaVuSerif", "DejaVuSansMono" };

/* The file for a family and style; NULL if no font is installed. */
static char *find_font_file(enum family fam, bool bold, bool italic)
{
    static const char *const lib_styles[4] = { "Regular", "Bold", "Italic", "BoldItalic" };
    static const char *const dv_styles[2][4] = {
        { "", "-Bold", "-Oblique", "-BoldOblique" },    /* sans, mono */
        { "", "-Bold", "-Italic", "-BoldItalic" },      /* serif */
    };
    int st = (bold ? 1 : 0) + (italic ? 2 : 0);
    char path[512];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t d = 0; d < sizeof font_dirs / sizeof *font_dirs; d++) {
            if (strstr(font_dirs[d], "dejavu"))
                snprintf(path, sizeof path, "%s%s%s.ttf", font_dirs[d], dejavu_names[fam],
                         dv_styles[fam == FAM_SERIF][pass ? 0 : st]);
            else
                snprintf(path, sizeof path, "%s%s-%s.ttf", font_dirs[d], liberation_names[fam],
                         lib_styles[pass ? 0 : st]);
            if (access(path, R_OK) == 0)
                return strdup(path);
        }
    }
    if (fam != FAM_SANS)
        return find_font_file(FAM_SANS, bold, italic);
    return NULL;
}

static bool ft_init(void)
{
    if (!ft_ready) {
        if (FT_Init_FreeType(&ft_lib) != 0)
            return false;
        ft_ready = true;
    }
    return true;
}

/* Build the FreeType side of a font: pick the file, open it, size it, take metrics. */
static bool font_realize(struct gdi_font *f)
{
    if (!ft_init())
        return false;
    char name[64];
    utf16_to_utf8(f->lf.lfFaceName, -1, name, sizeof name);
    name[sizeof name - 1] = 0;
    enum family fam = FAM_SANS;
    bool known = false;
    for (size_t i = 0; i < sizeof face_map / sizeof *face_map; i++) {
        if (!strcasecmp(name, face_map[i].name)) {
            fam = face_map[i].fam;
            known = true;
            break;
        }
    }
    if (!known) {
        int pitch = f->lf.lfPitchAndFamily & 3, family = f->lf.lfPitchAndFamily & 0xf0;
        if (pitch == 1 /* FIXED_PITCH */ || family == 0x30 /* FF_MODERN */)
            fam = FAM_MONO;
        else if (family == 0x10 /* FF_ROMAN */)
            fam = FAM_SERIF;
        if (name[0])
            TRACE("face %s not known, using family %d\n", name, fam);
    }
    bool bold = f->lf.lfWeight >= 600, italic = f->lf.lfItalic != 0;
    char *file = find_font_file(fam, bold, italic);
    if (!file) {
        FIXME("no TrueType font found under /usr/share/fonts (install fonts-liberation)\n");
        return false;
    }
    int err = FT_New_Face(ft_lib, file, 0, &f->face);
    free(file);
    if (err)
        return false;
    FT_Face face = f->face;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    double upem = face->units_per_EM ? face->units_per_EM : 2048;
    double win_asc = os2 ? os2->usWinAscent : face->ascender;
    double win_desc = os2 ? os2->usWinDescent : -face->descender;
    long h = f->lf.lfHeight;
    double cell = win_asc + win_desc;
    /* The em size in whole pixels (a cell height converts with rounding, as
     * MulDiv does), then ascent, descent and internal leading scaled from
     * the OS/2 table and rounded each - the way Wine derives GDI metrics. */
    double em;
    if (h < 0)
        em = -(double)h;
    else if (h > 0)
        em = floor(h * upem / cell + 0.5);
    else
        em = floor(16 * upem / cell + 0.5);         /* the default cell height */
    /* Beyond a few thousand pixels glyphs only cost memory and time. */
    f->em = em > 4096 ? 4096 : (int)em;
    if (f->em < 1)
        f->em = 1;
    if (f->lf.lfWidth)
        FIXME("lfWidth %d ignored (fonts keep their aspect)\n", f->lf.lfWidth);
    FT_Set_Pixel_Sizes(face, 0, f->em);
    f->ascent = (int)lround(win_asc * f->em / upem);
    f->descent = (int)lround(win_desc * f->em / upem);
    f->height = f->ascent + f->descent;
    f->internal_leading = (int)lround((cell - upem) * f->em / upem);
    if (f->internal_leading < 0)
        f->internal_leading = 0;
    f->ave_width = os2 && os2->xAvgCharWidth ? (int)lround(os2->xAvgCharWidth * f->em / upem) : f->em / 2;
    f->max_width = (int)lround((face->bbox.xMax - face->bbox.xMin) * f->em / upem);
    f->fixed = fam == FAM_MONO;
    return true;
}

struct gdi_font *font_from_dc(struct dc *dc)
{
    struct gdi_obj *o = gdi_get(dc->font, GDI_FONT);
    if (!o)
        return NULL;
    struct gdi_font *f = o->u.font;
    if (!f->face && !f->failed) {
        if (!font_realize(f))
            f->failed = true;
    }
    return f->face ? f : NULL;
}

void font_metrics(struct gdi_font *f, int *ascent, int *descent, int *ave_width)
{
    *ascent = f->ascent;
    *descent = f->descent;
    *ave_width = f->ave_width;
}

void font_free(struct gdi_font *f)
{
    if (f->face)
        FT_Done_Face(f->face);
    if (f->fallback)
        FT_Done_Face(f->fallback);
    free(f);
}

/* Liberation covers Latin, Greek and Cyrillic; for other characters (arrows,
 * box drawing, symbols ...) GDI's font linking would pick another font: we
 * take DejaVu Sans at the same size. */
FT_Face font_glyph_face(struct gdi_font *f, WCHAR c, FT_UInt *index)
{
    FT_UInt gi = FT_Get_Char_Index(f->face, c);
    if (gi || c < 0x80) {
        *index = gi;
        return f->face;
    }
    if (!f->fallback && !f->fallback_failed) {
        char *file = NULL;
        static const char *const paths[] = { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" };
        for (size_t i = 0; i < sizeof paths / sizeof *paths && !file; i++)
            if (access(paths[i], R_OK) == 0)
                file = strdup(paths[i]);
        if (!file || FT_New_Face(ft_lib, file, 0, &f->fallback) != 0) {
            f->fallback = NULL;
            f->fallback_failed = true;
        } else {
            FT_Set_Pixel_Sizes(f->fallback, 0, f->em);
        }
        free(file);
    }
    FT_UInt fi = f->fallback ? FT_Get_Char_Index(f->fallback, c) : 0;
    if (fi) {
        *index = fi;
        return f->fallback;
    }
    *index = 0;         /* the face's own "missing" glyph */
    return f->face;
}

/* The advance of one character in pixels (hinted, as GDI's are). */
int font_advance(struct gdi_font *f, WCHAR c)
{
    if (c < 256 && f->adv_known[c])
        return f->adv[c];
    FT_UInt gi;
    FT_Face face = font_glyph_face(f, c, &gi);
    int adv = 0;
    if (FT_Load_Glyph(face, gi, FT_LOAD_DEFAULT) == 0)
        adv = (int)((face->glyph->advance.x + 32) >> 6);
    if (c < 256) {
        f->adv[c] = adv;
        f->adv_known[c] = true;
    }
    return adv;
}

int text_width(struct gdi_font *f, const WCHAR *s, int n)
{
    int w = 0;
    for (int i = 0; i < n; i++)
        w += font_advance(f, s[i]);
    return w;
}

static HFONT font_create(const LOGFONTW *lf, bool stock)
{
    struct gdi_font *f = calloc(1, sizeof *f);
    struct gdi_obj *o = calloc(1, sizeof *o);
    if (!f || !o) {
        free(f);
        free(o);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    f->lf = *lf;
    f->lf.lfFaceName[31] = 0;
    o->type = GDI_FONT;
    o->stock = stock;
    o->u.font = f;
    HFONT h = gdi_alloc(o);
    if (!h) {
        free(f);
        free(o);
    }
    return h;
}

HFONT WINAPI gdi32_CreateFontIndirectW(const LOGFONTW *lf)
{
    if (!lf) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return font_create(lf, false);
}

static void logfont_a_to_w(const LOGFONTA *a, LOGFONTW *w)
{
    memcpy(w, a, offsetof(LOGFONTA, lfFaceName));
    char name[LF_FACESIZE + 1];
    memcpy(name, a->lfFaceName, LF_FACESIZE);
    name[LF_FACESIZE] = 0;
    for (int i = 0; i < LF_FACESIZE; i++)
        w->lfFaceName[i] = (BYTE)name[i];      /* face names are ASCII */
    w->lfFaceName[LF_FACESIZE - 1] = 0;
}

HFONT WINAPI gdi32_CreateFontIndirectA(const LOGFONTA *lf)
{
    if (!lf) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    LOGFONTW w;
    logfont_a_to_w(lf, &w);
    return font_create(&w, false);
}

HFONT WINAPI gdi32_CreateFontW(int height, int width, int esc, int orient, int weight,
                               DWORD italic, DWORD underline, DWORD strike, DWORD charset,
                               DWORD out_prec, DWORD clip_prec, DWORD quality, DWORD pitch, LPCWSTR face)
{
    LOGFONTW lf = { height, width, esc, orient, weight, (BYTE)italic, (BYTE)underline, (BYTE)strike,
                    (BYTE)charset, (BYTE)out_prec, (BYTE)clip_prec, (BYTE)quality, (BYTE)pitch, { 0 } };
    if (esc || orient)
        FIXME("rotated text (escapement %d) is drawn horizontally\n", esc);
    if (face) {
        size_t n = wstrlen(face);
        if (n > LF_FACESIZE - 1)
            n = LF_FACESIZE - 1;
        memcpy(lf.lfFaceName, face, n * sizeof(WCHAR));
    }
    return font_create(&lf, false);
}

HFONT WINAPI gdi32_CreateFontA(int height, int width, int esc, int orient, int weight,
                               DWORD italic, DWORD underline, DWORD strike, DWORD charset,
                               DWORD out_prec, DWORD clip_prec, DWORD quality, DWORD pitch, LPCSTR face)
{
    WCHAR w[LF_FACESIZE] = { 0 };
    for (int i = 0; face && face[i] && i < LF_FACESIZE - 1; i++)
        w[i] = (BYTE)face[i];
    return gdi32_CreateFontW(height, width, esc, orient, weight, italic, underline, strike, charset,
                             out_prec, clip_prec, quality, pitch, w);
}

HFONT font_create_stock(int index)
{
    LOGFONTW lf = { 0 };
    const char *face;
    switch (index) {
    case 10: case 11: case 16:      /* OEM_FIXED, ANSI_FIXED, SYSTEM_FIXED */
        lf.lfHeight = index == 16 ? 16 : 12;
        lf.lfPitchAndFamily = 1 | 0x30;
        face = "Courier";
        break;
    case 12:                        /* ANSI_VAR_FONT */
        lf.lfHeight = 12;
        face = "MS Sans Serif";
        break;
    case 17:                        /* DEFAULT_GUI_FONT */
        lf.lfHeight = -11;
        face = "MS Shell Dlg";
        break;
    default:                        /* SYSTEM_FONT, DEVICE_DEFAULT_FONT */
        lf.lfHeight = 16;
        lf.lfWeight = 700;
        face = "System";
        break;
    }
    if (!lf.lfWeight)
        lf.lfWeight = 400;
    for (int i = 0; face[i]; i++)
        lf.lfFaceName[i] = (BYTE)face[i];
    return font_create(&lf, true);
}

int font_get_object(struct gdi_font *f, int size, void *out, bool wide)
{
    int need = wide ? (int)sizeof(LOGFONTW) : (int)sizeof(LOGFONTA);
    if (!out)
        return need;
    if (size < need) {
        /* Windows copies what fits. */
        if (size <= 0)
            return 0;
        need = size;
    }
    if (wide) {
        memcpy(out, &f->lf, need);
    } else {
        LOGFONTA a;
        memcpy(&a, &f->lf, offsetof(LOGFONTA, lfFaceName));
        for (int i = 0; i < LF_FACESIZE; i++)
            a.lfFaceName[i] = (char)f->lf.lfFaceName[i];
        memcpy(out, &a, need);
    }
    return need;
}
