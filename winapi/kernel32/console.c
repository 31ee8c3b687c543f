/*
 * kernel32/console.c - the console on a host terminal: std handles,
 * WriteConsole/ReadConsole (UTF-16 <-> the terminal's UTF-8), modes (mapped
 * to termios), Ctrl+C handlers, code pages, and the screen-buffer calls
 * that a terminal can honour with escape sequences (colours, cursor, title).
 *
 * A handle is a console when its fd is a terminal (file.c's FILE_KIND_CONSOLE):
 * the std handles made at start-up from fds 0-2, CONIN$/CONOUT$, and what
 * AllocConsole/AttachConsole open on /dev/tty. WriteConsole and friends fail
 * with ERROR_INVALID_HANDLE on anything else, as on Windows, and programs
 * (cmd.exe, the CRTs) then fall back to WriteFile.
 *
 * Not modelled: the screen buffer's contents (a terminal cannot be read
 * back), so the cursor position reported is the last one set, and
 * FillConsoleOutputAttribute cannot recolour text already shown.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/process.h"
#include "winapi/module.h"
#include "winapi/thread.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

DEBUG_CHANNEL(console);

#define ENABLE_PROCESSED_INPUT 0x0001
#define ENABLE_LINE_INPUT      0x0002
#define ENABLE_ECHO_INPUT      0x0004
#define INPUT_MODE_VALID       0x03ff
#define OUTPUT_MODE_VALID      0x001f
#define DEFAULT_INPUT_MODE     0x01f7   /* processed, line, echo, mouse, insert, quick edit, extended, auto position */
#define DEFAULT_OUTPUT_MODE    0x0003   /* processed output, wrap at EOL */

#define CTRL_C_EVENT        0
#define CTRL_BREAK_EVENT    1
#define CTRL_CLOSE_EVENT    2
#define ERROR_INVALID_ACCESS 12

typedef struct { short X, Y; } COORD;
typedef struct { short Left, Top, Right, Bottom; } SMALL_RECT;
typedef struct {
    COORD dwSize;
    COORD dwCursorPosition;
    WORD wAttributes;
    SMALL_RECT srWindow;
    COORD dwMaximumWindowSize;
} CONSOLE_SCREEN_BUFFER_INFO;
_Static_assert(sizeof(CONSOLE_SCREEN_BUFFER_INFO) == 22, "CONSOLE_SCREEN_BUFFER_INFO");

typedef struct { DWORD dwSize; BOOL bVisible; } CONSOLE_CURSOR_INFO;

typedef BOOL (WINAPI *ctrl_handler_fn)(DWORD);

static pthread_mutex_t con_lock = PTHREAD_MUTEX_INITIALIZER;
static DWORD input_mode = DEFAULT_INPUT_MODE, output_mode = DEFAULT_OUTPUT_MODE;
static UINT input_cp = 65001, output_cp = 65001;
static WORD text_attr = 0x07;
static COORD cursor;
static char *title;

/* Whether the process has a console: at start-up, when one of fds 0-2 is a
 * terminal (Wine's rule for programs started from a Unix shell; a Windows
 * console program always has one, but here the terminal is the console);
 * later, what FreeConsole/AllocConsole/AttachConsole made of it. Kept
 * apart from the std handles, which the program may point elsewhere
 * (cmd.exe's redirections) without losing its console. -1: not known yet. */
static int console_state = -1;

/* Input already read from the terminal but not yet given to the program. */
static char pending[8192];
static size_t pending_len;

/* The terminal settings before the program changed any mode (restored at exit). */
static struct termios saved_tio;
static int saved_tio_fd = -1;

static bool have_console(void)
{
    int st = __atomic_load_n(&console_state, __ATOMIC_ACQUIRE);
    if (st < 0) {
        st = isatty(0) || isatty(1) || isatty(2);
        int unknown = -1;
        /* AllocConsole/FreeConsole may have decided it meanwhile: theirs wins. */
        if (!__atomic_compare_exchange_n(&console_state, &unknown, st, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            st = unknown;
    }
    return st > 0;
}

static void set_have_console(bool yes)
{
    __atomic_store_n(&console_state, yes ? 1 : 0, __ATOMIC_RELEASE);
}

/* ---- handles ------------------------------------------------------------- */

static struct rtl_user_process_parameters *params(void)
{
    struct peb *peb = peb_get();
    return peb ? peb->process_parameters : NULL;
}

WINAPI HANDLE kernel32_GetStdHandle(DWORD which)
{
    struct rtl_user_process_parameters *pp = params();
    if (pp) {
        if (which == STD_INPUT_HANDLE)
            return pp->std_input;
        if (which == STD_OUTPUT_HANDLE)
            return pp->std_output;
        if (which == STD_ERROR_HANDLE)
            return pp->std_error;
    }
    set_last_error(ERROR_INVALID_HANDLE);
    return INVALID_HANDLE_VALUE;
}

WINAPI BOOL kernel32_SetStdHandle(DWORD which, HANDLE h)
{
    struct rtl_user_process_parameters *pp = params();
    if (pp) {
        if (which == STD_INPUT_HANDLE) {
            pp->std_input = h;
            return TRUE;
        }
        if (which == STD_OUTPUT_HANDLE) {
            pp->std_output = h;
            return TRUE;
        }
        if (which == STD_ERROR_HANDLE) {
            pp->std_error = h;
            return TRUE;
        }
    }
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* The console object behind h, or NULL with ERROR_INVALID_HANDLE.
 * want: 1 input only, 2 output only, 0 either. */
static struct file_object *console_get(HANDLE h, int want)
{
    struct file_object *f = file_get(h);
    if (!f)
        return NULL;
    if (f->kind != FILE_KIND_CONSOLE || (want == 1 && !f->console_input) || (want == 2 && f->console_input)) {
        object_unref(&f->obj);
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return f;
}

/* ---- output --------------------------------------------------------------- */

/* Windows-1252's 0x80-0x9f (the rest of its upper half is Latin-1). */
static const uint16_t cp1252_high[32] = {
    0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
};

static bool cp_supported(UINT cp)
{
    return cp == 65001 || cp == 20127 || cp == 1252 || cp == 28591;
}

static void write_raw(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

BOOL console_write_bytes(struct file_object *f, const void *buf, DWORD n, DWORD *done)
{
    UINT cp = __atomic_load_n(&output_cp, __ATOMIC_RELAXED);
    const unsigned char *b = buf;
    if (cp == 65001 || cp == 20127) {
        write_raw(f->fd, buf, n);
    } else {
        /* single-byte code page -> UTF-8, in chunks */
        char out[1024];
        size_t o = 0;
        for (DWORD i = 0; i < n; i++) {
            WCHAR w = b[i] >= 0x80 && b[i] < 0xa0 && cp == 1252 ? cp1252_high[b[i] - 0x80] : b[i];
            o += utf16_to_utf8(&w, 1, out + o, sizeof out - o);
            if (o > sizeof out - 4) {
                write_raw(f->fd, out, o);
                o = 0;
            }
        }
        write_raw(f->fd, out, o);
    }
    *done = n;
    return TRUE;
}

WINAPI BOOL kernel32_WriteConsoleW(HANDLE h, const WCHAR *buf, DWORD n, LPDWORD written, void *reserved)
{
    if (written)
        *written = 0;
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    if (!buf && n) {
        object_unref(&f->obj);
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    char out[4096];
    DWORD i = 0;
    while (i < n) {
        DWORD chunk = n - i > 1000 ? 1000 : n - i;
        /* never split a surrogate pair between chunks */
        if (i + chunk < n && buf[i + chunk - 1] >= 0xd800 && buf[i + chunk - 1] < 0xdc00)
            chunk--;
        size_t o = utf16_to_utf8(buf + i, chunk, out, sizeof out);
        write_raw(f->fd, out, o);
        i += chunk;
    }
    if (written)
        *written = n;
    object_unref(&f->obj);
    return TRUE;
}

WINAPI BOOL kernel32_WriteConsoleA(HANDLE h, const char *buf, DWORD n, LPDWORD written, void *reserved)
{
    if (written)
        *written = 0;
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    DWORD d = 0;
    BOOL ok = console_write_bytes(f, buf, n, &d);
    if (written)
        *written = d;
    object_unref(&f->obj);
    return ok;
}

/* ---- input ------------------------------------------------------------------ */

/* Refill pending from the terminal; false at end of input (or an error).
 * Line input turns the terminal's LF into Windows' CR LF. Called with con_lock. */
static bool fill_pending(int fd)
{
    char raw[sizeof pending / 2];
    ssize_t r;
    do
        r = read(fd, raw, sizeof raw);
    while (r < 0 && errno == EINTR);
    if (r <= 0)
        return false;
    bool crlf = input_mode & ENABLE_LINE_INPUT;
    for (ssize_t i = 0; i < r; i++) {
        if (raw[i] == '\n' && crlf)
            pending[pending_len++] = '\r';
        pending[pending_len++] = raw[i];
    }
    return true;
}

BOOL console_read_bytes(struct file_object *f, void *buf, DWORD n, DWORD *got)
{
    *got = 0;
    if (!f->console_input) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&con_lock);
    if (!pending_len && n)
        fill_pending(f->fd);
    size_t k = pending_len < n ? pending_len : n;
    memcpy(buf, pending, k);
    memmove(pending, pending + k, pending_len - k);
    pending_len -= k;
    pthread_mutex_unlock(&con_lock);
    *got = (DWORD)k;
    return TRUE;
}

WINAPI BOOL kernel32_ReadConsoleA(HANDLE h, char *buf, DWORD n, LPDWORD got, void *control)
{
    if (got)
        *got = 0;
    struct file_object *f = console_get(h, 1);
    if (!f)
        return FALSE;
    DWORD k = 0;
    BOOL ok = console_read_bytes(f, buf, n, &k);
    if (got)
        *got = k;
    object_unref(&f->obj);
    return ok;
}

/* Length of the complete UTF-8 sequence at s (0: incomplete). */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
    size_t need = s[0] < 0x80 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
    return need <= avail ? need : 0;
}

WINAPI BOOL kernel32_ReadConsoleW(HANDLE h, WCHAR *buf, DWORD n, LPDWORD got, void *control)
{
    if (got)
        *got = 0;
    struct file_object *f = console_get(h, 1);
    if (!f)
        return FALSE;
    DWORD o = 0;
    pthread_mutex_lock(&con_lock);
    if (!pending_len && n)
        fill_pending(f->fd);
    size_t i = 0;
    while (i < pending_len && o < n) {
        size_t len = utf8_seq_len((const unsigned char *)pending + i, pending_len - i);
        if (!len) {
            /* the rest of a character is still in the terminal */
            if (o || !fill_pending(f->fd))
                break;
            continue;
        }
        WCHAR w[2];
        size_t wn = utf8_to_utf16(pending + i, (ptrdiff_t)len, w, 2);
        if (o + wn > n)
            break;
        memcpy(buf + o, w, wn * sizeof *w);
        o += (DWORD)wn;
        i += len;
    }
    memmove(pending, pending + i, pending_len - i);
    pending_len -= i;
    pthread_mutex_unlock(&con_lock);
    if (got)
        *got = o;
    object_unref(&f->obj);
    return TRUE;
}

WINAPI BOOL kernel32_FlushConsoleInputBuffer(HANDLE h)
{
    struct file_object *f = console_get(h, 1);
    if (!f)
        return FALSE;
    pthread_mutex_lock(&con_lock);
    pending_len = 0;
    tcflush(f->fd, TCIFLUSH);
    console_input_flush_events();
    pthread_mutex_unlock(&con_lock);
    object_unref(&f->obj);
    return TRUE;
}

/* ---- modes ---------------------------------------------------------------- */

WINAPI BOOL kernel32_GetConsoleMode(HANDLE h, LPDWORD mode)
{
    struct file_object *f = console_get(h, 0);
    if (!f)
        return FALSE;
    if (mode)
        *mode = f->console_input ? input_mode : output_mode;
    object_unref(&f->obj);
    return TRUE;
}

static void restore_termios(void)
{
    if (saved_tio_fd >= 0)
        tcsetattr(saved_tio_fd, TCSANOW, &saved_tio);
}

/* Line input, echo and Ctrl+C processing are the terminal's ICANON, ECHO, ISIG. */
static void apply_input_mode(int fd, DWORD mode)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0)
        return;
    if (saved_tio_fd < 0) {
        saved_tio = t;
        saved_tio_fd = fd == 0 ? 0 : dup(fd);
        process_add_flush_hook(restore_termios);
    }
    t.c_lflag = (mode & ENABLE_LINE_INPUT) ? t.c_lflag | ICANON : t.c_lflag & ~(tcflag_t)ICANON;
    t.c_lflag = (mode & ENABLE_ECHO_INPUT) ? t.c_lflag | ECHO : t.c_lflag & ~(tcflag_t)ECHO;
    t.c_lflag = (mode & ENABLE_PROCESSED_INPUT) ? t.c_lflag | ISIG : t.c_lflag & ~(tcflag_t)ISIG;
    if (!(mode & ENABLE_LINE_INPUT)) {
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
    }
    tcsetattr(fd, TCSANOW, &t);
}

WINAPI BOOL kernel32_SetConsoleMode(HANDLE h, DWORD mode)
{
    struct file_object *f = console_get(h, 0);
    if (!f)
        return FALSE;
    BOOL ok = TRUE;
    pthread_mutex_lock(&con_lock);
    if (mode & ~(f->console_input ? INPUT_MODE_VALID : OUTPUT_MODE_VALID)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        ok = FALSE;
    } else if (f->console_input) {
        if (mode != input_mode)
            apply_input_mode(f->fd, mode);
        input_mode = mode;
    } else {
        output_mode = mode;   /* the terminal already processes VT sequences and wraps */
    }
    pthread_mutex_unlock(&con_lock);
    object_unref(&f->obj);
    return ok;
}

/* ---- code pages ------------------------------------------------------------- */

/* Without a console there is no code page: 0, which the conversion
 * functions take as CP_ACP (what Wine's cmd.exe relies on when it converts
 * its output for a redirected stdout), and ERROR_INVALID_HANDLE (what
 * Windows says when there is no console to ask). */
WINAPI UINT kernel32_GetConsoleCP(void)
{
    if (!have_console()) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return input_cp;
}

WINAPI UINT kernel32_GetConsoleOutputCP(void)
{
    if (!have_console()) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return __atomic_load_n(&output_cp, __ATOMIC_RELAXED);
}

WINAPI BOOL kernel32_SetConsoleCP(UINT cp)
{
    if (!have_console()) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!cp_supported(cp)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    input_cp = cp;
    if (cp != 65001)
        FIXME("input in code page %u is passed on as UTF-8\n", cp);
    return TRUE;
}

WINAPI BOOL kernel32_SetConsoleOutputCP(UINT cp)
{
    if (!have_console()) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!cp_supported(cp)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    __atomic_store_n(&output_cp, cp, __ATOMIC_RELAXED);
    return TRUE;
}

/* ---- screen buffer ------------------------------------------------------------- */

static void term_size(int fd, short *cols, short *rows)
{
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
        *cols = (short)ws.ws_col;
        *rows = (short)ws.ws_row;
    } else {
        *cols = 80;
        *rows = 25;
    }
}

WINAPI BOOL kernel32_GetConsoleScreenBufferInfo(HANDLE h, CONSOLE_SCREEN_BUFFER_INFO *info)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    short cols, rows;
    term_size(f->fd, &cols, &rows);
    pthread_mutex_lock(&con_lock);
    info->dwSize.X = cols;
    info->dwSize.Y = rows;
    info->dwCursorPosition = cursor;
    info->wAttributes = text_attr;
    info->srWindow.Left = 0;
    info->srWindow.Top = 0;
    info->srWindow.Right = (short)(cols - 1);
    info->srWindow.Bottom = (short)(rows - 1);
    info->dwMaximumWindowSize.X = cols;
    info->dwMaximumWindowSize.Y = rows;
    pthread_mutex_unlock(&con_lock);
    object_unref(&f->obj);
    return TRUE;
}

/* Windows colour bits (blue 1, green 2, red 4) -> ANSI's (red 1, green 2, blue 4). */
static int ansi_colour(int c)
{
    return ((c & 1) << 2) | (c & 2) | ((c & 4) >> 2);
}

WINAPI BOOL kernel32_SetConsoleTextAttribute(HANDLE h, WORD attr)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    char seq[48];
    int fg = attr & 15, bg = (attr >> 4) & 15;
    /* Windows' default pair (light grey on black) is the terminal's own
     * default colours, which may well be dark on light */
    int fgc = fg == 7 ? 39 : (fg & 8 ? 90 : 30) + ansi_colour(fg);
    int bgc = bg == 0 ? 49 : (bg & 8 ? 100 : 40) + ansi_colour(bg);
    int n = snprintf(seq, sizeof seq, "\x1b[0;%d;%d%s%sm", fgc, bgc, attr & 0x4000 ? ";7" : "",
                     attr & 0x8000 ? ";4" : "");
    pthread_mutex_lock(&con_lock);
    text_attr = attr;
    write_raw(f->fd, seq, (size_t)n);
    pthread_mutex_unlock(&con_lock);
    object_unref(&f->obj);
    return TRUE;
}

static BOOL WINAPI set_cursor(HANDLE h, COORD pos)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    short cols, rows;
    term_size(f->fd, &cols, &rows);
    BOOL ok = TRUE;
    if (pos.X < 0 || pos.Y < 0 || pos.X >= cols || pos.Y >= rows) {
        set_last_error(ERROR_INVALID_PARAMETER);
        ok = FALSE;
    } else {
        char seq[32];
        int n = snprintf(seq, sizeof seq, "\x1b[%d;%dH", pos.Y + 1, pos.X + 1);
        pthread_mutex_lock(&con_lock);
        cursor = pos;
        write_raw(f->fd, seq, (size_t)n);
        pthread_mutex_unlock(&con_lock);
    }
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_SetConsoleCursorPosition(HANDLE h, COORD pos)
{
    return set_cursor(h, pos);
}

WINAPI BOOL kernel32_FillConsoleOutputCharacterW(HANDLE h, WCHAR c, DWORD len, COORD pos, LPDWORD written)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    short cols, rows;
    term_size(f->fd, &cols, &rows);
    DWORD room = pos.X >= 0 && pos.Y >= 0 && pos.X < cols && pos.Y < rows
                     ? (DWORD)(cols * rows - (pos.Y * cols + pos.X)) : 0;
    if (len > room)
        len = room;   /* as Windows: clipped at the end of the buffer */
    char cu[8];
    size_t cn = utf16_to_utf8(&c, 1, cu, sizeof cu);
    pthread_mutex_lock(&con_lock);
    char seq[32];
    int n = snprintf(seq, sizeof seq, "\x1b" "7\x1b[%d;%dH", pos.Y + 1, pos.X + 1);
    write_raw(f->fd, seq, (size_t)n);
    char run[512];
    size_t per = sizeof run / cn;
    for (DWORD left = len; left;) {
        DWORD k = left < per ? left : (DWORD)per;
        for (DWORD i = 0; i < k; i++)
            memcpy(run + i * cn, cu, cn);
        write_raw(f->fd, run, k * cn);
        left -= k;
    }
    write_raw(f->fd, "\x1b" "8", 2);   /* the cursor goes back where it was */
    pthread_mutex_unlock(&con_lock);
    if (written)
        *written = len;
    object_unref(&f->obj);
    return TRUE;
}

WINAPI BOOL kernel32_FillConsoleOutputCharacterA(HANDLE h, char c, DWORD len, COORD pos, LPDWORD written)
{
    WCHAR w = (unsigned char)c < 0x80 ? (WCHAR)c : 0xfffd;
    return kernel32_FillConsoleOutputCharacterW(h, w, len, pos, written);
}

WINAPI BOOL kernel32_FillConsoleOutputAttribute(HANDLE h, WORD attr, DWORD len, COORD pos, LPDWORD written)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    /* A terminal cannot recolour what it shows; what is written next takes the colour. */
    FIXME("attributes of text already on the terminal are left as they are\n");
    if (written)
        *written = len;
    object_unref(&f->obj);
    return TRUE;
}

WINAPI BOOL kernel32_GetConsoleCursorInfo(HANDLE h, CONSOLE_CURSOR_INFO *info)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    info->dwSize = 25;
    info->bVisible = TRUE;
    object_unref(&f->obj);
    return TRUE;
}

WINAPI BOOL kernel32_SetConsoleCursorInfo(HANDLE h, const CONSOLE_CURSOR_INFO *info)
{
    struct file_object *f = console_get(h, 2);
    if (!f)
        return FALSE;
    BOOL ok = TRUE;
    if (info->dwSize < 1 || info->dwSize > 100) {
        set_last_error(ERROR_INVALID_PARAMETER);
        ok = FALSE;
    } else {
        write_raw(f->fd, info->bVisible ? "\x1b[?25h" : "\x1b[?25l", 6);
    }
    object_unref(&f->obj);
    return ok;
}

/* ---- title and window -------------------------------------------------------- */

static int console_out_fd(void)
{
    struct rtl_user_process_parameters *pp = params();
    HANDLE cands[2] = { pp ? pp->std_output : NULL, pp ? pp->std_error : NULL };
    for (int i = 0; i < 2; i++) {
        struct file_object *f = cands[i] ? file_get(cands[i]) : NULL;
        if (f) {
            int fd = f->kind == FILE_KIND_CONSOLE ? dup(f->fd) : -1;
            object_unref(&f->obj);
            if (fd >= 0)
                return fd;
        }
    }
    set_last_error(ERROR_INVALID_HANDLE);
    return -1;
}

static BOOL set_title(const char *t)
{
    int fd = console_out_fd();
    if (fd < 0)
        return FALSE;
    pthread_mutex_lock(&con_lock);
    char *copy = strdup(t);
    if (copy) {
        free(title);
        title = copy;
    }
    write_raw(fd, "\x1b]0;", 4);
    /* control characters would end the sequence early */
    for (const char *p = t; *p; p++)
        if ((unsigned char)*p >= 0x20)
            write_raw(fd, p, 1);
    write_raw(fd, "\a", 1);
    pthread_mutex_unlock(&con_lock);
    close(fd);
    return TRUE;
}

WINAPI BOOL kernel32_SetConsoleTitleA(LPCSTR t)
{
    if (!t) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    char *u = a_arg(t, NULL);
    if (!u) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    BOOL ok = set_title(u);
    free(u);
    return ok;
}

WINAPI BOOL kernel32_SetConsoleTitleW(LPCWSTR t)
{
    char *u = utf16_to_utf8_alloc(t);
    if (!u) {
        set_last_error(t ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BOOL ok = set_title(u);
    free(u);
    return ok;
}

/* GetConsoleTitle returns the length copied (truncating), 0 on failure. */
WINAPI DWORD kernel32_GetConsoleTitleW(LPWSTR buf, DWORD size)
{
    pthread_mutex_lock(&con_lock);
    WCHAR *w = utf8_to_utf16_alloc(title ? title : "");
    pthread_mutex_unlock(&con_lock);
    if (!w || !buf || !size) {
        free(w);
        set_last_error(buf && size ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    size_t n = wstrlen(w);
    if (n >= size)
        n = size - 1;
    memcpy(buf, w, n * sizeof *w);
    buf[n] = 0;
    free(w);
    return (DWORD)n;
}

WINAPI DWORD kernel32_GetConsoleTitleA(LPSTR buf, DWORD size)
{
    if (!buf || !size) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    pthread_mutex_lock(&con_lock);
    char *t = utf8_to_acp(title ? title : "");
    pthread_mutex_unlock(&con_lock);
    if (!t) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    size_t n = strlen(t);
    if (n >= size)
        n = size - 1;
    memcpy(buf, t, n);
    buf[n] = 0;
    free(t);
    return (DWORD)n;
}

/* There is no console window: the terminal belongs to the host. */
WINAPI HANDLE kernel32_GetConsoleWindow(void)
{
    return NULL;
}

/* ---- allocating and attaching ------------------------------------------------ */

/* Make the controlling terminal this process's console: std handles on /dev/tty. */
static BOOL adopt_terminal(void)
{
    HANDLE in = file_create("CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    if (in == INVALID_HANDLE_VALUE)
        return FALSE;
    HANDLE out = file_create("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    HANDLE err = file_create("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    if (out == INVALID_HANDLE_VALUE || err == INVALID_HANDLE_VALUE) {
        handle_close(in);
        if (out != INVALID_HANDLE_VALUE)
            handle_close(out);
        return FALSE;
    }
    kernel32_SetStdHandle(STD_INPUT_HANDLE, in);
    kernel32_SetStdHandle(STD_OUTPUT_HANDLE, out);
    kernel32_SetStdHandle(STD_ERROR_HANDLE, err);
    set_have_console(true);
    return TRUE;
}

WINAPI BOOL kernel32_AllocConsole(void)
{
    if (have_console()) {
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    return adopt_terminal();
}

#define ATTACH_PARENT_PROCESS ((DWORD)-1)

WINAPI BOOL kernel32_AttachConsole(DWORD pid)
{
    if (have_console()) {
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (pid != ATTACH_PARENT_PROCESS) {
        FIXME("attaching to process %u's console: only the parent's terminal is reachable\n", pid);
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return adopt_terminal();
}

/* Detach: the handles stay usable (the terminal is still there), but the
 * process counts as having no console (AllocConsole, AttachConsole, code pages). */
WINAPI BOOL kernel32_FreeConsole(void)
{
    set_have_console(false);
    return TRUE;
}

/* ---- Ctrl+C -------------------------------------------------------------------- */

static ctrl_handler_fn *handlers;
static size_t nhandlers, handlers_cap;
static bool ignore_ctrl_c;
static int ctrl_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
    char ev = sig == SIGINT ? CTRL_C_EVENT : CTRL_CLOSE_EVENT;
    int saved = errno;
    if (write(ctrl_pipe[1], &ev, 1) < 0) {
        /* nothing to do in a signal handler */
    }
    errno = saved;
}

/* One event: the handlers, newest first, until one returns TRUE; if none
 * does, the default handler ends the process (ExitProcess(STATUS_CONTROL_C_EXIT)). */
static WINAPI DWORD ctrl_routine(void *arg)
{
    DWORD ev = (DWORD)(uintptr_t)arg;
    pthread_mutex_lock(&con_lock);
    bool ignore = ev == CTRL_C_EVENT && ignore_ctrl_c;
    size_t n = nhandlers;
    ctrl_handler_fn *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (copy)
        memcpy(copy, handlers, n * sizeof *copy);
    pthread_mutex_unlock(&con_lock);
    if (ignore) {
        free(copy);
        return 0;
    }
    bool handled = false;
    for (size_t i = n; i-- > 0 && copy && !handled;)
        handled = copy[i](ev);
    free(copy);
    if (!handled)
        process_exit(STATUS_CONTROL_C_EXIT);
    return 0;
}

/* The signal handler only writes the event to a pipe; this host thread reads
 * it and, as Windows does, runs the handlers on a new thread for each event. */
static void *ctrl_thread(void *arg)
{
    bool have_teb = false;
    for (;;) {
        char ev;
        ssize_t r = read(ctrl_pipe[0], &ev, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        HANDLE t = thread_create(ctrl_routine, (void *)(uintptr_t)ev, 0, 0, NULL);
        if (t) {
            handle_close(t);
            continue;
        }
        /* no thread to be had: run them here, on a thread made ready for guest code */
        if (!have_teb) {
            teb_attach_thread();
            module_tls_alloc_thread();
            have_teb = true;
        }
        ctrl_routine((void *)(uintptr_t)ev);
    }
    return NULL;
}

static bool ctrl_init_locked(void)
{
    if (ctrl_pipe[0] >= 0)
        return true;
    if (pipe2(ctrl_pipe, O_CLOEXEC) != 0)
        return false;
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, ctrl_thread, NULL) != 0) {
        pthread_attr_destroy(&a);
        close(ctrl_pipe[0]);
        close(ctrl_pipe[1]);
        ctrl_pipe[0] = ctrl_pipe[1] = -1;
        return false;
    }
    pthread_attr_destroy(&a);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);   /* the terminal went away: CTRL_CLOSE_EVENT */
    return true;
}

WINAPI BOOL kernel32_SetConsoleCtrlHandler(ctrl_handler_fn fn, BOOL add)
{
    BOOL ok = TRUE;
    pthread_mutex_lock(&con_lock);
    if (!ctrl_init_locked()) {
        set_last_error_from_errno();
        ok = FALSE;
    } else if (!fn) {
        ignore_ctrl_c = add;
    } else if (add) {
        if (nhandlers == handlers_cap) {
            size_t nc = handlers_cap ? handlers_cap * 2 : 8;
            ctrl_handler_fn *nh = realloc(handlers, nc * sizeof *nh);
            if (!nh) {
                set_last_error(ERROR_NOT_ENOUGH_MEMORY);
                ok = FALSE;
                goto out;
            }
            handlers = nh;
            handlers_cap = nc;
        }
        handlers[nhandlers++] = fn;
    } else {
        size_t i = nhandlers;
        while (i-- > 0 && handlers[i] != fn)
            ;
        if (i == (size_t)-1) {
            set_last_error(ERROR_INVALID_PARAMETER);
            ok = FALSE;
        } else {
            memmove(handlers + i, handlers + i + 1, (nhandlers - i - 1) * sizeof *handlers);
            nhandlers--;
        }
    }
out:
    pthread_mutex_unlock(&con_lock);
    return ok;
}

WINAPI BOOL kernel32_GenerateConsoleCtrlEvent(DWORD ev, DWORD group)
{
    if (ev != CTRL_C_EVENT && ev != CTRL_BREAK_EVENT) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!have_console()) {
        set_last_error(ERROR_INVALID_ACCESS);   /* no console to send it through (as Wine says) */
        return FALSE;
    }
    if (group != 0) {
        FIXME("process group %u: only this process gets the event\n", group);
    }
    pthread_mutex_lock(&con_lock);
    bool ok = ctrl_init_locked();
    pthread_mutex_unlock(&con_lock);
    char e = (char)ev;
    if (!ok || write(ctrl_pipe[1], &e, 1) != 1) {
        set_last_error_from_errno();
        return FALSE;
    }
    return TRUE;
}
