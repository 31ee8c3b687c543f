/* printf_ucrt.c - a program built against the Universal CRT (ucrtbase.dll
 * through the api-ms-win-crt-* sets): start-up through _configure_narrow_argv
 * and _initialize_narrow_environment, printf/snprintf/swprintf/sscanf
 * inlined by the headers over __stdio_common_*, with ucrt's formatting
 * (two-digit exponents, inf/nan), C99 snprintf return values, fopen's 'x'
 * mode, _crt_atexit handlers at exit. */
// args: ucrt "two words"
// link: -D_UCRT -D__MSVCRT_VERSION__=0xE00 -nodefaultlibs -lmingw32 -lgcc -lgcc_eh -lmingwex -lucrt -lkernel32
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <math.h>
#include <errno.h>

static void bye1(void) { printf("bye1\n"); }
static void bye2(void) { printf("bye2\n"); }

int main(int argc, char **argv)
{
    char buf[16];
    wchar_t wbuf[32];
    int r;

    atexit(bye1);
    atexit(bye2);
    printf("argc=%d argv[1]=%s argv[2]=%s\n", argc, argv[1], argv[2]);
    printf("%e %E %g %.3e\n", 12345.678, 0.00012, 1e-10, 0.0);
    printf("%f %f %e %g\n", HUGE_VAL, -HUGE_VAL, -(HUGE_VAL - HUGE_VAL), HUGE_VAL - HUGE_VAL);
    printf("%.0f %.1f %.2f\n", 0.5, 0.25, 2.675);
    printf("%5.1f|%-8d|%08.3f|%+d|%#x|%p\n", 3.14159, 42, -2.5, 5, 255, (void *)0x1234);
    printf("%lld %llu %zu %jd %I64d\n", -1LL, 18446744073709551615ULL, (size_t)77, (long long)-5, 123LL);
    printf("%s %ls %c %lc\n", "narrow", L"wide", 'c', L'w');

    memset(buf, '#', sizeof buf);
    r = snprintf(buf, 8, "%s", "1234567890");
    printf("snprintf r=%d [%s]\n", r, buf);
    r = snprintf(NULL, 0, "%d-%d", 100, 2000);
    printf("snprintf count r=%d\n", r);
    r = snprintf(buf, sizeof buf, "%s", "fits");
    printf("snprintf r=%d [%s]\n", r, buf);

    r = swprintf(wbuf, 32, L"%s|%d|%hs", L"wide", 7, "narrow");
    printf("swprintf r=%d [%ls]\n", r, wbuf);
    r = swprintf(wbuf, 4, L"%s", L"toolong");
    printf("swprintf short r=%d\n", r);

    int a = 0, b = 0;
    char word[16];
    r = sscanf("12 0x1f name", "%d %i %15s", &a, &b, word);
    printf("sscanf r=%d %d %d %s\n", r, a, b, word);

    FILE *f = fopen("x.txt", "wx");
    printf("fopen wx new: %s\n", f ? "ok" : "NULL");
    fputs("data\n", f);
    fclose(f);
    errno = 0;
    f = fopen("x.txt", "wx");
    printf("fopen wx existing: %s errno=%d\n", f ? "ok" : "NULL", errno);
    f = fopen("x.txt", "r");
    r = fgetc(f);
    printf("read back: %c\n", r);
    fclose(f);
    fprintf(stderr, "stderr line\n");
    return 0;
}
