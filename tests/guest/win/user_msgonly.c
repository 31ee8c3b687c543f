/* user32 without a display: a message-only window (parent HWND_MESSAGE)
 * and the thread's queue. The order in which posted, sent and timer
 * messages arrive, message filters, PeekMessage without removal, WM_QUIT
 * after the posted messages, timers, window text and longs, and the
 * creation/destruction messages. Expected output from Wine.
 */
// link: -luser32
#include <windows.h>
#include <stdio.h>

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_NCCREATE: printf("WM_NCCREATE %s\n", (const char *)((CREATESTRUCTA *)lp)->lpszName); break;
    case WM_CREATE: printf("WM_CREATE param %p\n", ((CREATESTRUCTA *)lp)->lpCreateParams); break;
    case WM_DESTROY: printf("WM_DESTROY\n"); break;
    case WM_NCDESTROY: printf("WM_NCDESTROY\n"); break;
    case WM_TIMER: printf("WM_TIMER %d\n", (int)wp); break;
    case WM_USER: case WM_USER + 1: case WM_USER + 2:
        printf("WM_USER+%d %d %d\n", msg - WM_USER, (int)wp, (int)lp);
        return 100 + wp;
    }
    return DefWindowProcA(h, msg, wp, lp);
}

int main(void)
{
    WNDCLASSA wc = { 0 };
    wc.lpfnWndProc = proc;
    wc.lpszClassName = "MsgOnly";
    ATOM atom = RegisterClassA(&wc);
    printf("atom %d\n", atom >= 0xc000);
    SetLastError(0xdeadbeef);
    ATOM again = RegisterClassA(&wc);
    printf("again %d err %lu\n", again, GetLastError());
    HWND h = CreateWindowExA(0, "MsgOnly", "hidden", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, (void *)0x42);
    printf("created %d visible %d\n", h != NULL, IsWindowVisible(h));
    char buf[32];
    printf("text %d %s\n", GetWindowTextA(h, buf, sizeof buf), buf);
    printf("send %d\n", (int)SendMessageA(h, WM_USER, 5, 6));
    PostMessageA(h, WM_USER + 1, 1, 0);
    PostMessageA(h, WM_USER + 2, 2, 0);
    PostMessageA(h, WM_USER + 1, 3, 0);
    PostQuitMessage(9);
    MSG m;
    /* Filters: only WM_USER+2 first, then peek without removing. */
    BOOL got = PeekMessageA(&m, NULL, WM_USER + 2, WM_USER + 2, PM_REMOVE);
    printf("peek+2 %d -> %d\n", got, (int)m.wParam);
    got = PeekMessageA(&m, NULL, 0, 0, PM_NOREMOVE);
    printf("peek noremove %d wp %d", got, (int)m.wParam);
    got = PeekMessageA(&m, NULL, 0, 0, PM_NOREMOVE);
    printf(", again %d wp %d\n", got, (int)m.wParam);
    while (GetMessageA(&m, NULL, 0, 0) > 0)
        DispatchMessageA(&m);
    printf("quit %d wp %d\n", m.message == WM_QUIT, (int)m.wParam);
    printf("queue empty %d\n", !PeekMessageA(&m, NULL, 0, 0, PM_REMOVE));
    /* Timers. */
    printf("SetTimer %d\n", (int)SetTimer(h, 3, 10, NULL));
    int n = 0;
    while (n < 2 && GetMessageA(&m, NULL, 0, 0) > 0) {
        if (m.message == WM_TIMER)
            n++;
        DispatchMessageA(&m);
    }
    BOOL k1 = KillTimer(h, 3), k2 = KillTimer(h, 3);
    printf("KillTimer %d %d\n", k1, k2);
    SetLastError(0xdeadbeef);
    LONG_PTR prev = SetWindowLongPtrA(h, GWLP_USERDATA, 7);
    DWORD err = GetLastError();
    printf("long %d err %lu get %d\n", (int)prev, err, (int)GetWindowLongPtrA(h, GWLP_USERDATA));
    printf("SetWindowText %d", SetWindowTextA(h, "renamed"));
    printf(" len %d\n", GetWindowTextLengthA(h));
    printf("destroy %d\n", DestroyWindow(h));
    printf("IsWindow %d\n", IsWindow(h));
    /* (Wine reports ERROR_ACCESS_DENIED here, Windows an invalid window
     * handle: only the failure is compared.) */
    printf("destroy again %d\n", DestroyWindow(h));
    SetLastError(0xdeadbeef);
    BOOL posted = PostMessageA(h, WM_USER, 0, 0);
    printf("post to dead %d err %lu\n", posted, GetLastError());
    printf("unregister %d\n", UnregisterClassA("MsgOnly", NULL));
    SetLastError(0xdeadbeef);
    BOOL un = UnregisterClassA("MsgOnly", NULL);
    printf("unregister again %d err %lu\n", un, GetLastError());
    return 0;
}
