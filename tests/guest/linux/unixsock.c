/* unixsock.c - AF_UNIX sockets: stream with a filesystem path, datagram
 * with message boundaries, socketpair passing descriptors with SCM_RIGHTS,
 * SCM_CREDENTIALS, SOCK_SEQPACKET, abstract names, and error cases. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int send_fds(int s, int *fds, int nfds, const char *msg)
{
    struct iovec iov = { (void *)msg, strlen(msg) };
    union { char buf[CMSG_SPACE(4 * sizeof(int))]; struct cmsghdr align; } u;
    memset(&u, 0, sizeof u);
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = CMSG_SPACE(nfds * sizeof(int)) };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
    memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
    return sendmsg(s, &mh, 0);
}

int main(void)
{
    char path[] = "unixsock-XXXXXX";
    mkdtemp(path);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/stream", path);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("bind %d listen %d\n", bind(l, (struct sockaddr *)&sa, sizeof sa), listen(l, 4));
    struct stat st;
    stat(sa.sun_path, &st);
    printf("socket file %d\n", S_ISSOCK(st.st_mode));
    errno = 0;
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    {
        __typeof__(bind(l2, (struct sockaddr *)&sa, sizeof sa)) r0_ = bind(l2, (struct sockaddr *)&sa, sizeof sa);
        printf("bind again %d %s\n", r0_, errno == EADDRINUSE ? "EADDRINUSE" : "?");
    }
    close(l2);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect %d\n", connect(c, (struct sockaddr *)&sa, sizeof sa));
    struct sockaddr_un got;
    socklen_t glen = sizeof got;
    int a = accept(l, (struct sockaddr *)&got, &glen);
    printf("accept peer unnamed: len %u\n", glen);
    glen = sizeof got;
    getpeername(c, (struct sockaddr *)&got, &glen);
    printf("getpeername matches %d\n", !strcmp(got.sun_path, sa.sun_path));
    write(c, "part1", 5);
    write(c, "part2", 5);
    char buf[128];
    usleep(1000);
    ssize_t n = read(a, buf, sizeof buf);
    printf("stream may merge: %zd <= 10 %d\n", n, n > 0 && n <= 10);
    if (n < 10) read(a, buf + n, 10 - n);
    struct ucred cr;
    socklen_t crl = sizeof cr;
    getsockopt(a, SOL_SOCKET, SO_PEERCRED, &cr, &crl);
    printf("SO_PEERCRED pid self %d uid %d len %u\n", cr.pid == getpid(), cr.uid == getuid(), crl);
    close(c);
    printf("read after peer close %zd\n", read(a, buf, sizeof buf));
    close(a);
    close(l);
    unlink(sa.sun_path);
    /* datagram */
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/dgram", path);
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    bind(d, (struct sockaddr *)&sa, sizeof sa);
    int ds = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un me = { .sun_family = AF_UNIX };
    snprintf(me.sun_path, sizeof me.sun_path, "%s/sender", path);
    bind(ds, (struct sockaddr *)&me, sizeof me);
    sendto(ds, "first", 5, 0, (struct sockaddr *)&sa, sizeof sa);
    sendto(ds, "second!", 7, 0, (struct sockaddr *)&sa, sizeof sa);
    sendto(ds, "", 0, 0, (struct sockaddr *)&sa, sizeof sa);
    struct sockaddr_un from;
    socklen_t flen = sizeof from;
    n = recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
    printf("dgram %zd %.5s from sender %d\n", n, buf, strstr(from.sun_path, "/sender") != NULL);
    n = recv(d, buf, 3, 0);
    printf("dgram truncated %zd %.3s\n", n, buf);
    n = recv(d, buf, sizeof buf, 0);
    printf("empty dgram %zd\n", n);
    close(d);
    close(ds);
    /* abstract namespace */
    struct sockaddr_un ab = { .sun_family = AF_UNIX };
    snprintf(ab.sun_path + 1, sizeof ab.sun_path - 1, "mimic-abstract-%d", getpid());
    socklen_t ablen = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(ab.sun_path + 1);
    l = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("abstract bind %d listen %d\n", bind(l, (struct sockaddr *)&ab, ablen), listen(l, 1));
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("abstract connect %d\n", connect(c, (struct sockaddr *)&ab, ablen));
    close(c);
    close(l);
    /* socketpair + SCM_RIGHTS to a child */
    int sp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
    char fname[64];
    snprintf(fname, sizeof fname, "%s/passed", path);
    int fd = open(fname, O_CREAT | O_RDWR | O_TRUNC, 0600);
    write(fd, "content of the passed file", 26);
    lseek(fd, 11, SEEK_SET);
    int pp[2];
    pipe(pp);
    pid_t pid = fork();
    if (pid == 0) {
        close(sp[0]);
        char cbuf[CMSG_SPACE(4 * sizeof(int))];
        char data[32] = { 0 };
        struct iovec iov = { data, sizeof data - 1 };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
        ssize_t k = recvmsg(sp[1], &mh, 0);
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        int nf = cm ? (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int)) : 0;
        int fds[4];
        memcpy(fds, CMSG_DATA(cm), nf * sizeof(int));
        char rd[32] = { 0 };
        read(fds[0], rd, 6);
        write(fds[1], "via passed pipe", 15);
        close(fds[1]);
        char line[160];
        int len = snprintf(line, sizeof line, "child got %zd '%s' level %d type %d fds %d read '%s' flags %x\n", k, data,
                           cm->cmsg_level == SOL_SOCKET, cm->cmsg_type == SCM_RIGHTS, nf, rd, mh.msg_flags);
        write(sp[1], line, len);
        _exit(0);
    }
    close(sp[1]);
    int pass[2] = { fd, pp[1] };
    printf("sendmsg %d\n", send_fds(sp[0], pass, 2, "two fds"));
    close(pp[1]);
    n = read(pp[0], buf, sizeof buf);
    printf("parent reads pipe: %.*s\n", (int)n, buf);
    n = read(sp[0], buf, sizeof buf);
    printf("%.*s", (int)n, buf);
    printf("shared offset moved: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    waitpid(pid, NULL, 0);
    close(fd);
    close(sp[0]);
    /* SCM_CREDENTIALS */
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sp);
    int on = 1;
    setsockopt(sp[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    send(sp[0], "cred", 4, 0);
    char cbuf[CMSG_SPACE(sizeof(struct ucred))];
    struct iovec iov = { buf, sizeof buf };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    n = recvmsg(sp[1], &mh, 0);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    struct ucred uc;
    memcpy(&uc, CMSG_DATA(cm), sizeof uc);
    printf("credentials %zd type %d pid %d uid %d\n", n, cm->cmsg_type == SCM_CREDENTIALS, uc.pid == getpid(), uc.uid == getuid());
    close(sp[0]);
    close(sp[1]);
    /* seqpacket keeps boundaries, reports EOF */
    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp);
    send(sp[0], "abc", 3, 0);
    send(sp[0], "defgh", 5, 0);
    n = recv(sp[1], buf, sizeof buf, 0);
    ssize_t n2 = recv(sp[1], buf, 2, 0);
    close(sp[0]);
    printf("seqpacket %zd %zd eof %zd\n", n, n2, recv(sp[1], buf, sizeof buf, 0));
    close(sp[1]);
    errno = 0;
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/none", path);
    {
        __typeof__(connect(c, (struct sockaddr *)&sa, sizeof sa)) r0_ = connect(c, (struct sockaddr *)&sa, sizeof sa);
        printf("connect to missing %d %s\n", r0_, errno == ENOENT ? "ENOENT" : "?");
    }
    unlink(fname);
    snprintf(fname, sizeof fname, "%s/dgram", path); unlink(fname);
    snprintf(fname, sizeof fname, "%s/sender", path); unlink(fname);
    printf("rmdir %d\n", rmdir(path));
    return 0;
}
