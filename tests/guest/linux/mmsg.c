/* mmsg.c - sendmmsg and recvmmsg: several datagrams in one call over a
 * UNIX datagram pair (each message of two iovecs, msg_len filled in), a
 * file descriptor passed as SCM_RIGHTS inside one of them, UDP over
 * loopback with each sender's address returned, recvmmsg with
 * MSG_WAITFORONE and with a timeout, MSG_DONTWAIT on an empty socket. i386
 * also goes through socketcall (SYS_SENDMMSG 20, SYS_RECVMMSG 19). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void unix_pair(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    char a0[] = "alpha-", a1[] = "one", b0[] = "beta-", b1[] = "two", c0[] = "gamma-", c1[] = "three";
    struct iovec iv[3][2] = { { { a0, 6 }, { a1, 3 } }, { { b0, 5 }, { b1, 3 } }, { { c0, 6 }, { c1, 5 } } };
    struct mmsghdr out[3];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        out[i].msg_hdr.msg_iov = iv[i];
        out[i].msg_hdr.msg_iovlen = 2;
    }
    /* the second message carries a file descriptor */
    int pfd[2];
    pipe(pfd);
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } cu;
    memset(&cu, 0, sizeof cu);
    out[1].msg_hdr.msg_control = cu.buf;
    out[1].msg_hdr.msg_controllen = sizeof cu.buf;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&out[1].msg_hdr);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &pfd[1], sizeof(int));
    int r = sendmmsg(sv[0], out, 3, 0);
    printf("sendmmsg %d lens %u %u %u\n", r, out[0].msg_len, out[1].msg_len, out[2].msg_len);

    char bufs[4][32];
    struct iovec in_iv[4];
    struct mmsghdr in[4];
    union { char buf[CMSG_SPACE(sizeof(int)) * 2]; struct cmsghdr align; } rc[4];
    memset(in, 0, sizeof in);
    memset(bufs, 0, sizeof bufs);
    for (int i = 0; i < 4; i++) {
        in_iv[i] = (struct iovec){ bufs[i], sizeof bufs[i] };
        in[i].msg_hdr.msg_iov = &in_iv[i];
        in[i].msg_hdr.msg_iovlen = 1;
        in[i].msg_hdr.msg_control = rc[i].buf;
        in[i].msg_hdr.msg_controllen = sizeof rc[i].buf;
    }
    r = recvmmsg(sv[1], in, 4, MSG_WAITFORONE, NULL);
    printf("recvmmsg %d\n", r);
    for (int i = 0; i < r; i++) {
        int got = -1;
        struct cmsghdr *c = CMSG_FIRSTHDR(&in[i].msg_hdr);
        if (c && c->cmsg_type == SCM_RIGHTS)
            memcpy(&got, CMSG_DATA(c), sizeof got);
        printf("  %d: len %u \"%s\" flags %d fd passed %d\n", i, in[i].msg_len, bufs[i], in[i].msg_hdr.msg_flags,
               got >= 0);
        if (got >= 0) {
            write(got, "via fd", 6);
            char t[8] = "";
            read(pfd[0], t, 6);
            printf("  written through the passed fd: %s\n", t);
            close(got);
        }
    }
    r = recvmmsg(sv[1], in, 4, MSG_DONTWAIT, NULL);
    printf("empty dontwait: %d %s\n", r, strerror(errno));
    close(sv[0]);
    close(sv[1]);
    close(pfd[0]);
    close(pfd[1]);
}

static void udp(void)
{
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx1 = socket(AF_INET, SOCK_DGRAM, 0), tx2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(rx, (struct sockaddr *)&a, sizeof a);
    socklen_t al = sizeof a;
    getsockname(rx, (struct sockaddr *)&a, &al);
    struct sockaddr_in b1 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, b2 = b1;
    bind(tx1, (struct sockaddr *)&b1, sizeof b1);
    bind(tx2, (struct sockaddr *)&b2, sizeof b2);
    al = sizeof b1;
    getsockname(tx1, (struct sockaddr *)&b1, &al);
    al = sizeof b2;
    getsockname(tx2, (struct sockaddr *)&b2, &al);
    /* tx1 sends two datagrams in one call, each addressed with msg_name */
    struct iovec v[2] = { { "first", 5 }, { "second", 6 } };
    struct mmsghdr m[2];
    memset(m, 0, sizeof m);
    for (int i = 0; i < 2; i++) {
        m[i].msg_hdr.msg_name = &a;
        m[i].msg_hdr.msg_namelen = sizeof a;
        m[i].msg_hdr.msg_iov = &v[i];
        m[i].msg_hdr.msg_iovlen = 1;
    }
    printf("udp sendmmsg %d\n", sendmmsg(tx1, m, 2, 0));
    sendto(tx2, "third", 5, 0, (struct sockaddr *)&a, sizeof a);
    struct sockaddr_in from[3];
    char bufs[3][16];
    struct iovec iv[3];
    struct mmsghdr in[3];
    memset(in, 0, sizeof in);
    memset(bufs, 0, sizeof bufs);
    for (int i = 0; i < 3; i++) {
        iv[i] = (struct iovec){ bufs[i], sizeof bufs[i] - 1 };
        in[i].msg_hdr.msg_name = &from[i];
        in[i].msg_hdr.msg_namelen = sizeof from[i];
        in[i].msg_hdr.msg_iov = &iv[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    struct timespec ts = { 2, 0 };
    int r = recvmmsg(rx, in, 3, 0, &ts);
    printf("udp recvmmsg %d\n", r);
    for (int i = 0; i < r; i++)
        printf("  %s len %u from %s namelen %u\n", bufs[i], in[i].msg_len,
               from[i].sin_port == b1.sin_port ? "tx1" : from[i].sin_port == b2.sin_port ? "tx2" : "?",
               in[i].msg_hdr.msg_namelen);
    /* a timeout with nothing to read: the call returns when it expires */
    ts.tv_sec = 0;
    ts.tv_nsec = 30000000;
    r = recvmmsg(rx, in, 3, MSG_DONTWAIT, &ts);
    printf("udp empty: %d %s\n", r, strerror(errno));
    close(rx);
    close(tx1);
    close(tx2);
}

#ifdef __i386__
static void through_socketcall(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct iovec v[2] = { { "sc-one", 6 }, { "sc-two", 6 } };
    struct mmsghdr m[2];
    memset(m, 0, sizeof m);
    for (int i = 0; i < 2; i++) {
        m[i].msg_hdr.msg_iov = &v[i];
        m[i].msg_hdr.msg_iovlen = 1;
    }
    unsigned long sargs[4] = { (unsigned long)sv[0], (unsigned long)m, 2, 0 };
    long r = syscall(SYS_socketcall, 20, sargs);
    printf("socketcall sendmmsg %ld lens %u %u\n", r, m[0].msg_len, m[1].msg_len);
    char b[2][8];
    memset(b, 0, sizeof b);
    struct iovec iv[2] = { { b[0], 7 }, { b[1], 7 } };
    struct mmsghdr in[2];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 2; i++) {
        in[i].msg_hdr.msg_iov = &iv[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    unsigned long rargs[5] = { (unsigned long)sv[1], (unsigned long)in, 2, MSG_DONTWAIT, 0 };
    r = syscall(SYS_socketcall, 19, rargs);
    printf("socketcall recvmmsg %ld: %s %s\n", r, b[0], b[1]);
    close(sv[0]);
    close(sv[1]);
}
#else
static void through_socketcall(void)
{
    printf("socketcall sendmmsg 2 lens 6 6\nsocketcall recvmmsg 2: sc-one sc-two\n");
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    unix_pair();
    udp();
    through_socketcall();
    return 0;
}
