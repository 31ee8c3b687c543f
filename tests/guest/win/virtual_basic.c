/* VirtualAlloc/Query/Protect/Free round trips; MEMORY_BASIC_INFORMATION
 * printed relative to the allocation base. */
#include <windows.h>
#include <stdio.h>

static char *base;

static void q(const char *what, void *addr)
{
    MEMORY_BASIC_INFORMATION m;
    SIZE_T r = VirtualQuery(addr, &m, sizeof m);
    if (m.State == MEM_FREE) {
        printf("%-12s r=%d state=free\n", what, (int)r);
        return;
    }
    printf("%-12s r=%d base=+%#lx allocbase=%s allocprot=%#lx size=%#lx state=%#lx prot=%#lx type=%#lx\n", what, (int)r,
           (long)((char *)m.BaseAddress - base), m.AllocationBase == base ? "base" : "other", m.AllocationProtect,
           (long)m.RegionSize, m.State, m.Protect, m.Type);
}

int main(void)
{
    base = VirtualAlloc(NULL, 0x30000, MEM_RESERVE, PAGE_READWRITE);
    printf("reserve aligned to 64K: %d\n", base && ((ULONG_PTR)base & 0xffff) == 0);
    q("reserved", base);
    char *c = VirtualAlloc(base + 0x1800, 0x2000, MEM_COMMIT, PAGE_READWRITE);
    printf("commit at +%#lx\n", (long)(c - base));
    q("before", base);
    q("committed", base + 0x1000);
    q("after", base + 0x4000);
    printf("fresh zero %d\n", base[0x1000] == 0 && base[0x3fff] == 0);
    base[0x1000] = 42;
    DWORD old = 0;
    { BOOL r_ = VirtualProtect(base + 0x1000, 0x1000, PAGE_READONLY, &old); printf("protect %d old %#lx\n", r_, old); }
    q("split", base + 0x1000);
    q("rest", base + 0x2000);
    { BOOL r_ = VirtualProtect(base + 0x1000, 0x1000, PAGE_READWRITE, &old); printf("protect back %d old %#lx\n", r_, old); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualProtect(base + 0x8000, 0x1000, PAGE_READONLY, &old)); DWORD e_ = GetLastError(); printf("protect uncommitted %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualProtect(base + 0x1000, 0x1000, PAGE_READONLY, NULL)); DWORD e_ = GetLastError(); printf("protect NULL old %d err %lu\n", r_, e_); }
    printf("decommit %d\n", VirtualFree(base + 0x1000, 0x1000, MEM_DECOMMIT));
    q("decommitted", base + 0x1000);
    printf("recommit %s\n", VirtualAlloc(base + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE) == base + 0x1000 ? "same" : "other");
    printf("zero after recommit %d\n", base[0x1000] == 0);
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualFree(base, 0x1000, MEM_RELEASE)); DWORD e_ = GetLastError(); printf("release with size %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualFree(base + 0x1000, 0, MEM_RELEASE)); DWORD e_ = GetLastError(); printf("release not base %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualAlloc(base + 0x10000, 0x1000, MEM_RESERVE, PAGE_READWRITE)); DWORD e_ = GetLastError(); printf("reserve inside %p err %lu\n", r_, e_); }
    printf("release %d\n", VirtualFree(base, 0, MEM_RELEASE));
    q("released", base);

    char *rc = VirtualAlloc(NULL, 5000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    base = rc;
    q("rwx", rc);
    VirtualFree(rc, 0, MEM_RELEASE);

    /* Reserving at a chosen address rounds it down to 64 KiB. */
    char *want = (char *)0x7e0000012345;
    char *got = VirtualAlloc(want, 0x1000, MEM_RESERVE, PAGE_NOACCESS);
    printf("at address %s\n", got == (char *)0x7e0000010000 ? "rounded" : got ? "elsewhere" : "failed");
    if (got) VirtualFree(got, 0, MEM_RELEASE);

    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualAlloc(NULL, 0, MEM_COMMIT, PAGE_READWRITE)); DWORD e_ = GetLastError(); printf("size 0 %p err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualAlloc(NULL, 0x1000, MEM_COMMIT, 0)); DWORD e_ = GetLastError(); printf("bad prot %p err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_WRITECOPY)); DWORD e_ = GetLastError(); printf("writecopy %p err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualAlloc(NULL, 0x1000, 0, PAGE_READWRITE)); DWORD e_ = GetLastError(); printf("bad type %p err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(VirtualFree((void *)0x10000000, 0, MEM_RELEASE)); DWORD e_ = GetLastError(); printf("free unknown %d err %lu\n", r_, e_); }

    /* Images: the exe's headers. */
    HMODULE exe = GetModuleHandleA(NULL);
    MEMORY_BASIC_INFORMATION m;
    VirtualQuery((char *)exe + 16, &m, sizeof m);
    printf("exe: base ok %d allocbase ok %d type %#lx state %#lx prot %#lx\n", m.BaseAddress == exe,
           m.AllocationBase == exe, m.Type, m.State, m.Protect);
    VirtualQuery((void *)main, &m, sizeof m);
    printf("code: allocbase ok %d type %#lx prot %#lx\n", m.AllocationBase == exe, m.Type, m.Protect);

    char buf[8] = "abc";
    printf("IsBadReadPtr ok %d null %d zero-size %d\n", IsBadReadPtr(buf, 8), IsBadReadPtr(NULL, 1), IsBadReadPtr(NULL, 0));
    printf("IsBadWritePtr ok %d code %d\n", IsBadWritePtr(buf, 8), IsBadWritePtr((void *)main, 1));
    printf("IsBadStringPtr %d %d\n", IsBadStringPtrA(buf, 100), IsBadStringPtrA((char *)16, 5));
    return 0;
}
