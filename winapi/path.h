/*
 * path.h - Windows paths <-> host paths. Drive C: is a prefix directory
 * (MIMIC_PREFIX, default ~/.mimic/c); drive Z: is the host's root, as in
 * Wine. Components are matched case-insensitively against what exists on
 * the host; '\' and '/' are both separators. Relative paths resolve against
 * the process's current directory (kept as a Windows path).
 */
#ifndef MIMIC_WINAPI_PATH_H
#define MIMIC_WINAPI_PATH_H

#include "winapi/wintypes.h"

/* Windows path (UTF-8) -> malloc'd host path. NULL with last error set
 * (ERROR_PATH_NOT_FOUND, ERROR_INVALID_NAME, ...) when it cannot map. The
 * last component need not exist (for creation). */
char *path_to_host(const char *win);
/* Host path -> malloc'd Windows path (C:\... inside the prefix, else Z:\...). */
char *path_to_win(const char *host);
/* Absolute Windows path for a relative or absolute one (GetFullPathName rules),
 * malloc'd; NULL on an invalid path. */
char *path_full_win(const char *win);

/* The process's current directory, a Windows path with a trailing '\' only at a root. */
const char *path_get_cwd(void);
bool path_set_cwd(const char *win);   /* false with last error set */

#endif
