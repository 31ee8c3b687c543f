/* netinet.c - TCP and UDP over loopback: bind to port 0 and getsockname,
 * accept with the peer address, getsockopt/setsockopt values, MSG_PEEK,
 * shutdown and EOF, non-blocking connect finished with poll, select and
 * epoll, connection refused, UDP sendto/recvfrom with truncation. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int listener(struct sockaddr_in *addr)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)addr, sizeof *addr);
    listen(s, 8);
    socklen_t len = sizeof *addr;
    getsockname(s, (struct sockaddr *)addr, &len);
    return s;
}

static int nb_connect(struct sockaddr_in *addr, int *immediate)
{
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)addr, sizeof *addr);
    *immediate = r == 0 ? 1 : errno == EINPROGRESS ? 0 : -errno;
    return c;
}

static int so_error(int c)
{
    int err = -1;
    socklen_t len = sizeof err;
    getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
    return err;
}

int main(void)
{
    struct sockaddr_in addr, peer;
    int l = listener(&addr);
    printf("listening on loopback, port nonzero %d\n", ntohs(addr.sin_port) != 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect %d\n", connect(c, (struct sockaddr *)&addr, sizeof addr));
    socklen_t plen = sizeof peer;
    int a = accept(l, (struct sockaddr *)&peer, &plen);
    struct sockaddr_in local;
    socklen_t llen = sizeof local;
    getsockname(c, (struct sockaddr *)&local, &llen);
    printf("accepted: peer %s len %u port matches %d\n", inet_ntoa(peer.sin_addr), plen, peer.sin_port == local.sin_port);
    int val;
    socklen_t vlen = sizeof val;
    getsockopt(a, SOL_SOCKET, SO_TYPE, &val, &vlen);
    printf("SO_TYPE stream %d len %u\n", val == SOCK_STREAM, vlen);
    val = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, sizeof val);
    val = 0;
    vlen = sizeof val;
    getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &vlen);
    printf("TCP_NODELAY %d\n", val != 0);
    struct linger lg = { 1, 5 }, lg2;
    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    vlen = sizeof lg2;
    getsockopt(c, SOL_SOCKET, SO_LINGER, &lg2, &vlen);
    printf("SO_LINGER %d %d len %u\n", lg2.l_onoff != 0, lg2.l_linger, vlen);
    struct timeval tv = { 2, 500000 }, tv2;
    setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    vlen = sizeof tv2;
    getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv2, &vlen);
    printf("SO_RCVTIMEO %ld.%06ld len ok %d\n", (long)tv2.tv_sec, (long)tv2.tv_usec, vlen == sizeof tv2);
    getsockopt(a, SOL_SOCKET, SO_ACCEPTCONN, &val, &vlen);
    int lval;
    getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &lval, &vlen);
    printf("SO_ACCEPTCONN accepted %d listener %d\n", val, lval);
    send(c, "hello tcp", 9, 0);
    char buf[64] = { 0 };
    ssize_t n = recv(a, buf, 5, MSG_PEEK | MSG_WAITALL);
    printf("peek %zd %.5s\n", n, buf);
    n = recv(a, buf, sizeof buf, MSG_WAITALL | MSG_DONTWAIT);
    printf("recv %zd %.9s\n", n, buf);
    shutdown(c, SHUT_WR);
    n = recv(a, buf, sizeof buf, 0);
    printf("after shutdown: recv %zd\n", n);
    send(a, "back", 4, 0);
    n = recv(c, buf, sizeof buf, 0);
    printf("reverse still open: %zd %.4s\n", n, buf);
    close(a);
    close(c);
    /* larger transfer through a forked writer */
    pid_t p = fork();
    if (p == 0) {
        int w = socket(AF_INET, SOCK_STREAM, 0);
        connect(w, (struct sockaddr *)&addr, sizeof addr);
        static char big[300000];
        for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7);
        size_t off = 0;
        while (off < sizeof big) {
            ssize_t k = write(w, big + off, sizeof big - off);
            if (k <= 0) _exit(1);
            off += k;
        }
        _exit(0);
    }
    a = accept(l, NULL, NULL);
    unsigned long sum = 0, total = 0;
    unsigned char chunk[8192];
    while ((n = read(a, chunk, sizeof chunk)) > 0) {
        for (ssize_t i = 0; i < n; i++) sum = sum * 31 + chunk[i];
        total += n;
    }
    close(a);
    waitpid(p, NULL, 0);
    printf("bulk %lu bytes hash %lx\n", total, sum);
    /* non-blocking connects, completed three ways */
    const char *how[] = { "poll", "select", "epoll" };
    for (int k = 0; k < 3; k++) {
        int imm;
        c = nb_connect(&addr, &imm);
        int ready = 0;
        if (k == 0) {
            struct pollfd pfd = { c, POLLOUT, 0 };
            ready = poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLOUT);
        } else if (k == 1) {
            fd_set ws;
            FD_ZERO(&ws);
            FD_SET(c, &ws);
            struct timeval to = { 2, 0 };
            ready = select(c + 1, NULL, &ws, NULL, &to) == 1 && FD_ISSET(c, &ws);
        } else {
            int ep = epoll_create1(EPOLL_CLOEXEC);
            struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = 0x1122334455667788ULL }, out;
            epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
            ready = epoll_wait(ep, &out, 1, 2000) == 1 && (out.events & EPOLLOUT) && out.data.u64 == 0x1122334455667788ULL;
            close(ep);
        }
        a = accept(l, NULL, NULL);
        printf("nonblocking connect via %s: started %d ready %d SO_ERROR %d accepted %d\n", how[k], imm >= 0, ready, so_error(c), a >= 0);
        n = recv(c, buf, 1, 0);
        printf("  empty nonblocking recv %zd %s\n", n, errno == EAGAIN ? "EAGAIN" : "?");
        close(a);
        close(c);
    }
    close(l);
    /* refused: the port just closed */
    int imm;
    c = nb_connect(&addr, &imm);
    if (imm == 0) {
        struct pollfd pfd = { c, POLLOUT, 0 };
        poll(&pfd, 1, 2000);
        printf("refused: revents err %d SO_ERROR %s\n", !!(pfd.revents & (POLLERR | POLLHUP)), so_error(c) == ECONNREFUSED ? "ECONNREFUSED" : "?");
    } else
        printf("refused: revents err 1 SO_ERROR %s\n", -imm == ECONNREFUSED ? "ECONNREFUSED" : "?");
    close(c);
    c = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    {
        __typeof__(connect(c, (struct sockaddr *)&addr, sizeof addr)) r0_ = connect(c, (struct sockaddr *)&addr, sizeof addr);
        printf("blocking connect refused %d %s\n", r0_, errno == ECONNREFUSED ? "ECONNREFUSED" : "?");
    }
    close(c);
    /* UDP */
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(u1, (struct sockaddr *)&ua, sizeof ua);
    socklen_t ulen = sizeof ua;
    getsockname(u1, (struct sockaddr *)&ua, &ulen);
    sendto(u2, "datagram one", 12, 0, (struct sockaddr *)&ua, sizeof ua);
    sendto(u2, "two", 3, 0, (struct sockaddr *)&ua, sizeof ua);
    struct sockaddr_in from;
    socklen_t flen = sizeof from;
    n = recvfrom(u1, buf, 8, 0, (struct sockaddr *)&from, &flen);
    printf("udp truncated recv %zd '%.8s' from %s\n", n, buf, inet_ntoa(from.sin_addr));
    n = recv(u1, buf, sizeof buf, MSG_TRUNC);
    printf("udp second %zd '%.3s'\n", n, buf);
    sendto(u2, "0123456789", 10, 0, (struct sockaddr *)&ua, sizeof ua);
    n = recv(u1, buf, 4, MSG_TRUNC);
    printf("MSG_TRUNC real length %zd\n", n);
    connect(u2, (struct sockaddr *)&ua, sizeof ua);
    send(u2, "connected", 9, 0);
    n = recv(u1, buf, sizeof buf, 0);
    printf("connected udp %zd %.9s\n", n, buf);
    char addrbuf[INET6_ADDRSTRLEN];
    struct in6_addr a6;
    inet_pton(AF_INET6, "fe80::1:2", &a6);
    printf("inet_ntop %s inet_pton bad %d\n", inet_ntop(AF_INET6, &a6, addrbuf, sizeof addrbuf), inet_pton(AF_INET, "300.1.1.1", &ua.sin_addr));
    return 0;
}
