/* pe_unimpl.c - an import mimic does not implement is still bound; calling
 * it names the function on stderr and ends the program with status 3. What
 * the program printed before is not lost. */
// exit: 3
// stderr: unimplemented: kernel32.dll!GetSystemPowerStatus
#include <windows.h>
#include <stdio.h>

int main(void)
{
    printf("before the call\n");
    SYSTEM_POWER_STATUS st;
    GetSystemPowerStatus(&st);
    printf("not reached\n");
    return 0;
}
