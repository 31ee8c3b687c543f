/*
 * user32/x11.c - the X11 backend. The display opens on first use (console
 * programs never connect). Each top-level window is one X window showing
 * its client area; its backing store (a 32-bit 0x00RRGGBB gdi32 surface,
 * the byte layout of a 24-bit TrueColor ZPixmap) is blitted with XPutImage:
 * the dirty rectangle after painting, the exposed one on Expose, so X never
 * needs a WM_PAINT to recover hidden pixels. X input becomes posted
 * messages: keys (VK codes, with the character for TranslateMessage in the
 * message's private field), buttons and motion (hit-tested to child
 * windows), the window manager's close button (WM_DELETE_WINDOW ->
 * WM_SYSCOMMAND/SC_CLOSE) and resizes (WM_SIZE through window.c).
 * Nothing is registered for exit: the process ends without X teardown.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

DEBUG_CHANNEL(x11);

static Display *dpy;
static bool tried;
static int screen;
static Visual *visual;
static int depth;
static GC gc;
static Atom wm_protocols, wm_delete, net_wm_name, utf8_string;
static bool can_put;        /* the visual takes our pixels as they are */

bool msg_post_input(HWND h, UINT msg, WPARAM wp, LPARAM lp, DWORD priv);   /* message.c */

static int on_x_error(Display *d, XErrorEvent *e)
{
    /* A window destroyed under us and the like: logged, never fatal. */
    TRACE("X error %d request %d\n", e->error_code, e->request_code);
    return 0;
}

bool x11_available(void)
{
    if (tried)
        return dpy != NULL;
    tried = true;
    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        WARN("cannot open X display '%s': windows are not available\n", getenv("DISPLAY") ? getenv("DISPLAY") : "");
        return false;
    }
    XSetErrorHandler(on_x_error);
    screen = DefaultScreen(dpy);
    visual = DefaultVisual(dpy, screen);
    depth = DefaultDepth(dpy, screen);
    gc = DefaultGC(dpy, screen);
    can_put = (depth == 24 || depth == 32) && visual->red_mask == 0xff0000 && visual->green_mask == 0xff00 &&
              visual->blue_mask == 0xff;
    if (!can_put)
        FIXME("X visual depth %d masks %lx/%lx/%lx: windows stay blank\n", depth, visual->red_mask,
              visual->green_mask, visual->blue_mask);
    wm_protocols = XInternAtom(dpy, "WM_PROTOCOLS", False);
    wm_delete = XInternAtom(dpy, "WM_DELETE_WINDOW", False);
    net_wm_name = XInternAtom(dpy, "_NET_WM_NAME", False);
    utf8_string = XInternAtom(dpy, "UTF8_STRING", False);
    return true;
}

int user_screen_size(int *w, int *h)
{
    const char *d = getenv("DISPLAY");
    if (!tried && d && *d)
        x11_available();
    if (!dpy)
        return 0;
    *w = DisplayWidth(dpy, screen);
    *h = DisplayHeight(dpy, screen);
    return 1;
}

static struct window *find_xwin(Window xw)
{
    for (struct window *w = win_next(NULL); w; w = win_next(w))
        if (!w->parent && w->xwin == xw)
            return w;
    return NULL;
}

bool x11_create(struct window *w)
{
    if (!x11_available()) {
        set_last_error(ERROR_NOT_SUPPORTED);
        return false;
    }
    int cw = w->client.right - w->client.left, ch = w->client.bottom - w->client.top;
    XSetWindowAttributes a = { 0 };
    a.background_pixmap = None;
    a.bit_gravity = NorthWestGravity;
    a.event_mask = ExposureMask | KeyPressMask | KeyReleaseMask | ButtonPressMask | ButtonReleaseMask |
                   PointerMotionMask | StructureNotifyMask | FocusChangeMask;
    Window xw = XCreateWindow(dpy, RootWindow(dpy, screen), w->client.left, w->client.top,
                              cw > 0 ? cw : 1, ch > 0 ? ch : 1, 0, depth, InputOutput, visual,
                              CWBackPixmap | CWBitGravity | CWEventMask, &a);
    if (!xw) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    w->xwin = xw;
    XSetWMProtocols(dpy, xw, &wm_delete, 1);
    XSizeHints *hints = XAllocSizeHints();
    if (hints) {
        hints->flags = USPosition | USSize | PPosition | PSize;
        hints->x = w->client.left;
        hints->y = w->client.top;
        hints->width = cw;
        hints->height = ch;
        if (!(w->style & WS_THICKFRAME)) {
            hints->flags |= PMinSize | PMaxSize;
            hints->min_width = hints->max_width = cw;
            hints->min_height = hints->max_height = ch;
        }
        XSetWMNormalHints(dpy, xw, hints);
        XFree(hints);
    }
    XClassHint *cls = XAllocClassHint();
    if (cls) {
        cls->res_name = (char *)"mimic";
        cls->res_class = (char *)"Mimic";
        XSetClassHint(dpy, xw, cls);
        XFree(cls);
    }
    if (w->owner && w->owner->xwin)
        XSetTransientForHint(dpy, xw, w->owner->xwin);
    x11_set_title(w);
    return true;
}

void x11_destroy(struct window *w)
{
    if (dpy && w->xwin) {
        XDestroyWindow(dpy, w->xwin);
        XFlush(dpy);
    }
    w->xwin = 0;
    w->mapped = false;
}

void x11_show(struct window *w, bool show)
{
    if (!dpy || !w->xwin)
        return;
    if (show) {
        XMapRaised(dpy, w->xwin);
        if (w->style & WS_VISIBLE)
            XSetInputFocus(dpy, w->xwin, RevertToParent, CurrentTime);
    } else {
        XUnmapWindow(dpy, w->xwin);
        w->mapped = false;
    }
    XFlush(dpy);
}

void x11_set_title(struct window *w)
{
    if (!dpy || !w->xwin)
        return;
    char *utf8 = utf16_to_utf8_alloc(w->text ? w->text : (const WCHAR *)u"");
    if (!utf8)
        return;
    XStoreName(dpy, w->xwin, utf8);     /* Latin-1 for old tools; UTF-8 below is authoritative */
    XChangeProperty(dpy, w->xwin, net_wm_name, utf8_string, 8, PropModeReplace, (unsigned char *)utf8,
                    (int)strlen(utf8));
    free(utf8);
}

void x11_move_resize(struct window *w)
{
    if (!dpy || !w->xwin)
        return;
    int cw = w->client.right - w->client.left, ch = w->client.bottom - w->client.top;
    XMoveResizeWindow(dpy, w->xwin, w->client.left, w->client.top, cw > 0 ? cw : 1, ch > 0 ? ch : 1);
}

static void put_rect(struct window *w, RECT r)
{
    RECT whole = { 0, 0, w->surf.width, w->surf.height };
    if (!can_put || !w->surf.bits || !rect_intersect(&r, &r, &whole))
        return;
    XImage *img = XCreateImage(dpy, visual, depth, ZPixmap, 0, (char *)w->surf.bits, w->surf.width, w->surf.height,
                               32, (int)(w->surf.stride * 4));
    if (!img)
        return;
    XPutImage(dpy, w->xwin, gc, img, r.left, r.top, r.left, r.top, r.right - r.left, r.bottom - r.top);
    img->data = NULL;   /* the surface is ours, not Xlib's */
    XDestroyImage(img);
}

void x11_flush(void)
{
    if (!dpy)
        return;
    bool any = false;
    for (struct window *w = win_next(NULL); w; w = win_next(w)) {
        if (w->parent || !w->xwin || rect_empty(&w->surf.dirty))
            continue;
        if (w->mapped) {
            put_rect(w, w->surf.dirty);
            any = true;
        }
        w->surf.dirty = (RECT){ 0, 0, 0, 0 };
    }
    if (any)
        XFlush(dpy);
}

/* ---- input --------------------------------------------------------------- */

/* The keyboard as X reports it now (GetAsyncKeyState); GetKeyState's
 * state follows the messages the program has retrieved (message.c). */
BYTE async_key_state[256];

static UINT vk_from_keysym(KeySym ks, bool *extended)
{
    *extended = false;
    if (ks >= XK_a && ks <= XK_z)
        return 'A' + (UINT)(ks - XK_a);
    if (ks >= XK_A && ks <= XK_Z)
        return 'A' + (UINT)(ks - XK_A);
    if (ks >= XK_0 && ks <= XK_9)
        return '0' + (UINT)(ks - XK_0);
    if (ks >= XK_F1 && ks <= XK_F24)
        return 0x70 + (UINT)(ks - XK_F1);
    if (ks >= XK_KP_0 && ks <= XK_KP_9)
        return 0x60 + (UINT)(ks - XK_KP_0);
    switch (ks) {
    case XK_BackSpace: return 0x08;
    case XK_Tab: case XK_ISO_Left_Tab: return 0x09;
    case XK_Return: return 0x0D;
    case XK_KP_Enter: *extended = true; return 0x0D;
    case XK_Shift_L: case XK_Shift_R: return 0x10;
    case XK_Control_L: return 0x11;
    case XK_Control_R: *extended = true; return 0x11;
    case XK_Alt_L: return 0x12;
    case XK_Alt_R: *extended = true; return 0x12;
    case XK_Pause: return 0x13;
    case XK_Caps_Lock: return 0x14;
    case XK_Escape: return 0x1B;
    case XK_space: return 0x20;
    case XK_Prior: *extended = true; return 0x21;
    case XK_Next: *extended = true; return 0x22;
    case XK_End: *extended = true; return 0x23;
    case XK_Home: *extended = true; return 0x24;
    case XK_Left: *extended = true; return 0x25;
    case XK_Up: *extended = true; return 0x26;
    case XK_Right: *extended = true; return 0x27;
    case XK_Down: *extended = true; return 0x28;
    case XK_Insert: *extended = true; return 0x2D;
    case XK_Delete: *extended = true; return 0x2E;
    case XK_KP_Multiply: return 0x6A;
    case XK_KP_Add: return 0x6B;
    case XK_KP_Subtract: return 0x6D;
    case XK_KP_Decimal: return 0x6E;
    case XK_KP_Divide: *extended = true; return 0x6F;
    case XK_semicolon: case XK_colon: return 0xBA;
    case XK_equal: case XK_plus: return 0xBB;
    case XK_comma: case XK_less: return 0xBC;
    case XK_minus: case XK_underscore: return 0xBD;
    case XK_period: case XK_greater: return 0xBE;
    case XK_slash: case XK_question: return 0xBF;
    case XK_grave: case XK_asciitilde: return 0xC0;
    case XK_bracketleft: case XK_braceleft: return 0xDB;
    case XK_backslash: case XK_bar: return 0xDC;
    case XK_bracketright: case XK_braceright: return 0xDD;
    case XK_apostrophe: case XK_quotedbl: return 0xDE;
    }
    return 0;
}

static WPARAM mk_flags(unsigned state)
{
    WPARAM f = 0;
    if (state & Button1Mask) f |= 0x0001;
    if (state & Button3Mask) f |= 0x0002;
    if (state & ShiftMask) f |= 0x0004;
    if (state & ControlMask) f |= 0x0008;
    if (state & Button2Mask) f |= 0x0010;
    return f;
}

static void on_key(struct window *top, XKeyEvent *e, bool down)
{
    char buf[8];
    KeySym ks = 0;
    int n = XLookupString(e, buf, sizeof buf, &ks, NULL);
    bool ext;
    UINT vk = vk_from_keysym(ks, &ext);
    if (!vk)
        return;
    /* The focus window if it is in this top-level window, else the top-level window. */
    struct window *f = focus_hwnd ? win_get_quiet(focus_hwnd) : NULL;
    HWND target = (f && win_toplevel(f) == top) ? f->hwnd : top->hwnd;
    bool alt = (e->state & Mod1Mask) != 0 && vk != 0x12;
    UINT scan = e->keycode > 8 ? e->keycode - 8 : 0;
    LPARAM lp = 1 | ((LPARAM)(scan & 0xff) << 16) | (ext ? (1L << 24) : 0) | (alt ? (1L << 29) : 0);
    if (!down)
        lp |= (1L << 30) | (1L << 31);
    else if (async_key_state[vk] & 0x80)
        lp |= 1L << 30;         /* auto-repeat: it was already down */
    async_key_state[vk] = down ? 0x80 : 0;
    DWORD ch = 0;
    if (n == 1)
        ch = (BYTE)buf[0];      /* XLookupString without a locale gives Latin-1 */
    else if ((ks & 0xff000000) == 0x01000000)
        ch = (DWORD)(ks & 0xffff);
    if (ch == 0x7f)
        ch = 0;                 /* Delete has no WM_CHAR on Windows */
    UINT msg = alt || vk == 0x12 ? (down ? WM_SYSKEYDOWN : WM_SYSKEYUP) : (down ? WM_KEYDOWN : WM_KEYUP);
    msg_post_input(target, msg, vk, lp, down ? ch : 0);
}

static DWORD last_click_time;
static int last_click_x, last_click_y;
static unsigned last_click_button;
static HWND last_click_hwnd;

static void on_button(struct window *top, XButtonEvent *e, bool down)
{
    msg_cursor = (POINT){ e->x_root, e->y_root };
    if (e->button == 4 || e->button == 5) {
        if (!down)
            return;
        struct window *f = focus_hwnd ? win_get_quiet(focus_hwnd) : NULL;
        HWND target = (f && win_toplevel(f) == top) ? f->hwnd : top->hwnd;
        int delta = e->button == 4 ? 120 : -120;
        msg_post_input(target, WM_MOUSEWHEEL, ((WPARAM)(WORD)(int16_t)delta << 16) | mk_flags(e->state),
                       MAKELPARAM(e->x_root, e->y_root), 0);
        return;
    }
    if (e->button > 3)
        return;
    int cx, cy;
    HWND target;
    struct window *cap = capture_hwnd ? win_get_quiet(capture_hwnd) : NULL;
    if (cap) {
        int ox, oy;
        win_client_origin(cap, &ox, &oy);
        target = cap->hwnd;
        cx = e->x - ox;
        cy = e->y - oy;
    } else {
        target = win_child_at(top, e->x, e->y, &cx, &cy);
    }
    struct window *tw = win_get_quiet(target);
    if (!tw)
        return;
    for (struct window *p = tw; p; p = p->parent)
        if (p->style & WS_DISABLED)
            return;     /* disabled windows (and modal owners) take no clicks */
    static const UINT downs[] = { WM_LBUTTONDOWN, WM_MBUTTONDOWN, WM_RBUTTONDOWN };
    static const UINT ups[] = { WM_LBUTTONUP, WM_MBUTTONUP, WM_RBUTTONUP };
    UINT msg = down ? downs[e->button - 1] : ups[e->button - 1];
    WPARAM wp = mk_flags(e->state);
    /* X state is before the event: this button's bit follows the event. */
    WPARAM bit = e->button == 1 ? 1 : e->button == 3 ? 2 : 0x10;
    wp = down ? (wp | bit) : (wp & ~bit);
    if (down) {
        DWORD now = (DWORD)e->time;
        if ((tw->cls->style & 0x0008 /* CS_DBLCLKS */) && last_click_hwnd == target && last_click_button == e->button &&
            now - last_click_time <= 500 && abs(e->x - last_click_x) <= 4 && abs(e->y - last_click_y) <= 4) {
            msg = msg + 2;      /* WM_xBUTTONDBLCLK follows WM_xBUTTONUP */
            last_click_hwnd = NULL;
        } else {
            last_click_hwnd = target;
            last_click_time = now;
            last_click_x = e->x;
            last_click_y = e->y;
            last_click_button = e->button;
        }
    }
    msg_post_input(target, msg, wp, MAKELPARAM(cx, cy), 0);
}

static void on_motion(struct window *top, XMotionEvent *e)
{
    msg_cursor = (POINT){ e->x_root, e->y_root };
    int cx, cy;
    HWND target;
    struct window *cap = capture_hwnd ? win_get_quiet(capture_hwnd) : NULL;
    if (cap) {
        int ox, oy;
        win_client_origin(cap, &ox, &oy);
        target = cap->hwnd;
        cx = e->x - ox;
        cy = e->y - oy;
    } else {
        target = win_child_at(top, e->x, e->y, &cx, &cy);
    }
    msg_post_input(target, WM_MOUSEMOVE, mk_flags(e->state), MAKELPARAM(cx, cy), 0);
}

static void handle_event(XEvent *ev)
{
    struct window *w = find_xwin(ev->xany.window);
    if (!w)
        return;
    switch (ev->type) {
    case Expose: {
        RECT r = { ev->xexpose.x, ev->xexpose.y, ev->xexpose.x + ev->xexpose.width,
                   ev->xexpose.y + ev->xexpose.height };
        w->mapped = true;
        put_rect(w, r);
        break;
    }
    case MapNotify:
        w->mapped = true;
        w->surf.dirty = (RECT){ 0, 0, w->surf.width, w->surf.height };
        break;
    case UnmapNotify:
        w->mapped = false;
        break;
    case ConfigureNotify: {
        int rx = ev->xconfigure.x, ry = ev->xconfigure.y;
        Window child;
        /* Reparenting window managers report positions in their frame. */
        XTranslateCoordinates(dpy, w->xwin, RootWindow(dpy, screen), 0, 0, &rx, &ry, &child);
        win_resized_by_host(w, rx, ry, ev->xconfigure.width, ev->xconfigure.height);
        break;
    }
    case ClientMessage:
        if (ev->xclient.message_type == wm_protocols && (Atom)ev->xclient.data.l[0] == wm_delete) {
            if (!(w->style & WS_DISABLED))
                msg_post(w->hwnd, WM_SYSCOMMAND, SC_CLOSE, 0);
        }
        break;
    case KeyPress:
    case KeyRelease:
        if (!(w->style & WS_DISABLED))
            on_key(w, &ev->xkey, ev->type == KeyPress);
        break;
    case ButtonPress:
    case ButtonRelease:
        on_button(w, &ev->xbutton, ev->type == ButtonPress);
        break;
    case MotionNotify:
        on_motion(w, &ev->xmotion);
        break;
    }
}

void x11_events(int timeout_ms)
{
    if (!dpy) {
        if (timeout_ms != 0)
            poll(NULL, 0, timeout_ms);
        return;
    }
    if (timeout_ms != 0 && !XPending(dpy)) {
        XFlush(dpy);
        struct pollfd p = { ConnectionNumber(dpy), POLLIN, 0 };
        poll(&p, 1, timeout_ms);
    }
    while (XPending(dpy)) {
        XEvent ev;
        XNextEvent(dpy, &ev);
        handle_event(&ev);
    }
}
