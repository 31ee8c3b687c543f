/*
 * crt.h - internal header of the msvcrt implementation files owned by the
 * non-stdio C library (strings, ctype, stdlib, math, time, files, dirs):
 * msvcrt's errno values (they are not Linux's), the bridge to errno and to
 * the guest heap that the stdio/start-up side of msvcrt implements, and the
 * guest callback types (guest code uses the Microsoft x64 ABI).
 */
#ifndef MIMIC_WINAPI_MSVCRT_CRT_H
#define MIMIC_WINAPI_MSVCRT_CRT_H

#include "winapi/wintypes.h"

/* msvcrt's errno numbers (errno.h of the Windows CRT). */
#define CRT_EPERM   1
#define CRT_ENOENT  2
#define CRT_ESRCH   3
#define CRT_EINTR   4
#define CRT_EIO     5
#define CRT_ENXIO   6
#define CRT_E2BIG   7
#define CRT_ENOEXEC 8
#define CRT_EBADF   9
#define CRT_ECHILD  10
#define CRT_EAGAIN  11
#define CRT_ENOMEM  12
#define CRT_EACCES  13
#define CRT_EFAULT  14
#define CRT_EBUSY   16
#define CRT_EEXIST  17
#define CRT_EXDEV   18
#define CRT_ENODEV  19
#define CRT_ENOTDIR 20
#define CRT_EISDIR  21
#define CRT_EINVAL  22
#define CRT_ENFILE  23
#define CRT_EMFILE  24
#define CRT_ENOTTY  25
#define CRT_EFBIG   27
#define CRT_ENOSPC  28
#define CRT_ESPIPE  29
#define CRT_EROFS   30
#define CRT_EMLINK  31
#define CRT_EPIPE   32
#define CRT_EDOM    33
#define CRT_ERANGE  34
#define CRT_EDEADLK 36
#define CRT_ENAMETOOLONG 38
#define CRT_ENOLCK  39
#define CRT_ENOSYS  40
#define CRT_ENOTEMPTY 41
#define CRT_EILSEQ  42
#define CRT_STRUNCATE 80

typedef int errno_t;

/* errno lives in the stdio/start-up half of msvcrt (errno.c, msvcrt.h);
 * these set and read it. */
void crt_set_errno(int e);
int crt_get_errno(void);
void crt_set_doserrno(DWORD e);
/* Host errno -> msvcrt errno. */
int crt_errno_from_host(int host_errno);
/* Windows error code -> msvcrt errno (what _dosmaperr does). */
int crt_errno_from_win32(DWORD err);

/* The guest heap (malloc/free exported by msvcrt): memory this library
 * hands to the program (_strdup, _fullpath(NULL...), _dupenv_s ...) must be
 * freeable by the program's free(). */
void *crt_malloc(size_t n);
void crt_free(void *p);

/* The invalid-parameter path of the _s functions: msvcrt calls the
 * program's handler if one is set, else reports; we set errno and return
 * the error (what Wine's msvcrt does with no handler installed). */
static inline errno_t crt_invalid(errno_t e) { crt_set_errno(e); return e; }

/* Guest callbacks: guest code follows the Microsoft x64 ABI. */
typedef int (CDECL *crt_cmp_fn)(const void *, const void *);
typedef int (CDECL *crt_cmp_s_fn)(void *, const void *, const void *);

/* Lower/upper case in the "C" locale (msvcrt starts in it; ASCII only). */
static inline int crt_tolower_c(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline int crt_toupper_c(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }

/* Wide case mapping of the "C" locale (ASCII only, as msvcrt), and the
 * Unicode simple mappings of the BMP that Windows itself uses (ctype.c). */
WCHAR crt_towlower(WCHAR c);
WCHAR crt_towupper(WCHAR c);
WCHAR crt_towlower_unicode(WCHAR c);
WCHAR crt_towupper_unicode(WCHAR c);

/* The CRT's environment arrays (env.c); __getmainargs passes the narrow
 * one to main as envp. crt_environ_copy: a host-heap copy for a child. */
char **crt_environ_a(void);
WCHAR **crt_environ_w(void);
char **crt_environ_copy(void);

/* Run the program's signal() action for an msvcrt signal number (signal.c),
 * for Ctrl-C and fault delivery; `code` is the _FPE_* code for SIGFPE.
 * False when sig is not a known signal; does not return when the action
 * is the default one (the process ends with code 3). */
bool crt_signal_deliver(int sig, int code);

#endif
