/*
 * msvcrt/system.c - system() and _wsystem().
 *
 * msvcrt runs "%COMSPEC% /c command" and returns cmd's exit code. When the
 * prefix has a command interpreter at %COMSPEC%, that is what happens here
 * too. Otherwise a small built-in stands in for "cmd /c" with the commands
 * programs commonly hand to system(): "exit [/b] [n]", "echo [text]",
 * "rem", "cd dir", "pause" (not interactive: returns at once) and running a
 * program (searched as cmd does: current directory, then PATH, adding
 * .exe), waiting for it and returning its exit code. An unknown command
 * gets cmd's message on stderr and cmd's exit code for it, 9009. Pipes,
 * redirections and command chaining ('|', '<', '>', '&') are not
 * interpreted: such a command fails with -1 and errno ENOEXEC, and says so
 * on stderr, rather than run something else than was asked.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/debug.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

DEBUG_CHANNEL(msvcrt);

/* STARTUPINFOA and PROCESS_INFORMATION as the guest (and kernel32) see them. */
struct startup_info {
    DWORD cb;
    char *reserved, *desktop, *title;
    DWORD x, y, xsize, ysize, xchars, ychars, fill, flags;
    WORD show, reserved2;
    BYTE *reserved3;
    HANDLE in, out, err;
};
_Static_assert(sizeof(struct startup_info) == 104, "STARTUPINFOA");
struct process_info { HANDLE process, thread; DWORD pid, tid; };

extern WINAPI BOOL kernel32_CreateProcessA(const char *app, char *cmdline, SECURITY_ATTRIBUTES *psa,
                                           SECURITY_ATTRIBUTES *tsa, BOOL inherit, DWORD flags, void *env,
                                           const char *cwd, void *si, void *pi);
extern WINAPI DWORD kernel32_WaitForSingleObject(HANDLE h, DWORD ms);
extern WINAPI BOOL kernel32_GetExitCodeProcess(HANDLE h, DWORD *code);
extern WINAPI BOOL kernel32_CloseHandle(HANDLE h);
extern WINAPI HANDLE kernel32_GetStdHandle(DWORD which);
extern WINAPI BOOL kernel32_WriteFile(HANDLE h, const void *buf, DWORD n, DWORD *done, void *ov);
extern WINAPI DWORD kernel32_SearchPathA(const char *path, const char *file, const char *ext, DWORD size,
                                         char *buf, char **part);
CDECL char *msvcrt_getenv(const char *name);

static void write_std(DWORD which, const char *s)
{
    DWORD done;
    kernel32_WriteFile(kernel32_GetStdHandle(which), s, (DWORD)strlen(s), &done, NULL);
}

static bool win_file_exists(const char *win)
{
    char *h = win ? path_to_host(win) : NULL;
    struct stat st;
    bool ok = h && stat(h, &st) == 0 && S_ISREG(st.st_mode);
    free(h);
    return ok;
}

/* Run app with the command line cmdline; its exit code, or -1 and errno. */
static int run_and_wait(const char *app, const char *cmdline)
{
    struct startup_info si = { .cb = sizeof si };
    struct process_info pi = { 0 };
    char *cl = strdup(cmdline);
    if (!cl) {
        crt_set_errno(CRT_ENOMEM);
        return -1;
    }
    BOOL ok = kernel32_CreateProcessA(app, cl, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    free(cl);
    if (!ok) {
        DWORD e = get_last_error();
        crt_set_doserrno(e);
        crt_set_errno(e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? CRT_ENOENT : CRT_ENOEXEC);
        return -1;
    }
    DWORD code = (DWORD)-1;
    kernel32_WaitForSingleObject(pi.process, INFINITE);
    kernel32_GetExitCodeProcess(pi.process, &code);
    kernel32_CloseHandle(pi.thread);
    kernel32_CloseHandle(pi.process);
    return (int)code;
}

/* The first word of s (quotes removed) into word; returns the rest. */
static const char *first_word(const char *s, char *word, size_t size)
{
    size_t o = 0;
    bool q = false;
    for (; *s && (q || (*s != ' ' && *s != '\t')); s++) {
        if (*s == '"') {
            q = !q;
            continue;
        }
        if (o + 1 < size)
            word[o++] = *s;
    }
    word[o] = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static bool has_operators(const char *s)
{
    bool q = false;
    for (; *s; s++) {
        if (*s == '"')
            q = !q;
        else if (!q && strchr("|<>&", *s))
            return true;
    }
    return false;
}

static int builtin_cmd(const char *cmd)
{
    while (*cmd == ' ' || *cmd == '\t' || *cmd == '@')
        cmd++;
    if (!*cmd)
        return 0;
    if (has_operators(cmd)) {
        FIXME("no command interpreter: pipes, redirections and '&' are not supported (%s)\n", cmd);
        fprintf(stderr, "mimic: system(): no cmd.exe; cannot run \"%s\"\n", cmd);
        crt_set_errno(CRT_ENOEXEC);
        return -1;
    }
    char word[MAX_PATH * 4];
    const char *rest = first_word(cmd, word, sizeof word);
    /* "echo." and "echo," print an empty line */
    if (!strncasecmp(word, "echo", 4) && (word[4] == '.' || word[4] == ',' || word[4] == ':')) {
        write_std(STD_OUTPUT_HANDLE, word + 5);
        if (*rest) {
            write_std(STD_OUTPUT_HANDLE, " ");
            write_std(STD_OUTPUT_HANDLE, rest);
        }
        write_std(STD_OUTPUT_HANDLE, "\r\n");
        return 0;
    }
    if (!strcasecmp(word, "echo")) {
        write_std(STD_OUTPUT_HANDLE, *rest ? rest : "ECHO is on.");
        write_std(STD_OUTPUT_HANDLE, "\r\n");
        return 0;
    }
    if (!strcasecmp(word, "rem") || !strcasecmp(word, "pause"))
        return 0;
    if (!strcasecmp(word, "exit")) {
        char arg[32];
        rest = first_word(rest, arg, sizeof arg);
        if (!strcasecmp(arg, "/b"))
            rest = first_word(rest, arg, sizeof arg);
        return atoi(arg);
    }
    if (!strcasecmp(word, "cd") || !strcasecmp(word, "chdir")) {
        /* It would change cmd's own directory only: just check it. */
        char *h = *rest ? path_to_host(rest) : NULL;
        struct stat st;
        bool ok = !*rest || (h && stat(h, &st) == 0 && S_ISDIR(st.st_mode));
        free(h);
        if (!ok)
            write_std(STD_ERROR_HANDLE, "The system cannot find the path specified.\r\n");
        return ok ? 0 : 1;
    }
    char found[MAX_PATH * 4];
    DWORD n = kernel32_SearchPathA(NULL, word, ".exe", sizeof found, found, NULL);
    if (!n || n >= sizeof found) {
        char msg[MAX_PATH * 4 + 128];
        snprintf(msg, sizeof msg, "'%s' is not recognized as an internal or external command,\r\n"
                 "operable program or batch file.\r\n", word);
        write_std(STD_ERROR_HANDLE, msg);
        return 9009;          /* cmd's exit code for a command it cannot find */
    }
    return run_and_wait(found, cmd);
}

CDECL int msvcrt_system(const char *cmd)
{
    const char *comspec = msvcrt_getenv("COMSPEC");
    bool have_cmd = comspec && win_file_exists(comspec);
    if (!cmd)
        return 1;       /* the built-in always stands ready */
    if (have_cmd) {
        size_t n = strlen(comspec) + strlen(cmd) + 16;
        char *line = malloc(n);
        if (!line) {
            crt_set_errno(CRT_ENOMEM);
            return -1;
        }
        snprintf(line, n, "\"%s\" /c %s", comspec, cmd);
        int r = run_and_wait(comspec, line);
        free(line);
        return r;
    }
    return builtin_cmd(cmd);
}

CDECL int msvcrt__wsystem(const WCHAR *cmd)
{
    if (!cmd)
        return msvcrt_system(NULL);
    char *a = utf16_to_utf8_alloc(cmd);
    if (!a) {
        crt_set_errno(CRT_ENOMEM);
        return -1;
    }
    int r = msvcrt_system(a);
    free(a);
    return r;
}
