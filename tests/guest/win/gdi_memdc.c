/* gdi32 on a memory DC (no window, no X): where shapes put their pixels
 * (Rectangle/Ellipse box conventions, pens inside the box, LineTo leaving
 * out its end point, Polygon fill rules), SetPixel/GetPixel bounds, object
 * selection and deletion rules, and the last error of failing calls.
 * Expected output from Wine (its DIB engine draws as Windows does).
 */
// link: -lgdi32
#include <windows.h>
#include <stdio.h>

static HDC dc;

/* One row of the bitmap as characters: '.' white, '#' black, 'r' red, 'b' blue, 'g' green, '?' other. */
static void row(int y, int x0, int x1)
{
    printf("%2d ", y);
    for (int x = x0; x < x1; x++) {
        COLORREF c = GetPixel(dc, x, y);
        putchar(c == RGB(255, 255, 255) ? '.' : c == 0 ? '#' : c == RGB(255, 0, 0) ? 'r' :
                c == RGB(0, 0, 255) ? 'b' : c == RGB(0, 255, 0) ? 'g' : '?');
    }
    putchar('\n');
}

static void clear(void)
{
    RECT r = { 0, 0, 64, 64 };
    FillRect(dc, &r, GetStockObject(WHITE_BRUSH));
}

int main(void)
{
    dc = CreateCompatibleDC(NULL);
    HBITMAP bmp = CreateCompatibleBitmap(GetDC(NULL), 64, 64);
    SelectObject(dc, bmp);
    HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
    HPEN blue = CreatePen(PS_SOLID, 1, RGB(0, 0, 255));
    HPEN blue2 = CreatePen(PS_SOLID, 2, RGB(0, 0, 255));

    clear();
    SelectObject(dc, red);
    SelectObject(dc, blue);
    printf("Rectangle(2,2,8,6) pen 1:\n");
    Rectangle(dc, 2, 2, 8, 6);
    for (int y = 1; y < 7; y++) row(y, 1, 9);

    clear();
    printf("Rectangle(2,2,10,8) pen 2:\n");
    SelectObject(dc, blue2);
    Rectangle(dc, 2, 2, 10, 8);
    for (int y = 1; y < 9; y++) row(y, 1, 11);

    clear();
    printf("Ellipse(1,1,11,9) pen 1:\n");
    SelectObject(dc, blue);
    Ellipse(dc, 1, 1, 11, 9);
    for (int y = 0; y < 10; y++) row(y, 0, 12);

    clear();
    printf("LineTo (1,1)->(9,1), (1,3)->(9,7):\n");
    SelectObject(dc, GetStockObject(BLACK_PEN));
    MoveToEx(dc, 1, 1, NULL);
    LineTo(dc, 9, 1);
    MoveToEx(dc, 1, 3, NULL);
    LineTo(dc, 9, 7);
    for (int y = 0; y < 9; y++) row(y, 0, 11);
    clear();
    printf("LineTo reversed (9,7)->(1,3), steep (2,1)->(5,9), (8,8)->(6,1):\n");
    MoveToEx(dc, 9, 7, NULL);
    LineTo(dc, 1, 3);
    MoveToEx(dc, 2, 1, NULL);
    LineTo(dc, 5, 9);
    MoveToEx(dc, 8, 8, NULL);
    LineTo(dc, 6, 1);
    for (int y = 0; y < 10; y++) row(y, 0, 11);

    clear();
    printf("Polygon triangle, NULL_PEN:\n");
    SelectObject(dc, GetStockObject(NULL_PEN));
    POINT tri[3] = { { 1, 1 }, { 11, 1 }, { 6, 8 } };
    Polygon(dc, tri, 3);
    for (int y = 0; y < 9; y++) row(y, 0, 12);

    clear();
    printf("Polygon star, ALTERNATE then WINDING:\n");
    POINT star[5] = { { 6, 0 }, { 9, 11 }, { 0, 4 }, { 12, 4 }, { 3, 11 } };
    Polygon(dc, star, 5);
    for (int y = 0; y < 12; y++) row(y, 0, 13);
    clear();
    SetPolyFillMode(dc, WINDING);
    Polygon(dc, star, 5);
    for (int y = 0; y < 12; y++) row(y, 0, 13);

    /* Pixels. */
    clear();
    COLORREF set = SetPixel(dc, 3, 3, RGB(0, 255, 0));
    printf("SetPixel %06lx GetPixel %06lx\n", set, GetPixel(dc, 3, 3));
    set = SetPixel(dc, 64, 0, 0);
    printf("outside: SetPixel %lx GetPixel %lx %lx\n", set, GetPixel(dc, -1, 0), GetPixel(dc, 0, 64));

    /* Objects. */
    SetLastError(0xdeadbeef);
    HGDIOBJ sel = SelectObject(NULL, red);
    printf("SelectObject(NULL dc) %p err %lu\n", sel, GetLastError());
    printf("GetObjectType pen %lu brush %lu bitmap %lu dc %lu\n", GetObjectType(blue), GetObjectType(red),
           GetObjectType(bmp), GetObjectType(dc));
    LOGPEN lp;
    int got = GetObjectA(blue2, sizeof lp, &lp);
    printf("GetObject pen %d width %ld color %06lx\n", got, lp.lopnWidth.x, lp.lopnColor);
    printf("delete stock %d\n", DeleteObject(GetStockObject(BLACK_BRUSH)));
    COLORREF oldc = SetTextColor(dc, RGB(1, 2, 3));
    int oldm = SetBkMode(dc, TRANSPARENT);
    printf("old text color %06lx, bk mode %d\n", oldc, oldm);
    printf("GetTextColor %06lx GetBkMode %d\n", GetTextColor(dc), GetBkMode(dc));
    SetLastError(0xdeadbeef);
    int m7 = SetBkMode(dc, 7);
    printf("SetBkMode(7) %d err %lu\n", m7, GetLastError());
    BOOL d1 = DeleteDC(dc), d2 = DeleteDC(dc);
    printf("delete dc %d, again %d\n", d1, d2);
    BOOL db = DeleteObject(bmp), dr = DeleteObject(red), dp1 = DeleteObject(blue), dp2 = DeleteObject(blue2);
    printf("delete bitmap %d brush %d pens %d %d\n", db, dr, dp1, dp2);
    printf("delete again %d\n", DeleteObject(red));
    return 0;
}
