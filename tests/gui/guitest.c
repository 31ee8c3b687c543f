/*
 * tests/gui/guitest.c - drives and inspects a GUI test program's windows on
 * an X server (Xvfb under make check-gui). It reads a check script (one
 * command per line, '#' comments) and exits 0 if every check passed:
 *
 *   wait TITLE...         wait (5 s) for a mapped window with this title
 *   pixel X Y RRGGBB      pixel at client (X,Y) has this colour (retried 6 s)
 *   ink X0 Y0 X1 Y1 BG    some pixel in [X0,X1)x[Y0,Y1) differs from BG
 *   blank X0 Y0 X1 Y1 BG  every pixel there is BG
 *   click X Y [BUTTON]    XTest: click (left, or button 2/3) at client (X,Y)
 *   clickr DX DY          XTest: left click DX,DY from the bottom-right corner
 *   key KEYSYM[+KEYSYM]   XTest: press (in order) and release (e.g. Return, q, Control_L+a)
 *   close                 send WM_DELETE_WINDOW as a window manager would
 *   resize W H            resize the window as a window manager would
 *   shot FILE.ppm         save the window's pixels
 *   sleep MS
 *
 * Pixels come from XGetImage of the window itself, so they are what the
 * program put on the screen, not what it believes it drew.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static Display *dpy;
static Window win;
static int win_w, win_h;
static int failures;
static const char *script;
static int lineno;

static void fail(const char *fmt, const char *detail)
{
    fprintf(stderr, "%s:%d: ", script, lineno);
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
    failures++;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The title: _NET_WM_NAME (UTF-8) if set, else WM_NAME. */
static int title_is(Window w, const char *title)
{
    Atom type;
    int format, same = 0;
    unsigned long n, after;
    unsigned char *data = NULL;
    if (XGetWindowProperty(dpy, w, XInternAtom(dpy, "_NET_WM_NAME", False), 0, 256, False,
                           XInternAtom(dpy, "UTF8_STRING", False), &type, &format, &n, &after, &data) == Success &&
        data) {
        same = format == 8 && strlen(title) == n && !memcmp(data, title, n);
        XFree(data);
        return same;
    }
    char *name = NULL;
    if (XFetchName(dpy, w, &name) && name) {
        same = strcmp(name, title) == 0;
        XFree(name);
    }
    return same;
}

static Window find(Window w, const char *title)
{
    XWindowAttributes a;
    if (title_is(w, title) && XGetWindowAttributes(dpy, w, &a) && a.map_state == IsViewable)
        return w;
    Window root, parent, *kids = NULL;
    unsigned n = 0;
    if (!XQueryTree(dpy, w, &root, &parent, &kids, &n))
        return 0;
    Window found = 0;
    for (unsigned i = 0; i < n && !found; i++)
        found = find(kids[i], title);
    if (kids)
        XFree(kids);
    return found;
}

static XImage *grab(void)
{
    XWindowAttributes a;
    if (!XGetWindowAttributes(dpy, win, &a))
        return NULL;
    win_w = a.width;
    win_h = a.height;
    return XGetImage(dpy, win, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
}

static int check_region(int x0, int y0, int x1, int y1, unsigned long bg, int want_ink)
{
    /* Generous: the machine running make check may be loaded. */
    long end = now_ms() + 6000;
    for (;;) {
        XImage *img = grab();
        int ink = 0, ok;
        if (img) {
            for (int y = y0; y < y1 && y < img->height; y++)
                for (int x = x0; x < x1 && x < img->width; x++)
                    if ((XGetPixel(img, x, y) & 0xffffff) != bg)
                        ink++;
            XDestroyImage(img);
        }
        ok = want_ink ? ink > 0 : ink == 0;
        if (ok)
            return 1;
        if (now_ms() > end)
            return 0;
        usleep(50000);
    }
}

static void pointer_to(int x, int y)
{
    Window child;
    int rx, ry;
    XTranslateCoordinates(dpy, win, DefaultRootWindow(dpy), x, y, &rx, &ry, &child);
    XTestFakeMotionEvent(dpy, DefaultScreen(dpy), rx, ry, CurrentTime);
    XSync(dpy, False);
    usleep(20000);
}

static void click(int x, int y, int button)
{
    pointer_to(x, y);
    XTestFakeButtonEvent(dpy, button, True, CurrentTime);
    XSync(dpy, False);
    usleep(20000);
    XTestFakeButtonEvent(dpy, button, False, CurrentTime);
    XSync(dpy, False);
    usleep(50000);
}

static void save_ppm(const char *path)
{
    XImage *img = grab();
    FILE *f = img ? fopen(path, "wb") : NULL;
    if (!f) {
        fail("cannot save %s", path);
        if (img)
            XDestroyImage(img);
        return;
    }
    fprintf(f, "P6\n%d %d\n255\n", img->width, img->height);
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            unsigned long p = XGetPixel(img, x, y);
            unsigned char rgb[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
            fwrite(rgb, 1, 3, f);
        }
    fclose(f);
    XDestroyImage(img);
}

/* Windows come and go while we walk the tree: X errors are expected. */
static int ignore_x_errors(Display *d, XErrorEvent *e)
{
    (void)d;
    (void)e;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: guitest SCRIPT\n");
        return 2;
    }
    script = argv[1];
    FILE *f = fopen(script, "r");
    if (!f) {
        perror(script);
        return 2;
    }
    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "guitest: no X display\n");
        return 2;
    }
    XSetErrorHandler(ignore_x_errors);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        while (*p == ' ')
            p++;
        if (!*p || *p == '#')
            continue;
        char cmd[32] = "";
        int n = 0;
        sscanf(p, "%31s %n", cmd, &n);
        char *arg = p + n;
        int x, y, x1, y1;
        unsigned long col;
        if (!strcmp(cmd, "wait")) {
            long end = now_ms() + 5000;
            win = 0;
            while (!(win = find(DefaultRootWindow(dpy), arg)) && now_ms() < end)
                usleep(30000);
            if (!win) {
                fail("no window titled '%s'", arg);
                break;      /* nothing else can be checked */
            }
            XSelectInput(dpy, win, StructureNotifyMask);
        } else if (!win) {
            fail("%s before wait", cmd);
            break;
        } else if (!strcmp(cmd, "pixel") && sscanf(arg, "%d %d %lx", &x, &y, &col) == 3) {
            if (!check_region(x, y, x + 1, y + 1, col, 0)) {
                XImage *img = grab();
                char d[96];
                snprintf(d, sizeof d, "(%d,%d) is %06lx, expected %06lx", x, y,
                         img && x < img->width && y < img->height ? XGetPixel(img, x, y) & 0xffffff : 0xdeadUL, col);
                if (img)
                    XDestroyImage(img);
                fail("pixel %s", d);
            }
        } else if (!strcmp(cmd, "ink") && sscanf(arg, "%d %d %d %d %lx", &x, &y, &x1, &y1, &col) == 5) {
            if (!check_region(x, y, x1, y1, col, 1))
                fail("no ink in %s", arg);
        } else if (!strcmp(cmd, "blank") && sscanf(arg, "%d %d %d %d %lx", &x, &y, &x1, &y1, &col) == 5) {
            if (!check_region(x, y, x1, y1, col, 0))
                fail("not blank: %s", arg);
        } else if (!strcmp(cmd, "click") && sscanf(arg, "%d %d", &x, &y) == 2) {
            int button = 1;
            sscanf(arg, "%*d %*d %d", &button);
            click(x, y, button);
        } else if (!strcmp(cmd, "clickr") && sscanf(arg, "%d %d", &x, &y) == 2) {
            XImage *img = grab();
            if (img)
                XDestroyImage(img);
            click(win_w - x, win_h - y, 1);
        } else if (!strcmp(cmd, "key")) {
            KeyCode codes[4];
            int nk = 0;
            char *save = NULL;
            for (char *t = strtok_r(arg, "+", &save); t && nk < 4; t = strtok_r(NULL, "+", &save)) {
                KeySym ks = XStringToKeysym(t);
                KeyCode kc = ks ? XKeysymToKeycode(dpy, ks) : 0;
                if (!kc) {
                    fail("unknown key %s", t);
                    nk = -1;
                    break;
                }
                codes[nk++] = kc;
            }
            if (nk <= 0)
                continue;
            XSetInputFocus(dpy, win, RevertToParent, CurrentTime);
            for (int k = 0; k < nk; k++)
                XTestFakeKeyEvent(dpy, codes[k], True, CurrentTime);
            for (int k = nk - 1; k >= 0; k--)
                XTestFakeKeyEvent(dpy, codes[k], False, CurrentTime);
            XSync(dpy, False);
            usleep(50000);
        } else if (!strcmp(cmd, "close")) {
            XEvent ev = { 0 };
            ev.xclient.type = ClientMessage;
            ev.xclient.window = win;
            ev.xclient.message_type = XInternAtom(dpy, "WM_PROTOCOLS", False);
            ev.xclient.format = 32;
            ev.xclient.data.l[0] = (long)XInternAtom(dpy, "WM_DELETE_WINDOW", False);
            ev.xclient.data.l[1] = CurrentTime;
            XSendEvent(dpy, win, False, NoEventMask, &ev);
            XSync(dpy, False);
        } else if (!strcmp(cmd, "resize") && sscanf(arg, "%d %d", &x, &y) == 2) {
            XResizeWindow(dpy, win, x, y);
            XSync(dpy, False);
            usleep(50000);
        } else if (!strcmp(cmd, "shot")) {
            save_ppm(arg);
        } else if (!strcmp(cmd, "sleep") && sscanf(arg, "%d", &x) == 1) {
            usleep(x * 1000);
        } else {
            fail("bad command: %s", p);
        }
    }
    fclose(f);
    return failures ? 1 : 0;
}
