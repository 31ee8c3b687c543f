/* sockets.c - a TCP echo over loopback and a unix socketpair, with poll. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(s, (struct sockaddr *)&a, sizeof a);
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    listen(s, 1);
    pid_t pid = fork();
    if (pid == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        connect(c, (struct sockaddr *)&a, sizeof a);
        send(c, "ping over tcp", 13, 0);
        char buf[32] = { 0 };
        recv(c, buf, sizeof buf, 0);
        printf("client got: %s\n", buf);
        fflush(stdout);
        _exit(0);
    }
    int c = accept(s, NULL, NULL);
    struct pollfd pf = { .fd = c, .events = POLLIN };
    printf("poll %d revents %d\n", poll(&pf, 1, 5000), pf.revents & POLLIN);
    char buf[32] = { 0 };
    ssize_t n = recv(c, buf, sizeof buf, 0);
    printf("server got %zd: %s\n", n, buf);
    fflush(stdout);
    send(c, "pong", 4, 0);
    int st;
    waitpid(pid, &st, 0);
    close(c);
    close(s);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "unix!", 5);
    memset(buf, 0, sizeof buf);
    read(sv[1], buf, sizeof buf);
    printf("socketpair: %s\n", buf);
    return 0;
}
