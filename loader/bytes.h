/* bytes.h - little-endian reads from unaligned file bytes (callers check bounds). */
#ifndef MIMIC_LOADER_BYTES_H
#define MIMIC_LOADER_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint16_t rd16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t rd32(const void *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t rd64(const void *p) { uint64_t v; memcpy(&v, p, 8); return v; }

#endif
