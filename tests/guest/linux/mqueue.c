/* mqueue.c - POSIX message queues: mq_open with attributes, mq_getattr,
 * priorities deciding the receive order, mq_timedreceive timing out on an
 * empty queue and mq_timedsend on a full one, mq_setattr O_NONBLOCK
 * (EAGAIN), mq_notify with a signal, a forked child sending to its parent,
 * mq_unlink.
 * i386 reference: x86-64 (qemu-i386 7.2 has no mq_notify). */
// i386 reference: x86-64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show_attr(mqd_t q, const char *what)
{
    struct mq_attr a;
    memset(&a, 0xff, sizeof a);
    int r = mq_getattr(q, &a);
    printf("%s: %d flags %s maxmsg %ld msgsize %ld curmsgs %ld\n", what, r, (a.mq_flags & O_NONBLOCK) ? "nonblock" : "0",
           a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char name[64];
    snprintf(name, sizeof name, "/mimic-mq-%d", (int)getpid());
    struct mq_attr at = { 0, 4, 64, 0 };
    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at);
    if (q == (mqd_t)-1) {
        printf("mq_open: %s\n", strerror(errno));
        return 1;
    }
    show_attr(q, "new");
    mqd_t again = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at);
    printf("exclusive again: %d %s\n", again == (mqd_t)-1, strerror(errno));
    static const struct { const char *text; unsigned prio; } msgs[] = { { "low", 1 }, { "high", 9 }, { "mid", 5 }, { "mid2", 5 } };
    for (int i = 0; i < 4; i++)
        mq_send(q, msgs[i].text, strlen(msgs[i].text) + 1, msgs[i].prio);
    show_attr(q, "full");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    int r = mq_timedsend(q, "over", 5, 1, &ts);
    printf("send to full: %d %s\n", r, strerror(errno));
    char buf[64];
    unsigned prio;
    for (int i = 0; i < 4; i++) {
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        printf("receive %zd prio %u %s\n", n, prio, buf);
    }
    ssize_t n = mq_receive(q, buf, 8, &prio);
    printf("small buffer: %zd %s\n", n, strerror(errno));
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    n = mq_timedreceive(q, buf, sizeof buf, &prio, &ts);
    printf("timed receive on empty: %zd %s\n", n, strerror(errno));
    struct mq_attr nb = { O_NONBLOCK, 0, 0, 0 }, old;
    r = mq_setattr(q, &nb, &old);
    printf("setattr %d old flags %ld\n", r, old.mq_flags);
    show_attr(q, "after setattr");
    n = mq_receive(q, buf, sizeof buf, &prio);
    printf("nonblocking empty: %zd %s\n", n, strerror(errno));

    /* notification by signal when a message arrives on the empty queue */
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 1234;
    printf("mq_notify %d\n", mq_notify(q, &ev));
    r = mq_notify(q, &ev);
    printf("second registration: %d %s\n", r, strerror(errno));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        mqd_t cq = mq_open(name, O_WRONLY);
        mq_send(cq, "from child", 11, 3);
        mq_close(cq);
        _exit(0);
    }
    siginfo_t si;
    struct timespec five = { 5, 0 };
    int sig = sigtimedwait(&m, &si, &five);
    printf("notified: sig %d code is SI_MESGQ %d value %d pid is child %d\n", sig, si.si_code == SI_MESGQ,
           si.si_value.sival_int, si.si_pid == c);
    waitpid(c, NULL, 0);
    n = mq_receive(q, buf, sizeof buf, &prio);
    printf("child's message: %zd prio %u %s\n", n, prio, buf);
    printf("mq_notify off %d\n", mq_notify(q, NULL));
    printf("close %d unlink %d\n", mq_close(q), mq_unlink(name));
    r = mq_unlink(name);
    printf("unlink again: %d %s\n", r, strerror(errno));
    return 0;
}
