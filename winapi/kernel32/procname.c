/*
 * kernel32/procname.c - how CreateProcess reads a command line: splitting
 * it into arguments the way CommandLineToArgvW does (for programs that are
 * not PE files, run directly), and finding the program a name or a command
 * line designates (.exe appended, the directories Windows searches, the
 * unquoted-name-with-blanks rule).
 */
#include "winapi/kernel32/sync.h"
#include "winapi/path.h"
#include "winapi/process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The arguments of a command line as CommandLineToArgvW splits them: the
 * first (the program) ends at the closing quote or a blank; then 2n
 * backslashes + quote = n backslashes and a quote toggle, 2n+1 + quote = n
 * backslashes and a literal quote, a doubled quote inside quotes a literal one. */
char **split_command_line(const char *s, int *argc)
{
    size_t cap = 8, n = 0;
    char **argv = malloc(cap * sizeof *argv);
    char *buf = malloc(strlen(s) + 1);
    if (!argv || !buf) {
        free(argv);
        free(buf);
        return NULL;
    }
    const char *p = s;
    bool first = true;
    for (;;) {
        if (!first)
            while (*p == ' ' || *p == '\t')
                p++;
        if (!*p && !first)
            break;
        size_t o = 0;
        if (first) {
            if (*p == '"') {
                for (p++; *p && *p != '"'; p++)
                    buf[o++] = *p;
                if (*p)
                    p++;
            } else {
                for (; *p && *p != ' ' && *p != '\t'; p++)
                    buf[o++] = *p;
            }
            first = false;
        } else {
            bool quoted = false;
            while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
                if (*p == '\\') {
                    size_t bs = 0;
                    while (*p == '\\') {
                        bs++;
                        p++;
                    }
                    if (*p == '"') {
                        for (size_t i = 0; i < bs / 2; i++)
                            buf[o++] = '\\';
                        if (bs & 1) {
                            buf[o++] = '"';
                            p++;
                        }
                    } else {
                        for (size_t i = 0; i < bs; i++)
                            buf[o++] = '\\';
                    }
                } else if (*p == '"') {
                    if (quoted && p[1] == '"') {
                        buf[o++] = '"';
                        p += 2;
                    } else {
                        quoted = !quoted;
                        p++;
                    }
                } else {
                    buf[o++] = *p++;
                }
            }
        }
        if (n + 2 > cap) {
            cap *= 2;
            char **a = realloc(argv, cap * sizeof *a);
            if (!a)
                break;
            argv = a;
        }
        argv[n] = strndup(buf, o);
        if (!argv[n])
            break;
        n++;
    }
    free(buf);
    argv[n] = NULL;
    *argc = (int)n;
    return argv;
}

void free_argv(char **argv)
{
    if (argv)
        for (char **a = argv; *a; a++)
            free(*a);
    free(argv);
}

static bool is_file(const char *host)
{
    struct stat st;
    return host && stat(host, &st) == 0 && S_ISREG(st.st_mode);
}

/* A Windows file name (maybe without its .exe) to an existing host file:
 * names with a directory part are taken as they are; bare names are looked
 * for where CreateProcess looks: the program's directory, the current
 * directory, the system directories, then PATH. */
char *find_program(const char *name)
{
    size_t len = strlen(name);
    const char *base = name;
    for (const char *q = name; *q; q++)
        if (*q == '\\' || *q == '/' || *q == ':')
            base = q + 1;
    bool has_ext = strchr(base, '.') != NULL;
    char *tries[2];
    int ntries = 0;
    tries[ntries++] = strdup(name);
    if (!has_ext) {
        char *e = malloc(len + 5);
        if (e) {
            memcpy(e, name, len);
            memcpy(e + len, ".exe", 5);
        }
        /* An extension-less name is the .exe first, as Windows. */
        tries[1] = tries[0];
        tries[0] = e;
        ntries = 2;
    }
    char *found = NULL;
    bool has_dir = base != name;
    for (int t = 0; t < ntries && !found; t++) {
        if (!tries[t])
            continue;
        if (has_dir) {
            char *h = path_to_host(tries[t]);
            if (is_file(h))
                found = h;
            else
                free(h);
            continue;
        }
        /* Directories to search, as Windows paths. */
        char *dirs[8];
        int nd = 0;
        const char *exe = process_image_host_path();
        char *exe_win = exe ? path_to_win(exe) : NULL;
        if (exe_win) {
            char *slash = strrchr(exe_win, '\\');
            if (slash)
                slash[1] = 0;
            dirs[nd++] = exe_win;
        }
        dirs[nd++] = strdup(".\\");
        dirs[nd++] = strdup("C:\\windows\\system32\\");
        dirs[nd++] = strdup("C:\\windows\\system\\");
        dirs[nd++] = strdup("C:\\windows\\");
        for (int d = 0; d < nd && !found; d++) {
            if (!dirs[d])
                continue;
            size_t n = strlen(dirs[d]) + strlen(tries[t]) + 2;
            char *full = malloc(n);
            if (full) {
                snprintf(full, n, "%s%s", dirs[d], tries[t]);
                char *h = path_to_host(full);
                if (is_file(h))
                    found = h;
                else
                    free(h);
                free(full);
            }
        }
        for (int d = 0; d < nd; d++)
            free(dirs[d]);
        /* PATH: Windows-style (;-separated drive paths) or the host's. */
        const char *path = getenv("PATH");
        if (!found && path) {
            char sep = strchr(path, ';') ? ';' : ':';
            const char *p = path;
            while (*p && !found) {
                const char *e = strchr(p, sep);
                size_t dl = e ? (size_t)(e - p) : strlen(p);
                if (dl) {
                    size_t n = dl + strlen(tries[t]) + 2;
                    char *full = malloc(n);
                    if (full) {
                        snprintf(full, n, "%.*s/%s", (int)dl, p, tries[t]);
                        char *h = sep == ';' ? path_to_host(full) : strdup(full);
                        if (is_file(h))
                            found = h;
                        else
                            free(h);
                        free(full);
                    }
                }
                p += dl + (e ? 1 : 0);
            }
        }
    }
    for (int t = 0; t < ntries; t++)
        free(tries[t]);
    return found;
}

/* Does the directory part of a Windows path name an existing directory
 * (true when there is none)? Tells ERROR_PATH_NOT_FOUND from FILE_NOT_FOUND. */
bool dir_exists_of(const char *name)
{
    const char *base = name;
    for (const char *q = name; *q; q++)
        if (*q == '\\' || *q == '/' || *q == ':')
            base = q + 1;
    if (base == name)
        return true;
    char *dir = strndup(name, (size_t)(base - name));
    char *host = dir ? path_to_host(dir) : NULL;
    struct stat st;
    bool ok = host && stat(host, &st) == 0 && S_ISDIR(st.st_mode);
    free(dir);
    free(host);
    return ok;
}

/* The program a command line names, when CreateProcess got no application
 * name: a quoted first token, else the first token; an unquoted name with
 * blanks is tried at each blank in turn ("c:\program files\a b" tries
 * c:\program, c:\program files\a, then all of it), as Windows does. */
char *program_from_command_line(const char *cmd)
{
    while (*cmd == ' ' || *cmd == '\t')
        cmd++;
    if (*cmd == '"') {
        const char *e = strchr(cmd + 1, '"');
        size_t n = e ? (size_t)(e - cmd - 1) : strlen(cmd + 1);
        char *name = strndup(cmd + 1, n);
        char *h = name ? find_program(name) : NULL;
        free(name);
        return h;
    }
    size_t len = strlen(cmd);
    for (size_t i = 0; i <= len; i++) {
        if (i < len && cmd[i] != ' ' && cmd[i] != '\t')
            continue;
        char *name = strndup(cmd, i);
        char *h = name && *name ? find_program(name) : NULL;
        free(name);
        if (h)
            return h;
        if (i < len && cmd[i] == '\t')
            break;
    }
    return NULL;
}

