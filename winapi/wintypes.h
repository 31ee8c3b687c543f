/*
 * wintypes.h - the Windows types, calling convention and constants shared by
 * every built-in DLL. Host code implementing an export is declared WINAPI
 * (the Microsoft x64 convention) so that native PE code can call it directly.
 * WCHAR is UTF-16 (16 bits), unlike the host's 32-bit wchar_t.
 */
#ifndef MIMIC_WINAPI_WINTYPES_H
#define MIMIC_WINAPI_WINTYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define WINAPI __attribute__((ms_abi))
#define CDECL  __attribute__((ms_abi))

typedef int32_t BOOL;
typedef uint8_t BYTE, BOOLEAN, UCHAR;
typedef uint16_t WORD, WCHAR, USHORT;
typedef uint32_t DWORD, UINT, ULONG;
typedef int32_t LONG, INT;
typedef int64_t LONGLONG, LONG_PTR, INT_PTR, SSIZE_T;
typedef uint64_t ULONGLONG, ULONG_PTR, UINT_PTR, SIZE_T, DWORD_PTR, DWORD64;
typedef void *HANDLE, *HMODULE, *HINSTANCE, *HKEY, *LPVOID, *PVOID;
typedef const void *LPCVOID;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef DWORD *LPDWORD;
typedef LONG NTSTATUS;
typedef void (WINAPI *FARPROC)(void);

#define TRUE 1
#define FALSE 0
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#define MAX_PATH 260
#define INFINITE 0xffffffffu

#define STD_INPUT_HANDLE  ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE  ((DWORD)-12)

/* Windows error codes (winerror.h) used across the DLLs. */
#define ERROR_SUCCESS               0
#define ERROR_INVALID_FUNCTION      1
#define ERROR_FILE_NOT_FOUND        2
#define ERROR_PATH_NOT_FOUND        3
#define ERROR_TOO_MANY_OPEN_FILES   4
#define ERROR_ACCESS_DENIED         5
#define ERROR_INVALID_HANDLE        6
#define ERROR_NOT_ENOUGH_MEMORY     8
#define ERROR_INVALID_DATA          13
#define ERROR_OUTOFMEMORY           14
#define ERROR_INVALID_DRIVE         15
#define ERROR_CURRENT_DIRECTORY     16
#define ERROR_NOT_SAME_DEVICE       17
#define ERROR_NO_MORE_FILES         18
#define ERROR_WRITE_PROTECT         19
#define ERROR_SHARING_VIOLATION     32
#define ERROR_LOCK_VIOLATION        33
#define ERROR_HANDLE_EOF            38
#define ERROR_NOT_SUPPORTED         50
#define ERROR_FILE_EXISTS           80
#define ERROR_INVALID_PARAMETER     87
#define ERROR_BROKEN_PIPE           109
#define ERROR_DISK_FULL             112
#define ERROR_CALL_NOT_IMPLEMENTED  120
#define ERROR_INSUFFICIENT_BUFFER   122
#define ERROR_INVALID_NAME          123
#define ERROR_MOD_NOT_FOUND         126
#define ERROR_PROC_NOT_FOUND        127
#define ERROR_WAIT_NO_CHILDREN      128
#define ERROR_DIR_NOT_EMPTY         145
#define ERROR_BUSY                  170
#define ERROR_ALREADY_EXISTS        183
#define ERROR_ENVVAR_NOT_FOUND      203
#define ERROR_FILENAME_EXCED_RANGE  206
#define ERROR_NO_DATA               232
#define ERROR_MORE_DATA             234
#define ERROR_NO_MORE_ITEMS         259
#define ERROR_DIRECTORY             267
#define ERROR_NOT_OWNER             288
#define ERROR_TOO_MANY_POSTS        298
#define ERROR_INVALID_ADDRESS       487
#define ERROR_OPERATION_ABORTED     995
#define ERROR_IO_PENDING            997
#define ERROR_NOACCESS              998
#define ERROR_INVALID_FLAGS         1004
#define ERROR_BADKEY                1010
#define ERROR_CANTOPEN              1011
#define ERROR_CANTREAD              1012
#define ERROR_CANTWRITE             1013
#define ERROR_KEY_DELETED           1018
#define ERROR_NO_UNICODE_TRANSLATION 1113
#define ERROR_CLASS_ALREADY_EXISTS  1410
#define ERROR_CLASS_DOES_NOT_EXIST  1411
#define ERROR_TIMEOUT               1460
#define ERROR_INVALID_WINDOW_HANDLE 1400
#define ERROR_NONE_MAPPED           1332
#define ERROR_PRIVILEGE_NOT_HELD    1314
#define ERROR_RESOURCE_DATA_NOT_FOUND 1812
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813
#define ERROR_RESOURCE_NAME_NOT_FOUND 1814
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815

#define WAIT_OBJECT_0       0x00000000u
#define WAIT_ABANDONED_0    0x00000080u
#define WAIT_IO_COMPLETION  0x000000c0u
#define WAIT_TIMEOUT        0x00000102u
#define WAIT_FAILED         0xffffffffu
#define STILL_ACTIVE        0x00000103u

typedef struct { DWORD dwLowDateTime, dwHighDateTime; } FILETIME;
typedef struct { WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds; } SYSTEMTIME;
typedef union { struct { DWORD LowPart; LONG HighPart; } u; LONGLONG QuadPart; } LARGE_INTEGER;
typedef struct { DWORD nLength; void *lpSecurityDescriptor; BOOL bInheritHandle; } SECURITY_ATTRIBUTES;

typedef struct { USHORT Length, MaximumLength; WCHAR *Buffer; } UNICODE_STRING;

/* Exception codes (ntstatus.h) */
#define STATUS_SUCCESS                  0x00000000
#define STATUS_ACCESS_VIOLATION         0xC0000005u
#define STATUS_IN_PAGE_ERROR            0xC0000006u
#define STATUS_INVALID_HANDLE           0xC0000008u
#define STATUS_NO_MEMORY                0xC0000017u
#define STATUS_ILLEGAL_INSTRUCTION      0xC000001Du
#define STATUS_NONCONTINUABLE_EXCEPTION 0xC0000025u
#define STATUS_INVALID_DISPOSITION      0xC0000026u
#define STATUS_ARRAY_BOUNDS_EXCEEDED    0xC000008Cu
#define STATUS_FLOAT_DIVIDE_BY_ZERO     0xC000008Eu
#define STATUS_FLOAT_INVALID_OPERATION  0xC0000090u
#define STATUS_FLOAT_OVERFLOW           0xC0000091u
#define STATUS_INTEGER_DIVIDE_BY_ZERO   0xC0000094u
#define STATUS_INTEGER_OVERFLOW         0xC0000095u
#define STATUS_PRIVILEGED_INSTRUCTION   0xC0000096u
#define STATUS_STACK_OVERFLOW           0xC00000FDu
#define STATUS_CONTROL_C_EXIT           0xC000013Au
#define STATUS_BREAKPOINT               0x80000003u
#define STATUS_SINGLE_STEP              0x80000004u

#endif
