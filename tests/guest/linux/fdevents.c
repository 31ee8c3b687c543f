/* fdevents.c - event descriptors: eventfd counter and semaphore modes,
 * timerfd (relative, periodic expirations, absolute, gettime), inotify
 * events for create/modify/delete with names, epoll over all of them with
 * edge and level triggering, pipe2 flags, poll on a closed pipe end. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    int e = eventfd(5, EFD_NONBLOCK);
    uint64_t v = 0;
    ssize_t n = read(e, &v, sizeof v);
    printf("eventfd read %zd value %llu\n", n, (unsigned long long)v);
    errno = 0;
    n = read(e, &v, sizeof v);
    printf("empty read %zd %s\n", n, errno == EAGAIN ? "EAGAIN" : "?");
    v = 3;
    write(e, &v, sizeof v);
    write(e, &v, sizeof v);
    read(e, &v, sizeof v);
    printf("two writes sum %llu\n", (unsigned long long)v);
    errno = 0;
    n = read(e, &v, 4);
    printf("short read %zd %s\n", n, errno == EINVAL ? "EINVAL" : "?");
    v = UINT64_MAX;
    errno = 0;
    n = write(e, &v, sizeof v);
    printf("write max %zd %s\n", n, errno == EINVAL ? "EINVAL" : "?");
    close(e);
    e = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    int reads = 0;
    while (read(e, &v, sizeof v) == 8) { reads++; if (v != 1) break; }
    printf("semaphore reads %d cloexec %d\n", reads, (fcntl(e, F_GETFD) & FD_CLOEXEC) != 0);
    /* timerfd */
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its = { { 0, 5000000 }, { 0, 5000000 } }, cur;
    printf("timerfd settime %d\n", timerfd_settime(t, 0, &its, NULL));
    struct pollfd pfd = { t, POLLIN, 0 };
    poll(&pfd, 1, 2000);
    usleep(30000);
    n = read(t, &v, sizeof v);
    printf("periodic expirations: read %zd count>=2 %d\n", n, v >= 2);
    timerfd_gettime(t, &cur);
    printf("gettime interval %ld value<=interval %d\n", cur.it_interval.tv_nsec, cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 5000000);
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    timerfd_settime(t, 0, &off, &cur);
    errno = 0;
    n = read(t, &v, sizeof v);
    printf("disarmed: old interval %ld read %zd %s\n", cur.it_interval.tv_nsec, n, errno == EAGAIN ? "EAGAIN" : "?");
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    its.it_interval.tv_nsec = 0;
    its.it_value = now;
    its.it_value.tv_nsec += 10000000;
    if (its.it_value.tv_nsec >= 1000000000) { its.it_value.tv_sec++; its.it_value.tv_nsec -= 1000000000; }
    timerfd_settime(t, TFD_TIMER_ABSTIME, &its, NULL);
    int fl = fcntl(t, F_GETFL);
    fcntl(t, F_SETFL, fl & ~O_NONBLOCK);
    n = read(t, &v, sizeof v);
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("absolute one-shot: %zd count %llu reached %d\n", n, (unsigned long long)v,
           after.tv_sec > its.it_value.tv_sec || (after.tv_sec == its.it_value.tv_sec && after.tv_nsec >= its.it_value.tv_nsec));
    errno = 0;
    its.it_value.tv_nsec = 1000000000;
    {
        __typeof__(timerfd_settime(t, 0, &its, NULL)) r0_ = timerfd_settime(t, 0, &its, NULL);
        printf("bad timespec %d %s\n", r0_, errno == EINVAL ? "EINVAL" : "?");
    }
    /* inotify */
    char dir[] = "fdev-XXXXXX";
    mkdtemp(dir);
    int in = inotify_init1(IN_NONBLOCK);
    int wd = inotify_add_watch(in, dir, IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO);
    printf("inotify watch %d\n", wd > 0);
    char path[64], path2[64];
    snprintf(path, sizeof path, "%s/file", dir);
    snprintf(path2, sizeof path2, "%s/renamed", dir);
    int f = open(path, O_CREAT | O_WRONLY, 0644);
    write(f, "x", 1);
    close(f);
    rename(path, path2);
    unlink(path2);
    char ibuf[4096] __attribute__((aligned(8)));
    n = read(in, ibuf, sizeof ibuf);
    printf("inotify events:");
    uint32_t cookie = 0;
    int cookies_match = 0;
    for (char *p = ibuf; p < ibuf + n;) {
        struct inotify_event *ev = (struct inotify_event *)p;
        const char *what = ev->mask & IN_CREATE ? "create" : ev->mask & IN_MODIFY ? "modify" : ev->mask & IN_CLOSE_WRITE ? "close_write"
                         : ev->mask & IN_MOVED_FROM ? "moved_from" : ev->mask & IN_MOVED_TO ? "moved_to" : ev->mask & IN_DELETE ? "delete" : "?";
        if (ev->mask & IN_MOVED_FROM) cookie = ev->cookie;
        if (ev->mask & IN_MOVED_TO) cookies_match = ev->cookie == cookie && cookie != 0;
        printf(" %s:%s", what, ev->len ? ev->name : "");
        p += sizeof *ev + ev->len;
    }
    printf(" cookies %d\n", cookies_match);
    printf("rm_watch %d\n", inotify_rm_watch(in, wd));
    n = read(in, ibuf, sizeof ibuf);
    printf("ignored event %d\n", n > 0 && (((struct inotify_event *)ibuf)->mask & IN_IGNORED) != 0);
    close(in);
    rmdir(dir);
    /* epoll: level vs edge triggered over pipes and an eventfd */
    int p1[2], p2[2];
    pipe2(p1, O_NONBLOCK | O_CLOEXEC);
    pipe(p2);
    printf("pipe2 flags nonblock %d cloexec %d; pipe plain %d\n", (fcntl(p1[0], F_GETFL) & O_NONBLOCK) != 0,
           (fcntl(p1[1], F_GETFD) & FD_CLOEXEC) != 0, fcntl(p2[0], F_GETFL) & O_NONBLOCK);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 1 };
    epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], &ev);
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u32 = 2;
    epoll_ctl(ep, EPOLL_CTL_ADD, p2[0], &ev);
    ev.events = EPOLLIN;
    ev.data.u32 = 3;
    epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
    errno = 0;
    {
        __typeof__(epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev)) r0_ = epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
        printf("add twice %d %s\n", r0_, errno == EEXIST ? "EEXIST" : "?");
    }
    write(p1[1], "ab", 2);
    write(p2[1], "cd", 2);
    v = 1;
    write(e, &v, 8);
    struct epoll_event out[8];
    for (int round = 0; round < 2; round++) {
        int k = epoll_wait(ep, out, 8, 100);
        unsigned mask = 0;
        for (int i = 0; i < k; i++) mask |= 1u << out[i].data.u32;
        printf("epoll round %d: %d ready mask %x\n", round, k, mask);
    }
    char c;
    read(p1[0], &c, 1);
    read(e, &v, 8);
    int k = epoll_wait(ep, out, 8, 0);
    printf("after partial reads: %d ready (level-triggered pipe still has data) id %u\n", k, k ? out[0].data.u32 : 0);
    ev.events = EPOLLOUT;
    ev.data.u32 = 9;
    epoll_ctl(ep, EPOLL_CTL_MOD, p1[0], &ev);
    printf("mod to EPOLLOUT on read end: %d ready\n", epoll_wait(ep, out, 8, 0));
    epoll_ctl(ep, EPOLL_CTL_DEL, p1[0], NULL);
    close(p2[1]);
    k = epoll_wait(ep, out, 8, 0);
    printf("writer closed: %d ready hup %d\n", k, k > 0 && (out[0].events & EPOLLHUP) != 0);
    close(ep);
    pfd.fd = p2[0];
    pfd.events = POLLIN;
    printf("poll closed writer %d revents in %d hup %d\n", poll(&pfd, 1, 0), !!(pfd.revents & POLLIN), !!(pfd.revents & POLLHUP));
    pfd.fd = 1000;
    printf("poll bad fd %d nval %d\n", poll(&pfd, 1, 0), !!(pfd.revents & POLLNVAL));
    return 0;
}
