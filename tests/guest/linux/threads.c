/* threads.c - pthreads with a mutex and a condition variable: a producer
 * and four consumers; totals are deterministic. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue[64], head, tail, done;
static long total;
static __thread int mine;
static long counter;

static void *consumer(void *arg)
{
    long sum = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (head == tail && !done)
            pthread_cond_wait(&cond, &lock);
        if (head == tail && done) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int v = queue[head++ % 64];
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
        sum += v;
        mine++;
    }
    pthread_mutex_lock(&lock);
    total += sum;
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < 10000; i++)
        __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
    return (void *)(long)(mine >= 0);
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, consumer, NULL);
    for (int i = 1; i <= 1000; i++) {
        pthread_mutex_lock(&lock);
        while (tail - head >= 64)
            pthread_cond_wait(&cond, &lock);
        queue[tail++ % 64] = i;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    done = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    long ok = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        ok += (long)r;
    }
    printf("total %ld joined %ld counter %ld main tls %d\n", total, ok, counter, mine);
    return 0;
}
