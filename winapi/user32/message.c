/*
 * user32/message.c - the message queue and dispatch: GetMessage/PeekMessage,
 * PostMessage/PostThreadMessage/PostQuitMessage, SendMessage, DispatchMessage,
 * TranslateMessage, CallWindowProc, timers (SetTimer/KillTimer) and
 * WaitMessage.
 *
 * Retrieval follows Windows' priorities: posted messages (X input is turned
 * into posted messages as it is read), then WM_QUIT, then WM_PAINT for a
 * window with an update region (kept until validated), then due WM_TIMERs.
 * With nothing to return, GetMessage sleeps in poll() on the X connection
 * until the next timer is due. Window procedures are guest code called
 * directly (Microsoft x64 ABI); A<->W conversion happens here for the
 * messages that carry text, so an ANSI program and a Unicode control meet.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>

DEBUG_CHANNEL(msg);

POINT msg_cursor;

DWORD msg_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (DWORD)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* ---- the posted-message queue -------------------------------------------- */

static MSG *queue;
static size_t q_head, q_len, q_cap;
static bool quit_posted;
static int quit_code;

static bool queue_insert(const MSG *m, bool front)
{
    if (q_len == q_cap) {
        size_t cap = q_cap ? q_cap * 2 : 64;
        MSG *n = malloc(cap * sizeof *n);
        if (!n)
            return false;
        for (size_t i = 0; i < q_len; i++)
            n[i] = queue[(q_head + i) % q_cap];
        free(queue);
        queue = n;
        q_head = 0;
        q_cap = cap;
    }
    if (front) {
        q_head = (q_head + q_cap - 1) % q_cap;
        queue[q_head] = *m;
    } else {
        queue[(q_head + q_len) % q_cap] = *m;
    }
    q_len++;
    return true;
}

static void queue_remove_at(size_t i)
{
    for (size_t k = i; k + 1 < q_len; k++)
        queue[(q_head + k) % q_cap] = queue[(q_head + k + 1) % q_cap];
    q_len--;
}

bool msg_post(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    MSG m = { h, msg, wp, lp, msg_time(), msg_cursor, 0 };
    return queue_insert(&m, false);
}

/* x11.c posts input with a private character for TranslateMessage. */
bool msg_post_input(HWND h, UINT msg, WPARAM wp, LPARAM lp, DWORD priv)
{
    MSG m = { h, msg, wp, lp, msg_time(), msg_cursor, priv };
    return queue_insert(&m, false);
}

/* ---- timers -------------------------------------------------------------- */

struct timer {
    HWND hwnd;
    UINT_PTR id;
    UINT interval;
    DWORD due;
    TIMERPROC proc;
};

static struct timer *timers;
static size_t ntimers, timers_cap;
static UINT_PTR next_thread_timer = 0x7fff0001;

UINT_PTR WINAPI user32_SetTimer(HWND h, UINT_PTR id, UINT elapse, TIMERPROC proc)
{
    if (h && !win_get(h))
        return 0;
    if (elapse < 10)
        elapse = 10;            /* USER_TIMER_MINIMUM */
    if (elapse > 0x7fffffff)
        elapse = 0x7fffffff;
    if (!h)
        id = next_thread_timer++;
    for (size_t i = 0; i < ntimers; i++) {
        if (timers[i].hwnd == h && timers[i].id == id && h) {
            timers[i].interval = elapse;
            timers[i].due = msg_time() + elapse;
            timers[i].proc = proc;
            return id;
        }
    }
    if (ntimers == timers_cap) {
        size_t cap = timers_cap ? timers_cap * 2 : 16;
        struct timer *n = realloc(timers, cap * sizeof *n);
        if (!n) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        timers = n;
        timers_cap = cap;
    }
    timers[ntimers++] = (struct timer){ h, id, elapse, msg_time() + elapse, proc };
    return h ? (id ? id : 1) : id;
}

BOOL WINAPI user32_KillTimer(HWND h, UINT_PTR id)
{
    for (size_t i = 0; i < ntimers; i++) {
        if (timers[i].hwnd == h && timers[i].id == id) {
            timers[i] = timers[--ntimers];
            /* Already-posted WM_TIMERs do not exist: ours are generated on retrieval. */
            return TRUE;
        }
    }
    set_last_error(1402);   /* ERROR_INVALID_TIMER_ID */
    return FALSE;
}

void msg_remove_window(HWND h)
{
    for (size_t i = 0; i < q_len;) {
        if (queue[(q_head + i) % q_cap].hwnd == h)
            queue_remove_at(i);
        else
            i++;
    }
    for (size_t i = 0; i < ntimers;) {
        if (timers[i].hwnd == h)
            timers[i] = timers[--ntimers];
        else
            i++;
    }
}

/* ---- retrieval ----------------------------------------------------------- */

static bool matches(const MSG *m, HWND filter, UINT lo, UINT hi)
{
    if (filter && m->hwnd != filter) {
        struct window *w = win_get_quiet(m->hwnd), *f = win_get_quiet(filter);
        /* A filter window also takes its children's messages. */
        bool child = false;
        for (struct window *p = w ? w->parent : NULL; p; p = p->parent)
            if (p == f)
                child = true;
        if (!child)
            return false;
    }
    if (lo == 0 && hi == 0)
        return true;
    return m->message >= lo && m->message <= hi;
}

static bool range_has(UINT msg, UINT lo, UINT hi)
{
    return (lo == 0 && hi == 0) || (msg >= lo && msg <= hi);
}

void paint_nc_pending(void);   /* paint.c */

/* GetKeyState's state: what the retrieved key messages say (bit 7 down,
 * bit 0 toggled), as Windows keeps it per thread. */
BYTE key_state[256];

static void track_key_state(const MSG *m)
{
    bool down;
    switch (m->message) {
    case WM_KEYDOWN: case WM_SYSKEYDOWN: down = true; break;
    case WM_KEYUP: case WM_SYSKEYUP: down = false; break;
    default: return;
    }
    BYTE vk = (BYTE)m->wParam;
    if (down && !(key_state[vk] & 0x80))
        key_state[vk] ^= 1;
    key_state[vk] = (BYTE)((key_state[vk] & 1) | (down ? 0x80 : 0));
}

/* One pass over the sources; true if *out was filled. */
static bool try_get(MSG *out, HWND filter, UINT lo, UINT hi, bool remove)
{
    for (size_t i = 0; i < q_len; i++) {
        MSG *m = &queue[(q_head + i) % q_cap];
        if (matches(m, filter, lo, hi)) {
            *out = *m;
            if (remove) {
                queue_remove_at(i);
                track_key_state(out);
            }
            return true;
        }
    }
    if (quit_posted && range_has(WM_QUIT, lo, hi)) {
        *out = (MSG){ NULL, WM_QUIT, (WPARAM)quit_code, 0, msg_time(), msg_cursor, 0 };
        if (remove)
            quit_posted = false;
        return true;
    }
    if (range_has(WM_PAINT, lo, hi)) {
        for (struct window *w = win_next(NULL); w; w = win_next(w)) {
            if (rect_empty(&w->update) || !win_visible(w))
                continue;
            MSG m = { w->hwnd, WM_PAINT, 0, 0, msg_time(), msg_cursor, 0 };
            if (!matches(&m, filter, lo, hi))
                continue;
            *out = m;
            return true;
        }
    }
    if (range_has(WM_TIMER, lo, hi)) {
        DWORD now = msg_time();
        for (size_t i = 0; i < ntimers; i++) {
            struct timer *t = &timers[i];
            if ((int32_t)(now - t->due) < 0)
                continue;
            MSG m = { t->hwnd, WM_TIMER, t->id, (LPARAM)t->proc, now, msg_cursor, 0 };
            if (!matches(&m, filter, lo, hi))
                continue;
            if (remove)
                t->due = now + t->interval;
            *out = m;
            return true;
        }
    }
    return false;
}

/* Milliseconds until the next timer is due (-1: no timer). */
static int next_timeout(void)
{
    if (!ntimers)
        return -1;
    DWORD now = msg_time();
    int best = 0x7fffffff;
    for (size_t i = 0; i < ntimers; i++) {
        int d = (int32_t)(timers[i].due - now);
        if (d < best)
            best = d < 0 ? 0 : d;
    }
    return best;
}

static bool get_message(MSG *out, HWND filter, UINT lo, UINT hi, bool remove, bool wait)
{
    for (;;) {
        x11_flush();
        x11_events(0);
        if (try_get(out, filter, lo, hi, remove))
            return true;
        if (!wait)
            return false;
        x11_flush();
        x11_events(next_timeout());
    }
}

bool msg_pump_one(MSG *out, HWND filter, bool remove, bool wait)
{
    return get_message(out, filter, 0, 0, remove, wait);
}

BOOL WINAPI user32_GetMessageW(MSG *m, HWND h, UINT lo, UINT hi)
{
    if (!m) {
        set_last_error(998);    /* ERROR_NOACCESS */
        return -1;
    }
    if (h && !win_get(h))
        return -1;
    get_message(m, h, lo, hi, true, true);
    return m->message != WM_QUIT;
}

BOOL WINAPI user32_GetMessageA(MSG *m, HWND h, UINT lo, UINT hi)
{
    return user32_GetMessageW(m, h, lo, hi);
}

#define PM_REMOVE 1

BOOL WINAPI user32_PeekMessageW(MSG *m, HWND h, UINT lo, UINT hi, UINT flags)
{
    if (!m) {
        set_last_error(998);
        return FALSE;
    }
    if (h && !win_get(h))
        return FALSE;
    return get_message(m, h, lo, hi, (flags & PM_REMOVE) != 0, false);
}

BOOL WINAPI user32_PeekMessageA(MSG *m, HWND h, UINT lo, UINT hi, UINT flags)
{
    return user32_PeekMessageW(m, h, lo, hi, flags);
}

BOOL WINAPI user32_WaitMessage(void)
{
    MSG m;
    get_message(&m, NULL, 0, 0, false, true);
    return TRUE;
}

BOOL WINAPI user32_PostMessageW(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (h == (HWND)(uintptr_t)0xffff) {
        FIXME("HWND_BROADCAST\n");
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (h && !win_get(h))
        return FALSE;
    if (!msg_post(h, msg, wp, lp)) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI user32_PostMessageA(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    return user32_PostMessageW(h, msg, wp, lp);
}

BOOL WINAPI user32_PostThreadMessageW(DWORD tid, UINT msg, WPARAM wp, LPARAM lp)
{
    extern DWORD WINAPI kernel32_GetCurrentThreadId(void);
    if (tid != kernel32_GetCurrentThreadId()) {
        /* One GUI thread owns the only queue. */
        FIXME("posting to another thread's queue\n");
        set_last_error(1444);
        return FALSE;
    }
    return msg_post(NULL, msg, wp, lp);
}

BOOL WINAPI user32_PostThreadMessageA(DWORD tid, UINT msg, WPARAM wp, LPARAM lp)
{
    return user32_PostThreadMessageW(tid, msg, wp, lp);
}

void WINAPI user32_PostQuitMessage(int code)
{
    quit_posted = true;
    quit_code = code;
}

/* ---- calling window procedures ------------------------------------------- */

/* Call proc with A<->W conversion of the message between the caller's
 * flavour (ansi) and the procedure's (proc_unicode). */
LRESULT msg_call_proc(struct window *w, WNDPROC proc, bool proc_unicode, UINT msg, WPARAM wp, LPARAM lp, bool ansi)
{
    HWND h = w->hwnd;
    if (!proc)
        return 0;
    if (ansi == !proc_unicode)
        goto plain;     /* same flavour: nothing to convert */
    if (!lp && msg != WM_CHAR)
        goto plain;
    switch (msg) {
    case WM_SETTEXT:
        if (ansi) {
            WCHAR *ws = acp_to_wide((const char *)lp);
            LRESULT r = proc(h, msg, wp, (LPARAM)ws);
            free(ws);
            return r;
        } else {
            char *as = wide_to_acp((const WCHAR *)lp);
            LRESULT r = proc(h, msg, wp, (LPARAM)as);
            free(as);
            return r;
        }
    case WM_GETTEXT: {
        if (wp == 0)
            return 0;
        size_t n = wp;
        if (ansi) {
            WCHAR *tmp = calloc(n + 1, sizeof(WCHAR));
            if (!tmp)
                return 0;
            proc(h, msg, n, (LPARAM)tmp);
            int len = cp_from_wide(CP_ACP, tmp, -1, (char *)lp, (int)n);
            if (len <= 0) {
                ((char *)lp)[n - 1] = 0;
                len = (int)strlen((char *)lp) + 1;
            }
            free(tmp);
            return len - 1;
        } else {
            char *tmp = calloc(n * 3 + 1, 1);
            if (!tmp)
                return 0;
            proc(h, msg, n * 3, (LPARAM)tmp);
            int len = cp_to_wide(CP_ACP, tmp, -1, (WCHAR *)lp, (int)n);
            if (len <= 0) {
                ((WCHAR *)lp)[n - 1] = 0;
                len = (int)wstrlen((WCHAR *)lp) + 1;
            }
            free(tmp);
            return len - 1;
        }
    }
    case WM_NCCREATE:
    case WM_CREATE:
        if (!proc_unicode) {
            /* Internally CREATESTRUCT carries UTF-16 strings. */
            CREATESTRUCT cs = *(CREATESTRUCT *)lp;
            char *name = cs.lpszName ? wide_to_acp(cs.lpszName) : NULL;
            char *cls = (cs.lpszClass && !IS_INTRESOURCE(cs.lpszClass)) ? wide_to_acp(cs.lpszClass) : NULL;
            if (name) cs.lpszName = name;
            if (cls) cs.lpszClass = cls;
            LRESULT r = proc(h, msg, wp, (LPARAM)&cs);
            free(name);
            free(cls);
            return r;
        }
        goto plain;
    case WM_CHAR:
        if (ansi && proc_unicode) {
            char c = (char)wp;
            WCHAR wc = 0;
            cp_to_wide(CP_ACP, &c, 1, &wc, 1);
            return proc(h, msg, wc, lp);
        }
        if (!ansi && !proc_unicode) {
            WCHAR wc = (WCHAR)wp;
            char c = '?';
            cp_from_wide(CP_ACP, &wc, 1, &c, 1);
            return proc(h, msg, (BYTE)c, lp);
        }
        goto plain;
    }
plain:
    return proc(h, msg, wp, lp);
}

LRESULT msg_send(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool ansi)
{
    struct window *w = win_get(h);
    if (!w)
        return 0;
    /* Internal callers (ansi = false) pass CREATESTRUCT as UTF-16. */
    return msg_call_proc(w, w->proc, w->unicode, msg, wp, lp, ansi);
}

LRESULT WINAPI user32_SendMessageW(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (h == (HWND)(uintptr_t)0xffff) {
        FIXME("HWND_BROADCAST\n");
        return 0;
    }
    return msg_send(h, msg, wp, lp, false);
}

LRESULT WINAPI user32_SendMessageA(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (h == (HWND)(uintptr_t)0xffff) {
        FIXME("HWND_BROADCAST\n");
        return 0;
    }
    return msg_send(h, msg, wp, lp, true);
}

LRESULT WINAPI user32_CallWindowProcW(WNDPROC proc, HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (!proc)
        return 0;
    struct window *w = win_get_quiet(h);
    if (!w)
        return proc(h, msg, wp, lp);
    /* The procedure's flavour is unknown: assume it matches the call (as a subclasser's saved W proc does). */
    return msg_call_proc(w, proc, true, msg, wp, lp, false);
}

LRESULT WINAPI user32_CallWindowProcA(WNDPROC proc, HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (!proc)
        return 0;
    struct window *w = win_get_quiet(h);
    if (!w)
        return proc(h, msg, wp, lp);
    return msg_call_proc(w, proc, false, msg, wp, lp, true);
}

static LRESULT dispatch(const MSG *m, bool ansi)
{
    if (!m) {
        set_last_error(998);
        return 0;
    }
    if (m->message == WM_TIMER && m->lParam) {
        TIMERPROC tp = (TIMERPROC)m->lParam;
        /* Only call procedures we registered: lParam comes from the program's MSG copy. */
        for (size_t i = 0; i < ntimers; i++)
            if (timers[i].proc == tp && timers[i].id == m->wParam && timers[i].hwnd == m->hwnd) {
                tp(m->hwnd, WM_TIMER, m->wParam, msg_time());
                return 0;
            }
        return 0;
    }
    if (!m->hwnd)
        return 0;
    struct window *w = win_get(m->hwnd);
    if (!w)
        return 0;
    if (m->message == WM_PAINT)
        paint_nc(w);
    LRESULT r = msg_call_proc(w, w->proc, w->unicode, m->message, m->wParam, m->lParam, ansi);
    return r;
}

LRESULT WINAPI user32_DispatchMessageW(const MSG *m) { return dispatch(m, false); }
LRESULT WINAPI user32_DispatchMessageA(const MSG *m) { return dispatch(m, true); }

/* WM_KEYDOWN carries its character (from the X key event) in lPrivate. */
BOOL WINAPI user32_TranslateMessage(const MSG *m)
{
    if (!m)
        return FALSE;
    if (m->message != WM_KEYDOWN && m->message != WM_SYSKEYDOWN)
        return m->message == WM_KEYUP || m->message == WM_SYSKEYUP;
    if (m->lPrivate) {
        MSG c = { m->hwnd, m->message == WM_KEYDOWN ? WM_CHAR : WM_SYSCHAR, m->lPrivate, m->lParam,
                  m->time, m->pt, 0 };
        queue_insert(&c, true);
    }
    return TRUE;
}

DWORD WINAPI user32_GetMessagePos(void)
{
    return (DWORD)MAKELPARAM(msg_cursor.x, msg_cursor.y);
}

LONG WINAPI user32_GetMessageTime(void)
{
    return (LONG)msg_time();
}

#define QS_KEY 1
#define QS_MOUSEMOVE 2
#define QS_MOUSEBUTTON 4
#define QS_POSTMESSAGE 8
#define QS_TIMER 0x10
#define QS_PAINT 0x20

DWORD WINAPI user32_GetQueueStatus(UINT flags)
{
    x11_events(0);
    DWORD st = 0;
    if (q_len)
        st |= QS_POSTMESSAGE;
    for (struct window *w = win_next(NULL); w; w = win_next(w))
        if (!rect_empty(&w->update) && win_visible(w))
            st |= QS_PAINT;
    if (next_timeout() == 0)
        st |= QS_TIMER;
    return (st & flags) | ((st & flags) << 16);
}

