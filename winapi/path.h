/*
 * path.h - Windows paths <-> host paths. Drive C: is a prefix directory
 * (MIMIC_PREFIX, default ~/.mimic/c); drive Z: is the host's root, as in
 * Wine. Components are matched case-insensitively against what exists on
 * the host; '\' and '/' are both separators. Relative paths resolve against
 * the process's current directory (kept as a Windows path).
 *
 * Strings here are UTF-8. kernel32 converts its W (UTF-16) arguments to UTF-8
 * and passes A arguments through (mimic's ANSI code page is UTF-8).
 */
#ifndef MIMIC_WINAPI_PATH_H
#define MIMIC_WINAPI_PATH_H

#include "winapi/wintypes.h"

/* What a Windows path names once mapped to the host. */
enum path_device {
    PATH_FILE,          /* a host file or directory (may not exist yet) */
    PATH_DEV_NULL,      /* NUL */
    PATH_DEV_CON,       /* CON: console input or output depending on access */
    PATH_DEV_CONIN,     /* CONIN$ */
    PATH_DEV_CONOUT,    /* CONOUT$ */
};

struct host_path {
    char *path;           /* malloc'd host path (NULL for devices other than NUL) */
    enum path_device device;
    bool exists;          /* the last component exists (lstat) */
    bool is_dir;          /* ... and is a directory (following symlinks) */
    bool parent_exists;   /* every component before the last exists and is a directory */
    bool trailing_sep;    /* the Windows path ended in '\' or '/' */
};

/* Map a Windows path. false with last error set (ERROR_PATH_NOT_FOUND for an
 * unknown drive or UNC path, ERROR_INVALID_NAME, ...) when it cannot map;
 * a missing file is not an error here: see exists/parent_exists. */
bool path_resolve(const char *win, struct host_path *out);
void host_path_free(struct host_path *hp);
/* The Windows error for a missing file: ERROR_FILE_NOT_FOUND when only the
 * last component is missing, else ERROR_PATH_NOT_FOUND. */
DWORD host_path_missing_error(const struct host_path *hp);

/* Windows path (UTF-8) -> malloc'd host path. NULL with last error set
 * (ERROR_PATH_NOT_FOUND, ERROR_INVALID_NAME, ...) when it cannot map. The
 * last component need not exist (for creation). */
char *path_to_host(const char *win);
/* Host path -> malloc'd Windows path (C:\... inside the prefix, else Z:\...). */
char *path_to_win(const char *host);
/* Absolute Windows path for a relative or absolute one (GetFullPathName rules:
 * '/' becomes '\', '.' and '..' collapse, trailing dots and spaces go, device
 * names become \\.\NAME, \\?\ and \\.\ prefixes are roots), malloc'd; NULL with
 * last error set on an invalid path. */
char *path_full_win(const char *win);
/* Is the last component of win a DOS device name (NUL, CON, AUX, PRN, COMn,
 * LPTn, with any extension)? Returns the device name's length (0: no) and
 * its offset in win through *off. */
size_t path_dos_device(const char *win, size_t *off);

/* The process's current directory, a Windows path with a trailing '\' only
 * at a root. path_get_cwd's string is the calling thread's own copy, valid
 * until its next call; path_cwd_dup returns a malloc'd copy. */
const char *path_get_cwd(void);
char *path_cwd_dup(void);
bool path_set_cwd(const char *win);   /* false with last error set */

/* Name comparison as Windows file systems do it: case-insensitive over
 * UTF-8 (ASCII, Latin-1, Greek and Cyrillic letters fold). */
bool path_name_equal(const char *a, size_t alen, const char *b, size_t blen);
/* FindFirstFile's wildcard match of a file name against a pattern (both
 * UTF-8): '*', '?', and the DOS rules ('*.*' is everything, '?' may match
 * nothing before a dot or the end, a trailing '.' matches names without an
 * extension). case_sensitive for FIND_FIRST_EX_CASE_SENSITIVE. */
bool path_wildcard_match(const char *pattern, const char *name, bool case_sensitive);
/* Upper-case one code point the way path_name_equal folds it. */
uint32_t path_upcase(uint32_t c);

#endif
