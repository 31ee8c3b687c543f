/* GUI test: resizing from outside. The window manager's resize (an X
 * ConfigureNotify) arrives as WM_SIZE with the new client size; the window
 * (CS_HREDRAW | CS_VREDRAW) is repainted at its new size: a 4-pixel red
 * frame around the client area and a blue square in its middle.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails, last_w, last_h, sizes;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_SIZE: {
        last_w = LOWORD(lp);
        last_h = HIWORD(lp);
        sizes++;
        RECT r;
        GetClientRect(h, &r);
        CHECK(1, r.right == last_w && r.bottom == last_h);
        return 0;
    }
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        RECT r;
        GetClientRect(h, &r);
        HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
        for (int i = 0; i < 4; i++) {
            FrameRect(dc, &r, red);
            InflateRect(&r, -1, -1);
        }
        DeleteObject(red);
        GetClientRect(h, &r);
        RECT m = { r.right / 2 - 10, r.bottom / 2 - 10, r.right / 2 + 10, r.bottom / 2 + 10 };
        HBRUSH blue = CreateSolidBrush(RGB(0, 0, 255));
        FillRect(dc, &m, blue);
        DeleteObject(blue);
        EndPaint(h, &ps);
        return 0;
    }
    case WM_CHAR:
        if (wp == 'q')
            DestroyWindow(h);
        return 0;
    case WM_DESTROY:
        CHECK(2, last_w == 300 && last_h == 250 && sizes >= 2);
        PostQuitMessage(fails ? fails : 7);
        return 0;
    }
    return DefWindowProcA(h, msg, wp, lp);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    WNDCLASSA wc = { 0 };
    wc.style = CS_HREDRAW | CS_VREDRAW;
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = "ResizeTest";
    RegisterClassA(&wc);
    RECT r = { 0, 0, 200, 100 };
    AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW, FALSE);
    HWND h = CreateWindowA("ResizeTest", "mimic resize", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 200, 200,
                           r.right - r.left, r.bottom - r.top, NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    MSG m;
    while (GetMessageA(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageA(&m);
    }
    return (int)m.wParam;
}
