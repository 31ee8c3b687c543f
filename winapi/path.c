/*
 * path.c - Windows <-> host path mapping (see path.h).
 */
#include "winapi/path.h"
#include "winapi/process.h"
#include "winapi/teb.h"
#include "winapi/error.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t cwd_lock = PTHREAD_MUTEX_INITIALIZER;
static char *cwd_win;
static char *c_drive;

static void mkdirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return;
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    }
    mkdir(p, 0755);
    free(p);
}

const char *prefix_c_drive(void)
{
    if (!c_drive) {
        const char *env = getenv("MIMIC_PREFIX");
        char buf[4096];
        if (env && *env) {
            snprintf(buf, sizeof buf, "%s", env);
        } else {
            const char *home = getenv("HOME");
            snprintf(buf, sizeof buf, "%s/.mimic/c", home && *home ? home : "/tmp");
        }
        mkdirs(buf);
        char sub[4200];
        snprintf(sub, sizeof sub, "%s/windows/system32", buf);
        mkdirs(sub);
        snprintf(sub, sizeof sub, "%s/windows/temp", buf);
        mkdirs(sub);
        snprintf(sub, sizeof sub, "%s/users/mimic", buf);
        mkdirs(sub);
        char *r = realpath(buf, NULL);
        c_drive = r ? r : strdup(buf);
    }
    return c_drive;
}

static bool is_sep(char c) { return c == '\\' || c == '/'; }

char *path_full_win(const char *win)
{
    if (!win || !*win) {
        set_last_error(ERROR_INVALID_NAME);
        return NULL;
    }
    if (!strncmp(win, "\\\\?\\", 4) || !strncmp(win, "\\\\.\\", 4))
        win += 4;
    const char *cwd = path_get_cwd();
    size_t len = strlen(win) + strlen(cwd) + 4;
    char *tmp = malloc(len), *out = malloc(len);
    if (!tmp || !out) {
        free(tmp);
        free(out);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    char drive = 0;
    if (((win[0] | 32) >= 'a' && (win[0] | 32) <= 'z') && win[1] == ':') {
        drive = win[0] & ~32;
        if (is_sep(win[2]))
            snprintf(tmp, len, "%c:%s", drive, win + 2);
        else if (drive == cwd[0])   /* "C:foo": relative to that drive's current directory */
            snprintf(tmp, len, "%s\\%s", cwd, win + 2);
        else
            snprintf(tmp, len, "%c:\\%s", drive, win + 2);
    } else if (is_sep(win[0])) {
        snprintf(tmp, len, "%c:%s", cwd[0], win);
    } else {
        snprintf(tmp, len, "%s\\%s", cwd, win);
    }
    /* Collapse separators, resolve . and .., strip trailing dots and spaces of components. */
    size_t o = 2;
    out[0] = tmp[0];
    out[1] = ':';
    const char *p = tmp + 2;
    while (*p) {
        while (is_sep(*p))
            p++;
        const char *e = p;
        while (*e && !is_sep(*e))
            e++;
        size_t n = (size_t)(e - p);
        if (n == 1 && p[0] == '.') {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 2 && out[o - 1] != '\\')
                o--;
            if (o > 2)
                o--;
        } else if (n) {
            size_t m = n;
            while (m > 0 && (p[m - 1] == '.' || p[m - 1] == ' ') && !(m == n && *e == 0 && 0))
                m--;
            if (m == 0)
                m = n;
            out[o++] = '\\';
            memcpy(out + o, p, m);
            o += m;
        }
        p = e;
    }
    if (o == 2)
        out[o++] = '\\';
    /* A trailing separator in the input is kept (it names a directory). */
    size_t wl = strlen(win);
    if (wl && is_sep(win[wl - 1]) && out[o - 1] != '\\')
        out[o++] = '\\';
    out[o] = 0;
    free(tmp);
    return out;
}

/* Append component comp (n bytes) to host path buf, matching case-insensitively. */
static void append_component(char *buf, size_t cap, const char *comp, size_t n)
{
    size_t len = strlen(buf);
    char want[1024];
    if (n >= sizeof want)
        n = sizeof want - 1;
    memcpy(want, comp, n);
    want[n] = 0;
    const char *use = want;
    char found[1024];
    struct stat st;
    snprintf(buf + len, cap - len, "%s%s", len && buf[len - 1] == '/' ? "" : "/", want);
    if (lstat(buf, &st) != 0) {
        buf[len] = 0;
        DIR *d = opendir(len ? buf : "/");
        if (d) {
            struct dirent *de;
            while ((de = readdir(d))) {
                if (!strcasecmp(de->d_name, want)) {
                    snprintf(found, sizeof found, "%s", de->d_name);
                    use = found;
                    break;
                }
            }
            closedir(d);
        }
        snprintf(buf + len, cap - len, "%s%s", len && buf[len - 1] == '/' ? "" : "/", use);
    }
}

char *path_to_host(const char *win)
{
    /* DOS device names */
    const char *base = win;
    for (const char *p = win; *p; p++)
        if (is_sep(*p) || *p == ':')
            base = p + 1;
    if (!strcasecmp(base, "nul") || !strcasecmp(base, "nul:"))
        return strdup("/dev/null");
    if (!strcasecmp(win, "con") || !strcasecmp(win, "conin$") || !strcasecmp(win, "conout$"))
        return strdup("/dev/tty");
    char *full = path_full_win(win);
    if (!full)
        return NULL;
    const char *root;
    switch (full[0]) {
    case 'C': root = prefix_c_drive(); break;
    case 'Z': root = ""; break;
    default:
        free(full);
        set_last_error(ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    size_t cap = strlen(root) + strlen(full) * 2 + 16;
    char *buf = malloc(cap > 4096 ? cap : 4096);
    if (!buf) {
        free(full);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    cap = cap > 4096 ? cap : 4096;
    snprintf(buf, cap, "%s", root);
    const char *p = full + 2;
    while (*p) {
        while (*p == '\\')
            p++;
        const char *e = p;
        while (*e && *e != '\\')
            e++;
        if (e > p)
            append_component(buf, cap, p, (size_t)(e - p));
        p = e;
    }
    if (!buf[0])
        strcpy(buf, "/");
    free(full);
    return buf;
}

char *path_to_win(const char *host)
{
    char *abs = realpath(host, NULL);
    if (!abs) {
        if (host[0] == '/') {
            abs = strdup(host);
        } else {
            char cwd[4096];
            if (!getcwd(cwd, sizeof cwd))
                return NULL;
            size_t n = strlen(cwd) + strlen(host) + 2;
            abs = malloc(n);
            if (abs)
                snprintf(abs, n, "%s/%s", cwd, host);
        }
        if (!abs)
            return NULL;
    }
    const char *c = prefix_c_drive();
    size_t cl = strlen(c);
    const char *rest;
    char drive;
    if (!strncmp(abs, c, cl) && (abs[cl] == '/' || abs[cl] == 0)) {
        drive = 'C';
        rest = abs + cl;
    } else {
        drive = 'Z';
        rest = abs;
    }
    size_t n = strlen(rest) + 4;
    char *out = malloc(n);
    if (out) {
        snprintf(out, n, "%c:%s", drive, *rest ? rest : "\\");
        for (char *p = out; *p; p++)
            if (*p == '/')
                *p = '\\';
    }
    free(abs);
    return out;
}

const char *path_get_cwd(void)
{
    pthread_mutex_lock(&cwd_lock);
    if (!cwd_win) {
        char buf[4096];
        cwd_win = getcwd(buf, sizeof buf) ? path_to_win(buf) : NULL;
        if (!cwd_win)
            cwd_win = strdup("C:\\");
    }
    const char *r = cwd_win;
    pthread_mutex_unlock(&cwd_lock);
    return r;
}

bool path_set_cwd(const char *win)
{
    char *full = path_full_win(win);
    if (!full)
        return false;
    size_t n = strlen(full);
    if (n > 3 && full[n - 1] == '\\')
        full[n - 1] = 0;
    char *host = path_to_host(full);
    struct stat st;
    if (!host || stat(host, &st) != 0 || !S_ISDIR(st.st_mode) || chdir(host) != 0) {
        set_last_error(host && errno != ENOENT ? win32_error_from_errno(errno) : ERROR_PATH_NOT_FOUND);
        if (host && stat(host, &st) == 0 && !S_ISDIR(st.st_mode))
            set_last_error(ERROR_DIRECTORY);
        free(host);
        free(full);
        return false;
    }
    free(host);
    /* Keep Windows' spelling as the program gave it, but fix the case from the host. */
    pthread_mutex_lock(&cwd_lock);
    free(cwd_win);
    cwd_win = full;
    pthread_mutex_unlock(&cwd_lock);
    return true;
}
