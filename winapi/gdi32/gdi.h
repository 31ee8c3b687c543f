/*
 * gdi32/gdi.h - gdi32's internal model, shared with user32 (which owns the
 * windows that DCs draw on).
 *
 * Everything draws on a `struct surface`: 32-bit pixels 0x00RRGGBB (bytes
 * B,G,R,X in memory, the layout of a 32-bit top-down DIB and of a 24-bit
 * TrueColor XImage), addressed top row first with a signed stride so that a
 * bottom-up DIB section's own memory is drawn on directly. A window's DC
 * draws on its top-level window's backing store (user32 blits that to X);
 * child windows are regions of it, reached through the DC's origin and clip.
 *
 * GDI handles live in their own table (not the kernel handle table, as on
 * Windows). Single-threaded: GDI and USER objects belong to the GUI thread.
 */
#ifndef MIMIC_WINAPI_GDI32_GDI_H
#define MIMIC_WINAPI_GDI32_GDI_H

#include "winapi/wintypes.h"

typedef DWORD COLORREF;
typedef void *HGDIOBJ, *HDC, *HBRUSH, *HPEN, *HFONT, *HBITMAP, *HRGN, *HPALETTE;

typedef struct { LONG left, top, right, bottom; } RECT;
typedef struct { LONG x, y; } POINT;
typedef struct { LONG cx, cy; } SIZE;

#define RGB_R(c) ((c) & 0xff)
#define RGB_G(c) (((c) >> 8) & 0xff)
#define RGB_B(c) (((c) >> 16) & 0xff)
#define MAKE_RGB(r, g, b) ((COLORREF)((r) | ((g) << 8) | ((b) << 16)))
#define CLR_INVALID 0xffffffffu

/* COLORREF (0x00BBGGRR) <-> surface pixel (0x00RRGGBB). */
static inline uint32_t color_to_pixel(COLORREF c)
{
    return (RGB_R(c) << 16) | (RGB_G(c) << 8) | RGB_B(c);
}
static inline COLORREF pixel_to_color(uint32_t p)
{
    return MAKE_RGB((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
}

struct surface {
    uint32_t *bits;     /* row 0 (top) */
    int width, height;
    long stride;        /* in pixels, negative for bottom-up memory */
    RECT dirty;         /* union of what was drawn since the last flush (window surfaces) */
};

enum gdi_type { GDI_PEN = 1, GDI_BRUSH, GDI_FONT, GDI_BITMAP, GDI_DC, GDI_REGION };

struct gdi_font;        /* gdi32/font.c */

struct gdi_obj {
    enum gdi_type type;
    bool stock;         /* never deleted */
    int selected;       /* DCs it is selected into */
    bool deleted;       /* DeleteObject while selected: freed when deselected */
    union {
        struct { int style, width; COLORREF color; } pen;
        struct { int style; COLORREF color; } brush;
        struct gdi_font *font;
        struct {
            struct surface surf;
            uint32_t *own;       /* memory we allocated (NULL for a DIB section's view) */
            void *dib_bits;      /* DIB section: the program's pointer */
            int bpp;
        } bitmap;
        RECT region;    /* rectangular regions only */
        struct dc *dc;
    } u;
};

struct dc {
    HDC handle;
    struct surface *surf;   /* what we draw on (window backing store or selected bitmap) */
    POINT origin;           /* device (0,0) in surface coordinates */
    RECT clip;              /* surface coordinates */
    void *hwnd;             /* window DC: the window; NULL for memory/screen DCs */
    bool memory;
    HGDIOBJ pen, brush, font, bitmap;
    HGDIOBJ default_bitmap; /* a memory DC's 1x1 stock bitmap */
    COLORREF text_color, bk_color, dc_brush_color, dc_pen_color;
    int bk_mode, text_align, rop2, poly_fill_mode, map_mode;
    POINT pos;              /* MoveToEx/LineTo current position */
    POINT vp_org;           /* SetViewportOrgEx */
    int saved_level;
    struct dc *saved;       /* SaveDC stack */
};

/* Handle table (gdi32/object.c). */
HGDIOBJ gdi_alloc(struct gdi_obj *obj);
struct gdi_obj *gdi_get(HGDIOBJ h, enum gdi_type type);   /* type 0: any; NULL and ERROR_INVALID_HANDLE */
void gdi_free_handle(HGDIOBJ h);
void gdi_unselect(HGDIOBJ h);       /* one DC fewer; frees an object deleted meanwhile */
struct dc *dc_get(HDC h);                                 /* NULL + ERROR_INVALID_HANDLE */
HGDIOBJ gdi_stock(int index);

/* DCs (gdi32/dc.c). user32 makes window DCs with these. */
struct dc *dc_create(struct surface *surf, void *hwnd);
void dc_destroy(struct dc *dc);
void dc_set_window_area(struct dc *dc, int x, int y, const RECT *clip);
/* A window (or its backing store) is going away: its DCs draw on nothing. */
void dc_detach_surface(struct surface *s);
void dc_detach_window(void *hwnd);

/* A device-dependent bitmap from a packed DIB (header, colour table, bits:
 * the layout of RT_BITMAP resources and of .bmp files after their file
 * header); 1/4/8/24/32-bit BI_RGB. size bounds every read. NULL + error. */
HBITMAP gdi_bitmap_from_packed_dib(const void *dib, size_t size);

/* Brush resolution: real brushes, (HBRUSH)(COLOR_x + 1) and DC_BRUSH.
 * Returns false for a null/hollow brush. */
bool gdi_brush_pixel(struct dc *dc, HBRUSH h, uint32_t *pixel);
extern COLORREF (*gdi_sys_color)(int index);   /* set by user32; GetSysColor */

/* Raster primitives (gdi32/raster.c), surface coordinates, clipped to clip. */
void raster_fill_rect(struct surface *s, const RECT *clip, RECT r, uint32_t pixel);
void raster_pixel(struct surface *s, const RECT *clip, int x, int y, uint32_t pixel);
void raster_line(struct surface *s, const RECT *clip, int x0, int y0, int x1, int y1, int width, uint32_t pixel, bool last);
void raster_blend(struct surface *s, const RECT *clip, int x, int y, uint32_t pixel, unsigned alpha);
void surface_touch(struct surface *s, const RECT *r);
bool rect_intersect(RECT *out, const RECT *a, const RECT *b);
bool rect_empty(const RECT *r);
void rect_union(RECT *out, const RECT *a, const RECT *b);

/* Text (gdi32/font.c, text.c). */
struct gdi_font *font_from_dc(struct dc *dc);
int text_width(struct gdi_font *f, const WCHAR *s, int n);
void text_draw(struct dc *dc, int x, int y, const WCHAR *s, int n, const RECT *clip_dev, bool opaque_rect);
void font_metrics(struct gdi_font *f, int *ascent, int *descent, int *ave_width);

#endif
