/* GUI test: the window manager's close button. WM_DELETE_WINDOW from X
 * arrives as WM_SYSCOMMAND/SC_CLOSE, which DefWindowProc turns into
 * WM_CLOSE; the program's WM_CLOSE handler destroys the window, whose
 * WM_DESTROY posts the quit message. The program then exits at once.
 * exit: 5 */
#include <windows.h>

static int seen;

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_SYSCOMMAND:
        if ((wp & 0xfff0) == SC_CLOSE)
            seen |= 1;
        break;
    case WM_CLOSE:
        seen |= 2;
        DestroyWindow(h);
        return 0;
    case WM_DESTROY:
        seen |= 4;
        PostQuitMessage(seen == 7 ? 5 : 100 + seen);
        return 0;
    case WM_NCDESTROY:
        if (!IsWindow(h))
            seen |= 8;
        break;
    }
    return DefWindowProcW(h, msg, wp, lp);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    WNDCLASSW wc = { 0 };
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszClassName = L"CloseTest";
    RegisterClassW(&wc);
    HWND h = CreateWindowW(L"CloseTest", L"mimic close", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 120, 120, 200, 150,
                           NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    MSG m;
    while (GetMessageW(&m, NULL, 0, 0) > 0)
        DispatchMessageW(&m);
    if (IsWindow(h))
        return 93;
    return (int)m.wParam;
}
