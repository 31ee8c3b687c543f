/* GetUserNameA/W (sizes and ERROR_INSUFFICIENT_BUFFER; the name itself is the
 * host's and is not printed, only checked for consistency), RtlGenRandom
 * (SystemFunction036) and CryptGenRandom. */
#include <windows.h>
#include <wincrypt.h>
#include <ntsecapi.h>
#include <stdio.h>
#include <string.h>

static int all_zero(const BYTE *b, int n)
{
    for (int i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

int main(void)
{
    char a[256], small[2];
    WCHAR w[256];
    DWORD n, need, r;
    BYTE r1[64], r2[64];
    HCRYPTPROV prov = 0;

    /* W: ask for the size, then get it */
    n = 0;
    SetLastError(0xdeadbeef);
    r = GetUserNameW(NULL, &n);
    printf("W size query: %lu err %lu size>1 %d\n", r, GetLastError(), n > 1);
    need = n;
    n = 256;
    SetLastError(0xdeadbeef);
    r = GetUserNameW(w, &n);
    printf("W: %lu err %lx size==need %d size==len+1 %d\n", r, GetLastError(), n == need, n == lstrlenW(w) + 1);
    n = need - 1;
    w[0] = 'x';
    SetLastError(0xdeadbeef);
    r = GetUserNameW(w, &n);
    printf("W one short: %lu err %lu size==need %d untouched %d\n", r, GetLastError(), n == need, w[0] == 'x');

    /* A: the same name */
    n = 256;
    SetLastError(0xdeadbeef);
    r = GetUserNameA(a, &n);
    printf("A: %lu err %lx size==len+1 %d same as W %d\n", r, GetLastError(), n == strlen(a) + 1, n == need);
    n = 1;
    SetLastError(0xdeadbeef);
    r = GetUserNameA(small, &n);
    printf("A too small: %lu err %lu size==need %d\n", r, GetLastError(), n == need);
    n = 256;
    GetUserNameW(w, &n);
    {
        int same = 1;
        for (DWORD i = 0; i < need; i++)
            if ((WCHAR)(unsigned char)a[i] != w[i])
                same = 0;
        printf("A and W names agree: %d\n", same);
        printf("no slashes: %d\n", !strchr(a, '\\') && !strchr(a, '/'));
    }

    /* RtlGenRandom */
    memset(r1, 0, sizeof r1);
    memset(r2, 0, sizeof r2);
    printf("RtlGenRandom: %d\n", RtlGenRandom(r1, sizeof r1));
    printf("RtlGenRandom again: %d\n", RtlGenRandom(r2, sizeof r2));
    printf("  not zero %d, differ %d\n", !all_zero(r1, 64), memcmp(r1, r2, 64) != 0);
    printf("RtlGenRandom 0 bytes: %d\n", RtlGenRandom(NULL, 0));

    /* CryptGenRandom */
    SetLastError(0xdeadbeef);
    r = CryptAcquireContextW(&prov, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
    printf("CryptAcquireContext: %lu err %lx handle %d\n", r, GetLastError(), prov != 0);
    memset(r1, 0, sizeof r1);
    SetLastError(0xdeadbeef);
    r = CryptGenRandom(prov, sizeof r1, r1);
    printf("CryptGenRandom: %lu err %lx not zero %d\n", r, GetLastError(), !all_zero(r1, 64));
    SetLastError(0xdeadbeef);
    r = CryptGenRandom(0, sizeof r1, r1);
    printf("CryptGenRandom no context: %lu err %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = CryptAcquireContextA(&prov, NULL, NULL, 0, CRYPT_VERIFYCONTEXT);
    printf("CryptAcquireContext type 0: %lu err %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = CryptReleaseContext(prov, 0);
    printf("CryptReleaseContext: %lu err %lx\n", r, GetLastError());
    return 0;
}
