/*
 * filetime.h - host time <-> Windows FILETIME (100 ns ticks since
 * 1601-01-01 UTC). Header-only so that every DLL can share it.
 */
#ifndef MIMIC_WINAPI_FILETIME_H
#define MIMIC_WINAPI_FILETIME_H

#include "winapi/wintypes.h"
#include <time.h>

/* Seconds from 1601-01-01 to 1970-01-01. */
#define FILETIME_UNIX_EPOCH_SECS 11644473600ull
#define FILETIME_TICKS_PER_SEC   10000000ull

static inline ULONGLONG filetime_ticks_from_timespec(const struct timespec *ts)
{
    return ((ULONGLONG)ts->tv_sec + FILETIME_UNIX_EPOCH_SECS) * FILETIME_TICKS_PER_SEC +
           (ULONGLONG)ts->tv_nsec / 100;
}

static inline void filetime_from_ticks(ULONGLONG t, FILETIME *ft)
{
    ft->dwLowDateTime = (DWORD)t;
    ft->dwHighDateTime = (DWORD)(t >> 32);
}

static inline ULONGLONG filetime_to_ticks(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static inline void filetime_from_timespec(const struct timespec *ts, FILETIME *ft)
{
    filetime_from_ticks(filetime_ticks_from_timespec(ts), ft);
}

/* Ticks before 1970 give negative seconds: timespec can hold them. */
static inline struct timespec filetime_ticks_to_timespec(ULONGLONG t)
{
    struct timespec ts;
    LONGLONG secs = (LONGLONG)(t / FILETIME_TICKS_PER_SEC) - (LONGLONG)FILETIME_UNIX_EPOCH_SECS;
    ts.tv_sec = (time_t)secs;
    ts.tv_nsec = (long)(t % FILETIME_TICKS_PER_SEC) * 100;
    return ts;
}

static inline struct timespec filetime_to_timespec(const FILETIME *ft)
{
    return filetime_ticks_to_timespec(filetime_to_ticks(ft));
}

#endif
