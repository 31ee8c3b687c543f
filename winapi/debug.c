/*
 * debug.c - MIMIC_DEBUG channel selection (see debug.h).
 */
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

bool debug_channel_on(const char *name)
{
    const char *spec = getenv("MIMIC_DEBUG");
    if (!spec || !*spec)
        return false;
    size_t n = strlen(name);
    for (const char *p = spec; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if ((len == 3 && !strncmp(p, "all", 3)) || (len == n && !strncmp(p, name, n)))
            return true;
        p += len + (e != NULL);
    }
    return false;
}
