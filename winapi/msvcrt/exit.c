/* msvcrt/exit.c - exit and friends */
#include "winapi/process.h"
CDECL void msvcrt_exit(int code) { process_exit((UINT)code); }
