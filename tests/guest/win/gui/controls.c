/* GUI test: child controls created with CreateWindowEx in a normal window
 * (BUTTON, STATIC, EDIT), WM_COMMAND/BN_CLICKED from a click, window text
 * through A and W calls, window longs, child geometry, WM_SIZE from
 * SetWindowPos, and a child of our own class painting over its parent.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails, clicked, sizes;
static HWND button, label, edit, panel;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static LRESULT CALLBACK panel_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_PAINT) {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        RECT r;
        GetClientRect(h, &r);
        HBRUSH b = CreateSolidBrush(clicked ? RGB(0, 160, 0) : RGB(200, 0, 0));
        FillRect(dc, &r, b);
        DeleteObject(b);
        EndPaint(h, &ps);
        return 0;
    }
    return DefWindowProcW(h, msg, wp, lp);
}

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_CREATE:
        button = CreateWindowExW(0, L"BUTTON", L"Press", WS_CHILD | WS_VISIBLE | BS_PUSHBUTTON, 10, 10, 80, 26, h,
                                 (HMENU)11, NULL, NULL);
        label = CreateWindowExA(0, "static", "Label", WS_CHILD | WS_VISIBLE, 10, 50, 100, 20, h, (HMENU)12, NULL, NULL);
        edit = CreateWindowExW(WS_EX_CLIENTEDGE, L"Edit", L"text", WS_CHILD | WS_VISIBLE, 10, 80, 150, 24, h,
                               (HMENU)13, NULL, NULL);
        panel = CreateWindowExW(0, L"Panel", NULL, WS_CHILD | WS_VISIBLE, 200, 10, 60, 60, h, (HMENU)14, NULL, NULL);
        CHECK(1, button && label && edit && panel);
        return 0;
    case WM_SIZE:
        sizes++;
        return 0;
    case WM_COMMAND:
        if (LOWORD(wp) == 11 && HIWORD(wp) == BN_CLICKED && (HWND)lp == button) {
            clicked++;
            InvalidateRect(panel, NULL, TRUE);
        }
        return 0;
    case WM_CHAR:
        if (wp == 'q')
            DestroyWindow(h);
        return 0;
    case WM_DESTROY:
        CHECK(2, clicked == 1);
        CHECK(3, !IsWindow(button) || GetParent(button) == h);
        PostQuitMessage(fails ? fails : 7);
        return 0;
    }
    return DefWindowProcW(h, msg, wp, lp);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    WNDCLASSW wc = { 0 };
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszClassName = L"ControlsTest";
    RegisterClassW(&wc);
    wc.lpfnWndProc = panel_proc;
    wc.hbrBackground = NULL;
    wc.lpszClassName = L"Panel";
    RegisterClassW(&wc);
    SetLastError(0xdeadbeef);
    CHECK(10, !CreateWindowW(L"NoSuchClass", L"", 0, 0, 0, 10, 10, NULL, NULL, inst, NULL) &&
                  GetLastError() == ERROR_CANNOT_FIND_WND_CLASS);
    SetLastError(0xdeadbeef);
    CHECK(11, !CreateWindowW(L"ControlsTest", L"", WS_CHILD, 0, 0, 10, 10, NULL, NULL, inst, NULL) &&
                  GetLastError() == ERROR_TLW_WITH_WSCHILD);
    HWND h = CreateWindowW(L"ControlsTest", L"mimic controls", WS_OVERLAPPEDWINDOW, 140, 140, 320, 200,
                           NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    /* Text through A and W on a Unicode control. */
    char a[32];
    WCHAR w[32];
    CHECK(12, GetWindowTextA(edit, a, 32) == 4 && !lstrcmpA(a, "text"));
    CHECK(13, SetWindowTextA(edit, "\xe9t\xe9") && GetWindowTextW(edit, w, 32) == 3 && w[0] == 0xe9);
    CHECK(14, GetWindowTextLengthW(label) == 5);
    CHECK(15, GetWindowTextA(label, a, 3) == 2 && !lstrcmpA(a, "La"));
    CHECK(16, GetDlgItem(h, 12) == label && GetDlgCtrlID(edit) == 13);
    /* Window longs and rectangles. */
    SetLastError(0);    /* success leaves the last error alone */
    CHECK(17, SetWindowLongPtrW(h, GWLP_USERDATA, 0x1234) == 0 && GetLastError() == 0);
    CHECK(18, GetWindowLongPtrW(h, GWLP_USERDATA) == 0x1234);
    CHECK(19, (GetWindowLongW(button, GWL_STYLE) & (WS_CHILD | WS_VISIBLE)) == (WS_CHILD | WS_VISIBLE));
    SetLastError(0xdeadbeef);
    CHECK(20, GetWindowLongPtrW(h, 4096) == 0 && GetLastError() == ERROR_INVALID_INDEX);
    RECT r;
    CHECK(21, GetClientRect(button, &r) && r.right == 80 && r.bottom == 26);
    POINT p = { 0, 0 }, q = { 0, 0 };
    ClientToScreen(button, &p);
    ClientToScreen(h, &q);
    CHECK(22, p.x - q.x == 10 && p.y - q.y == 10);
    SetLastError(0xdeadbeef);
    CHECK(23, !GetClientRect((HWND)(ULONG_PTR)0x12345678, &r) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE);
    int before = sizes;
    SetWindowPos(h, NULL, 0, 0, 330, 210, SWP_NOMOVE | SWP_NOZORDER);
    CHECK(24, sizes == before + 1);
    CHECK(25, GetWindowRect(h, &r) && r.right - r.left == 330 && r.left == 140);
    /* The UI font programs take from SystemParametersInfo. */
    NONCLIENTMETRICSW ncm = { sizeof ncm };
    CHECK(26, SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0) && ncm.lfMessageFont.lfHeight < 0);
    HFONT ui = CreateFontIndirectW(&ncm.lfMessageFont);
    CHECK(27, ui != NULL);
    SendMessageW(label, WM_SETFONT, (WPARAM)ui, TRUE);
    CHECK(28, (HFONT)SendMessageW(label, WM_GETFONT, 0, 0) == ui);
    WINDOWPLACEMENT pl = { sizeof pl };
    CHECK(30, GetWindowPlacement(h, &pl) && pl.showCmd == SW_SHOWNORMAL && pl.rcNormalPosition.left == 140 &&
                  !IsIconic(h) && !IsZoomed(h));
    RECT work;
    CHECK(29, SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0) && work.right > 0 && work.bottom > 0);
    ShowWindow(h, SW_SHOW);
    MSG m;
    while (GetMessageW(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageW(&m);
    }
    return (int)m.wParam;
}
