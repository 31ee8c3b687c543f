/* GUI test: DialogBoxIndirectParamW from an in-memory DLGTEMPLATE with a
 * STATIC, an EDIT and OK/Cancel BUTTONs. The check script types into the
 * edit control (it has the focus: the first WS_TABSTOP item) and presses
 * Return; the dialog procedure reads the text back with GetDlgItemTextW and
 * ends the dialog with its length; WM_INITDIALOG's lParam and the item
 * lookups are checked too.
 * exit: 3 */
#include <windows.h>

static int fails;
#define CHECK(n, cond) do { if (!(cond) && !fails) fails = 100 + (n); } while (0)

#define ID_EDIT 100
#define ID_LABEL 101

static INT_PTR CALLBACK dlgproc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_INITDIALOG:
        CHECK(1, lp == 1234);
        CHECK(2, GetDlgItem(h, ID_EDIT) != NULL && GetDlgCtrlID(GetDlgItem(h, ID_EDIT)) == ID_EDIT);
        CHECK(3, GetDlgItem(h, 999) == NULL);
        WCHAR label[32];
        CHECK(4, GetDlgItemTextW(h, ID_LABEL, label, 32) == 5 && !lstrcmpW(label, L"Name:"));
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK) {
            WCHAR text[64];
            UINT n = GetDlgItemTextW(h, ID_EDIT, text, 64);
            CHECK(5, n == 3 && !lstrcmpW(text, L"abc"));
            EndDialog(h, fails ? fails : (INT_PTR)n);
            return TRUE;
        }
        if (LOWORD(wp) == IDCANCEL) {
            EndDialog(h, 50);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

/* A DLGTEMPLATE and its items, laid out as the resource compiler does. */
static WORD tmpl[512];
static WORD *p;

static void str(const WCHAR *s) { do *p++ = *s; while (*s++); }
static void align(void) { while ((ULONG_PTR)p & 3) *p++ = 0; }

static void item(DWORD style, short x, short y, short cx, short cy, WORD id, WORD cls, const WCHAR *text)
{
    align();
    DLGITEMTEMPLATE *it = (DLGITEMTEMPLATE *)p;
    it->style = style | WS_CHILD | WS_VISIBLE;
    it->dwExtendedStyle = 0;
    it->x = x; it->y = y; it->cx = cx; it->cy = cy; it->id = id;
    p = (WORD *)(it + 1);
    *p++ = 0xffff; *p++ = cls;
    str(text);
    *p++ = 0;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    DLGTEMPLATE *d = (DLGTEMPLATE *)tmpl;
    d->style = DS_SETFONT | DS_MODALFRAME | DS_CENTER | WS_POPUP | WS_CAPTION | WS_SYSMENU;
    d->cdit = 4;
    d->x = 0; d->y = 0; d->cx = 180; d->cy = 70;
    p = (WORD *)(d + 1);
    *p++ = 0;           /* no menu */
    *p++ = 0;           /* the dialog class */
    str(L"mimic dialog");
    *p++ = 8;
    str(L"MS Shell Dlg");
    item(SS_LEFT, 7, 9, 30, 8, ID_LABEL, 0x0082, L"Name:");
    item(ES_LEFT | WS_BORDER | WS_TABSTOP, 40, 7, 133, 14, ID_EDIT, 0x0081, L"");
    item(BS_DEFPUSHBUTTON | WS_TABSTOP, 69, 49, 50, 14, IDOK, 0x0080, L"OK");
    item(BS_PUSHBUTTON | WS_TABSTOP, 123, 49, 50, 14, IDCANCEL, 0x0080, L"Cancel");
    INT_PTR r = DialogBoxIndirectParamW(inst, d, NULL, dlgproc, 1234);
    return (int)r;
}
