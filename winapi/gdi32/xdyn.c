/*
 * xdyn.c - libX11 and FreeType, loaded on first use. Console programs are
 * most of what mimic runs and never open a window; linking these libraries
 * (and the eleven they pull in) would cost every `mimic run` their loading
 * and relocation at start-up. Each function here has the library's own
 * prototype (the headers check it) and forwards to the real one, looked up
 * once. A missing library is fatal by name, never a silent failure.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void *lib_handle(const char *const *names, void **cache)
{
    if (!*cache) {
        for (size_t i = 0; names[i] && !*cache; i++)
            *cache = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
        if (!*cache) {
            fprintf(stderr, "mimic: cannot load %s: %s\n", names[0], dlerror());
            exit(3);
        }
    }
    return *cache;
}

static void *x11_sym(const char *name)
{
    static const char *const names[] = { "libX11.so.6", "libX11.so", NULL };
    static void *h;
    void *p = dlsym(lib_handle(names, &h), name);
    if (!p) {
        fprintf(stderr, "mimic: libX11 lacks %s\n", name);
        exit(3);
    }
    return p;
}

static void *ft_sym(const char *name)
{
    static const char *const names[] = { "libfreetype.so.6", "libfreetype.so", NULL };
    static void *h;
    void *p = dlsym(lib_handle(names, &h), name);
    if (!p) {
        fprintf(stderr, "mimic: libfreetype lacks %s\n", name);
        exit(3);
    }
    return p;
}

#define FWD(lookup, ret, name, params, args) \
    ret name params { static ret (*real_) params; if (!real_) real_ = (ret (*) params)lookup(#name); return real_ args; }
#define FWDV(lookup, name, params, args) \
    void name params { static void (*real_) params; if (!real_) real_ = (void (*) params)lookup(#name); real_ args; }

FWD(x11_sym, XClassHint *, XAllocClassHint, (void), ())
FWD(x11_sym, XSizeHints *, XAllocSizeHints, (void), ())
FWD(x11_sym, int, XChangeProperty, (Display *d, Window w, Atom p, Atom t, int f, int m, const unsigned char *data, int n),
    (d, w, p, t, f, m, data, n))
FWD(x11_sym, XImage *, XCreateImage, (Display *d, Visual *v, unsigned int depth, int format, int offset, char *data,
    unsigned int width, unsigned int height, int pad, int bpl), (d, v, depth, format, offset, data, width, height, pad, bpl))
FWD(x11_sym, Window, XCreateWindow, (Display *d, Window parent, int x, int y, unsigned int w, unsigned int h,
    unsigned int bw, int depth, unsigned int cls, Visual *v, unsigned long mask, XSetWindowAttributes *a),
    (d, parent, x, y, w, h, bw, depth, cls, v, mask, a))
FWD(x11_sym, int, XDestroyWindow, (Display *d, Window w), (d, w))
FWD(x11_sym, int, XFlush, (Display *d), (d))
FWD(x11_sym, int, XFree, (void *p_), (p_))
FWD(x11_sym, Atom, XInternAtom, (Display *d, const char *name, Bool only), (d, name, only))
FWD(x11_sym, int, XLookupString, (XKeyEvent *e, char *buf, int n, KeySym *ks, XComposeStatus *st), (e, buf, n, ks, st))
FWD(x11_sym, int, XMapRaised, (Display *d, Window w), (d, w))
FWD(x11_sym, int, XMoveResizeWindow, (Display *d, Window w, int x, int y, unsigned int width, unsigned int height),
    (d, w, x, y, width, height))
FWD(x11_sym, int, XNextEvent, (Display *d, XEvent *e), (d, e))
FWD(x11_sym, Display *, XOpenDisplay, (const char *name), (name))
FWD(x11_sym, int, XPending, (Display *d), (d))
FWD(x11_sym, int, XPutImage, (Display *d, Drawable dr, GC gc, XImage *im, int sx, int sy, int dx, int dy,
    unsigned int w, unsigned int h), (d, dr, gc, im, sx, sy, dx, dy, w, h))
FWD(x11_sym, int, XSetClassHint, (Display *d, Window w, XClassHint *h), (d, w, h))
FWD(x11_sym, XErrorHandler, XSetErrorHandler, (XErrorHandler h), (h))
FWD(x11_sym, int, XSetInputFocus, (Display *d, Window w, int revert, Time t), (d, w, revert, t))
FWD(x11_sym, int, XSetTransientForHint, (Display *d, Window w, Window owner), (d, w, owner))
FWDV(x11_sym, XSetWMNormalHints, (Display *d, Window w, XSizeHints *h), (d, w, h))
FWD(x11_sym, Status, XSetWMProtocols, (Display *d, Window w, Atom *p_, int n), (d, w, p_, n))
FWD(x11_sym, int, XStoreName, (Display *d, Window w, const char *name), (d, w, name))
FWD(x11_sym, Bool, XTranslateCoordinates, (Display *d, Window a, Window b, int x, int y, int *rx, int *ry, Window *child),
    (d, a, b, x, y, rx, ry, child))
FWD(x11_sym, int, XUnmapWindow, (Display *d, Window w), (d, w))

FWD(ft_sym, FT_Error, FT_Done_Face, (FT_Face f), (f))
FWD(ft_sym, FT_UInt, FT_Get_Char_Index, (FT_Face f, FT_ULong c), (f, c))
FWD(ft_sym, void *, FT_Get_Sfnt_Table, (FT_Face f, FT_Sfnt_Tag tag), (f, tag))
FWD(ft_sym, FT_Error, FT_Init_FreeType, (FT_Library *l), (l))
FWD(ft_sym, FT_Error, FT_Load_Glyph, (FT_Face f, FT_UInt g, FT_Int32 flags), (f, g, flags))
FWD(ft_sym, FT_Error, FT_New_Face, (FT_Library l, const char *path, FT_Long i, FT_Face *f), (l, path, i, f))
FWD(ft_sym, FT_Error, FT_Render_Glyph, (FT_GlyphSlot s, FT_Render_Mode m), (s, m))
FWD(ft_sym, FT_Error, FT_Set_Pixel_Sizes, (FT_Face f, FT_UInt w, FT_UInt h), (f, w, h))
