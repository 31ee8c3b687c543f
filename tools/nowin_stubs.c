/*
 * nowin_stubs.c - for builds without the Windows native engine (non-x86-64
 * hosts, `make cross-aarch64`): winapi/ maps PE images and calls their code
 * directly on the host CPU, so it is left out there, and so are `mimic dis`
 * (Capstone) and `mimic vm` (full-vm/ is not part of the cross build yet). These stand in for what the CLI calls of them and say why
 * they cannot work. Not part of the x86-64 build.
 */
#include "tools/mimic.h"
#include "winapi/dll.h"
#include "winapi/process.h"

#include <stdio.h>

int winapi_run_native(const char *path, int argc, char **argv)
{
    fprintf(stderr, "mimic: %s: Windows (PE) programs run on the native engine, which needs an x86-64 host; "
                    "this build of mimic only runs x86 Linux (ELF) programs\n", path);
    return 126;
}

/* `mimic info --imports` then marks every DLL as not built in. */
struct builtin_dll *builtin_find(const char *name) { return NULL; }

bool builtin_implements(const char *dll, const char *name, int ordinal) { return false; }

int cmd_dis(int argc, char **argv)
{
    fprintf(stderr, "mimic dis: this build has no disassembler (Capstone is left out of cross builds)\n");
    return 2;
}

int cmd_vm(int argc, char **argv)
{
    fprintf(stderr, "mimic vm: this build has no full-vm (left out of cross builds)\n");
    return 2;
}
