/*
 * pe_map.h - map a parsed PE file into this process's memory: sections at
 * ImageBase or wherever room is found (then base relocations are applied),
 * and section protections once imports are bound.
 */
#ifndef MIMIC_LOADER_PE_MAP_H
#define MIMIC_LOADER_PE_MAP_H

#include "loader/pe.h"

struct pe_image {
    uint8_t *base;
    size_t size;             /* SizeOfImage rounded up to the host page */
    int64_t delta;           /* base - ImageBase */
};

/* Map headers and sections read-write. When ImageBase is taken and the file
 * has relocations, maps elsewhere and relocates. i386 images (PE32) are kept
 * below 4 GiB. */
int pe_map(const struct pe_file *pe, struct pe_image *img, struct pe_error *err);
/* Apply section protections (host-page granular: a page shared by sections
 * gets the union of their rights). */
int pe_protect(const struct pe_file *pe, const struct pe_image *img, struct pe_error *err);
void pe_unmap(struct pe_image *img);

#endif
