/*
 * kernel32/sysinfo.c - what the system is: versions (GetVersion(Ex),
 * VerifyVersionInfo, RtlGetVersion), the machine (GetSystemInfo,
 * IsProcessorFeaturePresent from CPUID, GlobalMemoryStatusEx) and its name
 * (GetComputerName(Ex)).
 *
 * mimic reports Windows 10 22H2, 10.0.19045, the numbers process.c writes
 * into the PEB. Windows would report 6.2.9200 to a program whose manifest
 * does not declare Windows 10 support; mimic reads no manifests and always
 * tells the truth it has chosen.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <cpuid.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <stdio.h>
#include <unistd.h>

DEBUG_CHANNEL(sysinfo)

#define VER_PLATFORM_WIN32_NT 2
#define VER_NT_WORKSTATION 1
#define VER_SUITE_SINGLEUSERTS 0x100
#define ERROR_OLD_WIN_VERSION 1150
#define ERROR_BUFFER_OVERFLOW 111

typedef struct {
    DWORD dwOSVersionInfoSize, dwMajorVersion, dwMinorVersion, dwBuildNumber, dwPlatformId;
    WCHAR szCSDVersion[128];
    WORD wServicePackMajor, wServicePackMinor, wSuiteMask;
    BYTE wProductType, wReserved;
} OSVERSIONINFOEXW;
_Static_assert(sizeof(OSVERSIONINFOEXW) == 284, "OSVERSIONINFOEXW");
#define OSVERSIONINFOW_SIZE 276

typedef struct {
    DWORD dwOSVersionInfoSize, dwMajorVersion, dwMinorVersion, dwBuildNumber, dwPlatformId;
    char szCSDVersion[128];
    WORD wServicePackMajor, wServicePackMinor, wSuiteMask;
    BYTE wProductType, wReserved;
} OSVERSIONINFOEXA;
_Static_assert(sizeof(OSVERSIONINFOEXA) == 156, "OSVERSIONINFOEXA");
#define OSVERSIONINFOA_SIZE 148

static void fill_version(OSVERSIONINFOEXW *v, bool ex)
{
    struct peb *peb = peb_get();
    v->dwMajorVersion = peb->os_major_version ? peb->os_major_version : 10;
    v->dwMinorVersion = peb->os_minor_version;
    v->dwBuildNumber = peb->os_build_number ? peb->os_build_number : 19045;
    v->dwPlatformId = VER_PLATFORM_WIN32_NT;
    memset(v->szCSDVersion, 0, sizeof v->szCSDVersion);
    if (ex) {
        v->wServicePackMajor = 0;
        v->wServicePackMinor = 0;
        v->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        v->wProductType = VER_NT_WORKSTATION;
        v->wReserved = 0;
    }
}

WINAPI DWORD kernel32_GetVersion(void)
{
    OSVERSIONINFOEXW v;
    fill_version(&v, false);
    return (v.dwBuildNumber << 16) | (v.dwMinorVersion << 8) | v.dwMajorVersion;
}

WINAPI BOOL kernel32_GetVersionExW(OSVERSIONINFOEXW *v)
{
    if (!v || (v->dwOSVersionInfoSize != OSVERSIONINFOW_SIZE && v->dwOSVersionInfoSize != sizeof *v)) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    fill_version(v, v->dwOSVersionInfoSize == sizeof *v);
    return TRUE;
}

WINAPI BOOL kernel32_GetVersionExA(OSVERSIONINFOEXA *v)
{
    if (!v || (v->dwOSVersionInfoSize != OSVERSIONINFOA_SIZE && v->dwOSVersionInfoSize != sizeof *v)) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    OSVERSIONINFOEXW w;
    bool ex = v->dwOSVersionInfoSize == sizeof *v;
    fill_version(&w, true);
    v->dwMajorVersion = w.dwMajorVersion;
    v->dwMinorVersion = w.dwMinorVersion;
    v->dwBuildNumber = w.dwBuildNumber;
    v->dwPlatformId = w.dwPlatformId;
    memset(v->szCSDVersion, 0, sizeof v->szCSDVersion);
    if (ex) {
        v->wServicePackMajor = w.wServicePackMajor;
        v->wServicePackMinor = w.wServicePackMinor;
        v->wSuiteMask = w.wSuiteMask;
        v->wProductType = w.wProductType;
        v->wReserved = 0;
    }
    return TRUE;
}

WINAPI NTSTATUS ntdll_RtlGetVersion(OSVERSIONINFOEXW *v)
{
    fill_version(v, v->dwOSVersionInfoSize == sizeof *v);
    return STATUS_SUCCESS;
}

WINAPI void ntdll_RtlGetNtVersionNumbers(DWORD *major, DWORD *minor, DWORD *build)
{
    OSVERSIONINFOEXW v;
    fill_version(&v, false);
    if (major) *major = v.dwMajorVersion;
    if (minor) *minor = v.dwMinorVersion;
    if (build) *build = v.dwBuildNumber | 0xf0000000u;   /* the "free build" bits */
}

/* ---- VerifyVersionInfo ---------------------------------------------------- */

#define VER_MINORVERSION     0x01
#define VER_MAJORVERSION     0x02
#define VER_BUILDNUMBER      0x04
#define VER_PLATFORMID       0x08
#define VER_SERVICEPACKMINOR 0x10
#define VER_SERVICEPACKMAJOR 0x20
#define VER_SUITENAME        0x40
#define VER_PRODUCT_TYPE     0x80
#define VER_EQUAL 1
#define VER_GREATER 2
#define VER_GREATER_EQUAL 3
#define VER_LESS 4
#define VER_LESS_EQUAL 5
#define VER_AND 6
#define VER_OR 7

/* Three bits of condition per type bit, in the type bit's position order. */
WINAPI ULONGLONG kernel32_VerSetConditionMask(ULONGLONG mask, DWORD type, BYTE cond)
{
    cond &= 7;
    if (!cond)
        return mask;
    for (int i = 0; i < 8; i++)
        if (type & (1u << i))
            mask |= (ULONGLONG)cond << (i * 3);
    return mask;
}

static int cond_of(ULONGLONG mask, int bit) { return (int)((mask >> (bit * 3)) & 7); }

static bool check(int cond, DWORD have, DWORD want)
{
    switch (cond) {
    case VER_EQUAL: return have == want;
    case VER_GREATER: return have > want;
    case VER_GREATER_EQUAL: return have >= want;
    case VER_LESS: return have < want;
    case VER_LESS_EQUAL: return have <= want;
    default: return false;
    }
}

static NTSTATUS verify(const OSVERSIONINFOEXW *want, DWORD type, ULONGLONG mask)
{
    OSVERSIONINFOEXW have;
    fill_version(&have, true);
    if (!type || !mask)
        return 0xC000000Du; /* STATUS_INVALID_PARAMETER: ERROR_BAD_ARGUMENTS for the Win32 caller */
    if (type & VER_PRODUCT_TYPE && !check(cond_of(mask, 7), have.wProductType, want->wProductType))
        return 0xC0000059u; /* STATUS_REVISION_MISMATCH */
    if (type & VER_SUITENAME) {
        int c = cond_of(mask, 6);
        bool ok = c == VER_AND ? (have.wSuiteMask & want->wSuiteMask) == want->wSuiteMask
                               : (have.wSuiteMask & want->wSuiteMask) != 0;
        if (!ok)
            return 0xC0000059u;
    }
    if (type & VER_PLATFORMID && !check(cond_of(mask, 3), have.dwPlatformId, want->dwPlatformId))
        return 0xC0000059u;
    if (type & VER_BUILDNUMBER && !check(cond_of(mask, 2), have.dwBuildNumber, want->dwBuildNumber))
        return 0xC0000059u;
    /* Major, minor, service pack major, minor compare as one number, under
     * the condition of the most significant part given. */
    DWORD parts = type & (VER_MAJORVERSION | VER_MINORVERSION | VER_SERVICEPACKMAJOR | VER_SERVICEPACKMINOR);
    if (parts) {
        static const struct { DWORD bit; int pos; } order[] = {
            { VER_MAJORVERSION, 1 }, { VER_MINORVERSION, 0 }, { VER_SERVICEPACKMAJOR, 5 }, { VER_SERVICEPACKMINOR, 4 } };
        DWORD hv[4] = { have.dwMajorVersion, have.dwMinorVersion, have.wServicePackMajor, have.wServicePackMinor };
        DWORD wv[4] = { want->dwMajorVersion, want->dwMinorVersion, want->wServicePackMajor, want->wServicePackMinor };
        int cond = 0;
        for (int i = 0; i < 4 && !cond; i++)
            if (parts & order[i].bit)
                cond = cond_of(mask, order[i].pos);
        for (int i = 0; i < 4; i++) {
            if (!(parts & order[i].bit))
                continue;
            if (hv[i] != wv[i])
                return check(cond, hv[i], wv[i]) ? STATUS_SUCCESS : 0xC0000059u;
        }
        if (!check(cond, 0, 0))
            return 0xC0000059u;
    }
    return STATUS_SUCCESS;
}

WINAPI BOOL kernel32_VerifyVersionInfoW(const OSVERSIONINFOEXW *v, DWORD type, ULONGLONG mask)
{
    NTSTATUS st = verify(v, type, mask);
    if (st == STATUS_SUCCESS)
        return TRUE;
    set_last_error((uint32_t)st == 0xC0000059u ? ERROR_OLD_WIN_VERSION : 160 /* ERROR_BAD_ARGUMENTS */);
    return FALSE;
}

WINAPI BOOL kernel32_VerifyVersionInfoA(const OSVERSIONINFOEXA *v, DWORD type, ULONGLONG mask)
{
    OSVERSIONINFOEXW w;
    memset(&w, 0, sizeof w);
    w.dwOSVersionInfoSize = sizeof w;
    w.dwMajorVersion = v->dwMajorVersion;
    w.dwMinorVersion = v->dwMinorVersion;
    w.dwBuildNumber = v->dwBuildNumber;
    w.dwPlatformId = v->dwPlatformId;
    w.wServicePackMajor = v->wServicePackMajor;
    w.wServicePackMinor = v->wServicePackMinor;
    w.wSuiteMask = v->wSuiteMask;
    w.wProductType = v->wProductType;
    return kernel32_VerifyVersionInfoW(&w, type, mask);
}

WINAPI NTSTATUS ntdll_RtlVerifyVersionInfo(const OSVERSIONINFOEXW *v, DWORD type, ULONGLONG mask)
{
    return verify(v, type, mask);
}

/* ---- the machine ---------------------------------------------------------- */

typedef struct {
    WORD wProcessorArchitecture;
    WORD wReserved;
    DWORD dwPageSize;
    void *lpMinimumApplicationAddress;
    void *lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors;
    DWORD dwProcessorType;
    DWORD dwAllocationGranularity;
    WORD wProcessorLevel;
    WORD wProcessorRevision;
} SYSTEM_INFO;
_Static_assert(sizeof(SYSTEM_INFO) == 48, "SYSTEM_INFO is 48 bytes on x64");

#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_AMD_X8664 8664

static unsigned nprocs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

WINAPI void kernel32_GetSystemInfo(SYSTEM_INFO *si)
{
    memset(si, 0, sizeof *si);
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    si->dwPageSize = 0x1000;
    si->lpMinimumApplicationAddress = (void *)0x10000;
    si->lpMaximumApplicationAddress = (void *)0x7ffffffeffffull;
    si->dwNumberOfProcessors = nprocs();
    si->dwActiveProcessorMask = si->dwNumberOfProcessors >= 64 ? ~0ull : (1ull << si->dwNumberOfProcessors) - 1;
    si->dwProcessorType = PROCESSOR_AMD_X8664;
    si->dwAllocationGranularity = 0x10000;
    /* Level is the CPU family, revision model:stepping, as Windows derives them. */
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        unsigned family = (a >> 8) & 0xf, model = (a >> 4) & 0xf, stepping = a & 0xf;
        if (family == 0xf)
            family += (a >> 20) & 0xff;
        if (family == 6 || family >= 0xf)
            model |= ((a >> 16) & 0xf) << 4;
        si->wProcessorLevel = (WORD)family;
        si->wProcessorRevision = (WORD)((model << 8) | stepping);
    }
}

WINAPI void kernel32_GetNativeSystemInfo(SYSTEM_INFO *si) { kernel32_GetSystemInfo(si); }

static bool xcr0_has(unsigned bits)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27)))   /* OSXSAVE */
        return false;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & bits) == bits;
}

WINAPI BOOL kernel32_IsProcessorFeaturePresent(DWORD feature)
{
    unsigned a, b, c1 = 0, d1 = 0, b7 = 0, c7 = 0, ce = 0, de = 0, t;
    __get_cpuid(1, &a, &b, &c1, &d1);
    __get_cpuid_count(7, 0, &a, &b7, &c7, &t);
    __get_cpuid(0x80000001, &a, &b, &ce, &de);
    switch (feature) {
    case 0: case 1: return FALSE;                         /* FP errata, FP emulated */
    case 2: return !!(d1 & (1u << 8));                    /* CMPXCHG8B */
    case 3: return !!(d1 & (1u << 23));                   /* MMX */
    case 6: return !!(d1 & (1u << 25));                   /* SSE */
    case 7: return !!(de & (1u << 31));                   /* 3DNow! */
    case 8: return !!(d1 & (1u << 4));                    /* RDTSC */
    case 9: return !!(d1 & (1u << 6));                    /* PAE */
    case 10: return !!(d1 & (1u << 26));                  /* SSE2 */
    case 11: {                                            /* SSE DAZ: MXCSR_MASK bit 6 */
        if (!(d1 & (1u << 24)))
            return FALSE;
        uint8_t area[512] __attribute__((aligned(16)));
        memset(area, 0, sizeof area);
        __asm__ volatile("fxsave %0" : "=m"(area));
        uint32_t m;
        memcpy(&m, area + 28, 4);
        return !!(m & 0x40);
    }
    case 12: return !!(de & (1u << 20));                  /* NX */
    case 13: return !!(c1 & 1);                           /* SSE3 */
    case 14: return !!(c1 & (1u << 13));                  /* CMPXCHG16B */
    case 17: return (c1 & (1u << 26)) && xcr0_has(0);     /* XSAVE enabled */
    case 20: return FALSE;                                /* SLAT: not visible to a process here */
    case 22: return !!(b7 & 1);                           /* RDWRFSGSBASE */
    case 23: return TRUE;                                 /* __fastfail */
    case 28: return !!(c1 & (1u << 30));                  /* RDRAND */
    case 32: return !!(de & (1u << 27));                  /* RDTSCP */
    case 33: return !!(c7 & (1u << 22));                  /* RDPID */
    case 35: return !!(ce & (1u << 29));                  /* MONITORX */
    case 36: return !!(c1 & (1u << 9));                   /* SSSE3 */
    case 37: return !!(c1 & (1u << 19));                  /* SSE4.1 */
    case 38: return !!(c1 & (1u << 20));                  /* SSE4.2 */
    case 39: return (c1 & (1u << 28)) && xcr0_has(6);     /* AVX */
    case 40: return (b7 & (1u << 5)) && xcr0_has(6);      /* AVX2 */
    case 41: return (b7 & (1u << 16)) && xcr0_has(0xe6);  /* AVX-512F */
    default: return FALSE;                                /* ARM, PowerPC, Alpha and unknown */
    }
}

typedef struct {
    DWORD dwLength, dwMemoryLoad;
    ULONGLONG ullTotalPhys, ullAvailPhys, ullTotalPageFile, ullAvailPageFile;
    ULONGLONG ullTotalVirtual, ullAvailVirtual, ullAvailExtendedVirtual;
} MEMORYSTATUSEX;
_Static_assert(sizeof(MEMORYSTATUSEX) == 64, "MEMORYSTATUSEX");

WINAPI BOOL kernel32_GlobalMemoryStatusEx(MEMORYSTATUSEX *ms)
{
    if (!ms || ms->dwLength != sizeof *ms) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct sysinfo si;
    if (sysinfo(&si)) {
        set_last_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    ULONGLONG unit = si.mem_unit ? si.mem_unit : 1;
    ms->ullTotalPhys = si.totalram * unit;
    ms->ullAvailPhys = (si.freeram + si.bufferram) * unit;
    ms->dwMemoryLoad = ms->ullTotalPhys ? (DWORD)(100 - ms->ullAvailPhys * 100 / ms->ullTotalPhys) : 0;
    ms->ullTotalPageFile = (si.totalram + si.totalswap) * unit;
    ms->ullAvailPageFile = (si.freeram + si.bufferram + si.freeswap) * unit;
    ms->ullTotalVirtual = 0x7ffffffeffffull - 0x10000 + 1;
    ms->ullAvailVirtual = ms->ullTotalVirtual - 0x10000000;  /* roughly what is mapped already */
    ms->ullAvailExtendedVirtual = 0;
    return TRUE;
}

/* ---- the computer's name -------------------------------------------------- */

typedef enum {
    ComputerNameNetBIOS, ComputerNameDnsHostname, ComputerNameDnsDomain, ComputerNameDnsFullyQualified,
    ComputerNamePhysicalNetBIOS, ComputerNamePhysicalDnsHostname, ComputerNamePhysicalDnsDomain,
    ComputerNamePhysicalDnsFullyQualified, ComputerNameMax
} COMPUTER_NAME_FORMAT;

/* The name for a format, as UTF-16 in a static buffer. */
static void computer_name(COMPUTER_NAME_FORMAT fmt, WCHAR *out, size_t max)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char *dot = strchr(host, '.');
    const char *domain = dot ? dot + 1 : "";
    char buf[256];
    switch (fmt) {
    case ComputerNameNetBIOS: case ComputerNamePhysicalNetBIOS:
        /* NetBIOS: the host part, upper case, at most 15 characters. */
        if (dot)
            *dot = 0;
        snprintf(buf, sizeof buf, "%.15s", host);
        for (char *p = buf; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p -= 32;
        break;
    case ComputerNameDnsHostname: case ComputerNamePhysicalDnsHostname:
        if (dot)
            *dot = 0;
        snprintf(buf, sizeof buf, "%s", host);
        break;
    case ComputerNameDnsDomain: case ComputerNamePhysicalDnsDomain:
        snprintf(buf, sizeof buf, "%s", domain);
        break;
    default:
        snprintf(buf, sizeof buf, "%s", host);
        break;
    }
    utf8_to_utf16(buf, -1, out, max);
    out[max - 1] = 0;
}

WINAPI BOOL kernel32_GetComputerNameExW(COMPUTER_NAME_FORMAT fmt, WCHAR *buf, DWORD *size)
{
    if ((unsigned)fmt >= ComputerNameMax || !size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR name[256];
    computer_name(fmt, name, 256);
    DWORD len = (DWORD)wstrlen(name);
    if (!buf || *size <= len) {
        *size = len + 1;
        set_last_error(ERROR_MORE_DATA);
        return FALSE;
    }
    memcpy(buf, name, (len + 1) * sizeof *buf);
    *size = len;
    return TRUE;
}

WINAPI BOOL kernel32_GetComputerNameExA(COMPUTER_NAME_FORMAT fmt, char *buf, DWORD *size)
{
    if ((unsigned)fmt >= ComputerNameMax || !size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR name[256];
    computer_name(fmt, name, 256);
    char a[512];
    cp_from_wide(CP_ACP, name, -1, a, sizeof a);
    DWORD len = (DWORD)strlen(a);
    if (!buf || *size <= len) {
        *size = len + 1;
        set_last_error(ERROR_MORE_DATA);
        return FALSE;
    }
    memcpy(buf, a, len + 1);
    *size = len;
    return TRUE;
}

WINAPI BOOL kernel32_GetComputerNameW(WCHAR *buf, DWORD *size)
{
    if (!size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR name[256];
    computer_name(ComputerNameNetBIOS, name, 256);
    DWORD len = (DWORD)wstrlen(name);
    if (!buf || *size <= len) {
        *size = len + 1;
        set_last_error(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    memcpy(buf, name, (len + 1) * sizeof *buf);
    *size = len;
    return TRUE;
}

WINAPI BOOL kernel32_GetComputerNameA(char *buf, DWORD *size)
{
    if (!size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR name[256];
    computer_name(ComputerNameNetBIOS, name, 256);
    char a[512];
    cp_from_wide(CP_ACP, name, -1, a, sizeof a);
    DWORD len = (DWORD)strlen(a);
    if (!buf || *size <= len) {
        *size = len + 1;
        set_last_error(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    memcpy(buf, a, len + 1);
    *size = len;
    return TRUE;
}

/* ---- NtQuerySystemInformation: the classes programs ask first ------------ */

typedef struct {
    ULONG Reserved, TimerResolution, PageSize, NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber, HighestPhysicalPageNumber, AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress, MaximumUserModeAddress, ActiveProcessorsAffinityMask;
    BYTE NumberOfProcessors;
} SYSTEM_BASIC_INFORMATION;
_Static_assert(sizeof(SYSTEM_BASIC_INFORMATION) == 64, "SYSTEM_BASIC_INFORMATION is 64 bytes on x64");

typedef struct {
    WORD ProcessorArchitecture, ProcessorLevel, ProcessorRevision, MaximumProcessors;
    DWORD ProcessorFeatureBits;
} SYSTEM_CPU_INFORMATION;

#define STATUS_INFO_LENGTH_MISMATCH 0xC0000004u
#define STATUS_INVALID_INFO_CLASS   0xC0000003u

WINAPI NTSTATUS ntdll_NtQuerySystemInformation(ULONG cls, void *info, ULONG len, ULONG *retlen)
{
    SYSTEM_INFO si;
    kernel32_GetSystemInfo(&si);
    switch (cls) {
    case 0: { /* SystemBasicInformation */
        SYSTEM_BASIC_INFORMATION b;
        memset(&b, 0, sizeof b);
        struct sysinfo s;
        sysinfo(&s);
        b.TimerResolution = 156250;
        b.PageSize = si.dwPageSize;
        b.NumberOfPhysicalPages = (ULONG)((ULONGLONG)s.totalram * (s.mem_unit ? s.mem_unit : 1) / si.dwPageSize);
        b.LowestPhysicalPageNumber = 1;
        b.HighestPhysicalPageNumber = b.NumberOfPhysicalPages;
        b.AllocationGranularity = si.dwAllocationGranularity;
        b.MinimumUserModeAddress = (ULONG_PTR)si.lpMinimumApplicationAddress;
        b.MaximumUserModeAddress = (ULONG_PTR)si.lpMaximumApplicationAddress;
        b.ActiveProcessorsAffinityMask = si.dwActiveProcessorMask;
        b.NumberOfProcessors = (BYTE)si.dwNumberOfProcessors;
        if (retlen)
            *retlen = sizeof b;
        if (len != sizeof b)
            return STATUS_INFO_LENGTH_MISMATCH;
        memcpy(info, &b, sizeof b);
        return STATUS_SUCCESS;
    }
    case 1: { /* SystemCpuInformation */
        SYSTEM_CPU_INFORMATION c = { si.wProcessorArchitecture, si.wProcessorLevel, si.wProcessorRevision, 0, 0 };
        if (retlen)
            *retlen = sizeof c;
        if (len < sizeof c)
            return STATUS_INFO_LENGTH_MISMATCH;
        memcpy(info, &c, sizeof c);
        return STATUS_SUCCESS;
    }
    default:
        FIXME("information class %u not implemented\n", cls);
        return STATUS_INVALID_INFO_CLASS;
    }
}
