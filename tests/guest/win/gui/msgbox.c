/* GUI test: MessageBoxA as a real window. The check script clicks its OK
 * button (bottom right of the box) through XTest; the program exits with
 * what MessageBox returned (IDOK = 1) times 10 plus a second box's result
 * (a Yes/No box ignores Escape, as it has no Cancel; Return takes the default
 * button, IDYES = 6).
 * exit: 16 */
#include <windows.h>

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show)
{
    int a = MessageBoxA(NULL, "Press OK to continue.", "mimic msgbox", MB_OKCANCEL);
    int b = MessageBoxW(NULL, L"Second box: Return picks the default button.", L"mimic msgbox 2", MB_YESNO);
    return a * 10 + b;
}
