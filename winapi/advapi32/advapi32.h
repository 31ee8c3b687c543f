/*
 * advapi32.h - what advapi32's files share: registry key handles (a kernel
 * object in the one handle table, so CloseHandle works on an HKEY as on
 * Windows), the access rights they carry, and ANSI code page conversion for
 * the A functions.
 */
#ifndef MIMIC_WINAPI_ADVAPI32_ADVAPI32_H
#define MIMIC_WINAPI_ADVAPI32_ADVAPI32_H

#include "winapi/wintypes.h"
#include "winapi/advapi32/regstore.h"

#define HKEY_CLASSES_ROOT       ((HKEY)(LONG_PTR)(LONG)0x80000000)
#define HKEY_CURRENT_USER       ((HKEY)(LONG_PTR)(LONG)0x80000001)
#define HKEY_LOCAL_MACHINE      ((HKEY)(LONG_PTR)(LONG)0x80000002)
#define HKEY_USERS              ((HKEY)(LONG_PTR)(LONG)0x80000003)
#define HKEY_PERFORMANCE_DATA   ((HKEY)(LONG_PTR)(LONG)0x80000004)
#define HKEY_CURRENT_CONFIG     ((HKEY)(LONG_PTR)(LONG)0x80000005)
#define HKEY_DYN_DATA           ((HKEY)(LONG_PTR)(LONG)0x80000006)

#define KEY_QUERY_VALUE         0x0001
#define KEY_SET_VALUE           0x0002
#define KEY_CREATE_SUB_KEY      0x0004
#define KEY_ENUMERATE_SUB_KEYS  0x0008
#define KEY_NOTIFY              0x0010
#define KEY_CREATE_LINK         0x0020
#define KEY_WOW64_64KEY         0x0100
#define KEY_WOW64_32KEY         0x0200
#define DELETE                  0x00010000
#define READ_CONTROL            0x00020000
#define MAXIMUM_ALLOWED         0x02000000
#define KEY_READ                0x00020019
#define KEY_WRITE               0x00020006
#define KEY_EXECUTE             0x00020019
#define KEY_ALL_ACCESS          0x000f003f

typedef DWORD REGSAM;

/* A key reached from an HKEY: the key with a reference, and what the handle
 * may do with it. */
struct keyref {
    struct reg_key *key;
    DWORD access;
};

/* With regstore_lock held: the key behind hkey (predefined or a handle).
 * ERROR_INVALID_HANDLE for anything else. Release with regstore_key_unref. */
LONG reg_get_key(HKEY hkey, struct keyref *r);
/* A new handle for key (takes over the caller's reference to it). */
LONG reg_new_handle(struct reg_key *key, DWORD access, HKEY *out);
/* Predefined HKEY_* values (0x80000000..0x80000006, sign-extended or not). */
bool reg_is_predefined(HKEY hkey);

/* The ANSI code page of the A functions: Windows-1252, what Wine uses for
 * the C and en_US locales. One byte per UTF-16 unit both ways; characters
 * outside it become '?'. */
void ansi_to_wide(const char *in, size_t n, WCHAR *out);
void wide_to_ansi(const WCHAR *in, size_t n, char *out);
/* malloc'd NUL-terminated copy; NULL in gives NULL out. *oom set on failure. */
WCHAR *ansi_dup_wide(const char *s, bool *oom);

size_t reg_wlen(const WCHAR *s);   /* 0 for NULL */

/* Exports that other advapi32 files call. */
LONG WINAPI advapi32_RegOpenKeyExW(HKEY, LPCWSTR, DWORD, REGSAM, HKEY *);
LONG WINAPI advapi32_RegOpenKeyExA(HKEY, LPCSTR, DWORD, REGSAM, HKEY *);
LONG WINAPI advapi32_RegOpenKeyW(HKEY, LPCWSTR, HKEY *);
LONG WINAPI advapi32_RegOpenKeyA(HKEY, LPCSTR, HKEY *);
LONG WINAPI advapi32_RegCreateKeyExW(HKEY, LPCWSTR, DWORD, LPWSTR, DWORD, REGSAM,
                                     SECURITY_ATTRIBUTES *, HKEY *, DWORD *);
LONG WINAPI advapi32_RegCreateKeyExA(HKEY, LPCSTR, DWORD, LPSTR, DWORD, REGSAM,
                                     SECURITY_ATTRIBUTES *, HKEY *, DWORD *);
LONG WINAPI advapi32_RegCloseKey(HKEY);
LONG WINAPI advapi32_RegQueryValueExW(HKEY, LPCWSTR, DWORD *, DWORD *, BYTE *, DWORD *);
LONG WINAPI advapi32_RegQueryValueExA(HKEY, LPCSTR, DWORD *, DWORD *, BYTE *, DWORD *);
LONG WINAPI advapi32_RegSetValueExW(HKEY, LPCWSTR, DWORD, DWORD, const BYTE *, DWORD);
LONG WINAPI advapi32_RegDeleteKeyW(HKEY, LPCWSTR);
LONG WINAPI advapi32_RegQueryInfoKeyW(HKEY, LPWSTR, DWORD *, DWORD *, DWORD *, DWORD *, DWORD *,
                                      DWORD *, DWORD *, DWORD *, DWORD *, FILETIME *);

#endif
