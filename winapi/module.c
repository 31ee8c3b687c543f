/*
 * module.c - loading and binding of the process's modules (see module.h).
 *
 * Import resolution order for a DLL name: API-set names become their host
 * DLL; a built-in DLL of that name wins (system DLLs are ours); otherwise a
 * PE DLL in the program's directory is loaded. A DLL found nowhere, or a
 * PE DLL missing an imported name, stops the load with a message naming the
 * program, the DLL and the symbol.
 */
#include "winapi/module.h"
#include "winapi/path.h"
#include "winapi/process.h"
#include "winapi/teb.h"
#include "winapi/debug.h"
#include "loader/pe_map.h"

#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(module)

static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER; /* recursive, see module_lock_init */
static struct module *modules, **modules_tail = &modules;
static struct module *main_module;
static char *exe_dir;

/* Implicit TLS (IMAGE_TLS_DIRECTORY) of PE modules. */
struct tls_module { uint64_t start, end; uint32_t zero_fill; };
static struct tls_module tls_mods[64];
static int tls_count;

static void lock_init(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&module_lock, &a);
    pthread_mutexattr_destroy(&a);
}
static pthread_once_t lock_once = PTHREAD_ONCE_INIT;
static void lock(void) { pthread_once(&lock_once, lock_init); pthread_mutex_lock(&module_lock); }
static void unlock(void) { pthread_mutex_unlock(&module_lock); }

static void append(struct module *m)
{
    m->next = NULL;
    *modules_tail = m;
    modules_tail = &m->next;
}

struct module *module_first(void) { return modules; }
struct module *module_main(void) { return main_module; }

static const char *base_name(const char *p)
{
    const char *b = p;
    for (; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

/* "foo" and "foo.dll" name the same module. */
static bool same_module_name(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 4 && !strcasecmp(a + la - 4, ".dll")) la -= 4;
    if (lb > 4 && !strcasecmp(b + lb - 4, ".dll")) lb -= 4;
    return la == lb && !strncasecmp(a, b, la);
}

struct module *module_find_name(const char *name)
{
    const char *want = base_name(apiset_resolve(name));
    lock();
    struct module *m;
    for (m = modules; m; m = m->next)
        if (same_module_name(m->name, want))
            break;
    unlock();
    return m;
}

struct module *module_from_handle(HMODULE h)
{
    if (!h)
        return main_module;
    lock();
    struct module *m;
    for (m = modules; m; m = m->next)
        if ((void *)m->base == h)
            break;
    unlock();
    return m;
}

struct module *module_from_address(const void *addr)
{
    const uint8_t *a = addr;
    lock();
    struct module *m;
    for (m = modules; m; m = m->next)
        if (a >= m->base && a < m->base + m->size)
            break;
    unlock();
    return m;
}

/* A built-in DLL becomes a module with a one-page fake image (MZ + PE
 * headers), so that its HMODULE is a distinct readable address. */
static struct module *builtin_module(struct builtin_dll *dll)
{
    struct module *m = module_find_name(dll->name);
    if (m)
        return m;
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    uint8_t *page = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return NULL;
    page[0] = 'M'; page[1] = 'Z';
    uint32_t lfanew = 0x40, size = (uint32_t)ps;
    memcpy(page + 0x3c, &lfanew, 4);
    memcpy(page + 0x40, "PE\0\0", 4);
    uint16_t mach = PE_MACHINE_AMD64, magic = 0x20b, chars = PE_FILE_DLL | 0x22;
    memcpy(page + 0x44, &mach, 2);
    memcpy(page + 0x44 + 18, &chars, 2);
    memcpy(page + 0x58, &magic, 2);
    memcpy(page + 0x58 + 56, &size, 4);
    mprotect(page, ps, PROT_READ);
    m = calloc(1, sizeof *m);
    m->name = strdup(dll->name);
    char win[300];
    snprintf(win, sizeof win, "C:\\windows\\system32\\%s", dll->name);
    m->win_path = NULL;
    m->host_path = NULL;
    m->base = page;
    m->size = ps;
    m->builtin = dll;
    m->tls_index = -1;
    m->refs = 1;
    m->initialized = true;
    lock();
    append(m);
    unlock();
    return m;
}

/* The file mapped read-only; *fd stays open (and *st describes it) for
 * pe_map_file to map the image from the same file. */
static void *read_file(const char *path, size_t *len, int *fd, struct stat *st)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return NULL;
    if (fstat(*fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_size == 0) {
        close(*fd);
        return NULL;
    }
    void *p = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, *fd, 0);
    if (p == MAP_FAILED) {
        close(*fd);
        return NULL;
    }
    *len = (size_t)st->st_size;
    return p;
}

/* Look for name in dir, case-insensitively; malloc'd host path or NULL. */
static char *find_in_dir(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    struct dirent *de;
    char *found = NULL;
    while ((de = readdir(d))) {
        if (!strcasecmp(de->d_name, name)) {
            size_t n = strlen(dir) + strlen(de->d_name) + 2;
            found = malloc(n);
            snprintf(found, n, "%s/%s", dir, de->d_name);
            break;
        }
    }
    closedir(d);
    return found;
}

void *module_get_proc(struct module *m, const char *name, int ordinal)
{
    if (m->builtin)
        return builtin_resolve(m->builtin, name, ordinal, true);
    const struct pe_export *e = NULL;
    for (uint32_t i = 0; i < m->exports.count; i++) {
        const struct pe_export *x = &m->exports.exports[i];
        if (name ? (x->name && !strcmp(x->name, name)) : x->ordinal == (uint32_t)ordinal) {
            e = x;
            break;
        }
    }
    if (!e)
        return NULL;
    if (!e->forward)
        return e->rva ? m->base + e->rva : NULL;
    const char *dot = strrchr(e->forward, '.');
    if (!dot)
        return NULL;
    char dll[256];
    size_t n = (size_t)(dot - e->forward);
    if (n >= sizeof dll - 4)
        return NULL;
    memcpy(dll, e->forward, n);
    dll[n] = 0;
    struct module *t = module_load_dll(dll, m->name);
    if (!t)
        return NULL;
    if (dot[1] == '#')
        return module_get_proc(t, NULL, atoi(dot + 2));
    return module_get_proc(t, dot + 1, 0);
}

static int bind_imports(struct module *m)
{
    struct pe_imports imp;
    struct pe_error err;
    if (pe_read_imports(&m->pe, &imp, &err)) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        return -1;
    }
    int rc = 0;
    for (uint32_t i = 0; i < imp.ndlls && rc == 0; i++) {
        const struct pe_import_dll *d = &imp.dlls[i];
        if (d->delayed)
            continue; /* the program's own delay-load helper binds these on first call */
        struct module *dep = module_load_dll(d->dll, m->name);
        if (!dep) {
            rc = -1;
            break;
        }
        for (uint32_t j = 0; j < d->nimports; j++) {
            const struct pe_import *x = &d->imports[j];
            void *addr;
            if (dep->builtin)
                addr = builtin_resolve(dep->builtin, x->name, x->ordinal, false);
            else
                addr = module_get_proc(dep, x->name, x->ordinal);
            if (!addr) {
                if (x->name)
                    fprintf(stderr, "mimic: %s: import %s!%s not found\n", m->name, d->dll, x->name);
                else
                    fprintf(stderr, "mimic: %s: import %s!#%u not found\n", m->name, d->dll, x->ordinal);
                rc = -1;
                break;
            }
            if (m->pe.is64) {
                uint64_t v = (uintptr_t)addr;
                memcpy(m->base + x->iat_rva, &v, 8);
            } else {
                uint32_t v = (uint32_t)(uintptr_t)addr;
                memcpy(m->base + x->iat_rva, &v, 4);
            }
            TRACE("%s: %s!%s -> %p\n", m->name, d->dll, x->name ? x->name : "(ordinal)", addr);
        }
    }
    pe_free_imports(&imp);
    return rc;
}

static int setup_tls(struct module *m, int64_t delta)
{
    struct pe_tls tls;
    struct pe_error err;
    m->tls_index = -1;
    if (pe_read_tls(&m->pe, &tls, &err)) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        return -1;
    }
    if (!tls.present)
        return 0;
    if (tls_count >= (int)(sizeof tls_mods / sizeof tls_mods[0])) {
        fprintf(stderr, "mimic: %s: too many modules with TLS\n", m->name);
        return -1;
    }
    m->tls_index = tls_count;
    tls_mods[tls_count].start = tls.raw_start ? tls.raw_start + delta : 0;
    tls_mods[tls_count].end = tls.raw_end ? tls.raw_end + delta : 0;
    tls_mods[tls_count].zero_fill = tls.zero_fill;
    tls_count++;
    if (tls.index_va) {
        uint32_t idx = (uint32_t)m->tls_index;
        memcpy((void *)(uintptr_t)(tls.index_va + delta), &idx, 4);
    }
    return 0;
}

int module_tls_alloc_thread(void)
{
    struct teb *teb = teb_current();
    if (!teb || !tls_count)
        return 0;
    void **arr = calloc(64, sizeof *arr);
    if (!arr)
        return -1;
    for (int i = 0; i < tls_count; i++) {
        size_t raw = (size_t)(tls_mods[i].end - tls_mods[i].start);
        uint8_t *blk = calloc(1, raw + tls_mods[i].zero_fill + 16);
        if (!blk)
            return -1;
        if (raw)
            memcpy(blk, (void *)(uintptr_t)tls_mods[i].start, raw);
        arr[i] = blk;
    }
    teb->thread_local_storage_pointer = arr;
    return 0;
}

void module_tls_free_thread(void)
{
    struct teb *teb = teb_current();
    if (!teb || !teb->thread_local_storage_pointer)
        return;
    for (int i = 0; i < 64; i++)
        free(teb->thread_local_storage_pointer[i]);
    free(teb->thread_local_storage_pointer);
    teb->thread_local_storage_pointer = NULL;
}

static struct module *load_pe(const char *host_path, bool is_exe)
{
    size_t len;
    int fd;
    struct stat st;
    const char *name = base_name(host_path);
    uint8_t *buf = read_file(host_path, &len, &fd, &st);
    if (!buf) {
        fprintf(stderr, "mimic: %s: cannot read: %m\n", host_path);
        return NULL;
    }
    struct module *m = calloc(1, sizeof *m);
    struct pe_error err;
    if (pe_parse(buf, len, host_path, &m->pe, &err)) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        goto fail;
    }
    if (m->pe.machine != PE_MACHINE_AMD64 || !m->pe.is64) {
        fprintf(stderr, "mimic: %s: machine %s (%s): the native engine runs x86-64 PE32+ only\n", host_path,
                pe_machine_name(m->pe.machine), m->pe.is64 ? "PE32+" : "PE32");
        goto fail;
    }
    if (is_exe && (m->pe.characteristics & PE_FILE_DLL)) {
        fprintf(stderr, "mimic: %s: is a DLL, not a program\n", host_path);
        goto fail;
    }
    struct pe_image img;
    int rc = pe_map_file(&m->pe, fd, &st, &img, &err);
    close(fd);
    fd = -1;
    if (rc) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        goto fail;
    }
    m->base = img.base;
    m->size = img.size;
    m->host_path = strdup(host_path);
    m->name = strdup(name);
    m->refs = 1;
    m->tls_index = -1;
    if (pe_read_exports(&m->pe, &m->exports, &err)) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        goto fail_map;
    }
    const struct pe_runtime_function *pd;
    int n = pe_read_pdata(&m->pe, &pd, &err);
    if (n < 0) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        goto fail_map;
    }
    m->npdata = n;
    m->pdata = n ? (const void *)(m->base + m->pe.dirs[PE_DIR_EXCEPTION].rva) : NULL;
    if (setup_tls(m, img.delta))
        goto fail_map;
    if (is_exe)
        main_module = m;
    /* Registered before its imports so that import cycles terminate. */
    lock();
    append(m);
    unlock();
    if (bind_imports(m))
        return NULL; /* the process is abandoned on a load failure */
    if (pe_protect(&m->pe, &img, &err)) {
        fprintf(stderr, "mimic: %s\n", err.msg);
        return NULL;
    }
    TRACE("loaded %s at %p\n", host_path, m->base);
    return m;
fail_map:
    pe_unmap(&img);
fail:
    if (fd >= 0)
        close(fd);
    pe_free(&m->pe);
    free(m);
    munmap(buf, len);
    return NULL;
}

struct module *module_load_exe(const char *host_path)
{
    char *copy = strdup(host_path);
    exe_dir = strdup(dirname(copy));
    free(copy);
    return load_pe(host_path, true);
}

struct module *module_load_dll(const char *name, const char *requested_by)
{
    struct module *m = module_find_name(name);
    if (m)
        return m;
    struct builtin_dll *b = builtin_find(name);
    if (b)
        return builtin_module(b);
    char *path = NULL;
    const char *bn = base_name(name);
    char withext[300];
    if (!strchr(bn, '.')) {
        snprintf(withext, sizeof withext, "%s.dll", bn);
        bn = withext;
    }
    if (strchr(name, '\\') || strchr(name, '/')) {
        char *host = path_to_host(name);
        if (host && access(host, R_OK) == 0)
            path = host;
        else
            free(host);
    }
    if (!path && exe_dir)
        path = find_in_dir(exe_dir, bn);
    if (!path) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd))
            path = find_in_dir(cwd, bn);
    }
    if (!path) {
        if (requested_by)
            fprintf(stderr, "mimic: %s: DLL %s not found (neither built in nor next to the program)\n",
                    requested_by, name);
        return NULL;
    }
    m = load_pe(path, false);
    free(path);
    return m;
}

static void call_tls_callbacks(struct module *m, DWORD reason)
{
    if (m->builtin || !m->pe.dirs[PE_DIR_TLS].size)
        return;
    struct pe_tls tls;
    struct pe_error err;
    if (pe_read_tls(&m->pe, &tls, &err) || !tls.callbacks_va)
        return;
    int64_t delta = (int64_t)((uintptr_t)m->base - m->pe.image_base);
    uint64_t *cb = (uint64_t *)(uintptr_t)(tls.callbacks_va + delta);
    for (int i = 0; i < 256 && (uint8_t *)(cb + i) < m->base + m->size && cb[i]; i++)
        ((tls_callback_fn)(uintptr_t)cb[i])(m->base, reason, NULL);
}

void module_init_all(void)
{
    /* List order is load order; a DLL's imports are appended after it, so walk
     * dependencies-first by initializing from the tail backwards, exe last. */
    struct module *list[512];
    int n = 0;
    lock();
    for (struct module *m = modules; m && n < 512; m = m->next)
        list[n++] = m;
    unlock();
    for (int i = n - 1; i >= 0; i--) {
        struct module *m = list[i];
        if (m->initialized || m == main_module)
            continue;
        m->initialized = true;
        call_tls_callbacks(m, DLL_PROCESS_ATTACH);
        if (m->pe.entry_rva) {
            dllmain_fn fn = (dllmain_fn)(void *)(m->base + m->pe.entry_rva);
            if (!fn(m->base, DLL_PROCESS_ATTACH, (void *)1)) {
                fprintf(stderr, "mimic: %s: DllMain failed during process attach\n", m->name);
                process_exit(0xC0000142u & 0xff);
            }
        }
    }
    if (main_module && !main_module->initialized) {
        main_module->initialized = true;
        call_tls_callbacks(main_module, DLL_PROCESS_ATTACH);
    }
}

void module_thread_event(DWORD reason)
{
    lock();
    for (struct module *m = modules; m; m = m->next) {
        if (m->builtin || !m->initialized)
            continue;
        call_tls_callbacks(m, reason);
        if (m != main_module && m->pe.entry_rva && !(m->pe.dll_characteristics & 0))
            ((dllmain_fn)(void *)(m->base + m->pe.entry_rva))(m->base, reason, NULL);
    }
    unlock();
}

void module_detach_all(void)
{
    struct module *list[512];
    int n = 0;
    lock();
    for (struct module *m = modules; m && n < 512; m = m->next)
        list[n++] = m;
    unlock();
    for (int i = 0; i < n; i++) {
        struct module *m = list[i];
        if (m->builtin || !m->initialized || m == main_module)
            continue;
        m->initialized = false;
        if (m->pe.entry_rva)
            ((dllmain_fn)(void *)(m->base + m->pe.entry_rva))(m->base, DLL_PROCESS_DETACH, (void *)1);
        call_tls_callbacks(m, DLL_PROCESS_DETACH);
    }
}
