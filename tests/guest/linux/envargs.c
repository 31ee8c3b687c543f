/* envargs.c - argv and the environment: argument passing through exec with
 * empty and long arguments, environ contents, setenv/unsetenv/putenv/
 * clearenv semantics, getauxval entries, getopt and getopt_long parsing. */
// i386 reference: x86-64 (the program re-executes itself through /proc/self/exe)
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int child(int argc, char **argv)
{
    printf("child argc %d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("  argv[%d] len %zu '%.20s'\n", i, strlen(argv[i]), argv[i]);
    printf("  argv[argc] null %d\n", argv[argc] == NULL);
    int n = 0;
    for (char **e = environ; *e; e++) {
        if (!strncmp(*e, "MT_", 3)) printf("  env %s\n", *e);
        n++;
    }
    printf("  env count %d\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--child"))
        return child(argc - 1, argv + 1);
    printf("argc %d argv0 set %d\n", argc, argv[0] && argv[0][0]);
    printf("auxv pagesz %lu secure %lu uid match %d hwcap nonzero %d random nonnull %d execfn ok %d\n",
           getauxval(AT_PAGESZ), getauxval(AT_SECURE), getauxval(AT_UID) == getuid(), getauxval(AT_HWCAP) != 0,
           getauxval(AT_RANDOM) != 0, getauxval(AT_EXECFN) != 0 && ((char *)getauxval(AT_EXECFN))[0] != 0);
    errno = 0;
    {
        __typeof__(getauxval(0x7fff)) r0_ = getauxval(0x7fff);
        printf("auxv missing %lu errno %d\n", r0_, errno == ENOENT);
    }
    setenv("MT_A", "1", 1);
    setenv("MT_A", "2", 0);
    printf("setenv no-overwrite %s\n", getenv("MT_A"));
    setenv("MT_A", "3", 1);
    printf("setenv overwrite %s\n", getenv("MT_A"));
    errno = 0;
    {
        __typeof__(setenv("BAD=NAME", "x", 1)) r0_ = setenv("BAD=NAME", "x", 1);
        printf("setenv bad name %d errno %d\n", r0_, errno == EINVAL);
    }
    static char pe[] = "MT_PUT=first";
    putenv(pe);
    pe[7] = 'F';
    printf("putenv aliases storage: %s\n", getenv("MT_PUT"));
    setenv("MT_EMPTY", "", 1);
    printf("empty value '%s' set %d\n", getenv("MT_EMPTY"), getenv("MT_EMPTY") != NULL);
    unsetenv("MT_A");
    printf("unset %p\n", (void *)getenv("MT_A"));
    setenv("MT_EQ", "a=b=c", 1);
    printf("value with = %s\n", getenv("MT_EQ"));
    /* getopt */
    char *gav[] = { "prog", "-ab", "-c", "val", "-dX", "--long", "--opt=7", "--", "-notopt", "file", NULL };
    int gac = 10;
    static struct option lo[] = { { "long", no_argument, NULL, 'L' }, { "opt", required_argument, NULL, 'O' }, { 0 } };
    int o;
    optind = 1;
    opterr = 0;
    printf("getopt:");
    while ((o = getopt_long(gac, gav, "abc:d:", lo, NULL)) != -1)
        printf(" %c=%s", o, optarg ? optarg : "-");
    printf(" rest:");
    for (int i = optind; i < gac; i++) printf(" %s", gav[i]);
    printf("\n");
    char *gav2[] = { "prog", "-z", "-c", NULL };
    optind = 1;
    printf("getopt errors:");
    while ((o = getopt(3, gav2, ":c:")) != -1)
        printf(" %c(optopt %c)", o, optopt);
    printf("\n");
    /* exec with a controlled environment and unusual arguments */
    static char longarg[100001];
    memset(longarg, 'L', sizeof longarg - 1);
    char *av[] = { argv[0], "--child", "", "with space", "tab\there", "ünïcödé", longarg, NULL };
    clearenv();
    setenv("MT_ONE", "1", 1);
    setenv("MT_TWO", "two", 1);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execve("/proc/self/exe", av, environ);
        _exit(99);
    }
    int st;
    waitpid(p, &st, 0);
    printf("child exit %d\n", WEXITSTATUS(st));
    char *empty_env[] = { NULL };
    fflush(stdout);
    p = fork();
    if (p == 0) {
        char *av2[] = { argv[0], "--child", NULL };
        execve("/proc/self/exe", av2, empty_env);
        _exit(99);
    }
    waitpid(p, &st, 0);
    printf("child exit %d\n", WEXITSTATUS(st));
    return 0;
}
