/* Versions, system information, processor features, computer name. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    OSVERSIONINFOEXA v = { sizeof v };
    BOOL vok = GetVersionExA((OSVERSIONINFOA *)&v);
    /* Windows 10 (10.0.19045) as mimic reports it; Wine's default prefix says 6.1 (Windows 7). */
    printf("GetVersionExA %d major %lu minor %lu platform %lu product %u\n", vok,
           v.dwMajorVersion, v.dwMinorVersion, v.dwPlatformId, v.wProductType);
    /* Windows sets ERROR_INSUFFICIENT_BUFFER for a bad size (Wine's own
     * tests accept it); Wine 8 leaves the error alone. Expected by hand. */
    OSVERSIONINFOW vw = { 12 };
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetVersionExW(&vw)); DWORD e_ = GetLastError(); printf("bad size %d err %lu\n", r_, e_); }
    DWORD gv = GetVersion();
    printf("GetVersion consistent %d\n", (gv & 0xff) == v.dwMajorVersion && ((gv >> 8) & 0xff) == v.dwMinorVersion &&
           (gv >> 16) == v.dwBuildNumber);

    OSVERSIONINFOEXW want = { sizeof want };
    want.dwMajorVersion = 5;
    DWORDLONG mask = VerSetConditionMask(0, VER_MAJORVERSION, VER_GREATER_EQUAL);
    printf("mask %#llx verify >=5 %d\n", mask, VerifyVersionInfoW(&want, VER_MAJORVERSION, mask));
    want.dwMajorVersion = 99;
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VerifyVersionInfoW(&want, VER_MAJORVERSION, mask)); DWORD e_ = GetLastError(); printf("verify >=99 %d err %lu\n", r_, e_); }
    want.dwMajorVersion = 6;
    want.dwMinorVersion = 1;
    mask = VerSetConditionMask(VerSetConditionMask(0, VER_MAJORVERSION, VER_GREATER_EQUAL), VER_MINORVERSION, VER_GREATER_EQUAL);
    printf("verify >=6.1 %d\n", VerifyVersionInfoW(&want, VER_MAJORVERSION | VER_MINORVERSION, mask));
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VerifyVersionInfoW(&want, 0, mask)); DWORD e_ = GetLastError(); printf("verify no type %d err %lu\n", r_, e_); }

    SYSTEM_INFO si;
    GetSystemInfo(&si);
    printf("arch %u page %lu gran %lu min %p max %p cpus>0 %d type %lu mask ok %d\n", si.wProcessorArchitecture,
           si.dwPageSize, si.dwAllocationGranularity, si.lpMinimumApplicationAddress, si.lpMaximumApplicationAddress,
           si.dwNumberOfProcessors > 0, si.dwProcessorType,
           si.dwActiveProcessorMask == ((1ull << si.dwNumberOfProcessors) - 1));
    printf("features: cx8 %d mmx %d sse %d sse2 %d rdtsc %d cx16 %d nx %d none %d %d\n",
           IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE_DOUBLE), IsProcessorFeaturePresent(PF_MMX_INSTRUCTIONS_AVAILABLE),
           IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE), IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE),
           IsProcessorFeaturePresent(PF_RDTSC_INSTRUCTION_AVAILABLE), IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE128),
           IsProcessorFeaturePresent(PF_NX_ENABLED), IsProcessorFeaturePresent(PF_FLOATING_POINT_EMULATED),
           IsProcessorFeaturePresent(200));

    char name[64];
    DWORD size = sizeof name;
    BOOL ok = GetComputerNameA(name, &size);
    int upper = 1;
    for (char *p = name; *p; p++) if (*p >= 'a' && *p <= 'z') upper = 0;
    printf("computer name %d len ok %d upper %d <=15 %d\n", ok, size == strlen(name), upper, size <= 15);
    size = 1;
    SetLastError(0xdeadbeef);
    ok = GetComputerNameA(name, &size);
    printf("too small %d err %lu size ok %d\n", ok, GetLastError(), size == strlen(name) + 1);
    size = 1;
    SetLastError(0xdeadbeef);
    ok = GetComputerNameExA(ComputerNameDnsHostname, name, &size);
    { LONG_PTR r_ = (LONG_PTR)(ok); DWORD e_ = GetLastError(); printf("ex too small %d err %lu\n", r_, e_); }
    MEMORYSTATUSEX ms = { sizeof ms };
    ok = GlobalMemoryStatusEx(&ms);
    printf("memory %d total>avail %d\n", ok, ms.ullTotalPhys >= ms.ullAvailPhys);
    return 0;
}
