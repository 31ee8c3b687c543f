/*
 * sys_ipc.c - System V IPC (semaphores, shared memory, message queues) for
 * guests whose layouts are not the host's:
 *   - i386: the ipc(2) multiplexer (call number, version in its top half)
 *     and the direct calls of Linux 5.1 (semget 393 ... msgctl 402), with the
 *     i386 structures in both forms, the IPC_64 ones (struct ipc64_perm,
 *     semid64_ds, shmid64_ds, msqid64_ds: 32-bit longs, times split in
 *     two words) and the old ones (16-bit ids and modes), chosen per call by
 *     the IPC_64 flag of the command as the kernel does; struct msgbuf
 *     with a 4-byte mtype; shmat placed below 4 GiB; semtimedop's 32-bit
 *     timespec.
 *   - x86-64 on a generic-ABI host (aarch64): semid64_ds, which on x86-64
 *     keeps a padding word after each time (shmid64_ds and msqid64_ds are
 *     the same on both), through hostemu_semctl (host_generic.tbl).
 * The host side uses the C library's structures, which are the kernel's own
 * on 64-bit hosts, through the raw calls (no IPC_64 there: 64-bit kernels
 * take none). struct sembuf, seminfo and msginfo are the same everywhere.
 * Also the i386 forms of the POSIX message queue calls (mq_*): struct
 * mq_attr, the 32-bit timespec and struct sigevent.
 */
#include "syscalls/syscalls.h"
#include "syscalls/compat32.h"
#include "syscalls/host_generic.h"

#include <errno.h>
#include <mqueue.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define IPC_64_FLAG 0x0100
#define OVERFLOW_ID 65534           /* what a 16-bit id field shows for a larger id */

/* ---- i386 layouts ---- */

struct ipc64_perm32 {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint16_t mode, pad1;            /* __kernel_mode_t is 16 bits on i386 */
    uint16_t seq, pad2;
    uint32_t unused1, unused2;
};
struct ipc_perm_old32 { int32_t key; uint16_t uid, gid, cuid, cgid, mode, seq; };

struct semid64_ds32 {
    struct ipc64_perm32 perm;
    uint32_t otime, otime_high, ctime, ctime_high, nsems, unused3, unused4;
};
struct semid_ds_old32 {
    struct ipc_perm_old32 perm;
    int32_t otime, ctime;
    uint32_t base, pending, pending_last, undo;
    uint16_t nsems, pad;
};
struct shmid64_ds32 {
    struct ipc64_perm32 perm;
    uint32_t segsz, atime, atime_high, dtime, dtime_high, ctime, ctime_high;
    int32_t cpid, lpid;
    uint32_t nattch, unused4, unused5;
};
struct shmid_ds_old32 {
    struct ipc_perm_old32 perm;
    int32_t segsz, atime, dtime, ctime;
    uint16_t cpid, lpid, nattch, unused;
    uint32_t unused2, unused3;
};
struct msqid64_ds32 {
    struct ipc64_perm32 perm;
    uint32_t stime, stime_high, rtime, rtime_high, ctime, ctime_high, cbytes, qnum, qbytes;
    int32_t lspid, lrpid;
    uint32_t unused4, unused5;
};
struct msqid_ds_old32 {
    struct ipc_perm_old32 perm;
    uint32_t first, last;
    int32_t stime, rtime, ctime;
    uint32_t lcbytes, lqbytes;
    uint16_t cbytes, qnum, qbytes, lspid, lrpid, pad;
};
struct shminfo64_32 { uint32_t shmmax, shmmin, shmmni, shmseg, shmall, unused[4]; };
struct shminfo_old32 { int32_t shmmax, shmmin, shmmni, shmseg, shmall; };
struct shm_info32 { int32_t used_ids; uint32_t tot, rss, swp, swap_attempts, swap_successes; };
struct ipc_kludge32 { uint32_t msgp; int32_t msgtyp; };

_Static_assert(sizeof(struct ipc64_perm32) == 36, "i386 ipc64_perm");
_Static_assert(sizeof(struct ipc_perm_old32) == 16, "i386 ipc_perm");
_Static_assert(sizeof(struct semid64_ds32) == 64, "i386 semid64_ds");
_Static_assert(sizeof(struct semid_ds_old32) == 44, "i386 semid_ds");
_Static_assert(sizeof(struct shmid64_ds32) == 84, "i386 shmid64_ds");
_Static_assert(sizeof(struct shmid_ds_old32) == 48, "i386 shmid_ds");
_Static_assert(sizeof(struct msqid64_ds32) == 88, "i386 msqid64_ds");
_Static_assert(sizeof(struct msqid_ds_old32) == 56, "i386 msqid_ds");
_Static_assert(sizeof(struct shminfo64_32) == 36, "i386 shminfo64");
_Static_assert(sizeof(struct shm_info32) == 24, "i386 shm_info");
_Static_assert(sizeof(struct seminfo) == 40 && sizeof(struct msginfo) == 32, "seminfo, msginfo: one layout");
_Static_assert(sizeof(struct semid_ds) >= 88 && sizeof(struct shmid_ds) == 112 && sizeof(struct msqid_ds) == 120,
               "64-bit host IPC structures");

/* The host's struct ipc_perm is the kernel's 64-bit ipc64_perm. */
_Static_assert(sizeof(struct ipc_perm) == 48 && offsetof(struct ipc_perm, mode) == 20 &&
               offsetof(struct ipc_perm, __seq) == 24, "host ipc_perm");

static inline int64_t res(long r) { return r < 0 ? -errno : (int64_t)r; }
static uint16_t id16(uint32_t id) { return id > 0xffff ? OVERFLOW_ID : (uint16_t)id; }

/* ---- struct ipc_perm both ways ---- */

static void perm_out(const struct ipc_perm *h, void *dst, bool v64)
{
    if (v64) {
        struct ipc64_perm32 *g = dst;
        *g = (struct ipc64_perm32){ h->__key, h->uid, h->gid, h->cuid, h->cgid, (uint16_t)h->mode, 0,
                                    (uint16_t)h->__seq, 0, 0, 0 };
    } else {
        struct ipc_perm_old32 *g = dst;
        *g = (struct ipc_perm_old32){ h->__key, id16(h->uid), id16(h->gid), id16(h->cuid), id16(h->cgid),
                                      (uint16_t)h->mode, (uint16_t)h->__seq };
    }
}

/* IPC_SET takes uid, gid and mode from the caller. */
static void perm_in(struct ipc_perm *h, const void *src, bool v64)
{
    if (v64) {
        const struct ipc64_perm32 *g = src;
        h->uid = g->uid;
        h->gid = g->gid;
        h->mode = g->mode;
    } else {
        const struct ipc_perm_old32 *g = src;
        h->uid = g->uid;
        h->gid = g->gid;
        h->mode = g->mode;
    }
}

/* ---- semaphores ---- */

static void semid_out(const struct semid_ds *h, uint32_t p, bool v64)
{
    if (v64) {
        struct semid64_ds32 g;
        memset(&g, 0, sizeof g);
        perm_out(&h->sem_perm, &g.perm, true);
        g.otime = (uint32_t)h->sem_otime;
        g.otime_high = (uint32_t)((uint64_t)h->sem_otime >> 32);
        g.ctime = (uint32_t)h->sem_ctime;
        g.ctime_high = (uint32_t)((uint64_t)h->sem_ctime >> 32);
        g.nsems = (uint32_t)h->sem_nsems;
        memcpy(gptr(p), &g, sizeof g);
    } else {
        struct semid_ds_old32 g;
        memset(&g, 0, sizeof g);
        perm_out(&h->sem_perm, &g.perm, false);
        g.otime = (int32_t)h->sem_otime;
        g.ctime = (int32_t)h->sem_ctime;
        g.nsems = (uint16_t)h->sem_nsems;
        memcpy(gptr(p), &g, sizeof g);
    }
}

/* semctl(id, num, cmd, arg): arg is union semun, 32 bits (a value or a
 * guest pointer). */
static int64_t semctl32(int id, int num, int cmd, uint32_t arg)
{
    bool v64 = cmd & IPC_64_FLAG;
    cmd &= ~IPC_64_FLAG;
    struct semid_ds h;
    switch (cmd) {
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: {
        long r = syscall(SYS_semctl, id, num, cmd, &h);
        if (r < 0)
            return -errno;
        semid_out(&h, arg, v64);
        return r;
    }
    case IPC_SET:
        memset(&h, 0, sizeof h);
        perm_in(&h.sem_perm, gptr(arg), v64);
        return res(syscall(SYS_semctl, id, num, cmd, &h));
    case IPC_INFO: case SEM_INFO: case GETALL: case SETALL:
        return res(syscall(SYS_semctl, id, num, cmd, gptr(arg)));
    default:   /* SETVAL's value; the others ignore it */
        return res(syscall(SYS_semctl, id, num, cmd, (unsigned long)(int32_t)arg));
    }
}

static int64_t semtimedop32(int id, uint32_t sops, uint32_t nsops, uint32_t timeout)
{
    struct timespec ts;
    if (timeout) {
        const struct timespec32 *g = gptr(timeout);
        ts.tv_sec = g->tv_sec;
        ts.tv_nsec = g->tv_nsec;
    }
    return res(syscall(SYS_semtimedop, id, gptr(sops), (size_t)nsops, timeout ? &ts : NULL));
}

/* ---- shared memory ---- */

static int64_t shmctl32(int id, int cmd, uint32_t p)
{
    bool v64 = cmd & IPC_64_FLAG;
    cmd &= ~IPC_64_FLAG;
    switch (cmd) {
    case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY: {
        struct shmid_ds h;
        long r = syscall(SYS_shmctl, id, cmd, &h);
        if (r < 0)
            return -errno;
        if (v64) {
            struct shmid64_ds32 g;
            memset(&g, 0, sizeof g);
            perm_out(&h.shm_perm, &g.perm, true);
            g.segsz = (uint32_t)h.shm_segsz;
            g.atime = (uint32_t)h.shm_atime;
            g.atime_high = (uint32_t)((uint64_t)h.shm_atime >> 32);
            g.dtime = (uint32_t)h.shm_dtime;
            g.dtime_high = (uint32_t)((uint64_t)h.shm_dtime >> 32);
            g.ctime = (uint32_t)h.shm_ctime;
            g.ctime_high = (uint32_t)((uint64_t)h.shm_ctime >> 32);
            g.cpid = h.shm_cpid;
            g.lpid = h.shm_lpid;
            g.nattch = (uint32_t)h.shm_nattch;
            memcpy(gptr(p), &g, sizeof g);
        } else {
            struct shmid_ds_old32 g;
            memset(&g, 0, sizeof g);
            perm_out(&h.shm_perm, &g.perm, false);
            g.segsz = (int32_t)h.shm_segsz;
            g.atime = (int32_t)h.shm_atime;
            g.dtime = (int32_t)h.shm_dtime;
            g.ctime = (int32_t)h.shm_ctime;
            g.cpid = id16((uint32_t)h.shm_cpid);
            g.lpid = id16((uint32_t)h.shm_lpid);
            g.nattch = (uint16_t)h.shm_nattch;
            memcpy(gptr(p), &g, sizeof g);
        }
        return r;
    }
    case IPC_SET: {
        struct shmid_ds h;
        memset(&h, 0, sizeof h);
        perm_in(&h.shm_perm, gptr(p), v64);
        return res(syscall(SYS_shmctl, id, cmd, &h));
    }
    case IPC_INFO: {
        struct shminfo h;
        long r = syscall(SYS_shmctl, id, cmd, &h);
        if (r < 0)
            return -errno;
        if (v64) {
            struct shminfo64_32 g = { (uint32_t)h.shmmax, (uint32_t)h.shmmin, (uint32_t)h.shmmni,
                                      (uint32_t)h.shmseg, (uint32_t)h.shmall, { 0 } };
            if (h.shmmax > 0xffffffffu)
                g.shmmax = 0xffffffffu;
            if (h.shmall > 0xffffffffu)
                g.shmall = 0xffffffffu;
            memcpy(gptr(p), &g, sizeof g);
        } else {
            struct shminfo_old32 g = { h.shmmax > 0x7fffffff ? 0x7fffffff : (int32_t)h.shmmax, (int32_t)h.shmmin,
                                       (int32_t)h.shmmni, (int32_t)h.shmseg,
                                       h.shmall > 0x7fffffff ? 0x7fffffff : (int32_t)h.shmall };
            memcpy(gptr(p), &g, sizeof g);
        }
        return r;
    }
    case SHM_INFO: {
        struct shm_info h;
        long r = syscall(SYS_shmctl, id, cmd, &h);
        if (r < 0)
            return -errno;
        struct shm_info32 g = { h.used_ids, (uint32_t)h.shm_tot, (uint32_t)h.shm_rss, (uint32_t)h.shm_swp,
                                (uint32_t)h.swap_attempts, (uint32_t)h.swap_successes };
        memcpy(gptr(p), &g, sizeof g);
        return r;
    }
    default:   /* IPC_RMID, SHM_LOCK, SHM_UNLOCK */
        return res(syscall(SYS_shmctl, id, cmd, gptr(p)));
    }
}

/* shmat for an i386 guest: at the address asked for, or below 4 GiB: a
 * placeholder reserved there first (16 KiB aligned, enough for any host's
 * SHMLBA) is replaced by the segment (SHM_REMAP). */
static int64_t shmat32(int id, uint32_t addr, int flg)
{
    if (addr) {
        void *r = shmat(id, gptr(addr), flg);
        if (r == (void *)-1)
            return -errno;
        if ((uint64_t)(uintptr_t)r >= 0x100000000ull) {
            shmdt(r);
            return -ENOMEM;
        }
        return (int64_t)(uintptr_t)r;
    }
    struct shmid_ds ds;
    if (syscall(SYS_shmctl, id, IPC_STAT, &ds) < 0)
        return -errno;
    size_t ps = (size_t)sysconf(_SC_PAGESIZE), align = 16384 > ps ? 16384 : ps;
    size_t size = (ds.shm_segsz + ps - 1) & ~(ps - 1);
    int64_t low = compat32_map_low(size + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if (low < 0)
        return low;
    uint64_t at = ((uint64_t)low + align - 1) & ~(uint64_t)(align - 1);
    if (at > (uint64_t)low)
        munmap((void *)(uintptr_t)low, at - (uint64_t)low);
    if ((uint64_t)low + size + align > at + size)
        munmap((void *)(uintptr_t)(at + size), (uint64_t)low + size + align - at - size);
    void *r = shmat(id, (void *)(uintptr_t)at, flg | SHM_REMAP);
    if (r == (void *)-1) {
        int e = errno;
        munmap((void *)(uintptr_t)at, size);
        return -e;
    }
    return (int64_t)(uintptr_t)r;
}

/* ---- message queues ---- */

static void msqid_out(const struct msqid_ds *h, uint32_t p, bool v64)
{
    if (v64) {
        struct msqid64_ds32 g;
        memset(&g, 0, sizeof g);
        perm_out(&h->msg_perm, &g.perm, true);
        g.stime = (uint32_t)h->msg_stime;
        g.stime_high = (uint32_t)((uint64_t)h->msg_stime >> 32);
        g.rtime = (uint32_t)h->msg_rtime;
        g.rtime_high = (uint32_t)((uint64_t)h->msg_rtime >> 32);
        g.ctime = (uint32_t)h->msg_ctime;
        g.ctime_high = (uint32_t)((uint64_t)h->msg_ctime >> 32);
        g.cbytes = (uint32_t)h->__msg_cbytes;
        g.qnum = (uint32_t)h->msg_qnum;
        g.qbytes = (uint32_t)h->msg_qbytes;
        g.lspid = h->msg_lspid;
        g.lrpid = h->msg_lrpid;
        memcpy(gptr(p), &g, sizeof g);
    } else {
        struct msqid_ds_old32 g;
        memset(&g, 0, sizeof g);
        perm_out(&h->msg_perm, &g.perm, false);
        g.stime = (int32_t)h->msg_stime;
        g.rtime = (int32_t)h->msg_rtime;
        g.ctime = (int32_t)h->msg_ctime;
        g.lcbytes = (uint32_t)h->__msg_cbytes;
        g.lqbytes = (uint32_t)h->msg_qbytes;
        g.cbytes = h->__msg_cbytes > 0xffff ? 0xffff : (uint16_t)h->__msg_cbytes;
        g.qnum = h->msg_qnum > 0xffff ? 0xffff : (uint16_t)h->msg_qnum;
        g.qbytes = h->msg_qbytes > 0xffff ? 0xffff : (uint16_t)h->msg_qbytes;
        g.lspid = id16((uint32_t)h->msg_lspid);
        g.lrpid = id16((uint32_t)h->msg_lrpid);
        memcpy(gptr(p), &g, sizeof g);
    }
}

static int64_t msgctl32(int id, int cmd, uint32_t p)
{
    bool v64 = cmd & IPC_64_FLAG;
    cmd &= ~IPC_64_FLAG;
    struct msqid_ds h;
    switch (cmd) {
    case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY: {
        long r = syscall(SYS_msgctl, id, cmd, &h);
        if (r < 0)
            return -errno;
        msqid_out(&h, p, v64);
        return r;
    }
    case IPC_SET:
        memset(&h, 0, sizeof h);
        perm_in(&h.msg_perm, gptr(p), v64);
        if (v64) {
            const struct msqid64_ds32 *g = gptr(p);
            h.msg_qbytes = g->qbytes;
        } else {
            const struct msqid_ds_old32 *g = gptr(p);
            h.msg_qbytes = g->lqbytes ? g->lqbytes : g->qbytes;   /* the kernel prefers the long one */
        }
        return res(syscall(SYS_msgctl, id, cmd, &h));
    default:   /* IPC_RMID; IPC_INFO and MSG_INFO fill a struct msginfo, one layout */
        return res(syscall(SYS_msgctl, id, cmd, gptr(p)));
    }
}

/* The largest message the host takes (msgmax): a bound for the copies. */
static long msg_max(void)
{
    struct msginfo mi;
    if (syscall(SYS_msgctl, 0, IPC_INFO, &mi) < 0)
        return 8192;
    return mi.msgmax;
}

/* struct msgbuf: an i386 long mtype, then the text. */
static int64_t msgsnd32(int id, uint32_t msgp, uint32_t size, int flg)
{
    if ((int32_t)size < 0 || size > msg_max())
        return -EINVAL;
    uint8_t *buf = malloc(8 + (size_t)size);
    if (!buf)
        return -ENOMEM;
    int32_t type;
    memcpy(&type, gptr(msgp), 4);
    int64_t htype = type;
    memcpy(buf, &htype, 8);
    memcpy(buf + 8, (uint8_t *)gptr(msgp) + 4, size);
    int64_t r = res(syscall(SYS_msgsnd, id, buf, (size_t)size, flg));
    free(buf);
    return r;
}

static int64_t msgrcv32(int id, uint32_t msgp, uint32_t size, int32_t type, int flg)
{
    if ((int32_t)size < 0)
        return -EINVAL;
    size_t cap = size < (uint32_t)msg_max() ? size : (size_t)msg_max();
    uint8_t *buf = malloc(8 + cap);
    if (!buf)
        return -ENOMEM;
    long r = syscall(SYS_msgrcv, id, buf, cap, (long)type, flg);
    if (r < 0) {
        r = -errno;
    } else {
        int64_t htype;
        memcpy(&htype, buf, 8);
        int32_t t32 = (int32_t)htype;
        memcpy(gptr(msgp), &t32, 4);
        memcpy((uint8_t *)gptr(msgp) + 4, buf + 8, (size_t)r);
    }
    free(buf);
    return r;
}

/* ---- the i386 entry points ---- */

int64_t sys32_semctl(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return semctl32((int)a[0], (int)a[1], (int)a[2], (uint32_t)a[3]);
}

int64_t sys32_shmctl(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return shmctl32((int)a[0], (int)a[1], (uint32_t)a[2]);
}

int64_t sys32_shmat(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return shmat32((int)a[0], (uint32_t)a[1], (int)a[2]);
}

int64_t sys32_msgctl(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return msgctl32((int)a[0], (int)a[1], (uint32_t)a[2]);
}

int64_t sys32_msgsnd(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return msgsnd32((int)a[0], (uint32_t)a[1], (uint32_t)a[2], (int)a[3]);
}

int64_t sys32_msgrcv(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return msgrcv32((int)a[0], (uint32_t)a[1], (uint32_t)a[2], (int32_t)a[3], (int)a[4]);
}

/* ipc(call, first, second, third, ptr, fifth): the calls' arguments in the
 * kernel's order for each (ipc/syscall.c). */
int64_t sys32_ipc(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    unsigned call = (uint32_t)a[0] & 0xffff, version = (uint32_t)a[0] >> 16;
    int first = (int)a[1], second = (int)a[2], third = (int)a[3];
    uint32_t ptr = (uint32_t)a[4], fifth = (uint32_t)a[5];
    switch (call) {
    case 1:   /* SEMOP */
        return semtimedop32(first, ptr, (uint32_t)second, 0);
    case 2:   /* SEMGET */
        return res(syscall(SYS_semget, (key_t)first, second, third));
    case 3: { /* SEMCTL: ptr points to the union semun */
        if (!ptr)
            return -EINVAL;
        uint32_t arg;
        memcpy(&arg, gptr(ptr), 4);
        return semctl32(first, second, third, arg);
    }
    case 4:   /* SEMTIMEDOP */
        return semtimedop32(first, ptr, (uint32_t)second, fifth);
    case 11:  /* MSGSND */
        return msgsnd32(first, ptr, (uint32_t)second, third);
    case 12:  /* MSGRCV: version 0 passes { msgp, msgtyp } through ptr */
        if (version == 0) {
            if (!ptr)
                return -EINVAL;
            struct ipc_kludge32 k;
            memcpy(&k, gptr(ptr), sizeof k);
            return msgrcv32(first, k.msgp, (uint32_t)second, k.msgtyp, third);
        }
        return msgrcv32(first, ptr, (uint32_t)second, (int32_t)fifth, third);
    case 13:  /* MSGGET */
        return res(syscall(SYS_msgget, (key_t)first, second));
    case 14:  /* MSGCTL */
        return msgctl32(first, second, ptr);
    case 21: { /* SHMAT: the address goes to *third; version 1 was iBCS2's */
        if (version == 1)
            return -EINVAL;
        int64_t r = shmat32(first, ptr, second);
        if (r < 0)
            return r;
        uint32_t at = (uint32_t)r;
        memcpy(gptr((uint32_t)third), &at, 4);
        return 0;
    }
    case 22:  /* SHMDT */
        return res(shmdt(gptr(ptr)));
    case 23:  /* SHMGET */
        return res(syscall(SYS_shmget, (key_t)first, (size_t)(uint32_t)second, third));
    case 24:  /* SHMCTL */
        return shmctl32(first, second, ptr);
    default:
        return -ENOSYS;
    }
}

/* ---- POSIX message queues for i386: struct mq_attr of 32-bit longs,
 * 32-bit timespecs (the time64 calls pass through), struct sigevent with a
 * 4-byte sigval (mq_notify). ---- */

struct mq_attr32 { int32_t flags, maxmsg, msgsize, curmsgs, reserved[4]; };
_Static_assert(sizeof(struct mq_attr32) == 32, "i386 mq_attr");

static void mq_attr_in(struct mq_attr *h, uint32_t p)
{
    struct mq_attr32 g;
    memcpy(&g, gptr(p), sizeof g);
    memset(h, 0, sizeof *h);
    h->mq_flags = g.flags;
    h->mq_maxmsg = g.maxmsg;
    h->mq_msgsize = g.msgsize;
    h->mq_curmsgs = g.curmsgs;
}

static void mq_attr_out(const struct mq_attr *h, uint32_t p)
{
    struct mq_attr32 g = { (int32_t)h->mq_flags, (int32_t)h->mq_maxmsg, (int32_t)h->mq_msgsize,
                           (int32_t)h->mq_curmsgs, { 0 } };
    memcpy(gptr(p), &g, sizeof g);
}

/* mq_open(name, oflag, mode, attr) */
int64_t sys32_mq_open(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct mq_attr h;
    if ((uint32_t)a[3])
        mq_attr_in(&h, (uint32_t)a[3]);
    return res(syscall(SYS_mq_open, gptr(a[0]), host_open_flags((int)a[1]), (mode_t)a[2],
                       (uint32_t)a[3] ? &h : NULL));
}

static bool ts32_in(uint32_t p, struct timespec *ts)
{
    if (!p)
        return false;
    const struct timespec32 *g = gptr(p);
    ts->tv_sec = g->tv_sec;
    ts->tv_nsec = g->tv_nsec;
    return true;
}

/* mq_timedsend(fd, msg, len, prio, timeout) */
int64_t sys32_mq_timedsend(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    bool timed = ts32_in((uint32_t)a[4], &ts);
    return res(syscall(SYS_mq_timedsend, (int)a[0], gptr(a[1]), (size_t)(uint32_t)a[2], (unsigned)a[3],
                       timed ? &ts : NULL));
}

/* mq_timedreceive(fd, msg, len, prio*, timeout) */
int64_t sys32_mq_timedreceive(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    bool timed = ts32_in((uint32_t)a[4], &ts);
    return res(syscall(SYS_mq_timedreceive, (int)a[0], gptr(a[1]), (size_t)(uint32_t)a[2],
                       (uint32_t)a[3] ? gptr(a[3]) : NULL, timed ? &ts : NULL));
}

/* mq_notify(fd, sigevent): i386 { sigval, signo, notify, tid }. For
 * SIGEV_THREAD the kernel reads signo as a netlink socket and sigval as the
 * address of the cookie, both meaningful as they are. */
int64_t sys32_mq_notify(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct sigevent ev;
    if ((uint32_t)a[1]) {
        int32_t g[4];
        memcpy(g, gptr(a[1]), sizeof g);
        memset(&ev, 0, sizeof ev);
        ev.sigev_value.sival_ptr = gptr((uint32_t)g[0]);
        ev.sigev_signo = g[1];
        ev.sigev_notify = g[2];
        ev._sigev_un._tid = g[3];
    }
    return res(syscall(SYS_mq_notify, (int)a[0], (uint32_t)a[1] ? &ev : NULL));
}

/* mq_getsetattr(fd, new, old) */
int64_t sys32_mq_getsetattr(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct mq_attr n, o;
    if ((uint32_t)a[1])
        mq_attr_in(&n, (uint32_t)a[1]);
    long r = syscall(SYS_mq_getsetattr, (int)a[0], (uint32_t)a[1] ? &n : NULL, &o);
    if (r < 0)
        return -errno;
    if ((uint32_t)a[2])
        mq_attr_out(&o, (uint32_t)a[2]);
    return r;
}

/* ---- x86-64 guests on a generic-ABI host: semid64_ds ---- */

struct x86_64_semid64_ds {
    uint8_t perm[48];                   /* struct ipc64_perm: the same on both */
    int64_t otime;
    uint64_t unused1;
    int64_t ctime;
    uint64_t unused2, nsems, unused3, unused4;
};
_Static_assert(sizeof(struct x86_64_semid64_ds) == 104, "x86-64 semid64_ds");

int64_t hostemu_semctl(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    int id = (int)a[0], num = (int)a[1], cmd = (int)a[2] & ~IPC_64_FLAG;
    struct semid_ds h;
    struct x86_64_semid64_ds g;
    switch (cmd) {
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: {
        long r = syscall(SYS_semctl, id, num, cmd, &h);
        if (r < 0)
            return -errno;
        memset(&g, 0, sizeof g);
        memcpy(g.perm, &h.sem_perm, sizeof g.perm);
        g.otime = h.sem_otime;
        g.ctime = h.sem_ctime;
        g.nsems = h.sem_nsems;
        memcpy((void *)(uintptr_t)a[3], &g, sizeof g);
        return r;
    }
    case IPC_SET:
        memcpy(&g, (void *)(uintptr_t)a[3], sizeof g);
        memset(&h, 0, sizeof h);
        memcpy(&h.sem_perm, g.perm, sizeof g.perm);
        return res(syscall(SYS_semctl, id, num, cmd, &h));
    default:
        return res(syscall(SYS_semctl, id, num, cmd, a[3]));
    }
}
