/* procs.c - fork, exec, pipe, wait, exit statuses, environment. */
// i386 reference: x86-64 (qemu-i386 cannot exec /proc/self/exe; the output is the same)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("child sees %s=%s\n", "MIMIC_TEST", getenv("MIMIC_TEST"));
        return 7;
    }
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        setenv("MIMIC_TEST", "passed", 1);
        execl("/proc/self/exe", argv[0], "child", (char *)NULL);
        _exit(99);
    }
    close(p[1]);
    char buf[128] = { 0 };
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    int st;
    waitpid(pid, &st, 0);
    printf("read %zd: %s", n, buf);
    printf("exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));
    pid = fork();
    if (pid == 0)
        abort();
    waitpid(pid, &st, 0);
    printf("signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    FILE *f = popen("echo from popen | tr a-z A-Z", "r");
    fgets(buf, sizeof buf, f);
    printf("popen: %s", buf);
    printf("pclose %d\n", pclose(f));
    return 0;
}
