/* GUI test: the system caret. A 2x20 caret is created hidden, moved and
 * shown (it inverts the white background to black), survives a repaint
 * (BeginPaint takes it off, EndPaint puts it back), and 'h' hides it, 'm'
 * moves it while shown, 'q' quits.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        /* The caret is off the window while we paint. */
        CHECK(1, GetPixel(dc, 51, 35) == RGB(255, 255, 255) || GetPixel(dc, 51, 35) == CLR_INVALID);
        EndPaint(h, &ps);
        return 0;
    }
    case WM_CHAR: {
        POINT p;
        if (wp == 'h')
            CHECK(2, HideCaret(h));
        if (wp == 'm') {
            CHECK(3, ShowCaret(h) && SetCaretPos(100, 30) && GetCaretPos(&p) && p.x == 100 && p.y == 30);
        }
        if (wp == 'r')
            InvalidateRect(h, NULL, TRUE);
        if (wp == 'q')
            DestroyWindow(h);
        return 0;
    }
    case WM_DESTROY:
        CHECK(4, DestroyCaret());
        SetLastError(0xdeadbeef);
        CHECK(5, !DestroyCaret());
        PostQuitMessage(fails ? fails : 7);
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
    wc.lpszClassName = "CaretTest";
    RegisterClassA(&wc);
    HWND h = CreateWindowA("CaretTest", "mimic caret", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 240, 240, 200, 120,
                           NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    UpdateWindow(h);
    CHECK(10, CreateCaret(h, NULL, 2, 20));
    CHECK(11, SetCaretPos(50, 30));
    CHECK(12, ShowCaret(h));
    MSG m;
    while (GetMessageA(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageA(&m);
    }
    return (int)m.wParam;
}
