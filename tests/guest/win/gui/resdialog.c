/* GUI test: DialogBoxParamA with a DIALOGEX template from the program's
 * resources (resdialog.rc), an auto check box clicked through XTest, digits
 * typed into the edit control and read back with GetDlgItemInt, Return on
 * the default button. The result is the check box state * 100 + the number.
 * exit: 142 */
#include <windows.h>

static INT_PTR CALLBACK dlgproc(HWND h, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_INITDIALOG:
        if (IsDlgButtonChecked(h, 202) != BST_UNCHECKED)
            EndDialog(h, 90);
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK) {
            BOOL ok = FALSE;
            UINT n = GetDlgItemInt(h, 201, &ok, FALSE);
            EndDialog(h, ok ? IsDlgButtonChecked(h, 202) * 100 + (INT_PTR)n : 91);
            return TRUE;
        }
        if (LOWORD(wp) == IDCANCEL) {
            EndDialog(h, 92);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    SetLastError(0xdeadbeef);
    if (DialogBoxParamA(inst, MAKEINTRESOURCEA(999), NULL, dlgproc, 0) != -1 ||
        GetLastError() != ERROR_RESOURCE_NAME_NOT_FOUND)
        return 93;
    return (int)DialogBoxParamA(inst, MAKEINTRESOURCEA(100), NULL, dlgproc, 0);
}
