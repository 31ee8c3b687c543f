/* GUI test: input from X. Mouse clicks arrive as WM_LBUTTONDOWN/UP with
 * client coordinates (the program paints a green square where it was
 * clicked), keys as WM_KEYDOWN + WM_CHAR through TranslateMessage (typed
 * characters are counted and shown as bars), the right button closes.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails, clicks, chars;
static POINT last;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_LBUTTONDOWN:
        CHECK(1, wp & MK_LBUTTON);
        last.x = (short)LOWORD(lp);
        last.y = (short)HIWORD(lp);
        return 0;
    case WM_LBUTTONUP: {
        CHECK(2, !(wp & MK_LBUTTON));
        CHECK(3, (short)LOWORD(lp) == last.x && (short)HIWORD(lp) == last.y);
        clicks++;
        RECT r = { last.x - 5, last.y - 5, last.x + 5, last.y + 5 };
        InvalidateRect(h, &r, FALSE);
        return 0;
    }
    case WM_KEYDOWN:
        if (wp == 'A')
            CHECK(4, GetKeyState('A') < 0);
        return 0;
    case WM_CHAR:
        CHECK(5, wp == 'a' || wp == 'b');
        chars++;
        InvalidateRect(h, NULL, FALSE);
        return 0;
    case WM_RBUTTONUP:
        DestroyWindow(h);
        return 0;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        if (clicks) {
            RECT r = { last.x - 5, last.y - 5, last.x + 5, last.y + 5 };
            HBRUSH g = CreateSolidBrush(RGB(0, 255, 0));
            FillRect(dc, &r, g);
            DeleteObject(g);
        }
        for (int i = 0; i < chars; i++) {
            RECT r = { 10 + 20 * i, 150, 20 + 20 * i, 170 };
            FillRect(dc, &r, (HBRUSH)GetStockObject(BLACK_BRUSH));
        }
        EndPaint(h, &ps);
        return 0;
    }
    case WM_DESTROY:
        CHECK(6, clicks == 2 && chars == 2);
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
    wc.lpszClassName = "InputTest";
    RegisterClassA(&wc);
    HWND h = CreateWindowA("InputTest", "mimic input", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 100, 100, 300, 240,
                           NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    MSG m;
    while (GetMessageA(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageA(&m);
    }
    return (int)m.wParam;
}
