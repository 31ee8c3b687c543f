/* pthcancel.c - thread lifetime: deferred cancellation at a condition wait
 * and at read(), cleanup handlers run in reverse order, asynchronous-off
 * sections, pthread_exit with TLS destructors, detached threads, 100
 * short-lived threads, thread attributes (stack size, detach state). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static char log_[256];
static int started;

static void note(void *s)
{
    pthread_mutex_lock(&m);
    strcat(log_, (const char *)s);
    pthread_mutex_unlock(&m);
}

static void unlock(void *mx) { pthread_mutex_unlock(mx); }

static void *waits_forever(void *arg)
{
    pthread_cleanup_push(note, "A");
    pthread_cleanup_push(note, "B");
    pthread_mutex_lock(&m);
    started = 1;
    pthread_cond_broadcast(&c);
    pthread_cleanup_push(unlock, &m);
    for (;;)
        pthread_cond_wait(&c, &m);
    pthread_cleanup_pop(1);
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return NULL;
}

static int pfd[2];
static void *reads_forever(void *arg)
{
    char b;
    pthread_cleanup_push(note, "R");
    note("r");
    read(pfd[0], &b, 1);
    pthread_cleanup_pop(0);
    return (void *)1;
}

static void *disabled(void *arg)
{
    int old;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    pthread_mutex_lock(&m);
    started = 2;
    pthread_cond_broadcast(&c);
    while (started != 3)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    note("D");
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
    pthread_testcancel();
    note("never");
    return NULL;
}

static pthread_key_t key;
static int dtor_runs;
static void dtor(void *p)
{
    __atomic_fetch_add(&dtor_runs, 1, __ATOMIC_SEQ_CST);
    /* setting the value again makes the destructor run another round */
    if ((long)p == 1)
        pthread_setspecific(key, (void *)2);
}

static void *exits_early(void *arg)
{
    pthread_setspecific(key, (void *)1);
    pthread_cleanup_push(note, "E");
    pthread_exit((void *)77);
    pthread_cleanup_pop(0);
    return NULL;
}

static int total;
static void *tiny(void *arg)
{
    __atomic_fetch_add(&total, (int)(long)arg, __ATOMIC_SEQ_CST);
    return arg;
}

static volatile int detached_done;
static void *detached_fn(void *arg)
{
    pthread_mutex_lock(&m);
    detached_done = 1;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *stack_user(void *arg)
{
    volatile char big[200000];
    memset((char *)big, 1, sizeof big);
    pthread_attr_t a;
    size_t sz = 0;
    pthread_getattr_np(pthread_self(), &a);
    pthread_attr_getstacksize(&a, &sz);
    pthread_attr_destroy(&a);
    return (void *)(long)(sz >= 1024 * 1024 && big[12345] == 1);
}

int main(void)
{
    pthread_t t;
    void *ret;
    pthread_create(&t, NULL, waits_forever, NULL);
    pthread_mutex_lock(&m);
    while (started != 1)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    printf("cancel %d\n", pthread_cancel(t));
    pthread_join(t, &ret);
    printf("cond wait canceled %d log %s\n", ret == PTHREAD_CANCELED, log_);
    log_[0] = 0;
    pipe(pfd);
    pthread_create(&t, NULL, reads_forever, NULL);
    for (;;) {
        pthread_mutex_lock(&m);
        int seen = log_[0] == 'r';
        pthread_mutex_unlock(&m);
        if (seen) break;
        usleep(1000);
    }
    usleep(20000);
    pthread_cancel(t);
    pthread_join(t, &ret);
    printf("read canceled %d log %s\n", ret == PTHREAD_CANCELED, log_);
    log_[0] = 0;
    pthread_create(&t, NULL, disabled, NULL);
    pthread_mutex_lock(&m);
    while (started != 2)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    pthread_cancel(t);
    pthread_mutex_lock(&m);
    started = 3;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m);
    pthread_join(t, &ret);
    printf("disabled then enabled canceled %d log %s\n", ret == PTHREAD_CANCELED, log_);
    log_[0] = 0;
    pthread_key_create(&key, dtor);
    pthread_create(&t, NULL, exits_early, NULL);
    pthread_join(t, &ret);
    printf("pthread_exit value %ld log %s destructor runs %d\n", (long)ret, log_, dtor_runs);
    pthread_t many[100];
    int created = 0;
    for (long i = 0; i < 100; i++)
        created += pthread_create(&many[i], NULL, tiny, (void *)i) == 0;
    long sum = 0;
    for (int i = 0; i < 100; i++) {
        pthread_join(many[i], &ret);
        sum += (long)ret;
    }
    printf("100 threads: created %d total %d returned sum %ld\n", created, total, sum);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &a, detached_fn, NULL);
    pthread_mutex_lock(&m);
    while (!detached_done)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    printf("detached ran %d\n", detached_done);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_JOINABLE);
    pthread_attr_setstacksize(&a, 4 * 1024 * 1024);
    pthread_create(&t, &a, stack_user, NULL);
    pthread_join(t, &ret);
    printf("big stack ok %ld\n", (long)ret);
    pthread_attr_destroy(&a);
    return 0;
}
