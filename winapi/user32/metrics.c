/*
 * user32/metrics.c - system metrics and colours (GetSystemMetrics, GetSysColor,
 * GetSysColorBrush), the non-client frame sizes behind AdjustWindowRect(Ex),
 * the stock cursors and icons (LoadCursor/LoadIcon with IDC_/IDI_ ids,
 * SetCursor), SystemParametersInfo (work area, non-client metrics and the UI
 * font), and the RECT helpers (SetRect, OffsetRect, PtInRect ...).
 * Values are Windows 10's at 96 DPI so that layouts computed from them match.
 */
#include "winapi/user32/user.h"
#include "winapi/gdi32/font.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <string.h>

DEBUG_CHANNEL(metrics);

#define CAPTION_H 23
#define FRAME_W 8       /* SM_CXSIZEFRAME + SM_CXPADDEDBORDER */
#define FIXED_W 3       /* SM_CXFIXEDFRAME */

void nc_insets(DWORD style, DWORD exstyle, RECT *ins)
{
    int b = 0;
    if (style & WS_THICKFRAME)
        b = FRAME_W;
    else if ((style & WS_CAPTION) == WS_CAPTION || (style & WS_DLGFRAME) || (exstyle & WS_EX_DLGMODALFRAME))
        b = FIXED_W;
    else if (style & WS_BORDER)
        b = 1;
    if (exstyle & WS_EX_CLIENTEDGE)
        b += 2;
    *ins = (RECT){ b, b, b, b };
    if ((style & WS_CAPTION) == WS_CAPTION)
        ins->top += CAPTION_H;
}

BOOL WINAPI user32_AdjustWindowRectEx(RECT *r, DWORD style, BOOL menu, DWORD exstyle)
{
    if (!r) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (menu)
        FIXME("menu bars are not implemented: no menu height added\n");
    RECT ins;
    nc_insets(style, exstyle, &ins);
    r->left -= ins.left;
    r->top -= ins.top;
    r->right += ins.right;
    r->bottom += ins.bottom;
    return TRUE;
}

BOOL WINAPI user32_AdjustWindowRect(RECT *r, DWORD style, BOOL menu)
{
    return user32_AdjustWindowRectEx(r, style, menu, 0);
}

int WINAPI user32_GetSystemMetrics(int index)
{
    int w = 1024, h = 768;
    user_screen_size(&w, &h);
    switch (index) {
    case 0: case 78: return w;              /* SM_CXSCREEN, SM_CXVIRTUALSCREEN */
    case 1: case 79: return h;              /* SM_CYSCREEN, SM_CYVIRTUALSCREEN */
    case 76: case 77: return 0;             /* SM_X/YVIRTUALSCREEN */
    case 2: case 3: return 17;              /* SM_CXVSCROLL, SM_CYHSCROLL */
    case 4: return CAPTION_H;               /* SM_CYCAPTION */
    case 5: case 6: return 1;               /* SM_CXBORDER, SM_CYBORDER */
    case 7: case 8: return FIXED_W;         /* SM_CXDLGFRAME */
    case 11: case 12: return 32;            /* SM_CXICON */
    case 13: case 14: return 32;            /* SM_CXCURSOR */
    case 15: return 20;                     /* SM_CYMENU */
    case 16: return w;                      /* SM_CXFULLSCREEN */
    case 17: return h - CAPTION_H - 40;     /* SM_CYFULLSCREEN: minus the taskbar */
    case 19: return 1;                      /* SM_MOUSEPRESENT */
    case 20: case 21: return 17;
    case 23: return 0;                      /* SM_SWAPBUTTON */
    case 28: case 29: return 136;           /* SM_CXMIN */
    case 30: case 31: return 22;            /* SM_CXSIZE */
    case 32: case 33: return 4;             /* SM_CXFRAME */
    case 36: case 37: return 4;             /* SM_CXDOUBLECLK */
    case 43: return 5;                      /* SM_CMOUSEBUTTONS */
    case 45: case 46: return 2;             /* SM_CXEDGE */
    case 49: case 50: return 16;            /* SM_CXSMICON */
    case 59: return w + 16;                 /* SM_CXMAXTRACK */
    case 60: return h + 16;
    case 61: return w + 16;                 /* SM_CXMAXIMIZED */
    case 62: return h - 40 + 16;
    case 63: return 3;                      /* SM_NETWORK */
    case 67: return 0;                      /* SM_CLEANBOOT */
    case 75: return 1;                      /* SM_MOUSEWHEELPRESENT */
    case 80: return 1;                      /* SM_CMONITORS */
    case 92: return 4;                      /* SM_CXPADDEDBORDER */
    }
    FIXME("index %d\n", index);
    return 0;
}

static const COLORREF sys_colors[31] = {
    0xc8c8c8, 0x000000, 0xd1b499, 0xdbcdbf, 0xf0f0f0, 0xffffff, 0x646464, 0x000000,
    0x000000, 0x000000, 0xb4b4b4, 0xfcf7f4, 0xababab, 0xd77800, 0xffffff, 0xf0f0f0,
    0xa0a0a0, 0x6d6d6d, 0x000000, 0x000000, 0xffffff, 0x696969, 0xe3e3e3, 0x000000,
    0xe1ffff, 0x000000, 0xcc6600, 0xead1b9, 0xf2e4d7, 0xd77800, 0xf0f0f0,
};

COLORREF user_sys_color(int index)
{
    return (index >= 0 && index < 31) ? sys_colors[index] : 0;
}

HBRUSH user_sys_brush(int index)
{
    return (HBRUSH)(uintptr_t)(index + 1);
}

DWORD WINAPI user32_GetSysColor(int index)
{
    return user_sys_color(index);
}

HBRUSH WINAPI user32_GetSysColorBrush(int index)
{
    if (index < 0 || index >= 31)
        return NULL;
    return user_sys_brush(index);
}

__attribute__((constructor)) static void hook_sys_colors(void)
{
    gdi_sys_color = user_sys_color;
}

/* ---- cursors and icons --------------------------------------------------- */
/* The stock ids (IDC_ARROW = 32512 ...) are returned as the handles
 * themselves; X keeps its own pointer, so SetCursor only records it. */

static HCURSOR current_cursor;

static void *stock_resource(const void *name, int lo, int hi)
{
    if (!IS_INTRESOURCE(name))
        return NULL;
    int id = (int)(uintptr_t)name;
    return (id >= lo && id <= hi) ? (void *)(uintptr_t)id : NULL;
}

HCURSOR WINAPI user32_LoadCursorW(HINSTANCE inst, LPCWSTR name)
{
    HCURSOR c = inst ? NULL : stock_resource(name, 32512, 32651);
    if (!c) {
        FIXME("cursor resources of modules\n");
        set_last_error(1813);   /* ERROR_RESOURCE_TYPE_NOT_FOUND */
    }
    return c;
}

HCURSOR WINAPI user32_LoadCursorA(HINSTANCE inst, LPCSTR name)
{
    return user32_LoadCursorW(inst, (LPCWSTR)name);
}

HICON WINAPI user32_LoadIconW(HINSTANCE inst, LPCWSTR name)
{
    HICON i = inst ? NULL : stock_resource(name, 32512, 32518);
    if (!i) {
        FIXME("icon resources of modules\n");
        set_last_error(1813);
    }
    return i;
}

HICON WINAPI user32_LoadIconA(HINSTANCE inst, LPCSTR name)
{
    return user32_LoadIconW(inst, (LPCWSTR)name);
}

HCURSOR WINAPI user32_SetCursor(HCURSOR c)
{
    HCURSOR old = current_cursor;
    current_cursor = c;
    return old;
}

HCURSOR WINAPI user32_GetCursor(void)
{
    return current_cursor;
}

int WINAPI user32_ShowCursor(BOOL show)
{
    static int count;
    return show ? ++count : --count;
}

BOOL WINAPI user32_MessageBeep(UINT type)
{
    return TRUE;    /* no sound device: the beep is silent */
}

/* ---- RECT helpers -------------------------------------------------------- */

BOOL WINAPI user32_SetRect(RECT *r, int l, int t, int rr, int b)
{
    if (!r)
        return FALSE;
    *r = (RECT){ l, t, rr, b };
    return TRUE;
}

BOOL WINAPI user32_SetRectEmpty(RECT *r)
{
    if (!r)
        return FALSE;
    *r = (RECT){ 0, 0, 0, 0 };
    return TRUE;
}

BOOL WINAPI user32_CopyRect(RECT *d, const RECT *s)
{
    if (!d || !s)
        return FALSE;
    *d = *s;
    return TRUE;
}

BOOL WINAPI user32_IsRectEmpty(const RECT *r)
{
    return !r || rect_empty(r);
}

BOOL WINAPI user32_OffsetRect(RECT *r, int dx, int dy)
{
    if (!r)
        return FALSE;
    r->left += dx, r->right += dx, r->top += dy, r->bottom += dy;
    return TRUE;
}

BOOL WINAPI user32_InflateRect(RECT *r, int dx, int dy)
{
    if (!r)
        return FALSE;
    r->left -= dx, r->right += dx, r->top -= dy, r->bottom += dy;
    return TRUE;
}

BOOL WINAPI user32_IntersectRect(RECT *d, const RECT *a, const RECT *b)
{
    if (!d || !a || !b)
        return FALSE;
    return rect_intersect(d, a, b);
}

BOOL WINAPI user32_UnionRect(RECT *d, const RECT *a, const RECT *b)
{
    if (!d || !a || !b)
        return FALSE;
    rect_union(d, a, b);
    if (rect_empty(d)) {
        *d = (RECT){ 0, 0, 0, 0 };
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI user32_EqualRect(const RECT *a, const RECT *b)
{
    return a && b && !memcmp(a, b, sizeof *a);
}

BOOL WINAPI user32_PtInRect(const RECT *r, POINT p)
{
    return r && p.x >= r->left && p.x < r->right && p.y >= r->top && p.y < r->bottom;
}

/* ---- SystemParametersInfo -------------------------------------------------- */
/* The queries programs make while laying out windows; anything else fails
 * with ERROR_INVALID_PARAMETER (and a FIXME) rather than pretending. */


#define SPI_GETNONCLIENTMETRICS 0x0029
#define SPI_GETWORKAREA 0x0030
#define SPI_GETFONTSMOOTHING 0x004A
#define SPI_GETICONTITLELOGFONT 0x001F

typedef struct {
    UINT cbSize;
    int iBorderWidth, iScrollWidth, iScrollHeight, iCaptionWidth, iCaptionHeight;
    LOGFONTW lfCaptionFont;
    int iSmCaptionWidth, iSmCaptionHeight;
    LOGFONTW lfSmCaptionFont;
    int iMenuWidth, iMenuHeight;
    LOGFONTW lfMenuFont, lfStatusFont, lfMessageFont;
    int iPaddedBorderWidth;
} NONCLIENTMETRICSW;
_Static_assert(sizeof(NONCLIENTMETRICSW) == 504, "NONCLIENTMETRICSW");

typedef struct {
    UINT cbSize;
    int iBorderWidth, iScrollWidth, iScrollHeight, iCaptionWidth, iCaptionHeight;
    LOGFONTA lfCaptionFont;
    int iSmCaptionWidth, iSmCaptionHeight;
    LOGFONTA lfSmCaptionFont;
    int iMenuWidth, iMenuHeight;
    LOGFONTA lfMenuFont, lfStatusFont, lfMessageFont;
    int iPaddedBorderWidth;
} NONCLIENTMETRICSA;
_Static_assert(sizeof(NONCLIENTMETRICSA) == 344, "NONCLIENTMETRICSA");

/* Segoe UI 9 pt, Windows 10's UI font (drawn with its stand-in, see gdi32/font.c). */
static void ui_font(LOGFONTW *lf, bool bold)
{
    memset(lf, 0, sizeof *lf);
    lf->lfHeight = -12;
    lf->lfWeight = bold ? 700 : 400;
    lf->lfCharSet = 1;  /* DEFAULT_CHARSET */
    lf->lfQuality = 5;  /* CLEARTYPE_QUALITY */
    static const char face[] = "Segoe UI";
    for (int i = 0; face[i]; i++)
        lf->lfFaceName[i] = (BYTE)face[i];
}

static void ui_font_a(LOGFONTA *a, bool bold)
{
    LOGFONTW w;
    ui_font(&w, bold);
    memcpy(a, &w, offsetof(LOGFONTA, lfFaceName));
    memset(a->lfFaceName, 0, sizeof a->lfFaceName);
    for (int i = 0; w.lfFaceName[i]; i++)
        a->lfFaceName[i] = (char)w.lfFaceName[i];
}

static BOOL spi(UINT action, UINT uparam, void *p, bool wide)
{
    switch (action) {
    case SPI_GETWORKAREA: {
        if (!p)
            break;
        int w = 1024, h = 768;
        user_screen_size(&w, &h);
        *(RECT *)p = (RECT){ 0, 0, w, h - 40 };     /* minus a taskbar's height */
        return TRUE;
    }
    case SPI_GETFONTSMOOTHING:
        if (!p)
            break;
        *(BOOL *)p = TRUE;
        return TRUE;
    case SPI_GETNONCLIENTMETRICS:
        if (!p)
            break;
        /* The A and W structures differ only in their LOGFONTs: one filler,
         * typed by the caller. cbSize may omit iPaddedBorderWidth (pre-Vista). */
#define FILL_NCM(type, font)                                                  \
        do {                                                                  \
            type *m = p;                                                      \
            UINT size = m->cbSize;                                            \
            if (size != sizeof *m && size != sizeof *m - 4)                   \
                goto invalid;                                                 \
            memset(m, 0, size);                                               \
            m->cbSize = size;                                                 \
            m->iBorderWidth = 1, m->iScrollWidth = m->iScrollHeight = 17;     \
            m->iCaptionWidth = m->iCaptionHeight = CAPTION_H - 1;             \
            m->iSmCaptionWidth = m->iSmCaptionHeight = 22;                    \
            m->iMenuWidth = m->iMenuHeight = 19;                              \
            font(&m->lfCaptionFont, false);                                   \
            font(&m->lfSmCaptionFont, false);                                 \
            font(&m->lfMenuFont, false);                                      \
            font(&m->lfStatusFont, false);                                    \
            font(&m->lfMessageFont, false);                                   \
            if (size == sizeof *m)                                            \
                m->iPaddedBorderWidth = 4;                                    \
        } while (0)
        if (wide)
            FILL_NCM(NONCLIENTMETRICSW, ui_font);
        else
            FILL_NCM(NONCLIENTMETRICSA, ui_font_a);
#undef FILL_NCM
        return TRUE;
    case SPI_GETICONTITLELOGFONT:
        if (!p || uparam < (wide ? sizeof(LOGFONTW) : sizeof(LOGFONTA)))
            break;
        if (wide)
            ui_font(p, false);
        else
            ui_font_a(p, false);
        return TRUE;
    default:
        FIXME("action %#x\n", action);
        break;
    }
invalid:
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

BOOL WINAPI user32_SystemParametersInfoW(UINT action, UINT uparam, void *p, UINT winini)
{
    return spi(action, uparam, p, true);
}

BOOL WINAPI user32_SystemParametersInfoA(UINT action, UINT uparam, void *p, UINT winini)
{
    return spi(action, uparam, p, false);
}
