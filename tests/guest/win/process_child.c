/* process_child.c - the helper process_create.exe starts (and a test of its
 * own when run without arguments). First argument = what to do:
 *   echo ...     print the command line and the arguments, exit with the last
 *   exit N       exit with code N (full 32 bits)
 *   upper        copy stdin to stdout in upper case
 *   sleep        sleep (until terminated)
 *   env NAME     print the variable
 *   cwd          print the last component of the current directory
 *   handle H     write a line to inherited handle H
 *   ids          print whether the process/thread ids match the TEB's */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>

/* Decimal, or hex after 0x (no CRT conversions: fewer imports). */
static unsigned long long num(const char *s)
{
    unsigned long long v = 0;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (; *s; s++) {
        int d = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
        if (d < 0 || d >= base)
            break;
        v = v * base + d;
    }
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("child: no arguments\n");
        return 0;
    }
    if (!strcmp(argv[1], "echo")) {
        /* A quoted program path is shown without its directory (it
         * depends on where the tests were built). */
        const char *cl = GetCommandLineA();
        const char *q = cl[0] == '"' ? strchr(cl + 1, '"') : NULL;
        const char *bs = NULL;
        for (const char *p = cl; q && p < q; p++)
            if (*p == '\\')
                bs = p;
        if (bs)
            printf("cmdline=[\"<dir>%s]\n", bs);
        else
            printf("cmdline=[%s]\n", cl);
        for (int i = 1; i < argc; i++)
            printf("argv[%d]=[%s]\n", i, argv[i]);
        fflush(stdout);
        return (int)num(argv[argc - 1]);
    }
    if (!strcmp(argv[1], "exit") && argc > 2)
        ExitProcess((UINT)num(argv[2]));
    if (!strcmp(argv[1], "upper")) {
        int c;
        while ((c = getchar()) != EOF)
            putchar(toupper(c));
        return 0;
    }
    if (!strcmp(argv[1], "sleep")) {
        printf("sleeping\n");
        fflush(stdout);
        Sleep(INFINITE);
    }
    if (!strcmp(argv[1], "env") && argc > 2) {
        char buf[256];
        DWORD n = GetEnvironmentVariableA(argv[2], buf, sizeof buf);
        printf("%s=%s\n", argv[2], n ? buf : "(unset)");
        return 0;
    }
    if (!strcmp(argv[1], "cwd")) {
        char buf[MAX_PATH];
        GetCurrentDirectoryA(sizeof buf, buf);
        char *base = strrchr(buf, '\\');
        printf("cwd ends in %s\n", base ? base + 1 : buf);
        return 0;
    }
    if (!strcmp(argv[1], "handle") && argc > 2) {
        char hex[40];
        snprintf(hex, sizeof hex, "0x%s", argv[2]);
        HANDLE h = (HANDLE)(ULONG_PTR)num(hex);
        DWORD done;
        SetLastError(0xdeadbeef);
        BOOL ok = WriteFile(h, "through the inherited handle\n", 29, &done, NULL);
        printf("WriteFile to the handle: %d err=%lu\n", ok, ok ? 0 : GetLastError());
        return ok ? 0 : 1;
    }
    if (!strcmp(argv[1], "ids")) {
        DWORD pid = (DWORD)*(ULONG_PTR *)((char *)NtCurrentTeb() + 0x40);
        DWORD tid = (DWORD)*(ULONG_PTR *)((char *)NtCurrentTeb() + 0x48);
        printf("teb ids match: %d %d\n", pid == GetCurrentProcessId(), tid == GetCurrentThreadId());
        return (int)GetCurrentProcessId() & 0xff;
    }
    printf("child: unknown command %s\n", argv[1]);
    return 2;
}
