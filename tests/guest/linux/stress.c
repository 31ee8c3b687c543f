/* stress.c - four threads hammer atomics (add, xchg, cmpxchg loops, 64-bit
 * on i386 too) and a mutex-protected bounded queue with condition variables;
 * every final total is exact. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 4
#define ITERS 20000
#define QSIZE 16

static long counter;
static uint64_t wide;
static int cas_total;
static int spin_lock;
static long spin_protected;
static uint32_t bits;

static pthread_mutex_t qm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int q[QSIZE], qh, qt, qn;
static long consumed_sum, consumed_count;

static void push(int v)
{
    pthread_mutex_lock(&qm);
    while (qn == QSIZE)
        pthread_cond_wait(&not_full, &qm);
    q[qt] = v;
    qt = (qt + 1) % QSIZE;
    qn++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&qm);
}

static int pop(void)
{
    pthread_mutex_lock(&qm);
    while (qn == 0)
        pthread_cond_wait(&not_empty, &qm);
    int v = q[qh];
    qh = (qh + 1) % QSIZE;
    qn--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&qm);
    return v;
}

static void *hammer(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
        __atomic_fetch_add(&wide, 0x100000001ULL, __ATOMIC_SEQ_CST);
        int old = __atomic_load_n(&cas_total, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_total, &old, old + 3, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        while (__atomic_exchange_n(&spin_lock, 1, __ATOMIC_ACQUIRE))
            ;
        spin_protected += id;
        __atomic_store_n(&spin_lock, 0, __ATOMIC_RELEASE);
        __atomic_fetch_xor(&bits, 1u << id, __ATOMIC_SEQ_CST);
    }
    /* producers 0,1 push; consumers 2,3 pop the same number */
    if (id < 2) {
        for (int i = 1; i <= ITERS / 4; i++)
            push(i * (int)(id + 1));
        return NULL;
    }
    long sum = 0, cnt = 0;
    for (int i = 0; i < ITERS / 4; i++) {
        sum += pop();
        cnt++;
    }
    pthread_mutex_lock(&qm);
    consumed_sum += sum;
    consumed_count += cnt;
    pthread_mutex_unlock(&qm);
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, hammer, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    long n = ITERS / 4;
    printf("counter %ld (want %d)\n", counter, N * ITERS);
    printf("wide %llx (want %llx)\n", (unsigned long long)wide, (unsigned long long)(0x100000001ULL * N * ITERS));
    printf("cas %d spin %ld bits %x\n", cas_total, spin_protected, bits);
    printf("queue consumed %ld items sum %ld (want %ld) left %d\n", consumed_count, consumed_sum, 3 * n * (n + 1) / 2, qn);
    return 0;
}
