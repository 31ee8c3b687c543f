/*
 * icache_simd.c - specialised handlers (see icache_ops.h) for SSE2.
 */
#include "xlate/icache_ops.h"

x86_handler icache_select_simd(struct icache_entry *e, uint64_t rip, enum x86_mode mode)
{
    (void)e; (void)rip; (void)mode;
    return NULL;
}
