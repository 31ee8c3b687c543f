/* GUI test: the shape of a wizard-generated Win32 program. The title comes
 * from a STRINGTABLE (LoadStringW), the message loop runs
 * TranslateAcceleratorW over an ACCELERATORS resource: Ctrl+A (a virtual
 * key with a modifier) turns the window green, F1 opens the About box
 * (DialogBoxParamW; Return closes it), 'x' (a character accelerator) exits.
 * Plain 'a' without Ctrl must not trigger Ctrl+A.
 * exit: 7 when every self-check passed (1xx: the failed check's number). */
#include <windows.h>

static int fails, green, plain_chars, abouts;
static HINSTANCE inst;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

static INT_PTR CALLBACK about(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_INITDIALOG)
        return TRUE;
    if (msg == WM_COMMAND && (LOWORD(wp) == IDOK || LOWORD(wp) == IDCANCEL)) {
        EndDialog(h, LOWORD(wp));
        return TRUE;
    }
    return FALSE;
}

static LRESULT CALLBACK proc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_COMMAND:
        CHECK(1, HIWORD(wp) == 1 && lp == 0);      /* from an accelerator */
        switch (LOWORD(wp)) {
        case 200:
            green = 1;
            InvalidateRect(h, NULL, TRUE);
            break;
        case 201:
            DestroyWindow(h);
            break;
        case 202:
            CHECK(2, DialogBoxParamW(inst, MAKEINTRESOURCEW(9), h, about, 0) == IDOK);
            abouts++;
            break;
        }
        return 0;
    case WM_CHAR:
        plain_chars++;
        return 0;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        if (green) {
            RECT r = { 10, 10, 110, 60 };
            HBRUSH b = CreateSolidBrush(RGB(0, 180, 0));
            FillRect(dc, &r, b);
            DeleteObject(b);
        }
        EndPaint(h, &ps);
        return 0;
    }
    case WM_DESTROY:
        CHECK(3, green && abouts == 1 && plain_chars == 1);
        PostQuitMessage(fails ? fails : 7);
        return 0;
    }
    return DefWindowProcW(h, msg, wp, lp);
}

int WINAPI wWinMain(HINSTANCE hinst, HINSTANCE prev, LPWSTR cmd, int show)
{
    inst = hinst;
    WCHAR title[64];
    CHECK(10, LoadStringW(inst, 1, title, 64) == 12);
    HACCEL acc = LoadAcceleratorsW(inst, MAKEINTRESOURCEW(7));
    CHECK(11, acc != NULL && CopyAcceleratorTableW(acc, NULL, 0) == 3);
    SetLastError(0xdeadbeef);
    CHECK(12, !LoadAcceleratorsW(inst, MAKEINTRESOURCEW(8)));
    WNDCLASSEXW wc = { sizeof wc };
    wc.style = CS_HREDRAW | CS_VREDRAW;
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszMenuName = MAKEINTRESOURCEW(109);
    wc.lpszClassName = L"WizardClass";
    CHECK(13, RegisterClassExW(&wc));
    HWND h = CreateWindowW(L"WizardClass", title, WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, 0, 300, 200, NULL, NULL, inst,
                           NULL);
    if (!h)
        return 92;
    ShowWindow(h, show);
    UpdateWindow(h);
    MSG m;
    while (GetMessageW(&m, NULL, 0, 0)) {
        if (!TranslateAcceleratorW(m.hwnd, acc, &m)) {
            TranslateMessage(&m);
            DispatchMessageW(&m);
        }
    }
    CHECK(14, DestroyAcceleratorTable(acc));
    return fails ? fails : (int)m.wParam;
}
