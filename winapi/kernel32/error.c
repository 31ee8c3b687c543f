/* kernel32/error.c - GetLastError/SetLastError (the value lives in the TEB). */
#include "winapi/teb.h"

WINAPI DWORD kernel32_GetLastError(void) { return get_last_error(); }
WINAPI void kernel32_SetLastError(DWORD err) { set_last_error(err); }
