/*
 * kernel32/coninput.c - console input as events: ReadConsoleInput,
 * PeekConsoleInput, GetNumberOfConsoleInputEvents, for the programs that
 * read keys one at a time (menus, games, msvcrt's _getch).
 *
 * Windows delivers key events whatever the input mode, without echo and
 * without waiting for Enter, so the terminal is put in non-canonical,
 * no-echo mode just for the time of each read. Bytes become key events:
 * UTF-8 characters, Enter, Backspace, Tab, Escape and the usual VT100
 * sequences for the arrow, Home/End, Insert/Delete and Page keys. Each key
 * gives a key-down and a key-up record, as on Windows. Mouse, focus and
 * resize events are not produced.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/debug.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <termios.h>
#include <unistd.h>

DEBUG_CHANNEL(console);

#define KEY_EVENT 0x0001

#define VK_BACK   0x08
#define VK_TAB    0x09
#define VK_RETURN 0x0d
#define VK_ESCAPE 0x1b
#define VK_SPACE  0x20
#define VK_PRIOR  0x21
#define VK_NEXT   0x22
#define VK_END    0x23
#define VK_HOME   0x24
#define VK_LEFT   0x25
#define VK_UP     0x26
#define VK_RIGHT  0x27
#define VK_DOWN   0x28
#define VK_INSERT 0x2d
#define VK_DELETE 0x2e
#define LEFT_CTRL_PRESSED 0x0008
#define SHIFT_PRESSED     0x0010
#define ENHANCED_KEY      0x0100

typedef struct {
    BOOL bKeyDown;
    WORD wRepeatCount;
    WORD wVirtualKeyCode;
    WORD wVirtualScanCode;
    union { WCHAR UnicodeChar; char AsciiChar; } uChar;
    DWORD dwControlKeyState;
} KEY_EVENT_RECORD;

typedef struct {
    WORD EventType;
    union { KEY_EVENT_RECORD KeyEvent; BYTE pad[16]; } Event;
} INPUT_RECORD;
_Static_assert(sizeof(INPUT_RECORD) == 20, "INPUT_RECORD");

#define QUEUE_MAX 256
static INPUT_RECORD queue[QUEUE_MAX];
static size_t queued;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;

static struct file_object *input_get(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (f && (f->kind != FILE_KIND_CONSOLE || !f->console_input)) {
        object_unref(&f->obj);
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return f;
}

static void push_key(WORD vk, WCHAR ch, DWORD state)
{
    for (int down = 1; down >= 0 && queued < QUEUE_MAX; down--) {
        INPUT_RECORD *r = &queue[queued++];
        memset(r, 0, sizeof *r);
        r->EventType = KEY_EVENT;
        r->Event.KeyEvent.bKeyDown = down;
        r->Event.KeyEvent.wRepeatCount = 1;
        r->Event.KeyEvent.wVirtualKeyCode = vk;
        r->Event.KeyEvent.uChar.UnicodeChar = ch;
        r->Event.KeyEvent.dwControlKeyState = state;
    }
}

/* VT100 sequences after ESC [ (or ESC O): the final byte, or a number before '~'. */
static bool push_sequence(const unsigned char *s, size_t n, size_t *used)
{
    static const struct { const char *seq; WORD vk; } keys[] = {
        { "[A", VK_UP }, { "[B", VK_DOWN }, { "[C", VK_RIGHT }, { "[D", VK_LEFT },
        { "OA", VK_UP }, { "OB", VK_DOWN }, { "OC", VK_RIGHT }, { "OD", VK_LEFT },
        { "[H", VK_HOME }, { "[F", VK_END }, { "OH", VK_HOME }, { "OF", VK_END },
        { "[1~", VK_HOME }, { "[4~", VK_END }, { "[2~", VK_INSERT }, { "[3~", VK_DELETE },
        { "[5~", VK_PRIOR }, { "[6~", VK_NEXT },
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t l = strlen(keys[i].seq);
        if (l <= n && !memcmp(s, keys[i].seq, l)) {
            push_key(keys[i].vk, 0, ENHANCED_KEY);
            *used = l;
            return true;
        }
    }
    return false;
}

/* Turn bytes from the terminal into key events. */
static void translate(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = b[i];
        size_t used;
        if (c == 0x1b && i + 1 < n && push_sequence(b + i + 1, n - i - 1, &used)) {
            i += 1 + used;
            continue;
        }
        if (c >= 0x80) {
            WCHAR w[2];
            size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (i + len > n)
                len = n - i;
            size_t k = utf8_to_utf16((const char *)b + i, (ptrdiff_t)len, w, 2);
            for (size_t j = 0; j < k && j < 2; j++)
                push_key(0, w[j], 0);
            i += len;
            continue;
        }
        i++;
        if (c == '\r' || c == '\n')
            push_key(VK_RETURN, '\r', 0);
        else if (c == 0x7f || c == 0x08)
            push_key(VK_BACK, '\b', 0);
        else if (c == '\t')
            push_key(VK_TAB, '\t', 0);
        else if (c == 0x1b)
            push_key(VK_ESCAPE, 0x1b, 0);
        else if (c == ' ')
            push_key(VK_SPACE, ' ', 0);
        else if (c < 0x20)
            push_key((WORD)('A' + c - 1), c, LEFT_CTRL_PRESSED);   /* Ctrl+letter */
        else if (c >= 'a' && c <= 'z')
            push_key((WORD)(c - 32), c, 0);
        else if (c >= 'A' && c <= 'Z')
            push_key(c, c, SHIFT_PRESSED);
        else if (c >= '0' && c <= '9')
            push_key(c, c, 0);
        else
            push_key(0, c, 0);
    }
}

/* Read what the terminal has (waiting for at least one byte if block),
 * in raw mode for the duration. Called with queue_lock held. */
static void fill(int fd, bool block)
{
    if (queued > QUEUE_MAX - 16)
        return;
    struct termios saved, raw;
    bool tty = tcgetattr(fd, &saved) == 0;
    if (tty) {
        raw = saved;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(fd, TCSANOW, &raw);
    }
    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, block ? -1 : 0) > 0 && (p.revents & POLLIN)) {
        unsigned char buf[64];
        ssize_t r = read(fd, buf, sizeof buf);
        if (r > 0)
            translate(buf, (size_t)r);
    }
    if (tty)
        tcsetattr(fd, TCSANOW, &saved);
}

static BOOL take(HANDLE h, INPUT_RECORD *out, DWORD n, LPDWORD got, bool remove, bool block)
{
    if (got)
        *got = 0;
    struct file_object *f = input_get(h);
    if (!f)
        return FALSE;
    if (!out && n) {
        object_unref(&f->obj);
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    pthread_mutex_lock(&queue_lock);
    if (!queued)
        fill(f->fd, block && n);
    size_t k = queued < n ? queued : n;
    memcpy(out, queue, k * sizeof *queue);
    if (remove) {
        memmove(queue, queue + k, (queued - k) * sizeof *queue);
        queued -= k;
    }
    pthread_mutex_unlock(&queue_lock);
    object_unref(&f->obj);
    if (got)
        *got = (DWORD)k;
    return TRUE;
}

WINAPI BOOL kernel32_ReadConsoleInputW(HANDLE h, INPUT_RECORD *buf, DWORD n, LPDWORD got)
{
    return take(h, buf, n, got, true, true);
}

WINAPI BOOL kernel32_PeekConsoleInputW(HANDLE h, INPUT_RECORD *buf, DWORD n, LPDWORD got)
{
    return take(h, buf, n, got, false, false);
}

/* The A forms give the character in the console's input code page. */
static void to_ansi(INPUT_RECORD *r, DWORD n)
{
    UINT cp = kernel32_GetConsoleCP();
    for (DWORD i = 0; i < n; i++) {
        if (r[i].EventType != KEY_EVENT)
            continue;
        WCHAR w = r[i].Event.KeyEvent.uChar.UnicodeChar;
        char a[4] = { 0 };
        if (w < 0x80 || cp_from_wide(cp == 65001 ? CP_ACP : cp, &w, 1, a, 1) != 1)
            a[0] = w < 0x80 ? (char)w : '?';
        r[i].Event.KeyEvent.uChar.UnicodeChar = 0;
        r[i].Event.KeyEvent.uChar.AsciiChar = a[0];
    }
}

WINAPI BOOL kernel32_ReadConsoleInputA(HANDLE h, INPUT_RECORD *buf, DWORD n, LPDWORD got)
{
    DWORD k = 0;
    BOOL ok = take(h, buf, n, &k, true, true);
    if (ok)
        to_ansi(buf, k);
    if (got)
        *got = k;
    return ok;
}

WINAPI BOOL kernel32_PeekConsoleInputA(HANDLE h, INPUT_RECORD *buf, DWORD n, LPDWORD got)
{
    DWORD k = 0;
    BOOL ok = take(h, buf, n, &k, false, false);
    if (ok)
        to_ansi(buf, k);
    if (got)
        *got = k;
    return ok;
}

WINAPI BOOL kernel32_GetNumberOfConsoleInputEvents(HANDLE h, LPDWORD n)
{
    if (!n) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct file_object *f = input_get(h);
    if (!f)
        return FALSE;
    pthread_mutex_lock(&queue_lock);
    if (!queued)
        fill(f->fd, false);
    *n = (DWORD)queued;
    pthread_mutex_unlock(&queue_lock);
    object_unref(&f->obj);
    return TRUE;
}

/* FlushConsoleInputBuffer's share: forget queued events (console.c calls it). */
void console_input_flush_events(void)
{
    pthread_mutex_lock(&queue_lock);
    queued = 0;
    pthread_mutex_unlock(&queue_lock);
}
