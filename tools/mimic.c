/*
 * mimic.c - the one command-line program: `mimic run`, `mimic info`,
 * `mimic dis`, `mimic vm`, `mimic --version`, `mimic help`. Each subcommand
 * lives in its own tools/mimic_*.c file; this file only dispatches.
 */
#include "tools/mimic.h"

#include <stdio.h>
#include <string.h>

#define MIMIC_VERSION "0.1.0"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: mimic COMMAND [ARGS...]\n"
            "\n"
            "  run [--engine=native|xlate] FILE [ARGS...]   run a Windows (PE) or Linux (ELF) program;\n"
            "                                              the exit status is the program's\n"
            "  info [--imports] FILE                        format, machine, entry, sections, imports, exports\n"
            "  dis FILE [--at ADDR|--symbol NAME] [-n N]    disassemble (Capstone)\n"
            "  vm --kernel FILE [--initrd FILE] [--append CMDLINE] [--mem SIZE] [--disk IMG]...\n"
            "     [--accel soft|kvm] [--stats]              boot a Linux kernel on an emulated PC;\n"
            "                                              the serial console is this terminal\n"
            "                                              (`mimic vm --help` for more)\n"
            "  --version                                   print the version\n"
            "  help                                        this text\n"
            "\n"
            "Environment: MIMIC_PREFIX (the C: drive, default ~/.mimic/c), MIMIC_DEBUG (trace channels).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "info"))
        return cmd_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "dis"))
        return cmd_dis(argc - 1, argv + 1);
    if (!strcmp(cmd, "vm"))
        return cmd_vm(argc - 1, argv + 1);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("mimic %s\n", MIMIC_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "mimic: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
