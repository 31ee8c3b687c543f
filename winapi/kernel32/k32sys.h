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

#endif
