/* sigrace.c - a signal sent to a thread just as it enters a blocking call
 * must end the call, whenever it lands: before the call, at the system-call
 * instruction, or in the sleep. Natively the kernel sees to it; under an
 * emulator the dangerous moment is the emulator's own, between its "signal
 * pending?" check and the host call going to sleep (mimic's safe_syscall).
 *
 * A worker thread enters read (pipe), a futex wait, nanosleep and poll, each
 * many times; the main thread sends it SIGUSR1 after a delay that sweeps a
 * range of spin counts, so some signals land in every part of that path.
 * The handler leaves the call with siglongjmp, which is race-free at the
 * guest level (a signal before the call jumps too), so every round must end
 * with the jump, with and without SA_RESTART. Then pthread_cancel of a
 * thread entering read, the same way. A round that does not end in a
 * second counts as hung (then the worker is woken by further signals or
 * data, so the run stays bounded); the expected output says 0 hung.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 120
#define HANG_NS 1000000000L
/* The worker's delay before the call, in spins, steered round by round
 * (see steer) so that the signal lands close to the moment the call starts:
 * the race is a window of a few hundred cycles there. */
static int delay_spins = 200;

enum op { OP_READ, OP_FUTEX, OP_NANOSLEEP, OP_POLL, OP_COUNT };
static const char *const op_names[OP_COUNT] = { "read", "futex", "nanosleep", "poll" };

static int pfd[2];
static int futex_word;
static sigjmp_buf jb;
static volatile sig_atomic_t in_op;   /* jb is valid: the handler may jump */
static int go, armed, done;          /* round numbers, handed over with atomics */
static int jumped, returned;
static enum op cur_op;

static int load(int *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static void store(int *p, int v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

static void spin(int n)
{
    for (volatile int i = 0; i < n; i++)
        ;
}

static unsigned long long t_call, t_handler;

/* After a round: the handler ran soon after the call began (the signal came
 * before the call slept): start the call earlier; long after (it woke the
 * call): later. A little jitter keeps the rounds spread around the moment.
 * Only the timing of later rounds depends on this, never the output. */
static void steer(unsigned round)
{
    static long long closest = -1;
    long long d = (long long)(t_handler - t_call);
    if (d > 0 && (closest < 0 || d < closest))
        closest = d;
    bool early = d <= 0 || d < closest + closest / 2;
    int step = 1 + (int)((round * 2654435761u) >> 28);
    delay_spins += early ? -step : step;
    if (delay_spins < 0)
        delay_spins = 0;
    if (delay_spins > 1000000)
        delay_spins = 1000000;
}

static void on_usr1(int sig)
{
    t_handler = __builtin_ia32_rdtsc();
    if (in_op) {
        in_op = 0;
        siglongjmp(jb, 1);
    }
}

static void block_in(enum op op)
{
    char b;
    struct timespec ts = { 30, 0 };
    struct pollfd p = { pfd[0], POLLIN, 0 };
    switch (op) {
    case OP_READ: read(pfd[0], &b, 1); break;
    case OP_FUTEX: syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0); break;
    case OP_NANOSLEEP: nanosleep(&ts, NULL); break;
    case OP_POLL: poll(&p, 1, -1); break;
    default: break;
    }
}

static void *worker(void *arg)
{
    for (int round = 1;; round++) {
        int g;
        while ((g = load(&go)) < round && g >= 0)
            sched_yield();
        if (g < 0)
            return NULL;
        if (sigsetjmp(jb, 1) == 0) {
            in_op = 1;
            store(&armed, round);
            spin(delay_spins);   /* the signal is on its way */
            t_call = __builtin_ia32_rdtsc();
            block_in(cur_op);
            in_op = 0;
            returned++;   /* the call ended without the handler: EINTR seen, no jump */
        } else {
            jumped++;
        }
        steer((unsigned)round);
        store(&done, round);
    }
}

static long ns_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000000000L + (t.tv_nsec - t0->tv_nsec);
}

/* The rounds of one operation; returns how many hung. */
static int run_op(pthread_t w, enum op op, int *round)
{
    int hung = 0;
    cur_op = op;
    jumped = returned = 0;
    for (int i = 0; i < ROUNDS; i++) {
        int r = ++*round;
        store(&go, r);
        while (load(&armed) < r)
            ;   /* no yield: the signal follows the worker's start closely */
        pthread_kill(w, SIGUSR1);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        bool late = false;
        while (load(&done) < r) {
            if (!late && ns_since(&t0) > HANG_NS) {
                late = true;
                hung++;
            }
            if (late) {
                pthread_kill(w, SIGUSR1);   /* wake it so the run goes on */
                usleep(1000);
            } else {
                sched_yield();
            }
        }
    }
    return hung;
}

static void signal_rounds(void)
{
    pthread_t w;
    pthread_create(&w, NULL, worker, NULL);
    int round = 0;
    for (int restart = 0; restart < 2; restart++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sa.sa_flags = restart ? SA_RESTART : 0;
        sigaction(SIGUSR1, &sa, NULL);
        for (int op = 0; op < OP_COUNT; op++) {
            int hung = run_op(w, (enum op)op, &round);
            printf("%-9s %s: %d of %d left by the handler, %d returned, %d hung\n", op_names[op],
                   restart ? "SA_RESTART" : "no restart", jumped, ROUNDS, returned, hung);
        }
    }
    store(&go, -1);
    pthread_kill(w, SIGUSR1);
    pthread_join(w, NULL);
}

/* pthread_cancel of a thread entering read: glibc's cancellation signal. */
static int reader_ready;

static void mark(void *arg) { t_handler = __builtin_ia32_rdtsc(); }

static void *reader(void *arg)
{
    char b;
    pthread_cleanup_push(mark, NULL);   /* runs as the cancellation unwinds */
    store(&reader_ready, 1);
    spin((int)(long)arg);
    t_call = __builtin_ia32_rdtsc();
    read(pfd[0], &b, 1);
    pthread_cleanup_pop(0);
    return (void *)1;   /* only if the cancellation was missed and data came */
}

static void cancel_rounds(void)
{
    int cancelled = 0, hung = 0;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_t th;
        store(&reader_ready, 0);
        pthread_create(&th, NULL, reader, (void *)(long)delay_spins);
        while (!load(&reader_ready))
            ;
        pthread_cancel(th);
        struct timespec dl;
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_sec += 1;
        void *ret;
        if (pthread_timedjoin_np(th, &ret, &dl) == ETIMEDOUT) {
            hung++;
            write(pfd[1], "x", 1);   /* let it go */
            pthread_join(th, &ret);
        }
        cancelled += ret == PTHREAD_CANCELED;
        steer((unsigned)i);
    }
    printf("pthread_cancel at read: %d of %d cancelled, %d hung\n", cancelled, ROUNDS, hung);
}

int main(void)
{
    if (pipe(pfd))
        return 1;
    signal_rounds();
    cancel_rounds();
    return 0;
}
