/* spawn.c - processes: exit codes and signal deaths through wait status
 * macros, WNOHANG, waitid, dup2 redirection, posix_spawn with file actions,
 * system() statuses, popen for reading and writing, executing a #! script,
 * vfork+exec, execvp through PATH, argument and environment passing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void status(const char *what, int st)
{
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signal %d\n", what, WTERMSIG(st));
    else printf("%s: other %x\n", what, st);
}

static char *slurp(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    ssize_t r;
    while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0) n += r;
    buf[n] = 0;
    return buf;
}

int main(void)
{
    int st;
    static const int codes[] = { 0, 1, 127, 255, 256 + 3 };
    for (int i = 0; i < 5; i++) {
        pid_t p = fork();
        if (p == 0) _exit(codes[i]);
        waitpid(p, &st, 0);
        char w[32];
        snprintf(w, sizeof w, "_exit(%d)", codes[i]);
        status(w, st);
    }
    pid_t p = fork();
    if (p == 0) { pause(); _exit(0); }
    printf("WNOHANG on running child: %d\n", waitpid(p, &st, WNOHANG));
    kill(p, SIGKILL);
    waitpid(p, &st, 0);
    status("SIGKILL", st);
    p = fork();
    if (p == 0) { volatile int *z = 0; *z = 1; _exit(0); }
    waitpid(p, &st, 0);
    status("segfault", st);
    p = fork();
    if (p == 0) _exit(9);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = waitid(P_PID, p, &si, WEXITED);
    printf("waitid %d code %s status %d pid ok %d\n", r, si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status, si.si_pid == p);
    errno = 0;
    {
        __typeof__(wait(&st)) r0_ = wait(&st);
        printf("wait with no children %d %s\n", r0_, errno == ECHILD ? "ECHILD" : "?");
    }
    /* dup2 redirection of stdout into a pipe, then exec */
    int pp[2];
    pipe(pp);
    p = fork();
    if (p == 0) {
        dup2(pp[1], 1);
        dup2(pp[1], 2);
        close(pp[0]);
        close(pp[1]);
        execl("/bin/sh", "sh", "-c", "echo out; echo err >&2; exit 4", (char *)NULL);
        _exit(99);
    }
    close(pp[1]);
    char buf[256];
    printf("redirected: [%s]", slurp(pp[0], buf, sizeof buf));
    close(pp[0]);
    waitpid(p, &st, 0);
    status(" sh", st);
    /* posix_spawn with file actions: stdin from a file, stdout to a pipe */
    char name[] = "spawn-XXXXXX";
    int fd = mkstemp(name);
    write(fd, "banana\napple\ncherry\n", 20);
    close(fd);
    pipe(pp);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, name, O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pp[1], 1);
    posix_spawn_file_actions_addclose(&fa, pp[0]);
    posix_spawn_file_actions_addclose(&fa, pp[1]);
    char *sargv[] = { "sort", "-r", NULL };
    r = posix_spawnp(&p, "sort", &fa, NULL, sargv, environ);
    close(pp[1]);
    printf("posix_spawnp %d: [%s]", r, slurp(pp[0], buf, sizeof buf));
    close(pp[0]);
    waitpid(p, &st, 0);
    status(" sort", st);
    posix_spawn_file_actions_destroy(&fa);
    /* (posix_spawn of a missing program: glibc's CLONE_VM|CLONE_VFORK child
     * reports the exec error through shared memory; mimic runs that child as
     * a fork, so it is seen as exit 127 instead of ENOENT: not tested here.) */
    /* system() */
    fflush(stdout);
    status("system exit 3", system("exit 3"));
    status("system kill", system("kill -TERM $$"));
    printf("system(NULL) %d\n", system(NULL) != 0);
    fflush(stdout);
    status("system echo", system("echo from system"));
    /* popen read and write */
    FILE *f = popen("printf 'a\\nb\\nc\\n' | wc -l", "r");
    fgets(buf, sizeof buf, f);
    printf("popen r: %d, ", atoi(buf));
    status("pclose", pclose(f));
    fflush(stdout);
    f = popen("tr a-z A-Z; exit 6", "w");
    fputs("shout\n", f);
    st = pclose(f);
    status("popen w pclose", st);
    /* a #! script */
    char script[] = "script-XXXXXX";
    fd = mkstemp(script);
    const char *body = "#!/bin/sh -e\necho \"script args: $# $1 $2\"\nexit 5\n";
    write(fd, body, strlen(body));
    fchmod(fd, 0755);
    close(fd);
    fflush(stdout);
    p = fork();
    if (p == 0) {
        char path[64];
        snprintf(path, sizeof path, "./%s", script);
        char *av[] = { path, "one", "two words", NULL };
        execv(path, av);
        _exit(98);
    }
    waitpid(p, &st, 0);
    status("script", st);
    chmod(script, 0644);
    p = fork();
    if (p == 0) {
        char path[64];
        snprintf(path, sizeof path, "./%s", script);
        char *av[] = { path, NULL };
        execv(path, av);
        _exit(errno == EACCES ? 13 : 97);
    }
    waitpid(p, &st, 0);
    status("script not executable", st);
    unlink(script);
    /* vfork + exec with a custom environment, and execvp failure */
    fflush(stdout);
    p = vfork();
    if (p == 0) {
        char *av[] = { "sh", "-c", "echo \"env: $ONLY\"; exit 2", NULL };
        char *ev[] = { "ONLY=this", NULL };
        execve("/bin/sh", av, ev);
        _exit(99);
    }
    waitpid(p, &st, 0);
    status("vfork", st);
    p = fork();
    if (p == 0) {
        char *av[] = { "no-such-command-xyz", NULL };
        execvp(av[0], av);
        _exit(errno == ENOENT ? 127 : 96);
    }
    waitpid(p, &st, 0);
    status("execvp missing", st);
    unlink(name);
    return 0;
}
