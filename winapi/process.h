/*
 * process.h - the Windows process mimic builds around a PE program: start-up
 * (PEB, main thread TEB, loading, TLS callbacks, DllMain, entry point) and
 * shutdown (flush hooks, DLL detach, exit status).
 */
#ifndef MIMIC_WINAPI_PROCESS_H
#define MIMIC_WINAPI_PROCESS_H

#include "winapi/wintypes.h"

/* Run a PE program natively (x86-64 host, PE32+ guest). Returns only on a
 * loading error (with a message printed), as a non-zero exit status. */
int winapi_run_native(const char *path, int argc, char **argv);

/* Hooks that must run before the process ends, however it ends (flush
 * msvcrt's stdio buffers, finish the registry write ...). */
void process_add_flush_hook(void (*fn)(void));
void process_flush_all(void);
__attribute__((noreturn)) void process_exit(UINT code);

/* The process's command line and program, as the program will see them. */
const char *process_command_line_a(void);
const WCHAR *process_command_line_w(void);
const char *process_image_host_path(void);   /* host path of the .exe */

/* The C: drive: a host directory (MIMIC_PREFIX, default ~/.mimic/c). */
const char *prefix_c_drive(void);

#endif
