/* Local and Global memory: fixed pointers, moveable handles, lock counts,
 * discarding, flags and sizes. */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    HLOCAL f = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, 32);
    printf("fixed: aligned %d size %d zero %d\n", ((ULONG_PTR)f & 15) == 0, (int)LocalSize(f), ((char *)f)[31] == 0);
    printf("fixed lock is pointer %d flags %u\n", LocalLock(f) == f, LocalFlags(f));
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(LocalUnlock(f)); DWORD e_ = GetLastError(); printf("fixed unlock %d err %lu\n", r_, e_); }
    printf("handle of fixed %d\n", LocalHandle(f) == f);

    HLOCAL m = LocalAlloc(LMEM_MOVEABLE | LMEM_ZEROINIT, 40);
    printf("moveable not a pointer %d\n", ((ULONG_PTR)m & 15) != 0);
    printf("size %d flags %u\n", (int)LocalSize(m), LocalFlags(m));
    char *p = LocalLock(m);
    printf("locked %d deref matches %d flags %u\n", p != NULL, *(void **)m == p, LocalFlags(m));
    char *p2 = LocalLock(m);
    printf("second lock same %d flags %u\n", p2 == p, LocalFlags(m));
    printf("handle of data %d\n", LocalHandle(p) == m);
    printf("size via data %d\n", (int)LocalSize(p));
    strcpy(p, "moveable data");
    printf("unlock -> %d\n", LocalUnlock(m));
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(LocalUnlock(m)); DWORD e_ = GetLastError(); printf("unlock -> %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(LocalUnlock(m)); DWORD e_ = GetLastError(); printf("unlock again -> %d err %lu\n", r_, e_); }
    HLOCAL m2 = LocalReAlloc(m, 4000, LMEM_MOVEABLE);
    p = LocalLock(m2);
    printf("realloc same handle %d size %d data %s\n", m2 == m, (int)LocalSize(m2), p);
    LocalUnlock(m2);
    /* Size 0 discards the data of an unlocked moveable block. */
    HLOCAL m3 = LocalReAlloc(m, 0, LMEM_MOVEABLE);
    printf("discard same %d flags %#x size %d\n", m3 == m, LocalFlags(m), (int)LocalSize(m));
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(LocalLock(m)); DWORD e_ = GetLastError(); printf("lock discarded %p err %lu\n", r_, e_); }
    printf("free %p\n", LocalFree(m));

    HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE, 10);
    char *gp = GlobalLock(g);
    strcpy(gp, "global");
    printf("global flags %u size %d\n", GlobalFlags(g), (int)GlobalSize(g));
    printf("global unlock %d\n", GlobalUnlock(g));
    printf("global handle %d\n", GlobalHandle(gp) == g);
    printf("global free %p\n", GlobalFree(g));
    HGLOBAL gf = GlobalAlloc(GMEM_FIXED, 0);
    printf("global fixed 0 -> %d size %d unlock %d\n", gf != NULL, (int)GlobalSize(gf), GlobalUnlock(gf));
    GlobalFree(gf);
    printf("local free fixed %p\n", LocalFree(f));
    return 0;
}
