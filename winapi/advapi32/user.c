/*
 * user.c - advapi32's user name and random numbers: GetUserNameA/W (the
 * host user's login name, as Wine gives), SystemFunction036 a.k.a.
 * RtlGenRandom and the CryptGenRandom side of CryptoAPI, both on the
 * host's getrandom(). Crypto contexts here serve random numbers only: key
 * functions are not exported, so a program that needs them fails by name.
 */
#include "winapi/advapi32/advapi32.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"

#include <errno.h>
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

DEBUG_CHANNEL(advapi);

/* ---- user name ------------------------------------------------------------ */

/* The login name of the host user, as UTF-16 in a malloc'd buffer. */
static WCHAR *user_name(size_t *len)
{
    const char *name = NULL;
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && *pw->pw_name)
        name = pw->pw_name;
    else if ((name = getenv("USER")) == NULL || !*name)
        name = "mimic";
    WCHAR *w = utf8_to_utf16_alloc(name);
    if (!w)
        return NULL;
    size_t n = reg_wlen(w);
    /* Programs build object names from it: no path separators (Wine does the same). */
    for (size_t i = 0; i < n; i++)
        if (w[i] == '\\' || w[i] == '/')
            w[i] = '_';
    *len = n;
    return w;
}

BOOL WINAPI advapi32_GetUserNameW(LPWSTR buf, DWORD *size)
{
    if (!size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    size_t len;
    WCHAR *name = user_name(&len);
    if (!name) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    BOOL ok = FALSE;
    if (len + 1 > *size || !buf) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
    } else {
        memcpy(buf, name, (len + 1) * sizeof *buf);
        ok = TRUE;
    }
    *size = (DWORD)len + 1;
    free(name);
    return ok;
}

BOOL WINAPI advapi32_GetUserNameA(LPSTR buf, DWORD *size)
{
    if (!size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    size_t len;
    WCHAR *name = user_name(&len);
    if (!name) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    BOOL ok = FALSE;
    /* One ANSI byte per UTF-16 unit in code page 1252. */
    if (len + 1 > *size || !buf) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
    } else {
        wide_to_ansi(name, len + 1, buf);
        ok = TRUE;
    }
    *size = (DWORD)len + 1;
    free(name);
    return ok;
}

/* ---- random --------------------------------------------------------------- */

static bool fill_random(void *buf, size_t len)
{
    BYTE *p = buf;
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* RtlGenRandom: BOOLEAN, no last error (it is an ntdll-style function). */
BOOLEAN WINAPI advapi32_SystemFunction036(void *buf, ULONG len)
{
    if (!len)
        return TRUE;
    if (!buf)
        return FALSE;
    return fill_random(buf, len);
}

#define CRYPT_VERIFYCONTEXT     0xf0000000u
#define CRYPT_NEWKEYSET         0x00000008u
#define CRYPT_DELETEKEYSET      0x00000010u
#define CRYPT_MACHINE_KEYSET    0x00000020u
#define CRYPT_SILENT            0x00000040u
#define NTE_BAD_FLAGS           0x80090009u
#define NTE_BAD_PROV_TYPE       0x80090014u
#define NTE_BAD_UID             0x80090001u
#define PROV_MAGIC              0x766f7270u      /* "prov" */

struct crypt_prov {
    DWORD magic;
    DWORD type;
};

typedef ULONG_PTR HCRYPTPROV;

/* Live contexts: a handle is only dereferenced once found here, so a bad
 * one from the program is an error, not a crash. */
static pthread_mutex_t prov_lock = PTHREAD_MUTEX_INITIALIZER;
static struct crypt_prov **provs;
static size_t nprovs, capprovs;

static bool prov_add(struct crypt_prov *p)
{
    pthread_mutex_lock(&prov_lock);
    bool ok = true;
    if (nprovs == capprovs) {
        size_t n = capprovs ? capprovs * 2 : 8;
        struct crypt_prov **a = realloc(provs, n * sizeof *a);
        if (a) {
            provs = a;
            capprovs = n;
        } else {
            ok = false;
        }
    }
    if (ok)
        provs[nprovs++] = p;
    pthread_mutex_unlock(&prov_lock);
    return ok;
}

/* Find (and with remove, unlink) a live context. */
static struct crypt_prov *prov_find(HCRYPTPROV h, bool remove)
{
    struct crypt_prov *p = NULL;
    pthread_mutex_lock(&prov_lock);
    for (size_t i = 0; i < nprovs; i++)
        if ((HCRYPTPROV)provs[i] == h) {
            p = provs[i];
            if (remove)
                provs[i] = provs[--nprovs];
            break;
        }
    pthread_mutex_unlock(&prov_lock);
    return p;
}

static BOOL acquire(HCRYPTPROV *prov, DWORD type, DWORD flags)
{
    if (!prov) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!type || type > 999) {
        set_last_error(NTE_BAD_PROV_TYPE);
        return FALSE;
    }
    if (flags & ~(CRYPT_VERIFYCONTEXT | CRYPT_NEWKEYSET | CRYPT_DELETEKEYSET | CRYPT_MACHINE_KEYSET | CRYPT_SILENT)) {
        set_last_error(NTE_BAD_FLAGS);
        return FALSE;
    }
    if (flags & CRYPT_DELETEKEYSET) {
        /* Nothing is ever stored, so there is nothing to delete; no handle either. */
        *prov = 0;
        return TRUE;
    }
    if (!(flags & CRYPT_VERIFYCONTEXT))
        FIXME("no key containers: this context serves CryptGenRandom only\n");
    struct crypt_prov *p = malloc(sizeof *p);
    if (!p) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    p->magic = PROV_MAGIC;
    p->type = type;
    if (!prov_add(p)) {
        free(p);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    *prov = (HCRYPTPROV)p;
    set_last_error(ERROR_SUCCESS);     /* as Wine's CryptAcquireContext */
    return TRUE;
}

BOOL WINAPI advapi32_CryptAcquireContextW(HCRYPTPROV *prov, LPCWSTR container, LPCWSTR provider,
                                          DWORD type, DWORD flags)
{
    return acquire(prov, type, flags);
}

BOOL WINAPI advapi32_CryptAcquireContextA(HCRYPTPROV *prov, LPCSTR container, LPCSTR provider,
                                          DWORD type, DWORD flags)
{
    return acquire(prov, type, flags);
}

BOOL WINAPI advapi32_CryptReleaseContext(HCRYPTPROV h, DWORD flags)
{
    if (!h) {
        set_last_error(NTE_BAD_UID);
        return FALSE;
    }
    if (flags) {
        set_last_error(NTE_BAD_FLAGS);
        return FALSE;
    }
    struct crypt_prov *p = prov_find(h, true);
    if (!p) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    free(p);
    return TRUE;
}

BOOL WINAPI advapi32_CryptGenRandom(HCRYPTPROV h, DWORD len, BYTE *buf)
{
    if (!h || !prov_find(h, false)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (len && !buf) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!fill_random(buf, len)) {
        set_last_error(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    return TRUE;
}
