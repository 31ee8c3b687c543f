/*
 * mimic_run.c - `mimic run`: detect the program's format and machine, pick
 * the engine, run it. The exit status is the guest's.
 */
#include "tools/mimic.h"
#include "loader/pe.h"
#include "winapi/process.h"
#include "syscalls/syscalls.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const uint8_t *map_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "mimic: %s: %m\n", path);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "mimic: %s: not a regular file\n", path);
        close(fd);
        return NULL;
    }
    if (st.st_size == 0) {
        fprintf(stderr, "mimic: %s: empty file\n", path);
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        fprintf(stderr, "mimic: %s: %m\n", path);
        return NULL;
    }
    *len = (size_t)st.st_size;
    return p;
}

int cmd_run(int argc, char **argv)
{
    const char *engine = NULL;
    bool strace = false, trace_unimpl = false;
    const char *argv0 = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--strace")) {
            strace = true;
        } else if (!strcmp(argv[i], "--trace-unimpl")) {
            trace_unimpl = true;
        } else if (!strncmp(argv[i], "--argv0=", 8)) {
            argv0 = argv[i] + 8;   /* what the program sees as argv[0] (execve under mimic keeps it) */
        } else if (!strncmp(argv[i], "--engine=", 9)) {
            engine = argv[i] + 9;
        } else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            fprintf(stderr, "mimic run: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: mimic run [--engine=native|xlate] FILE [ARGS...]\n");
        return 2;
    }
    if (engine && strcmp(engine, "native") && strcmp(engine, "xlate")) {
        fprintf(stderr, "mimic run: unknown engine '%s' (native or xlate)\n", engine);
        return 2;
    }
    const char *path = argv[i];
    size_t len;
    const uint8_t *buf = map_file(path, &len);
    if (!buf)
        return 127;
    if (pe_sniff(buf, len)) {
        struct pe_file pe;
        struct pe_error err;
        if (pe_parse(buf, len, path, &pe, &err)) {
            fprintf(stderr, "mimic: %s\n", err.msg);
            return 126;
        }
        bool native_ok = pe.machine == PE_MACHINE_AMD64 && pe.is64;
#if !defined(__x86_64__)
        native_ok = false;
#endif
        pe_free(&pe);
        munmap((void *)buf, len);
        if (engine && !strcmp(engine, "xlate")) {
            fprintf(stderr, "mimic: %s: the xlate engine does not run PE programs yet\n", path);
            return 126;
        }
        if (!native_ok && pe.machine == PE_MACHINE_AMD64 && pe.is64) {
            fprintf(stderr, "mimic: %s: x86-64 Windows programs run on the native engine, which needs an x86-64 host\n",
                    path);
            return 126;
        }
        if (!native_ok) {
            fprintf(stderr, "mimic: %s: %s %s programs need the xlate engine, which does not run PE yet\n", path,
                    pe_machine_name(pe.machine), pe.is64 ? "PE32+" : "PE32");
            return 126;
        }
        return winapi_run_native(path, argc - i, argv + i);
    }
    if (len >= 4 && !memcmp(buf, "\177ELF", 4)) {
        munmap((void *)buf, len);
        /* x86 ELF programs run under the interpreter (the native engine is for PE). */
        if (argv0)
            argv[i] = (char *)argv0;
        return xlate_run_elf(path, argc - i, argv + i, strace, trace_unimpl);
    }
    fprintf(stderr, "mimic: %s: not a PE or ELF program\n", path);
    return 126;
}
