/*
 * pe_map.h - map a parsed PE file into this process's memory: sections at
 * ImageBase or wherever room is found (then base relocations are applied),
 * and section protections once imports are bound.
 */
#ifndef MIMIC_LOADER_PE_MAP_H
#define MIMIC_LOADER_PE_MAP_H

#include "loader/pe.h"

#include <sys/stat.h>

struct pe_image {
    uint8_t *base;
    size_t size;             /* SizeOfImage rounded up to the host page */
    int64_t delta;           /* base - ImageBase */
};

/* Map headers and sections read-write. When ImageBase is taken and the file
 * has relocations, maps elsewhere and relocates. i386 images (PE32) are kept
 * below 4 GiB. */
int pe_map(const struct pe_file *pe, struct pe_image *img, struct pe_error *err);
/* The same, for pe parsed from the file open as fd (st: its fstat): the image
 * is mapped privately from that file when its layout allows, else from the
 * image cache's copy (pe_cache.c), else copied as pe_map does. Pages are
 * identical either way. fd < 0: pe_map. */
int pe_map_file(const struct pe_file *pe, int fd, const struct stat *st, struct pe_image *img, struct pe_error *err);

/* pe_cache.c: a read-only fd of the file laid out as pe's image (image_size
 * bytes: headers at 0, sections at their RVAs), made when missing or stale;
 * -1 when the cache is off or unusable or the file changed too recently to
 * trust its timestamps. */
int pe_cache_image(const struct pe_file *pe, const struct stat *st, size_t image_size);
/* Apply section protections (host-page granular: a page shared by sections
 * gets the union of their rights). */
int pe_protect(const struct pe_file *pe, const struct pe_image *img, struct pe_error *err);
void pe_unmap(struct pe_image *img);

#endif
