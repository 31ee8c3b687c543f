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

static void table_free(void *p)
{
    munmap(p, ICACHE_SIZE * sizeof(struct icache_entry));
}

static void key_init(void)
{
    pthread_key_create(&table_key, table_free);
}

struct icache_entry *icache_table(void)
{
    if (table || table_failed)
        return table;
    void *p = mmap(NULL, ICACHE_SIZE * sizeof(struct icache_entry), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        table_failed = true;   /* run uncached rather than fail */
        return NULL;
    }
    pthread_once(&key_once, key_init);
    pthread_setspecific(table_key, p);
    table = p;
    return table;
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
