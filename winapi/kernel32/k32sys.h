/*
 * kernel32/k32sys.h - helpers shared by the kernel32 files of the system area
 * (heap, virtual memory, modules, locale, strings, messages). Not an API of
 * its own: other DLLs include the winapi/ headers instead.
 */
#ifndef MIMIC_WINAPI_KERNEL32_K32SYS_H
#define MIMIC_WINAPI_KERNEL32_K32SYS_H

#include "winapi/wintypes.h"

/* Can [p, p+len) be read / written right now? Asks the kernel; never faults. */
bool mem_readable(const void *p, size_t len);
bool mem_writable(void *p, size_t len);

#define CP_ACP        0
#define CP_OEMCP      1
#define CP_MACCP      2
#define CP_THREAD_ACP 3
#define CP_SYMBOL     42
#define CP_UTF7       65000
#define CP_UTF8       65001

/* Code page conversions (codepage.c), MultiByteToWideChar/WideCharToMultiByte
 * semantics with flags 0: n -1 means NUL-terminated (counted in the result). */
int cp_to_wide(UINT cp, const char *s, int n, WCHAR *out, int outlen);
int cp_from_wide(UINT cp, const WCHAR *w, int n, char *out, int outlen);
/* malloc'd conversions of NUL-terminated strings (NULL in, NULL out). */
WCHAR *acp_to_wide(const char *s);
char *wide_to_acp(const WCHAR *w);
char *acp_to_utf8(const char *s);

/* Case mapping and classification of UTF-16 code units (string.c). */
WCHAR k32_toupper(WCHAR c);
WCHAR k32_tolower(WCHAR c);
WORD k32_ctype1(WCHAR c);   /* GetStringTypeW CT_CTYPE1 bits */

typedef LONG_PTR LPARAM_T;

/* Resources (resource.c): the IMAGE_RESOURCE_DATA_ENTRY for type/name/lang
 * in module h (NULL: the exe; lang 0xffff: Windows's default preference),
 * NULL with the last error set; and the bytes it describes. */
const void *res_find(HMODULE h, const WCHAR *type, const WCHAR *name, WORD lang);
const void *res_data(HMODULE h, const void *entry, DWORD *size);

/* Exports other files of the area call directly. */
WINAPI BOOL kernel32_IsBadStringPtrA(const char *s, UINT_PTR max);
WINAPI BOOL kernel32_IsBadStringPtrW(const WCHAR *s, UINT_PTR max);
WINAPI BOOL kernel32_IsBadReadPtr(const void *p, UINT_PTR size);

#endif
