/*
 * user32/image.c - LoadBitmapA/W and LoadImageA/W for bitmaps: from the
 * module's RT_BITMAP resources, or from a .bmp file with LR_LOADFROMFILE.
 * The pixels go through gdi32's packed-DIB reader (bounds-checked against
 * the resource's or file's size). Icons and cursors from resources are not
 * implemented: LoadImage fails for them (see LoadIcon for the stock ones).
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/path.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(image);

#define IMAGE_BITMAP 0
#define IMAGE_ICON 1
#define IMAGE_CURSOR 2
#define LR_LOADFROMFILE 0x0010
#define RT_BITMAP_ ((const WCHAR *)(uintptr_t)2)

static HBITMAP bitmap_from_resource(HINSTANCE inst, const WCHAR *name)
{
    const void *entry = res_find(inst, RT_BITMAP_, name, 0xffff);
    if (!entry)
        return NULL;
    DWORD size = 0;
    const void *data = res_data(inst, entry, &size);
    if (!data)
        return NULL;
    return gdi_bitmap_from_packed_dib(data, size);
}

/* A .bmp file: BITMAPFILEHEADER (14 bytes, "BM") then a packed DIB. */
static HBITMAP bitmap_from_file(const char *win_path)
{
    char *host = path_to_host(win_path);
    FILE *f = host ? fopen(host, "rb") : NULL;
    free(host);
    if (!f) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    BYTE *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > (256u << 20)) {
                break;      /* larger than any bitmap we accept */
            }
            BYTE *n = realloc(buf, cap);
            if (!n)
                break;
            buf = n;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    HBITMAP hb = NULL;
    if (len >= 14 + 40 && buf[0] == 'B' && buf[1] == 'M') {
        DWORD off, hdr;
        WORD bpp;
        DWORD used;
        memcpy(&off, buf + 10, 4);
        memcpy(&hdr, buf + 14, 4);
        memcpy(&bpp, buf + 28, 2);
        memcpy(&used, buf + 46, 4);
        size_t colors = bpp <= 8 ? (used ? used : 1u << bpp) : 0;
        /* The packed DIB reader expects the bits right after the colour
         * table, where every writer we know puts them. */
        if (off == 14 + hdr + colors * 4)
            hb = gdi_bitmap_from_packed_dib(buf + 14, len - 14);
        else {
            FIXME("bits at offset %u, not right after the colour table\n", off);
            set_last_error(ERROR_INVALID_DATA);
        }
    } else {
        set_last_error(ERROR_INVALID_DATA);
    }
    free(buf);
    return hb;
}

HANDLE WINAPI user32_LoadImageW(HINSTANCE inst, LPCWSTR name, UINT type, int cx, int cy, UINT flags)
{
    if (!name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (type != IMAGE_BITMAP) {
        if (!(flags & LR_LOADFROMFILE) && !inst)
            return type == IMAGE_ICON ? user32_LoadIconW(NULL, name) : user32_LoadCursorW(NULL, name);
        FIXME("icon and cursor images (type %u)\n", type);
        set_last_error(1813);   /* ERROR_RESOURCE_TYPE_NOT_FOUND */
        return NULL;
    }
    if (cx || cy)
        FIXME("bitmaps are loaded at their own size, not %dx%d\n", cx, cy);
    if (flags & LR_LOADFROMFILE) {
        if (IS_INTRESOURCE(name)) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        char *path = utf16_to_utf8_alloc(name);
        HBITMAP hb = path ? bitmap_from_file(path) : NULL;
        free(path);
        return hb;
    }
    return bitmap_from_resource(inst, name);
}

HANDLE WINAPI user32_LoadImageA(HINSTANCE inst, LPCSTR name, UINT type, int cx, int cy, UINT flags)
{
    if (!name || IS_INTRESOURCE(name))
        return user32_LoadImageW(inst, (LPCWSTR)name, type, cx, cy, flags);
    WCHAR *w = acp_to_wide(name);
    HANDLE h = w ? user32_LoadImageW(inst, w, type, cx, cy, flags) : NULL;
    free(w);
    return h;
}

HBITMAP WINAPI user32_LoadBitmapW(HINSTANCE inst, LPCWSTR name)
{
    if (!inst) {
        FIXME("OEM bitmaps (OBM_*)\n");
        set_last_error(1813);
        return NULL;
    }
    return user32_LoadImageW(inst, name, IMAGE_BITMAP, 0, 0, 0);
}

HBITMAP WINAPI user32_LoadBitmapA(HINSTANCE inst, LPCSTR name)
{
    if (!inst) {
        FIXME("OEM bitmaps (OBM_*)\n");
        set_last_error(1813);
        return NULL;
    }
    return user32_LoadImageA(inst, name, IMAGE_BITMAP, 0, 0, 0);
}
