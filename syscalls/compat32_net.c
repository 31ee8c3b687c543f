/*
 * compat32_net.c - i386 socket calls whose structures differ from the
 * host's: struct msghdr (and its control messages: 12-byte i386 cmsg
 * headers, 4-byte alignment) for sendmsg/recvmsg, the arrays of struct
 * mmsghdr for sendmmsg/recvmmsg (recvmmsg's timeout in both time forms),
 * the old SO_RCVTIMEO/SO_SNDTIMEO timeval, and socketcall, the i386
 * multiplexer of all of them.
 */
#include "syscalls/syscalls.h"
#include "syscalls/compat32.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define R(x) ((x) < 0 ? -errno : (x))

/* iovecs per message converted (the kernel takes up to 1024: more than
 * this fails with EMSGSIZE), control bytes per message on the host side. */
#define MSG_IOV_MAX 64
#define MSG_CTL_MAX 512

int64_t sys32_recvmmsg(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);
int64_t sys32_sendmmsg(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);

static int msg_in(const struct msghdr32 *g, struct msghdr *m, struct iovec *iov, size_t niov, char *ctl, size_t ctlcap,
                  bool sending)
{
    memset(m, 0, sizeof *m);
    if (g->iovlen > niov)
        return -EMSGSIZE;
    const struct iovec32 *gi = gptr(g->iov);
    for (uint32_t i = 0; i < g->iovlen; i++) {
        iov[i].iov_base = gptr(gi[i].base);
        iov[i].iov_len = gi[i].len;
    }
    m->msg_name = g->name ? gptr(g->name) : NULL;
    m->msg_namelen = g->namelen;
    m->msg_iov = iov;
    m->msg_iovlen = g->iovlen;
    m->msg_flags = g->flags;
    /* Control messages: 12-byte i386 headers with 4-byte alignment become
     * 16-byte host headers with 8-byte alignment. (A receive buffer holds
     * no messages yet: its bytes are whatever the program left there.) */
    if (sending && g->control && g->controllen) {
        const uint8_t *src = gptr(g->control);
        size_t o = 0, so = 0;
        while (so + sizeof(struct cmsghdr32) <= g->controllen) {
            const struct cmsghdr32 *c = (const void *)(src + so);
            if (c->len < sizeof *c || so + c->len > g->controllen)
                return -EINVAL;
            size_t dlen = c->len - sizeof *c;
            if (o + CMSG_SPACE(dlen) > ctlcap)
                return -ENOBUFS;
            struct cmsghdr *h = (void *)(ctl + o);
            h->cmsg_len = CMSG_LEN(dlen);
            h->cmsg_level = c->level;
            h->cmsg_type = c->type;
            memcpy(CMSG_DATA(h), src + so + sizeof *c, dlen);
            o += CMSG_SPACE(dlen);
            so += (c->len + 3) & ~3u;
        }
        m->msg_control = ctl;
        m->msg_controllen = o;
    }
    return 0;
}

static void msg_out(struct msghdr32 *g, const struct msghdr *m)
{
    g->namelen = m->msg_namelen;
    g->flags = m->msg_flags;
    if (!g->control)
        return;
    uint8_t *dst = gptr(g->control);
    size_t o = 0;
    for (struct cmsghdr *h = CMSG_FIRSTHDR((struct msghdr *)m); h; h = CMSG_NXTHDR((struct msghdr *)m, h)) {
        size_t dlen = h->cmsg_len - CMSG_LEN(0);
        size_t need = (sizeof(struct cmsghdr32) + dlen + 3) & ~(size_t)3;
        if (o + need > g->controllen) {
            g->flags |= MSG_CTRUNC;
            break;
        }
        struct cmsghdr32 *c = (void *)(dst + o);
        c->len = (uint32_t)(sizeof *c + dlen);
        c->level = h->cmsg_level;
        c->type = h->cmsg_type;
        memcpy(dst + o + sizeof *c, CMSG_DATA(h), dlen);
        o += need;
    }
    g->controllen = (uint32_t)o;
}

int64_t sys32_sendmsg(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct msghdr m;
    struct iovec iov[MSG_IOV_MAX];
    char ctl[MSG_CTL_MAX];
    int e = msg_in(gptr(a[1]), &m, iov, MSG_IOV_MAX, ctl, sizeof ctl, true);
    if (e)
        return e;
    ssize_t r = sendmsg((int)a[0], &m, (int)a[2]);
    return R(r);
}

int64_t sys32_recvmsg(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct msghdr32 *g = gptr(a[1]);
    struct msghdr m;
    struct iovec iov[MSG_IOV_MAX];
    char ctl[MSG_CTL_MAX] __attribute__((aligned(8)));
    int e = msg_in(g, &m, iov, MSG_IOV_MAX, ctl, sizeof ctl, false);
    if (e)
        return e;
    if (g->control) {
        m.msg_control = ctl;
        m.msg_controllen = g->controllen * 2 < sizeof ctl ? g->controllen * 2 : sizeof ctl;
    }
    ssize_t r = recvmsg((int)a[0], &m, (int)a[2]);
    if (r < 0)
        return -errno;
    msg_out(g, &m);
    return r;
}

/* ---- sendmmsg / recvmmsg: arrays of { struct msghdr32, u32 msg_len } ---- */

struct mmsghdr32 { struct msghdr32 hdr; uint32_t len; };
_Static_assert(sizeof(struct mmsghdr32) == 32, "i386 mmsghdr");

/* The host side of n messages: headers, iovecs and control buffers. */
struct mmsg_host {
    struct mmsghdr *h;
    struct iovec *iov;
    char *ctl;
};

static int mmsg_in(struct mmsg_host *m, uint32_t vec, unsigned n, bool sending)
{
    m->h = calloc(n ? n : 1, sizeof *m->h);
    m->iov = calloc((size_t)(n ? n : 1) * MSG_IOV_MAX, sizeof *m->iov);
    m->ctl = malloc((size_t)(n ? n : 1) * MSG_CTL_MAX);
    if (!m->h || !m->iov || !m->ctl)
        return -ENOMEM;
    struct mmsghdr32 *g = gptr(vec);
    for (unsigned i = 0; i < n; i++) {
        char *ctl = m->ctl + (size_t)i * MSG_CTL_MAX;
        int e = msg_in(&g[i].hdr, &m->h[i].msg_hdr, m->iov + (size_t)i * MSG_IOV_MAX, MSG_IOV_MAX, ctl, MSG_CTL_MAX,
                       sending);
        if (e)
            return e;
        if (!sending && g[i].hdr.control) {
            m->h[i].msg_hdr.msg_control = ctl;
            m->h[i].msg_hdr.msg_controllen = g[i].hdr.controllen * 2 < MSG_CTL_MAX ? g[i].hdr.controllen * 2 : MSG_CTL_MAX;
        }
    }
    return 0;
}

static void mmsg_free(struct mmsg_host *m)
{
    free(m->h);
    free(m->iov);
    free(m->ctl);
}

/* sendmmsg(fd, vec, vlen, flags): how many were sent; msg_len of each. */
int64_t sys32_sendmmsg(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    unsigned n = (uint32_t)a[2];
    if (n > 1024)
        n = 1024;   /* UIO_MAXIOV, as the kernel caps it */
    struct mmsg_host m;
    int64_t r = mmsg_in(&m, (uint32_t)a[1], n, true);
    if (r == 0) {
        long k = syscall(SYS_sendmmsg, (int)a[0], m.h, n, (unsigned)a[3]);
        r = k < 0 ? -errno : k;
        struct mmsghdr32 *g = gptr(a[1]);
        for (long i = 0; i < k; i++)
            g[i].len = m.h[i].msg_len;
    }
    mmsg_free(&m);
    return r;
}

/* recvmmsg(fd, vec, vlen, flags, timeout): each received message's
 * header goes back converted; the time left is written back when
 * something arrived, as the kernel does. */
static int64_t recvmmsg32(uint64_t *a, struct timespec *ts)
{
    unsigned n = (uint32_t)a[2];
    if (n > 1024)
        n = 1024;
    struct mmsg_host m;
    int64_t r = mmsg_in(&m, (uint32_t)a[1], n, false);
    if (r == 0) {
        long k = syscall(SYS_recvmmsg, (int)a[0], m.h, n, (unsigned)a[3], ts);
        r = k < 0 ? -errno : k;
        struct mmsghdr32 *g = gptr(a[1]);
        for (long i = 0; i < k; i++) {
            msg_out(&g[i].hdr, &m.h[i].msg_hdr);
            g[i].len = m.h[i].msg_len;
        }
    }
    mmsg_free(&m);
    return r;
}

int64_t sys32_recvmmsg(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    struct timespec32 *g = (uint32_t)a[4] ? gptr(a[4]) : NULL;
    if (g) {
        ts.tv_sec = g->tv_sec;
        ts.tv_nsec = g->tv_nsec;
    }
    int64_t r = recvmmsg32(a, g ? &ts : NULL);
    if (g && r > 0) {
        g->tv_sec = (int32_t)ts.tv_sec;
        g->tv_nsec = (int32_t)ts.tv_nsec;
    }
    return r;
}

int64_t sys32_recvmmsg_time64(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    if ((uint32_t)a[4])
        memcpy(&ts, gptr(a[4]), sizeof ts);
    int64_t r = recvmmsg32(a, (uint32_t)a[4] ? &ts : NULL);
    if ((uint32_t)a[4] && r > 0)
        memcpy(gptr(a[4]), &ts, sizeof ts);
    return r;
}

/* socketcall(call, args): the i386 multiplexer of the socket calls. */
/* Socket options whose value differs for i386: SO_RCVTIMEO and SO_SNDTIMEO
 * in their old form (20, 21) take a timeval of two 32-bit fields. The
 * others have the same layout and pass through. */
static int64_t sockopt32_set(int fd, int level, int name, uint64_t val, socklen_t len)
{
    int r;
    if (level == SOL_SOCKET && (name == 20 || name == 21)) {
        if (len < sizeof(struct timeval32))
            return -EINVAL;
        const struct timeval32 *g = gptr(val);
        struct timeval tv = { g->tv_sec, g->tv_usec };
        r = setsockopt(fd, level, name, &tv, sizeof tv);
    } else {
        r = setsockopt(fd, level, name, gptr(val), len);
    }
    return r < 0 ? -errno : r;
}

static int64_t sockopt32_get(int fd, int level, int name, uint64_t val, uint64_t lenp)
{
    int r;
    if (level == SOL_SOCKET && (name == 20 || name == 21)) {
        uint32_t *gl = gptr(lenp);
        if (*gl < sizeof(struct timeval32))
            return -EINVAL;
        struct timeval tv;
        socklen_t l = sizeof tv;
        r = getsockopt(fd, level, name, &tv, &l);
        if (r == 0) {
            struct timeval32 *g = gptr(val);
            g->tv_sec = (int32_t)tv.tv_sec;
            g->tv_usec = (int32_t)tv.tv_usec;
            *gl = sizeof(struct timeval32);
        }
    } else {
        r = getsockopt(fd, level, name, gptr(val), gptr(lenp));
    }
    return r < 0 ? -errno : r;
}

int64_t sys32_setsockopt(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return sockopt32_set((int)a[0], (int)a[1], (int)a[2], a[3], (socklen_t)a[4]);
}

int64_t sys32_getsockopt(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return sockopt32_get((int)a[0], (int)a[1], (int)a[2], a[3], a[4]);
}

int64_t sys32_socketcall(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    static const uint8_t nargs[21] = { 0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4 };
    unsigned call = (unsigned)a[0];
    if (call < 1 || call > 20)
        return -EINVAL;
    const uint32_t *g = gptr(a[1]);
    uint64_t v[6] = { 0 };
    for (unsigned i = 0; i < nargs[call]; i++)
        v[i] = g[i];
    int fd = (int)(int32_t)v[0];
    long r;
    switch (call) {
    case 1: r = socket((int)v[0], (int)v[1], (int)v[2]); break;
    case 2: r = bind(fd, gptr(v[1]), (socklen_t)v[2]); break;
    case 3: r = connect(fd, gptr(v[1]), (socklen_t)v[2]); break;
    case 4: r = listen(fd, (int)v[1]); break;
    case 5: r = accept(fd, gptr(v[1]), gptr(v[2])); break;
    case 6: r = getsockname(fd, gptr(v[1]), gptr(v[2])); break;
    case 7: r = getpeername(fd, gptr(v[1]), gptr(v[2])); break;
    case 8: r = socketpair((int)v[0], (int)v[1], (int)v[2], gptr(v[3])); break;
    case 9: r = send(fd, gptr(v[1]), v[2], (int)v[3]); break;
    case 10: r = recv(fd, gptr(v[1]), v[2], (int)v[3]); break;
    case 11: r = sendto(fd, gptr(v[1]), v[2], (int)v[3], gptr(v[4]), (socklen_t)v[5]); break;
    case 12: r = recvfrom(fd, gptr(v[1]), v[2], (int)v[3], gptr(v[4]), gptr(v[5])); break;
    case 13: r = shutdown(fd, (int)v[1]); break;
    case 14: return sockopt32_set(fd, (int)v[1], (int)v[2], v[3], (socklen_t)v[4]);
    case 15: return sockopt32_get(fd, (int)v[1], (int)v[2], v[3], v[4]);
    case 16: { uint64_t b[3] = { v[0], v[1], v[2] }; return sys32_sendmsg(t, s, b); }
    case 17: { uint64_t b[3] = { v[0], v[1], v[2] }; return sys32_recvmsg(t, s, b); }
    case 18: r = accept4(fd, gptr(v[1]), gptr(v[2]), (int)v[3]); break;
    case 19: { uint64_t b[5] = { v[0], v[1], v[2], v[3], v[4] }; return sys32_recvmmsg(t, s, b); }
    case 20: { uint64_t b[4] = { v[0], v[1], v[2], v[3] }; return sys32_sendmmsg(t, s, b); }
    default: return -ENOSYS;
    }
    return R(r);
}
