/* GUI test: a window with filled shapes, a timer that changes the picture
 * after three ticks, and self-checks through GetPixel/GetClientRect.
 * tests/guest/win/gui/shapes.check reads the screen; 'q' closes the window.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int ticks, fails, want_cx;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_CREATE:
        CHECK(1, ((CREATESTRUCTA *)lp)->cx == want_cx);
        SetTimer(h, 5, 40, NULL);
        return 0;
    case WM_TIMER:
        CHECK(2, wp == 5);
        if (++ticks == 3) {
            KillTimer(h, 5);
            InvalidateRect(h, NULL, TRUE);
        }
        return 0;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        RECT r = { 10, 10, 60, 60 };
        HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
        FillRect(dc, &r, red);
        DeleteObject(red);
        /* Rectangle: blue inside a 1-pixel black pen. */
        HBRUSH blue = CreateSolidBrush(RGB(0, 0, 255));
        HGDIOBJ ob = SelectObject(dc, blue);
        Rectangle(dc, 70, 10, 130, 60);
        /* Ellipse: green with a 3-pixel dark red pen. */
        HBRUSH green = CreateSolidBrush(RGB(0, 200, 0));
        HPEN pen = CreatePen(PS_SOLID, 3, RGB(128, 0, 0));
        SelectObject(dc, green);
        HGDIOBJ op = SelectObject(dc, pen);
        Ellipse(dc, 140, 10, 220, 70);
        /* Polygon: yellow triangle without outline. */
        HBRUSH yellow = CreateSolidBrush(RGB(255, 255, 0));
        SelectObject(dc, yellow);
        SelectObject(dc, GetStockObject(NULL_PEN));
        POINT tri[3] = { { 230, 60 }, { 310, 60 }, { 270, 10 } };
        Polygon(dc, tri, 3);
        SelectObject(dc, ob);
        SelectObject(dc, op);
        CHECK(3, !DeleteObject(GetStockObject(NULL_PEN)) == 0);
        DeleteObject(blue); DeleteObject(green); DeleteObject(yellow); DeleteObject(pen);
        /* A black horizontal line: LineTo leaves out its end point. */
        MoveToEx(dc, 10, 100, NULL);
        LineTo(dc, 110, 100);
        /* Far-away coordinates are clipped, not walked. */
        MoveToEx(dc, -1000000000, 120, NULL);
        LineTo(dc, 1000000000, 120);
        SelectObject(dc, GetStockObject(NULL_BRUSH));
        Ellipse(dc, -2000000000, -2000000000, 2000000000, 2000000000);
        SelectObject(dc, GetStockObject(WHITE_BRUSH));
        SetPixel(dc, 150, 100, RGB(0, 128, 255));
        CHECK(4, GetPixel(dc, 150, 100) == RGB(0, 128, 255));
        CHECK(5, GetPixel(dc, 109, 100) == RGB(0, 0, 0));
        CHECK(6, GetPixel(dc, 110, 100) == RGB(255, 255, 255));
        CHECK(7, GetPixel(dc, 100, 200) == RGB(255, 255, 255));
        if (ticks >= 3) {
            RECT m = { 250, 150, 300, 200 };
            HBRUSH mag = CreateSolidBrush(RGB(255, 0, 255));
            FillRect(dc, &m, mag);
            DeleteObject(mag);
        }
        EndPaint(h, &ps);
        return 0;
    }
    case WM_CHAR:
        if (wp == 'q')
            DestroyWindow(h);
        return 0;
    case WM_DESTROY:
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
    wc.hCursor = LoadCursor(NULL, IDC_ARROW);
    wc.lpszClassName = "ShapesTest";
    if (!RegisterClassA(&wc))
        return 90;
    SetLastError(0xdeadbeef);
    if (RegisterClassA(&wc) || GetLastError() != ERROR_CLASS_ALREADY_EXISTS)
        return 91;
    RECT r = { 0, 0, 320, 240 };
    AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW, FALSE);
    want_cx = r.right - r.left;
    HWND h = CreateWindowA("ShapesTest", "mimic shapes", WS_OVERLAPPEDWINDOW, 40, 40, r.right - r.left,
                           r.bottom - r.top, NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    RECT c;
    GetClientRect(h, &c);
    if (c.right != 320 || c.bottom != 240)
        return 93;
    ShowWindow(h, show);
    UpdateWindow(h);
    MSG m;
    while (GetMessageA(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageA(&m);
    }
    return (int)m.wParam;
}
