/* mimic.h - the subcommands of the mimic program, one file each. */
#ifndef MIMIC_TOOLS_MIMIC_H
#define MIMIC_TOOLS_MIMIC_H

#include <stddef.h>
#include <stdint.h>

int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_dis(int argc, char **argv);
int cmd_vm(int argc, char **argv);

/* Read a whole file (mmap'd, read-only). NULL with a message on failure. */
const uint8_t *map_file(const char *path, size_t *len);

#endif
