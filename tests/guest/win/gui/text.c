/* GUI test: text through FreeType. TextOut with an opaque yellow
 * background, a red bar as long as GetTextExtentPoint32 says the text is
 * (the check script reads where it ends), DrawText centred in a blue box,
 * and DT_CALCRECT/DT_WORDBREAK wrapping checked against GetTextMetrics.
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
        HFONT f = CreateFontW(-20, 0, 0, 0, FW_NORMAL, 0, 0, 0, ANSI_CHARSET, 0, 0, ANTIALIASED_QUALITY, 0, L"Arial");
        HGDIOBJ of = SelectObject(dc, f);
        TEXTMETRICW tm;
        CHECK(1, GetTextMetricsW(dc, &tm));
        CHECK(2, tm.tmHeight >= 22 && tm.tmHeight <= 24);     /* Arial -20: 23 on Windows */
        CHECK(3, tm.tmAscent + tm.tmDescent == tm.tmHeight);
        CHECK(4, tm.tmInternalLeading == tm.tmHeight - 20);
        SIZE sz;
        CHECK(5, GetTextExtentPoint32A(dc, "Hello, world", 12, &sz));
        CHECK(6, sz.cy == tm.tmHeight);
        CHECK(7, sz.cx >= 100 && sz.cx <= 110);                /* 105 with Arial on Windows */
        /* Fitting and per-character extents agree with the whole extent. */
        INT fit = -1, dx[12];
        SIZE ex;
        CHECK(12, GetTextExtentExPointW(dc, L"Hello, world", 12, 50, &fit, dx, &ex) && ex.cx == sz.cx);
        CHECK(13, dx[11] == sz.cx && fit >= 1 && fit < 12 && dx[fit - 1] <= 50 && dx[fit] > 50);
        INT wl;
        CHECK(14, GetCharWidth32W(dc, 'l', 'l', &wl) && wl == dx[3] - dx[2]);
        CHECK(15, GetTextExtentExPointW(dc, L"xy", 2, -1, &fit, NULL, &ex) && fit == 2);   /* as Wine */
        WCHAR face[40];
        /* Windows (and mimic) report the requested "Arial"; Wine without Arial
         * installed reports its substitute here, so this check fails under Wine. */
        CHECK(8, GetTextFaceW(dc, 40, face) == 6 && !lstrcmpW(face, L"Arial"));
        SetBkColor(dc, RGB(255, 255, 0));
        SetTextColor(dc, RGB(0, 0, 0));
        SetBkMode(dc, OPAQUE);
        TextOutA(dc, 10, 10, "Hello, world", 12);
        /* The extent as a red bar under the text. */
        RECT bar = { 10, 40, 10 + sz.cx, 44 };
        HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
        FillRect(dc, &bar, red);
        DeleteObject(red);
        /* DrawText centred in a blue box, transparent background, white text. */
        RECT box = { 10, 60, 310, 120 };
        HBRUSH blue = CreateSolidBrush(RGB(0, 0, 255));
        FillRect(dc, &box, blue);
        DeleteObject(blue);
        SetBkMode(dc, TRANSPARENT);
        SetTextColor(dc, RGB(255, 255, 255));
        CHECK(9, DrawTextW(dc, L"Centre", -1, &box, DT_CENTER | DT_VCENTER | DT_SINGLELINE) > 0);
        /* Wrapping: three words in a box two words wide make two lines. */
        RECT calc = { 0, 0, 0, 0 };
        DrawTextW(dc, L"alpha beta", -1, &calc, DT_CALCRECT | DT_SINGLELINE);
        RECT wrap = { 10, 130, 10 + calc.right + 4, 130 };
        int hgt = DrawTextW(dc, L"alpha beta gamma", -1, &wrap, DT_CALCRECT | DT_WORDBREAK);
        CHECK(10, hgt == 2 * tm.tmHeight && wrap.bottom == 130 + hgt);
        SetTextColor(dc, RGB(0, 128, 0));
        RECT draw = { 10, 130, 10 + calc.right + 4, 200 };
        DrawTextW(dc, L"alpha beta gamma", -1, &draw, DT_WORDBREAK);
        SelectObject(dc, of);
        CHECK(11, DeleteObject(f));
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
    return DefWindowProcW(h, msg, wp, lp);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    WNDCLASSEXW wc = { sizeof wc };
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = L"TextTest";
    if (!RegisterClassExW(&wc))
        return 90;
    RECT r = { 0, 0, 320, 220 };
    AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW, FALSE);
    HWND h = CreateWindowExW(0, L"TextTest", L"mimic text", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 60, 60,
                             r.right - r.left, r.bottom - r.top, NULL, NULL, inst, NULL);
    if (!h)
        return 92;
    MSG m;
    while (GetMessageW(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageW(&m);
    }
    return (int)m.wParam;
}
