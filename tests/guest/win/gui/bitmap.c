/* GUI test: memory DCs and bitmaps. A compatible bitmap drawn in a memory
 * DC and BitBlt'ed, a 32-bit bottom-up DIB section written through its bits
 * pointer and StretchBlt'ed at 2x, a 24-bit DIB put with SetDIBitsToDevice.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static void paint(HDC dc)
{
    /* 1. A 40x40 compatible bitmap: cyan with a black 20x20 square. */
    HDC mem = CreateCompatibleDC(dc);
    CHECK(1, mem != NULL);
    HBITMAP bmp = CreateCompatibleBitmap(dc, 40, 40);
    HGDIOBJ old = SelectObject(mem, bmp);
    RECT all = { 0, 0, 40, 40 }, sq = { 10, 10, 30, 30 };
    HBRUSH cyan = CreateSolidBrush(RGB(0, 255, 255));
    FillRect(mem, &all, cyan);
    FillRect(mem, &sq, (HBRUSH)GetStockObject(BLACK_BRUSH));
    CHECK(2, GetPixel(mem, 5, 5) == RGB(0, 255, 255));
    /* Deleting a selected object succeeds but waits until it is deselected. */
    CHECK(3, DeleteObject(bmp));
    BitBlt(dc, 10, 10, 40, 40, mem, 0, 0, SRCCOPY);
    CHECK(4, SelectObject(mem, old) == bmp);
    CHECK(12, GetObjectType(bmp) == 0);
    DeleteObject(cyan);

    /* 2. A bottom-up 32-bit DIB section 4x4: row 0 in memory is the bottom row. */
    BITMAPINFO bi = { { sizeof(BITMAPINFOHEADER), 4, 4, 1, 32, BI_RGB } };
    DWORD *bits = NULL;
    HBITMAP dib = CreateDIBSection(dc, &bi, DIB_RGB_COLORS, (void **)&bits, NULL, 0);
    CHECK(5, dib && bits);
    for (int i = 0; i < 16; i++)
        bits[i] = i < 8 ? 0x00ff8000 : 0x000000ff;   /* bottom half orange, top half blue */
    BITMAP info;
    CHECK(6, GetObjectA(dib, sizeof info, &info) == sizeof info && info.bmWidth == 4 && info.bmBitsPixel == 32);
    old = SelectObject(mem, dib);
    CHECK(7, GetPixel(mem, 0, 0) == RGB(0, 0, 255));
    CHECK(8, GetPixel(mem, 0, 3) == RGB(255, 128, 0));
    StretchBlt(dc, 70, 10, 40, 40, mem, 0, 0, 4, 4, SRCCOPY);
    SelectObject(mem, old);
    DeleteObject(dib);
    DeleteDC(mem);

    /* 3. A 24-bit top-down DIB 2x2 put at 1:1, then a 4-pixel StretchDIBits. */
    BYTE px[2 * 8] = { 0, 0, 255, 0, 255, 0, 0, 0,        /* red, green (rows padded to 8 bytes) */
                       255, 0, 0, 255, 255, 255, 0, 0 };  /* blue, white */
    BITMAPINFO b24 = { { sizeof(BITMAPINFOHEADER), 2, -2, 1, 24, BI_RGB } };
    CHECK(9, SetDIBitsToDevice(dc, 130, 10, 2, 2, 0, 0, 0, 2, px, &b24, DIB_RGB_COLORS) == 2);
    StretchDIBits(dc, 130, 20, 40, 40, 0, 0, 2, 2, px, &b24, DIB_RGB_COLORS, SRCCOPY);
    CHECK(10, GetPixel(dc, 130, 10) == RGB(255, 0, 0));
    CHECK(11, GetPixel(dc, 131, 11) == RGB(255, 255, 255));
}

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        paint(dc);
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
    wc.lpszClassName = "BitmapTest";
    RegisterClassA(&wc);
    HWND h = CreateWindowA("BitmapTest", "mimic bitmap", WS_OVERLAPPED | WS_CAPTION | WS_SYSMENU, 80, 80, 220, 120,
                           NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    ShowWindow(h, SW_SHOW);
    MSG m;
    while (GetMessageA(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageA(&m);
    }
    return (int)m.wParam;
}
