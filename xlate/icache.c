/*
 * icache.c - allocation and filling of the decoded-instruction cache (see
 * icache.h for the design and why it needs no invalidation).
 *
 * One table per host thread (guest threads are host threads), mapped on the
 * first x86_run of the thread and unmapped when the thread ends. The pages
 * are zero-filled on demand, so a small program touches little of it.
 */
#include "xlate/icache.h"

#include <pthread.h>
#include <sys/mman.h>

static __thread struct icache_entry *table;
static __thread bool table_failed;
static pthread_key_t table_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

#define TABLE_BYTES ((size_t)ICACHE_SIZE * sizeof(struct icache_entry))
#define HUGE_ALIGN ((size_t)2 << 20)

static void table_free(void *p)
{
    munmap(p, TABLE_BYTES);
}

static void key_init(void)
{
    pthread_key_create(&table_key, table_free);
}

struct icache_entry *icache_table(void)
{
    if (table || table_failed)
        return table;
    /* Entries are spread over the table by RIP (one 4 KiB page per 32
     * consecutive slots, ~128 bytes of guest code), so small pages cost a
     * page fault per ~128 bytes of code run: most of a short program's
     * start-up on a virtual machine. Ask for 2 MiB pages instead: the
     * mapping is aligned for them (the slack is unmapped again). */
    size_t len = TABLE_BYTES + HUGE_ALIGN;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        table_failed = true;   /* run uncached rather than fail */
        return NULL;
    }
    char *p = (char *)(((uintptr_t)m + HUGE_ALIGN - 1) & ~(uintptr_t)(HUGE_ALIGN - 1));
    if (p > m)
        munmap(m, (size_t)(p - m));
    if (m + len > p + TABLE_BYTES)
        munmap(p + TABLE_BYTES, (size_t)(m + len - (p + TABLE_BYTES)));
#ifdef MADV_HUGEPAGE
    madvise(p, TABLE_BYTES, MADV_HUGEPAGE);   /* a hint: without it, small pages */
#endif
    pthread_once(&key_once, key_init);
    pthread_setspecific(table_key, p);
    table = (struct icache_entry *)(void *)p;
    return table;
}

/* System mode: the instruction's own bytes, zero-padded (icache_match16
 * masks memory to its length). */
void icache_fill_bytes(struct icache_entry *e, uint64_t rip, enum x86_mode mode, const struct x86_inst *d,
                       x86_handler h, const uint8_t *bytes)
{
    uint8_t buf[16] = {0};
    memcpy(buf, bytes, d->len);
    memcpy(&e->b0, buf, 8);
    memcpy(&e->b1, buf + 8, 8);
    e->d = *d;
    e->next = icache_next_rip(rip, d->len, mode);
    e->h = h;
    e->tag = icache_tag(rip, mode);
}

void icache_fill(struct icache_entry *e, uint64_t rip, enum x86_mode mode, const struct x86_inst *d, x86_handler h)
{
    uint8_t buf[16] = {0};
    bool near = (rip & 4095) > 4096 - 16;
    /* Away from a page end the hit check compares all 16 bytes at rip. */
    memcpy(buf, (const void *)(uintptr_t)rip, near ? d->len : 16);
    memcpy(&e->b0, buf, 8);
    memcpy(&e->b1, buf + 8, 8);
    e->d = *d;
    e->next = icache_next_rip(rip, d->len, mode);
    e->h = icache_specialise(e, rip, mode, h);
    e->tag = icache_tag(rip, mode) ^ (near ? ICACHE_NEAR_END : 0);
}
