/* gdi32 text on a memory DC (no window, no X): GetTextMetrics and
 * GetTextExtentPoint32 for Arial at cell and character heights, DrawText's
 * DT_CALCRECT with line breaks and word wrapping, and bad arguments.
 * Expected output from Wine, which draws Arial with the same metric-
 * compatible Liberation Sans.
 */
// link: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>

static HDC dc;

static void face(const char *name, int height, int weight)
{
    HFONT f = CreateFontA(height, 0, 0, 0, weight, 0, 0, 0, ANSI_CHARSET, 0, 0, 0, 0, name);
    HGDIOBJ old = SelectObject(dc, f);
    TEXTMETRICA tm;
    SIZE sz, sz2;
    GetTextMetricsA(dc, &tm);
    GetTextExtentPoint32A(dc, "The quick brown fox", 19, &sz);
    GetTextExtentPoint32A(dc, "iiiii WWWWW 01234", 17, &sz2);
    printf("%-16s %3d %3d: h %ld asc %ld desc %ld il %ld avg %ld | %ld x %ld, %ld\n", name, height, weight,
           tm.tmHeight, tm.tmAscent, tm.tmDescent, tm.tmInternalLeading, tm.tmAveCharWidth, sz.cx, sz.cy, sz2.cx);
    SelectObject(dc, old);
    DeleteObject(f);
}

static void calc(const char *text, int width, UINT fmt)
{
    RECT r = { 10, 10, 10 + width, 10 };
    int h = DrawTextA(dc, text, -1, &r, fmt | DT_CALCRECT);
    printf("calc %-28s w %3d fmt %#5x -> %d, rect %ld,%ld,%ld,%ld\n", text, width, fmt, h, r.left, r.top, r.right,
           r.bottom);
}

int main(void)
{
    dc = CreateCompatibleDC(NULL);
    /* Wine's prefix here draws every face with one font, so only Arial is
     * compared (Times New Roman and Courier New are checked by the GUI tests' ranges). */
    const char *faces[] = { "Arial" };
    for (int i = 0; i < 1; i++) {
        face(faces[i], -12, 400);
        face(faces[i], -20, 400);
        face(faces[i], 24, 400);
        face(faces[i], -16, 700);
    }
    HFONT f = CreateFontA(-16, 0, 0, 0, 400, 0, 0, 0, ANSI_CHARSET, 0, 0, 0, 0, "Arial");
    SelectObject(dc, f);
    calc("one", 100, 0);
    calc("one\ntwo\nthree", 100, 0);
    calc("one two three four five", 60, DT_WORDBREAK);
    calc("centred", 100, DT_CENTER | DT_SINGLELINE);
    calc("a&&b &c", 100, DT_SINGLELINE);
    calc("a&&b &c", 100, DT_SINGLELINE | DT_NOPREFIX);
    calc("", 100, 0);
    SIZE sz = { -1, -1 };
    SetLastError(0xdeadbeef);
    BOOL ok = GetTextExtentPoint32A((HDC)0x1234, "x", 1, &sz);
    printf("extent bad dc %d err %lu\n", ok, GetLastError());
    ok = GetTextExtentPoint32A(dc, "", 0, &sz);
    printf("extent empty %d cx %ld\n", ok, sz.cx);
    return 0;
}
