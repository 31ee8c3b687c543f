/*
 * process.c - start-up and shutdown of a Windows process (see process.h).
 *
 * Start-up, native engine: PEB and process parameters (command line, image
 * path, current directory, environment), the main thread's TEB at the GS
 * base, the program and its DLLs loaded and bound, implicit TLS, DllMain and
 * TLS callbacks, then the entry point, called with the Microsoft ABI.
 */
#include "winapi/process.h"
#include "winapi/module.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/heap.h"
#include "winapi/file.h"
#include "winapi/ntdll/exception.h"
#include "winapi/thread.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

extern char **environ;

static void (*flush_hooks[16])(void);
static int nflush_hooks;
static char *cmdline_a;
static WCHAR *cmdline_w;
static char *image_host_path;

void process_add_flush_hook(void (*fn)(void))
{
    if (nflush_hooks < 16)
        flush_hooks[nflush_hooks++] = fn;
}

void process_flush_all(void)
{
    for (int i = 0; i < nflush_hooks; i++)
        flush_hooks[i]();
}

void process_exit(UINT code)
{
    static int exiting;
    if (!__atomic_exchange_n(&exiting, 1, __ATOMIC_ACQ_REL))
        module_detach_all();
    process_flush_all();
    process_report_exit(code);   /* the full 32-bit code, to a mimic parent */
    _exit((int)code);
}

const char *process_command_line_a(void) { return cmdline_a; }
const WCHAR *process_command_line_w(void) { return cmdline_w; }
const char *process_image_host_path(void) { return image_host_path; }

/* Quote one argument the way CommandLineToArgvW and the CRT read it back. */
static size_t quote_arg(const char *a, char *out)
{
    size_t o = 0;
    bool need = !*a || strpbrk(a, " \t\"") != NULL;
    if (!need) {
        size_t n = strlen(a);
        if (out)
            memcpy(out, a, n);
        return n;
    }
    if (out) out[o] = '"';
    o++;
    for (const char *p = a;; p++) {
        size_t bs = 0;
        while (*p == '\\') {
            p++;
            bs++;
        }
        if (!*p) {
            for (size_t i = 0; i < bs * 2; i++, o++)
                if (out) out[o] = '\\';
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < bs * 2 + 1; i++, o++)
                if (out) out[o] = '\\';
        } else {
            for (size_t i = 0; i < bs; i++, o++)
                if (out) out[o] = '\\';
        }
        if (out) out[o] = *p;
        o++;
    }
    if (out) out[o] = '"';
    return o + 1;
}

static char *build_command_line(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += quote_arg(argv[i], NULL) + 1;
    char *s = malloc(len), *p = s;
    for (int i = 0; i < argc; i++) {
        if (i)
            *p++ = ' ';
        p += quote_arg(argv[i], p);
    }
    *p = 0;
    return s;
}

static void set_ustr(UNICODE_STRING *u, const char *s)
{
    WCHAR *w = utf8_to_utf16_alloc(s);
    size_t n = wstrlen(w);
    u->Buffer = w;
    u->Length = (USHORT)(n * 2 > 0xfffc ? 0xfffc : n * 2);
    u->MaximumLength = u->Length + 2;
}

/* The environment block: "NAME=value\0...\0\0", in UTF-16. */
static WCHAR *build_environment(void)
{
    size_t total = 1;
    for (char **e = environ; *e; e++)
        total += utf8_to_utf16(*e, -1, NULL, 0);
    WCHAR *blk = malloc(total * sizeof *blk), *p = blk;
    for (char **e = environ; *e; e++)
        p += utf8_to_utf16(*e, -1, p, total - (size_t)(p - blk));
    *p = 0;
    return blk;
}

typedef DWORD (WINAPI *entry_fn)(void *peb);

int winapi_run_native(const char *path, int argc, char **argv)
{
#if !defined(__x86_64__)
    fprintf(stderr, "mimic: %s: the native engine needs an x86-64 host; use --engine=xlate\n", path);
    return 126;
#else
    image_host_path = realpath(path, NULL);
    if (!image_host_path) {
        fprintf(stderr, "mimic: %s: %m\n", path);
        return 127;
    }
    prefix_c_drive();
    /* A child of CreateProcess: inherited handles first, at their values. */
    process_child_init();
    struct peb *peb = peb_get();
    struct rtl_user_process_parameters *pp = calloc(1, sizeof *pp);
    peb->process_parameters = pp;
    peb->number_of_processors = (ULONG)sysconf(_SC_NPROCESSORS_ONLN);
    peb->os_major_version = 10;
    peb->os_minor_version = 0;
    peb->os_build_number = 19045;
    peb->os_platform_id = 2;
    peb->process_heap = heap_process();
    pp->maximum_length = pp->length = sizeof *pp;

    char *winexe = path_to_win(image_host_path);
    /* argv[0] as the program will see it: the Windows path of the .exe. */
    char **wargv = calloc((size_t)argc + 1, sizeof *wargv);
    wargv[0] = winexe;
    for (int i = 1; i < argc; i++)
        wargv[i] = argv[i];
    cmdline_a = build_command_line(argc, wargv);
    if (process_inherited_command_line()) {   /* exactly what CreateProcess got */
        free(cmdline_a);
        cmdline_a = strdup(process_inherited_command_line());
    }
    cmdline_w = utf8_to_utf16_alloc(cmdline_a);
    free(wargv);
    set_ustr(&pp->command_line, cmdline_a);
    set_ustr(&pp->image_path_name, winexe);
    set_ustr(&pp->current_directory, path_get_cwd());
    pp->environment = build_environment();

    /* The std handles wrap fds 0-2 (a console when they are a terminal). */
    HANDLE *std[3] = { &pp->std_input, &pp->std_output, &pp->std_error };
    for (int fd = 0; fd < 3; fd++) {
        int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        *std[fd] = copy < 0 ? NULL
                            : file_handle_new(copy, file_kind_of_fd(copy), fd ? GENERIC_WRITE : GENERIC_READ, NULL);
    }

    struct teb *teb = teb_attach_thread();
    if (!teb) {
        fprintf(stderr, "mimic: cannot allocate the main thread's TEB\n");
        return 126;
    }
    seh_init();   /* faults in guest code become Windows exceptions */
    thread_attach_main();
    struct module *exe = module_load_exe(image_host_path);
    if (!exe)
        return 126;
    peb->image_base_address = exe->base;
    if (module_tls_alloc_thread()) {
        fprintf(stderr, "mimic: %s: cannot allocate TLS\n", path);
        return 126;
    }
    module_init_all();
    entry_fn entry = (entry_fn)(void *)(exe->base + exe->pe.entry_rva);
    DWORD rc = entry(peb);
    process_exit(rc);
#endif
}
