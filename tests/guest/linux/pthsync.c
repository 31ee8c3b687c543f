/* pthsync.c - pthread synchronisation: normal/recursive/errorcheck mutexes
 * and trylock results, condition variables with timed waits, rwlocks,
 * barriers, pthread_once, spinlocks, __thread and pthread keys. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static __thread int tls_counter = 5;
static __thread char tls_name[16];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void init_once(void) { once_runs++; }

static pthread_barrier_t bar;
static int serial_count;
static int phase_seen[8];
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int shared_value;
static pthread_spinlock_t spin;
static long spun;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_once(&once, init_once);
    tls_counter += id;
    snprintf(tls_name, sizeof tls_name, "w%ld", id);
    for (int phase = 0; phase < 3; phase++) {
        __atomic_fetch_add(&phase_seen[phase], 1, __ATOMIC_SEQ_CST);
        int r = pthread_barrier_wait(&bar);
        if (r == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_fetch_add(&serial_count, 1, __ATOMIC_SEQ_CST);
        else if (r != 0)
            return (void *)-1;
        /* after the barrier every thread has arrived for this phase */
        if (__atomic_load_n(&phase_seen[phase], __ATOMIC_SEQ_CST) != 4)
            return (void *)-2;
    }
    for (int i = 0; i < 1000; i++) {
        pthread_rwlock_rdlock(&rw);
        int v = shared_value;
        pthread_rwlock_unlock(&rw);
        pthread_rwlock_wrlock(&rw);
        shared_value = v >= shared_value ? shared_value + 1 : shared_value + 1;
        pthread_rwlock_unlock(&rw);
        pthread_spin_lock(&spin);
        spun++;
        pthread_spin_unlock(&spin);
    }
    return (void *)(long)(tls_counter * 100 + (tls_name[1] - '0'));
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, stage;

static void *signaller(void *arg)
{
    pthread_mutex_lock(&cm);
    while (stage != 1)
        pthread_cond_wait(&cv, &cm);
    ready = 42;
    stage = 2;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&cm);
    return NULL;
}

static pthread_key_t key;
static int destroyed;
static void key_dtor(void *p) { __atomic_fetch_add(&destroyed, (int)(long)p, __ATOMIC_SEQ_CST); }
static void *keyuser(void *arg)
{
    pthread_setspecific(key, arg);
    return pthread_getspecific(key);
}

int main(void)
{
    pthread_mutex_t m;
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m, &ma);
    printf("recursive: %d %d %d %d %d\n", pthread_mutex_lock(&m), pthread_mutex_lock(&m), pthread_mutex_trylock(&m),
           pthread_mutex_unlock(&m), pthread_mutex_unlock(&m));
    pthread_mutex_unlock(&m);
    pthread_mutex_destroy(&m);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&m, &ma);
    int r1 = pthread_mutex_lock(&m), r2 = pthread_mutex_lock(&m), r3 = pthread_mutex_unlock(&m), r4 = pthread_mutex_unlock(&m);
    printf("errorcheck: %d %s %d %s\n", r1, r2 == EDEADLK ? "EDEADLK" : "?", r3, r4 == EPERM ? "EPERM" : "?");
    pthread_mutex_t nm = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&nm);
    printf("trylock held: %s\n", pthread_mutex_trylock(&nm) == EBUSY ? "EBUSY" : "?");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20 * 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    printf("timedlock: %s\n", pthread_mutex_timedlock(&nm, &ts) == ETIMEDOUT ? "ETIMEDOUT" : "?");
    pthread_mutex_unlock(&nm);
    pthread_mutex_lock(&cm);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 10 * 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    printf("cond timedwait: %s\n", pthread_cond_timedwait(&cv, &cm, &ts) == ETIMEDOUT ? "ETIMEDOUT" : "?");
    pthread_mutex_unlock(&cm);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_t mono;
    pthread_cond_init(&mono, &ca);
    pthread_mutex_lock(&cm);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 5 * 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    printf("monotonic cond timedwait: %s\n", pthread_cond_timedwait(&mono, &cm, &ts) == ETIMEDOUT ? "ETIMEDOUT" : "?");
    pthread_mutex_unlock(&cm);
    pthread_t s;
    pthread_create(&s, NULL, signaller, NULL);
    pthread_mutex_lock(&cm);
    stage = 1;
    pthread_cond_broadcast(&cv);
    while (stage != 2)
        pthread_cond_wait(&cv, &cm);
    pthread_mutex_unlock(&cm);
    pthread_join(s, NULL);
    printf("condvar handshake: %d\n", ready);
    pthread_barrier_init(&bar, NULL, 4);
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)(i + 1));
    for (int i = 0; i < 4; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        printf("worker %d returned %ld\n", i + 1, (long)ret);
    }
    printf("once runs %d serial %d shared %d spun %ld main tls %d name '%s'\n", once_runs, serial_count, shared_value, spun,
           tls_counter, tls_name);
    pthread_rwlock_rdlock(&rw);
    printf("rw: second rdlock %d, trywrlock %s\n", pthread_rwlock_tryrdlock(&rw), pthread_rwlock_trywrlock(&rw) == EBUSY ? "EBUSY" : "?");
    pthread_rwlock_unlock(&rw);
    pthread_rwlock_unlock(&rw);
    printf("rw: trywrlock free %d\n", pthread_rwlock_trywrlock(&rw));
    pthread_rwlock_unlock(&rw);
    pthread_key_create(&key, key_dtor);
    for (long i = 0; i < 3; i++) {
        void *ret;
        pthread_create(&t[i], NULL, keyuser, (void *)(i + 10));
        pthread_join(t[i], &ret);
        printf("key value %ld\n", (long)ret);
    }
    printf("key destructors sum %d, main value %p\n", destroyed, pthread_getspecific(key));
    pthread_t self = pthread_self();
    printf("self equal %d, join self %s\n", pthread_equal(self, pthread_self()), pthread_join(self, NULL) == EDEADLK ? "EDEADLK" : "?");
    return 0;
}
