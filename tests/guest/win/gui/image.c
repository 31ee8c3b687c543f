/* GUI test: bitmaps from resources and files. LoadBitmapA takes a 4x2
 * 24-bit BITMAP resource (image.bmp through image.rc); the program then
 * writes the same bitmap as a .bmp file (file header + resource bytes) and
 * loads it with LoadImageW(LR_LOADFROMFILE). Both are stretched 10x onto
 * the window; GetDIBits reads one back.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails;
static HBITMAP from_res, from_file;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static void draw(HDC dc, HBITMAP b, int x, int y)
{
    HDC mem = CreateCompatibleDC(dc);
    HGDIOBJ old = SelectObject(mem, b);
    StretchBlt(dc, x, y, 40, 20, mem, 0, 0, 4, 2, SRCCOPY);
    SelectObject(mem, old);
    DeleteDC(mem);
}

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        draw(dc, from_res, 10, 10);
        draw(dc, from_file, 10, 40);
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
    from_res = LoadBitmapA(inst, MAKEINTRESOURCEA(10));
    CHECK(1, from_res != NULL);
    SetLastError(0xdeadbeef);
    CHECK(2, LoadBitmapA(inst, MAKEINTRESOURCEA(11)) == NULL && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND);
    BITMAP bm;
    CHECK(3, GetObjectA(from_res, sizeof bm, &bm) && bm.bmWidth == 4 && bm.bmHeight == 2);
    /* The resource as a .bmp file. */
    HRSRC r = FindResourceA(inst, MAKEINTRESOURCEA(10), (LPCSTR)RT_BITMAP);
    DWORD size = SizeofResource(inst, r);
    const BYTE *data = LockResource(LoadResource(inst, r));
    CHECK(4, r && data && size == 40 + 8 * 3);
    BITMAPFILEHEADER fh = { 0x4d42, sizeof fh + size, 0, 0, sizeof fh + 40 };
    HANDLE f = CreateFileA("copy.bmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(f, &fh, sizeof fh, &n, NULL);
    WriteFile(f, data, size, &n, NULL);
    CloseHandle(f);
    from_file = LoadImageW(NULL, L"copy.bmp", IMAGE_BITMAP, 0, 0, LR_LOADFROMFILE);
    CHECK(5, from_file != NULL);
    SetLastError(0xdeadbeef);
    CHECK(6, !LoadImageW(NULL, L"missing.bmp", IMAGE_BITMAP, 0, 0, LR_LOADFROMFILE));
    /* GetDIBits: a top-down 32-bit copy of the top row. */
    HDC screen = GetDC(NULL);
    BITMAPINFO bi = { { sizeof(BITMAPINFOHEADER), 4, -2, 1, 32, BI_RGB } };
    DWORD px[8] = { 0 };
    CHECK(7, GetDIBits(screen, from_file, 0, 2, px, &bi, DIB_RGB_COLORS) == 2);
    CHECK(8, (px[0] & 0xffffff) == 0xff0000 && (px[2] & 0xffffff) == 0x0000ff && (px[4] & 0xffffff) == 0);
    ReleaseDC(NULL, screen);

    WNDCLASSA wc = { 0 };
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = "ImageTest";
    RegisterClassA(&wc);
    HWND h = CreateWindowA("ImageTest", "mimic image", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 220, 220, 200, 150,
                           NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    MSG m;
    while (GetMessageA(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageA(&m);
    }
    DeleteObject(from_res);
    DeleteObject(from_file);
    return (int)m.wParam;
}
