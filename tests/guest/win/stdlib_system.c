/* stdlib_system: system() runs a program and returns its exit code (this
 * test runs itself as the child), passes the CRT environment on, and
 * handles the simple commands programs give it: exit, echo, rem. Without
 * an interpreter at %COMSPEC% mimic's built-in stands in for "cmd /c";
 * Wine has its cmd.exe: both must give the same results here. */
// args: parent
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        const char *v = getenv("MIMIC_SYSTEM_TEST");
        printf("child: args=%d value=%s\n", argc, v ? v : "(unset)");
        fflush(stdout);
        return argc > 2 ? atoi(argv[2]) : 0;
    }
    printf("system(NULL): %d\n", system(NULL) != 0);
    _putenv("MIMIC_SYSTEM_TEST=inherited");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "\"%s\" child 7", argv[0]);
    fflush(stdout);
    int r = system(cmd);
    printf("child returned %d\n", r);
    snprintf(cmd, sizeof cmd, "\"%s\" child", argv[0]);
    fflush(stdout);
    r = system(cmd);
    printf("child returned %d\n", r);
    printf("exit 5: %d\n", system("exit 5"));
    printf("exit /b 3: %d\n", system("exit /b 3"));
    fflush(stdout);
    r = system("echo hello from echo");
    printf("echo: %d\n", r);
    printf("rem: %d\n", system("rem nothing"));
    fflush(stdout);
    r = system("mimic_no_such_program_xyz arg");
    printf("unknown command: %d\n", r);
    return 0;
}
