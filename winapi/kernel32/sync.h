/*
 * kernel32/sync.h - what the files of kernel32's synchronisation area share
 * among themselves and with ntdll/sync.c (other DLLs use winapi/thread.h).
 */
#ifndef MIMIC_KERNEL32_SYNC_H
#define MIMIC_KERNEL32_SYNC_H

#include "winapi/handle.h"

/* Error codes of this area that wintypes.h does not have (yet). */
#ifndef ERROR_GEN_FAILURE
#define ERROR_GEN_FAILURE 31
/* CreateProcess's names (procname.c): arguments as CommandLineToArgvW
 * splits them (NULL-terminated, free_argv); the host path of the program a
 * Windows name designates, or a command line's first token; whether the
 * directory part of a name exists (ERROR_PATH_NOT_FOUND vs FILE_NOT_FOUND). */
char **split_command_line(const char *s, int *argc);
void free_argv(char **argv);
char *find_program(const char *name);
char *program_from_command_line(const char *cmd);
bool dir_exists_of(const char *name);

#endif
#ifndef ERROR_BAD_EXE_FORMAT
#define ERROR_BAD_EXE_FORMAT 193
/* CreateProcess's names (procname.c): arguments as CommandLineToArgvW
 * splits them (NULL-terminated, free_argv); the host path of the program a
 * Windows name designates, or a command line's first token; whether the
 * directory part of a name exists (ERROR_PATH_NOT_FOUND vs FILE_NOT_FOUND). */
char **split_command_line(const char *s, int *argc);
void free_argv(char **argv);
char *find_program(const char *name);
char *program_from_command_line(const char *cmd);
bool dir_exists_of(const char *name);

#endif
#ifndef ERROR_SIGNAL_REFUSED
#define ERROR_SIGNAL_REFUSED 156
/* CreateProcess's names (procname.c): arguments as CommandLineToArgvW
 * splits them (NULL-terminated, free_argv); the host path of the program a
 * Windows name designates, or a command line's first token; whether the
 * directory part of a name exists (ERROR_PATH_NOT_FOUND vs FILE_NOT_FOUND). */
char **split_command_line(const char *s, int *argc);
void free_argv(char **argv);
char *find_program(const char *name);
char *program_from_command_line(const char *cmd);
bool dir_exists_of(const char *name);

#endif

#define STATUS_PENDING              0x00000103
#define STATUS_TIMEOUT              0x00000102
#define STATUS_USER_APC             0x000000C0
#define STATUS_UNSUCCESSFUL         ((NTSTATUS)0xC0000001)
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER    ((NTSTATUS)0xC000000D)
#endif
#define STATUS_INVALID_HANDLE_S     ((NTSTATUS)0xC0000008)

extern const struct object_ops event_object_ops, mutex_object_ops, semaphore_object_ops, timer_object_ops;

/* SignalObjectAndWait's first half: SetEvent, ReleaseMutex or
 * ReleaseSemaphore(1) as fits obj; false with last error set. */
bool sync_signal_object(struct object *obj);

/* WaitForMultipleObjectsEx with a deadline (wait.c). */
DWORD wait_handles_until(DWORD count, const HANDLE *handles, bool all, const struct timespec *deadline,
                         bool alertable);

/* The user-space locks, in the program's memory. */
typedef struct { void *Ptr; } SRWLOCK, CONDITION_VARIABLE, INIT_ONCE;

typedef struct {
    void *DebugInfo;         /* 0x00 */
    LONG LockCount;          /* 0x08 */
    LONG RecursionCount;     /* 0x0c */
    HANDLE OwningThread;     /* 0x10 */
    HANDLE LockSemaphore;    /* 0x18 */
    ULONG_PTR SpinCount;     /* 0x20 */
} CRITICAL_SECTION;
_Static_assert(sizeof(CRITICAL_SECTION) == 40, "RTL_CRITICAL_SECTION is 40 bytes on x64");

WINAPI void kernel32_EnterCriticalSection(CRITICAL_SECTION *cs);
WINAPI void kernel32_LeaveCriticalSection(CRITICAL_SECTION *cs);
WINAPI void kernel32_AcquireSRWLockExclusive(SRWLOCK *l);
WINAPI void kernel32_AcquireSRWLockShared(SRWLOCK *l);
WINAPI void kernel32_ReleaseSRWLockExclusive(SRWLOCK *l);
WINAPI void kernel32_ReleaseSRWLockShared(SRWLOCK *l);

/* Condition variables (srw.c): read the wake counter before letting go of
 * the lock, then sleep: 0 (woken, maybe spuriously) or ETIMEDOUT. */
uint32_t condvar_seq(CONDITION_VARIABLE *cv);
int condvar_sleep(CONDITION_VARIABLE *cv, uint32_t seq, const struct timespec *deadline);

/* InitOnce and WaitOnAddress (initonce.c), NTSTATUS-valued as ntdll's. */
typedef BOOL (WINAPI *init_once_fn)(INIT_ONCE *once, void *param, void **ctx);
NTSTATUS run_once_begin(INIT_ONCE *once, DWORD flags, void **ctx);
NTSTATUS run_once_complete(INIT_ONCE *once, DWORD flags, void *ctx);
NTSTATUS run_once_execute(INIT_ONCE *once, init_once_fn fn, void *param, void **ctx);
NTSTATUS wait_on_address(const volatile void *addr, const void *cmp, SIZE_T size, const struct timespec *dl);
void wake_by_address(const void *addr);

/* CreateProcess's names (procname.c): arguments as CommandLineToArgvW
 * splits them (NULL-terminated, free_argv); the host path of the program a
 * Windows name designates, or a command line's first token; whether the
 * directory part of a name exists (ERROR_PATH_NOT_FOUND vs FILE_NOT_FOUND). */
char **split_command_line(const char *s, int *argc);
void free_argv(char **argv);
char *find_program(const char *name);
char *program_from_command_line(const char *cmd);
bool dir_exists_of(const char *name);

#endif
