/* GUI test: a game-style PeekMessage loop with a TIMERPROC callback timer
 * (no window procedure sees these WM_TIMERs), drawing outside WM_PAINT
 * with GetDC/ReleaseDC, and a thread timer (SetTimer with no window). The
 * square moves right 10 pixels per tick for 10 ticks, then the loop paints
 * a finish bar; 'q' ends the program.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails, ticks, thread_ticks;
static HWND wnd;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static void CALLBACK on_tick(HWND h, UINT msg, UINT_PTR id, DWORD time)
{
    CHECK(1, h == wnd && msg == WM_TIMER && id == 77);
    if (ticks >= 10)
        return;
    HDC dc = GetDC(h);
    RECT old = { 10 + 10 * ticks, 10, 40 + 10 * ticks, 40 };
    FillRect(dc, &old, (HBRUSH)GetStockObject(WHITE_BRUSH));
    ticks++;
    RECT r = { 10 + 10 * ticks, 10, 40 + 10 * ticks, 40 };
    HBRUSH b = CreateSolidBrush(RGB(0, 0, 160));
    FillRect(dc, &r, b);
    DeleteObject(b);
    CHECK(2, ReleaseDC(h, dc) == 1);
}

static void CALLBACK on_thread_tick(HWND h, UINT msg, UINT_PTR id, DWORD time)
{
    CHECK(3, h == NULL);
    thread_ticks++;
}

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_TIMER:
        CHECK(4, 0);    /* callback timers never reach the window procedure */
        return 0;
    case WM_CHAR:
        if (wp == 'q')
            DestroyWindow(h);
        return 0;
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcA(h, msg, wp, lp);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    WNDCLASSA wc = { 0 };
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = "PeekTest";
    RegisterClassA(&wc);
    wnd = CreateWindowA("PeekTest", "mimic peek", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 160, 160, 260, 140,
                        NULL, NULL, inst, NULL);
    if (!wnd)
        return 92;
    UpdateWindow(wnd);
    CHECK(5, SetTimer(wnd, 77, 20, on_tick) == 77);
    UINT_PTR tt = SetTimer(NULL, 0, 20, on_thread_tick);
    CHECK(6, tt != 0);
    SetLastError(0xdeadbeef);
    CHECK(7, !KillTimer(wnd, 78));
    BOOL finished = FALSE;
    MSG m;
    for (;;) {
        if (PeekMessageA(&m, NULL, 0, 0, PM_REMOVE)) {
            if (m.message == WM_QUIT)
                break;
            TranslateMessage(&m);
            DispatchMessageA(&m);
            continue;
        }
        if (ticks == 10 && !finished) {
            finished = TRUE;
            CHECK(8, KillTimer(wnd, 77) && KillTimer(NULL, tt));
            HDC dc = GetDC(wnd);
            RECT bar = { 10, 60, 230, 70 };
            FillRect(dc, &bar, (HBRUSH)GetStockObject(BLACK_BRUSH));
            ReleaseDC(wnd, dc);
        }
        WaitMessage();
    }
    CHECK(9, thread_ticks > 0);
    return fails ? fails : 7;
}
