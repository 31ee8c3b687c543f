/* mimic_info.c - `mimic info`: placeholder replaced below */
#include "tools/mimic.h"
#include <stdio.h>
int cmd_info(int argc, char **argv) { fprintf(stderr, "unimplemented: mimic info\n"); return 3; }
int cmd_dis(int argc, char **argv) { fprintf(stderr, "unimplemented: mimic dis\n"); return 3; }
