/*
 * path.c - Windows <-> host path mapping (see path.h).
 *
 * Two steps. path_full_win applies the Win32 rules (GetFullPathName): it
 * makes a path absolute against the current directory and collapses it.
 * path_resolve then maps the drive to a host directory and looks every
 * component up case-insensitively: an exact lstat first (the common case,
 * one syscall), and only when that misses a scan of the directory. Nothing
 * is cached, so a file created or renamed by anyone is seen at once.
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

#define ERROR_BAD_NETPATH 53

static pthread_mutex_t cwd_lock = PTHREAD_MUTEX_INITIALIZER;
static char *cwd_win;
static char *c_drive;
static pthread_once_t c_drive_once = PTHREAD_ONCE_INIT;

static void mkdirs(const char *path)
{
    /* Usually all of it exists: one mkdir of the whole path says so (EEXIST)
     * where creating it component by component took one call per level at
     * every start-up. */
    if (!mkdir(path, 0755) || errno != ENOENT)
        return;
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

static void c_drive_init(void)
{
    const char *env = getenv("MIMIC_PREFIX");
    char buf[4096];
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s", env);
    } else {
        const char *home = getenv("HOME");
        snprintf(buf, sizeof buf, "%s/.mimic/c", home && *home ? home : "/tmp");
    }
    static const char *const subdirs[] = { "windows/system32", "windows/temp", "users/mimic" };
    for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
        char sub[4200];
        snprintf(sub, sizeof sub, "%s/%s", buf, subdirs[i]);
        mkdirs(sub);   /* makes buf too */
    }
    char *r = realpath(buf, NULL);
    c_drive = r ? r : strdup(buf);
}

const char *prefix_c_drive(void)
{
    pthread_once(&c_drive_once, c_drive_init);
    return c_drive;
}

static bool is_sep(char c) { return c == '\\' || c == '/'; }
static bool is_letter(char c) { return ((c | 32) >= 'a' && (c | 32) <= 'z'); }

/* ---- case folding ----------------------------------------------------- */

uint32_t path_upcase(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    if ((c >= 0xe0 && c <= 0xfe && c != 0xf7))
        return c - 0x20;
    if (c == 0xff)
        return 0x178;
    if (c >= 0x100 && c <= 0x17f && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17f) {
        /* Latin Extended-A pairs: even upper, odd lower (with two shifted runs) */
        bool odd_lower = !((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e));
        if (odd_lower ? (c & 1) : !(c & 1))
            return c - 1;
        return c;
    }
    if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2)
        return c - 0x20;
    if (c >= 0x430 && c <= 0x44f)
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45f)
        return c - 0x50;
    return c;
}

/* Next code point of s[*i..n) (invalid bytes stand for themselves). */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[(*i)++];
    if (c < 0x80)
        return c;
    int len = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    uint32_t cp = c & (0x3f >> len);
    size_t j = *i;
    for (int k = 0; k < len; k++, j++) {
        if (j >= n || (u[j] & 0xc0) != 0x80)
            return 0xdc00 | c;   /* lone byte: never equal to a real letter */
        cp = (cp << 6) | (u[j] & 0x3f);
    }
    *i = j;
    return cp;
}

bool path_name_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    while (i < alen && j < blen)
        if (path_upcase(next_cp(a, alen, &i)) != path_upcase(next_cp(b, blen, &j)))
            return false;
    return i == alen && j == blen;
}

/* ---- wildcards ---------------------------------------------------------- */

/* The pattern after the Win32 translation to NT's DOS wildcards:
 *   '<' DOS_STAR: any run of characters up to the name's last '.'
 *   '>' DOS_QM:   any one character, or nothing at a '.' or the end
 *   '"' DOS_DOT:  a '.', or nothing at the end of the name
 * (FsRtlIsNameInExpression's rules). Code points, upper-cased unless
 * case-sensitive. */
static bool match_cps(const uint32_t *p, size_t np, const uint32_t *s, size_t ns, size_t last_dot)
{
    size_t pi = 0, si = 0;
    while (pi < np) {
        uint32_t c = p[pi];
        if (c == '*') {
            while (pi < np && p[pi] == '*')
                pi++;
            if (pi == np)
                return true;
            for (size_t k = si; k <= ns; k++)
                if (match_cps(p + pi, np - pi, s + k, ns - k, last_dot == (size_t)-1 || last_dot < k ? (size_t)-1 : last_dot - k))
                    return true;
            return false;
        }
        if (c == '<') {
            /* zero or more characters, never past the last dot */
            size_t limit = last_dot == (size_t)-1 ? ns : last_dot;
            for (size_t k = si; k <= ns; k++) {
                if (match_cps(p + pi + 1, np - pi - 1, s + k, ns - k, last_dot == (size_t)-1 || last_dot < k ? (size_t)-1 : last_dot - k))
                    return true;
                if (k >= limit)
                    break;
            }
            return false;
        }
        if (c == '>') {
            if (si == ns || s[si] == '.') {
                pi++;            /* matches nothing here */
                continue;
            }
            pi++;
            si++;
            continue;
        }
        if (c == '"') {
            if (si == ns) {
                pi++;
                continue;
            }
            if (s[si] != '.')
                return false;
            pi++;
            si++;
            continue;
        }
        if (si == ns || s[si] != c)
            return false;
        pi++;
        si++;
    }
    return si == ns;
}

static size_t to_cps(const char *s, uint32_t *out, size_t cap, bool fold)
{
    size_t n = strlen(s), i = 0, k = 0;
    while (i < n && k < cap) {
        uint32_t c = next_cp(s, n, &i);
        out[k++] = fold ? path_upcase(c) : c;
    }
    return k;
}

bool path_wildcard_match(const char *pattern, const char *name, bool case_sensitive)
{
    uint32_t p[520], s[520];
    size_t np = to_cps(pattern, p, 520, !case_sensitive);
    size_t ns = to_cps(name, s, 520, !case_sensitive);
    if (np == 3 && p[0] == '*' && p[1] == '.' && p[2] == '*')
        return true;
    /* Win32's translation (kernelbase FindFirstFileExW) */
    for (size_t i = 0; i < np; i++) {
        if (p[i] == '?')
            p[i] = '>';
        else if (p[i] == '*' && i + 1 < np && p[i + 1] == '.')
            p[i] = '<';
        else if (p[i] == '.' && (i + 1 == np || p[i + 1] == '?' || p[i + 1] == '*'))
            p[i] = '"';
    }
    size_t last_dot = (size_t)-1;
    for (size_t i = 0; i < ns; i++)
        if (s[i] == '.')
            last_dot = i;
    return match_cps(p, np, s, ns, last_dot);
}

/* ---- full path names ------------------------------------------------------ */

size_t path_dos_device(const char *win, size_t *off)
{
    size_t n = strlen(win);
    size_t start = 0;
    if (is_sep(win[0]) && is_sep(win[1]))
        return 0;   /* UNC and device paths name no DOS device (\\.\CON aside, handled by callers) */
    if (is_letter(win[0]) && win[1] == ':')
        start = 2;
    size_t end = n;
    while (end > start && win[end - 1] == ':')
        end--;
    size_t b = end;
    while (b > start && !is_sep(win[b - 1]))
        b--;
    size_t e = b;
    while (e < end && win[e] != '.' && win[e] != ':')
        e++;
    while (e > b && win[e - 1] == ' ')
        e--;
    size_t len = e - b;
    const char *s = win + b;
    bool dev = false;
    if (len == 3)
        dev = !strncasecmp(s, "nul", 3) || !strncasecmp(s, "con", 3) || !strncasecmp(s, "aux", 3) ||
              !strncasecmp(s, "prn", 3);
    else if (len == 4)
        dev = (!strncasecmp(s, "com", 3) || !strncasecmp(s, "lpt", 3)) && s[3] >= '1' && s[3] <= '9';
    if (!dev)
        return 0;
    if (off)
        *off = b;
    return len;
}

/* Collapse buf in place after its first root bytes, as Win32 does:
 * separators become '\' (runs of them one), '.' components go, '..' removes
 * the previous one (never the root), a trailing '.' of a directory name goes,
 * and trailing dots and spaces of the whole path go. */
static void collapse(char *buf, size_t root)
{
    size_t o = root, i = root;
    size_t n = strlen(buf);
    for (size_t k = 0; k < n; k++)
        if (buf[k] == '/')
            buf[k] = '\\';
    while (i < n) {
        if (buf[i] == '\\') {
            if (o == 0 || buf[o - 1] != '\\')
                buf[o++] = '\\';
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && buf[e] != '\\')
            e++;
        size_t len = e - i;
        if ((len == 1 && buf[i] == '.') || (len == 2 && buf[i] == '.' && buf[i + 1] == '.')) {
            /* the separator before "." or ".." goes; ".." also takes the
             * component before it (never the root) */
            if (o > root && buf[o - 1] == '\\')
                o--;
            if (len == 2) {
                while (o > root && buf[o - 1] != '\\')
                    o--;
                if (o > root)
                    o--;
            }
            i = e;
            continue;
        }
        memmove(buf + o, buf + i, len);
        o += len;
        i = e;
        if (i < n && buf[o - 1] == '.')
            o--;     /* "dir.\x" -> "dir\x" */
    }
    while (o > root && (buf[o - 1] == '.' || buf[o - 1] == ' '))
        o--;
    buf[o] = 0;
}

char *path_full_win(const char *win)
{
    if (!win || !*win) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    size_t doff, dlen = path_dos_device(win, &doff);
    if (dlen) {
        char *r = malloc(dlen + 5);
        if (r) {
            memcpy(r, "\\\\.\\", 4);
            memcpy(r + 4, win + doff, dlen);
            r[4 + dlen] = 0;
        }
        return r;
    }
    char *cwd = path_cwd_dup();
    size_t len = strlen(win) + (cwd ? strlen(cwd) : 0) + 8;
    char *buf = malloc(len);
    if (!buf || !cwd) {
        free(buf);
        free(cwd);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    size_t root;
    if (is_sep(win[0]) && is_sep(win[1])) {
        if ((win[2] == '.' || win[2] == '?') && is_sep(win[3])) {
            /* \\.\ (and, for GetFullPathName, \\?\): the prefix is the root */
            snprintf(buf, len, "\\\\%c\\%s", win[2], win + 4);
            root = 4;
        } else {
            /* UNC: \\server\share is the root */
            snprintf(buf, len, "\\\\%s", win + 2);
            size_t k = 2;
            for (int part = 0; part < 2 && buf[k]; part++) {
                while (buf[k] && !is_sep(buf[k]))
                    k++;
                if (part == 0 && buf[k])
                    k++;
            }
            root = k;
        }
    } else if (is_letter(win[0]) && win[1] == ':') {
        char drive = win[0];   /* its case is kept, as Windows does */
        if (is_sep(win[2]))
            snprintf(buf, len, "%c:\\%s", drive, win + 3);
        else if ((drive & ~32) == (cwd[0] & ~32))   /* "C:foo": relative to that drive's current directory */
            snprintf(buf, len, "%s\\%s", cwd, win + 2);
        else
            snprintf(buf, len, "%c:\\%s", drive, win + 2);
        root = 3;
    } else if (is_sep(win[0])) {
        snprintf(buf, len, "%c:\\%s", cwd[0], win + 1);
        root = 3;
    } else {
        snprintf(buf, len, "%s\\%s", cwd, win);
        root = 3;
    }
    free(cwd);
    if (root == 3 && strlen(buf) >= 3)
        buf[2] = '\\';
    collapse(buf, root);
    return buf;
}

/* ---- host mapping ------------------------------------------------------- */

static bool bad_name_char(unsigned char c)
{
    return c < 0x20 || c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*';
}

/* Append component comp (n bytes) to the host path in *buf (length *len,
 * capacity *cap), matching case-insensitively when the exact name is absent.
 * Returns whether it exists. */
static bool append_component(char **buf, size_t *len, size_t *cap, const char *comp, size_t n, bool lookup)
{
    if (*len + n + 2 > *cap) {
        size_t nc = (*len + n + 2) * 2;
        char *nb = realloc(*buf, nc);
        if (!nb)
            return false;
        *buf = nb;
        *cap = nc;
    }
    char *b = *buf;
    size_t base = *len;
    if (base == 0 || b[base - 1] != '/')
        b[base++] = '/';
    memcpy(b + base, comp, n);
    b[base + n] = 0;
    *len = base + n;
    if (!lookup)
        return false;
    struct stat st;
    if (lstat(b, &st) == 0)
        return true;
    if (errno != ENOENT)
        return false;
    b[base] = 0;
    DIR *d = opendir(base ? b : "/");
    b[base] = comp[0];
    memcpy(b + base, comp, n);
    b[base + n] = 0;
    if (!d)
        return false;
    bool found = false;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t dl = strlen(de->d_name);
        if (dl == n && path_name_equal(de->d_name, dl, comp, n)) {
            memcpy(b + base, de->d_name, n);
            found = true;
            break;
        }
        if (path_name_equal(de->d_name, dl, comp, n)) {
            /* same name with a different UTF-8 length (folding across byte lengths) */
            if (*len - n + dl + 2 > *cap) {
                size_t nc = (*len + dl + 2) * 2;
                char *nb = realloc(*buf, nc);
                if (!nb)
                    break;
                *buf = b = nb;
                *cap = nc;
            }
            memcpy(b + base, de->d_name, dl);
            b[base + dl] = 0;
            *len = base + dl;
            found = true;
            break;
        }
    }
    closedir(d);
    return found;
}

void host_path_free(struct host_path *hp)
{
    free(hp->path);
    hp->path = NULL;
}

DWORD host_path_missing_error(const struct host_path *hp)
{
    return hp->parent_exists ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
}

static bool is_name(const char *s, const char *name)
{
    if (is_sep(s[0]) && is_sep(s[1]) && s[2] == '.' && is_sep(s[3]))
        s += 4;
    return !strcasecmp(s, name);
}

bool path_resolve(const char *win, struct host_path *out)
{
    memset(out, 0, sizeof *out);
    if (!win || !*win) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return false;
    }
    if (is_name(win, "conin$") || is_name(win, "conout$")) {
        out->device = (win[strlen(win) - 2] | 32) == 'n' ? PATH_DEV_CONIN : PATH_DEV_CONOUT;
        out->exists = true;
        return true;
    }
    size_t doff, dlen = path_dos_device(win, &doff);
    if (dlen || is_name(win, "con") || is_name(win, "nul")) {
        const char *dev = dlen ? win + doff : win + strlen(win) - 3;
        if (!strncasecmp(dev, "nul", 3)) {
            out->device = PATH_DEV_NULL;
            out->path = strdup("/dev/null");
        } else if (!strncasecmp(dev, "con", 3) && (dlen ? dlen : 3) == 3) {
            out->device = PATH_DEV_CON;
        } else {
            set_last_error(ERROR_FILE_NOT_FOUND);   /* AUX, PRN, COMn, LPTn: none here */
            return false;
        }
        out->exists = true;
        return true;
    }
    size_t wl = strlen(win);
    out->trailing_sep = is_sep(win[wl - 1]);
    char *full;
    const char *p;
    if (win[0] == '\\' && win[1] == '\\' && win[2] == '?' && win[3] == '\\') {
        full = strdup(win + 4);    /* verbatim: no collapsing */
        if (!full) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
    } else {
        full = path_full_win(win);
        if (!full)
            return false;
        if (full[0] == '\\' && full[1] == '\\' && full[2] == '.' && full[3] == '\\')
            memmove(full, full + 4, strlen(full + 4) + 1);
    }
    if (!is_letter(full[0]) || full[1] != ':' || (full[2] && !is_sep(full[2]))) {
        set_last_error(full[0] == '\\' ? ERROR_BAD_NETPATH : ERROR_PATH_NOT_FOUND);
        free(full);
        return false;
    }
    const char *root;
    switch (full[0] & ~32) {
    case 'C': root = prefix_c_drive(); break;
    case 'Z': root = ""; break;
    default:
        free(full);
        set_last_error(ERROR_PATH_NOT_FOUND);
        return false;
    }
    size_t cap = strlen(root) + strlen(full) + 64, len = strlen(root);
    char *buf = malloc(cap);
    if (!buf) {
        free(full);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    memcpy(buf, root, len + 1);
    /* Check the names first: a bad character anywhere is ERROR_INVALID_NAME. */
    for (p = full + 2; *p; p++) {
        if (!is_sep(*p) && bad_name_char((unsigned char)*p)) {
            free(full);
            free(buf);
            set_last_error(ERROR_INVALID_NAME);
            return false;
        }
    }
    bool parent_ok = true, exists = true;
    p = full + 2;
    while (*p) {
        while (is_sep(*p))
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && !is_sep(*e))
            e++;
        const char *next = e;
        while (is_sep(*next))
            next++;
        bool last = !*next;
        if (!exists)
            parent_ok = false;
        exists = append_component(&buf, &len, &cap, p, (size_t)(e - p), parent_ok);
        if (!last && exists) {
            struct stat st;
            if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
                exists = false;
        }
        p = e;
    }
    if (len == 0) {
        buf[0] = '/';
        buf[1] = 0;
    }
    free(full);
    out->path = buf;
    out->parent_exists = parent_ok;
    out->exists = exists;
    struct stat st;
    out->is_dir = exists && stat(buf, &st) == 0 && S_ISDIR(st.st_mode);
    return true;
}

char *path_to_host(const char *win)
{
    struct host_path hp;
    if (!path_resolve(win, &hp))
        return NULL;
    if (hp.device == PATH_DEV_CON || hp.device == PATH_DEV_CONIN || hp.device == PATH_DEV_CONOUT)
        return strdup("/dev/tty");
    return hp.path;
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
        for (char *q = out; *q; q++)
            if (*q == '/')
                *q = '\\';
    }
    free(abs);
    return out;
}

/* ---- current directory ---------------------------------------------------- */

static void cwd_init_locked(void)
{
    if (!cwd_win) {
        char buf[4096];
        cwd_win = getcwd(buf, sizeof buf) ? path_to_win(buf) : NULL;
        if (!cwd_win)
            cwd_win = strdup("C:\\");
    }
}

const char *path_get_cwd(void)
{
    /* A per-thread copy: another thread's SetCurrentDirectory cannot free it. */
    static __thread char *copy;
    char *c = path_cwd_dup();
    if (c) {
        free(copy);
        copy = c;
    }
    return copy ? copy : "C:\\";
}

char *path_cwd_dup(void)
{
    pthread_mutex_lock(&cwd_lock);
    cwd_init_locked();
    char *r = cwd_win ? strdup(cwd_win) : NULL;
    pthread_mutex_unlock(&cwd_lock);
    return r;
}

/* Keep the PEB's copy (RtlGetCurrentDirectory_U, programs reading it) in step:
 * Windows stores it with a trailing '\'. */
static void update_peb_cwd(const char *win)
{
    struct peb *peb = peb_get();
    if (!peb || !peb->process_parameters)
        return;
    UNICODE_STRING *u = &peb->process_parameters->current_directory;
    size_t n = strlen(win);
    WCHAR *w = malloc((n + 2) * sizeof *w);
    if (!w)
        return;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = next_cp(win, n, &i);
        if (c >= 0x10000) {
            c -= 0x10000;
            w[k++] = (WCHAR)(0xd800 | (c >> 10));
            w[k++] = (WCHAR)(0xdc00 | (c & 0x3ff));
        } else {
            w[k++] = (WCHAR)c;
        }
        if (k > n)
            break;
    }
    if (k && w[k - 1] != '\\')
        w[k++] = '\\';
    w[k] = 0;
    /* The old buffer is left alone: another thread may be reading it. */
    u->Buffer = w;
    u->Length = (USHORT)(k * 2);
    u->MaximumLength = (USHORT)(k * 2 + 2);
}

bool path_set_cwd(const char *win)
{
    struct host_path hp;
    if (!path_resolve(win, &hp))
        return false;
    if (hp.device != PATH_FILE) {
        host_path_free(&hp);
        set_last_error(ERROR_DIRECTORY);
        return false;
    }
    if (!hp.exists) {
        set_last_error(host_path_missing_error(&hp));
        host_path_free(&hp);
        return false;
    }
    if (!hp.is_dir) {
        host_path_free(&hp);
        set_last_error(ERROR_DIRECTORY);
        return false;
    }
    if (chdir(hp.path) != 0) {
        set_last_error_from_errno();
        host_path_free(&hp);
        return false;
    }
    /* Windows keeps the path as the program spelt it (made full), not the disk's case. */
    char *full = path_full_win(win);
    if (!full) {
        host_path_free(&hp);
        return false;
    }
    size_t n = strlen(full);
    if (n > 3 && full[n - 1] == '\\')
        full[n - 1] = 0;
    host_path_free(&hp);
    pthread_mutex_lock(&cwd_lock);
    free(cwd_win);   /* nobody holds it: path_get_cwd hands out copies */
    cwd_win = full;
    update_peb_cwd(full);
    pthread_mutex_unlock(&cwd_lock);
    return true;
}
