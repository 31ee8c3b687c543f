/*
 * error.h - the one place where host errno values become Windows error codes.
 */
#ifndef MIMIC_WINAPI_ERROR_H
#define MIMIC_WINAPI_ERROR_H

#include "winapi/wintypes.h"

DWORD win32_error_from_errno(int err);
/* set_last_error(win32_error_from_errno(errno)) */
void set_last_error_from_errno(void);

#endif
