/* sysvipc.c - System V IPC between a parent and a forked child: a shared
 * memory segment the child writes, semaphores it posts (semop, semctl
 * SETALL/GETALL/SETVAL/GETVAL/GETPID/IPC_STAT/IPC_SET, semtimedop timing
 * out), typed messages it sends (msgrcv by type, by lowest type, with
 * MSG_NOERROR truncation, IPC_NOWAIT on an empty queue), and the *_STAT
 * structures. i386 also goes through the direct calls (393-402) and the
 * ipc multiplexer's old, non-IPC_64 layouts by number.
 * i386 reference: x86-64 (qemu-i386 7.2 fills the old layouts wrongly). */
// i386 reference: x86-64
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };
struct msg { long type; char text[64]; };

static void sem_op(int id, int num, int op)
{
    struct sembuf b = { (unsigned short)num, (short)op, 0 };
    if (semop(id, &b, 1))
        printf("semop %d: %s\n", op, strerror(errno));
}

static void test_shm_sem(void)
{
    long rv;
    int shm = shmget(IPC_PRIVATE, 65536, IPC_CREAT | 0600);
    int sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    if (shm < 0 || sem < 0) {
        printf("shmget/semget: %s\n", strerror(errno));
        exit(1);
    }
    char *p = shmat(shm, NULL, 0);
    printf("shmat %s\n", p == (void *)-1 ? strerror(errno) : "ok");
    unsigned short init[2] = { 0, 5 }, got[2] = { 9, 9 };
    union semun u = { .array = init };
    printf("SETALL %d\n", semctl(sem, 0, SETALL, u));
    u.array = got;
    rv = semctl(sem, 0, GETALL, u);
    printf("GETALL %ld: %u %u\n", rv, got[0], got[1]);
    u.val = 3;
    rv = semctl(sem, 1, SETVAL, u);
    printf("SETVAL %ld GETVAL %d\n", rv, semctl(sem, 1, GETVAL));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        char *q = shmat(shm, NULL, 0);
        strcpy(q, "written by the child");
        q[60000] = 'Z';
        shmdt(q);
        sem_op(sem, 0, 1);
        _exit(0);
    }
    sem_op(sem, 0, -1);   /* waits for the child */
    printf("shared: %s %c\n", p, p[60000]);
    printf("GETPID is child %d\n", semctl(sem, 0, GETPID) == c);
    int st;
    waitpid(c, &st, 0);
    struct timespec ts = { 0, 20000000 };
    struct sembuf b = { 0, -1, 0 };
    int r = semtimedop(sem, &b, 1, &ts);
    printf("semtimedop on 0: %d %s\n", r, r ? strerror(errno) : "");
    struct semid_ds sd;
    u.buf = &sd;
    rv = semctl(sem, 0, IPC_STAT, u);
    printf("sem IPC_STAT %ld nsems %lu mode %o uid ok %d\n", rv, (unsigned long)sd.sem_nsems,
           sd.sem_perm.mode & 0777, sd.sem_perm.uid == getuid());
    sd.sem_perm.mode = 0640;
    printf("sem IPC_SET %d\n", semctl(sem, 0, IPC_SET, u));
    memset(&sd, 0, sizeof sd);
    semctl(sem, 0, IPC_STAT, u);
    printf("sem mode now %o, otime set %d\n", sd.sem_perm.mode & 0777, sd.sem_otime > 0);
    struct shmid_ds hd;
    rv = shmctl(shm, IPC_STAT, &hd);
    printf("shm IPC_STAT %ld segsz %lu nattch %lu cpid ok %d lpid is child %d mode %o\n", rv,
           (unsigned long)hd.shm_segsz, (unsigned long)hd.shm_nattch, hd.shm_cpid == getpid(), hd.shm_lpid == c,
           hd.shm_perm.mode & 0777);
    printf("shmdt %d\n", shmdt(p));
    rv = shmctl(shm, IPC_RMID, NULL);
    printf("shm RMID %ld sem RMID %d\n", rv, semctl(sem, 0, IPC_RMID));
    rv = semop(sem, &b, 1);
    printf("semop on removed: %ld %s\n", rv, strerror(errno));
}

static void test_msg(void)
{
    long rv;
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (q < 0) {
        printf("msgget: %s\n", strerror(errno));
        exit(1);
    }
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        static const char *words[] = { "one", "two", "three", "a much longer fourth message" };
        for (int i = 0; i < 4; i++) {
            struct msg m = { i + 1, "" };
            strcpy(m.text, words[i]);
            if (msgsnd(q, &m, strlen(m.text) + 1, 0))
                _exit(1);
        }
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    struct msqid_ds d;
    rv = msgctl(q, IPC_STAT, &d);
    printf("msg IPC_STAT %ld qnum %lu cbytes %lu lspid is child %d\n", rv,
           (unsigned long)d.msg_qnum, (unsigned long)d.__msg_cbytes, d.msg_lspid == c);
    struct msg m;
    ssize_t n = msgrcv(q, &m, sizeof m.text, 2, 0);
    printf("by type 2: %zd %ld %s\n", n, m.type, m.text);
    n = msgrcv(q, &m, sizeof m.text, -3, 0);
    printf("lowest <= 3: %zd %ld %s\n", n, m.type, m.text);
    n = msgrcv(q, &m, 4, 4, 0);
    printf("too small: %zd %s\n", n, strerror(errno));
    memset(m.text, 0, sizeof m.text);
    n = msgrcv(q, &m, 6, 4, MSG_NOERROR);
    printf("truncated: %zd %ld %.6s\n", n, m.type, m.text);
    n = msgrcv(q, &m, sizeof m.text, 0, 0);
    printf("first: %zd %ld %s\n", n, m.type, m.text);
    n = msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT);
    printf("empty: %zd %s\n", n, strerror(errno));
    msgctl(q, IPC_STAT, &d);
    d.msg_qbytes = 1000;
    rv = msgctl(q, IPC_SET, &d);
    printf("msg IPC_SET %ld", rv);
    memset(&d, 0, sizeof d);
    msgctl(q, IPC_STAT, &d);
    printf(" qbytes %lu lrpid ok %d\n", (unsigned long)d.msg_qbytes, d.msg_lrpid == getpid());
    struct msginfo mi;
    int top = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
    printf("IPC_INFO ok %d msgmax ok %d\n", top >= 0, mi.msgmax > 0);
    printf("msg RMID %d\n", msgctl(q, IPC_RMID, NULL));
}

/* The direct calls (i386: 393-402, Linux 5.1) and the ipc multiplexer's
 * forms: SHMAT returning the address through a pointer, MSGRCV version 0
 * with its { msgp, msgtyp } block, the old (non-IPC_64) layouts. x86-64
 * prints the same through its own calls (its reference is the x86-64 run:
 * qemu-i386 7.2 fills the old layouts wrongly). */
#ifdef __i386__
#define NR_SEMGET 393
#define NR_SEMCTL 394
#define NR_SHMGET 395
#define NR_SHMCTL 396
#define NR_SHMAT 397
#define NR_SHMDT 398
#define NR_MSGGET 399
#define NR_MSGSND 400
#define NR_MSGRCV 401
#define NR_MSGCTL 402
#define IPC64 0x100
struct old_ipc_perm { int key; unsigned short uid, gid, cuid, cgid, mode, seq; };
struct old_shmid_ds {
    struct old_ipc_perm perm;
    int segsz, atime, dtime, ctime;
    unsigned short cpid, lpid, nattch, unused;
    unsigned unused2, unused3;
};
struct old_msqid_ds {
    struct old_ipc_perm perm;
    unsigned first, last;
    int stime, rtime, ctime;
    unsigned lcbytes, lqbytes;
    unsigned short cbytes, qnum, qbytes, lspid, lrpid;
};
#else
#define NR_SEMGET SYS_semget
#define NR_SEMCTL SYS_semctl
#define NR_SHMGET SYS_shmget
#define NR_SHMCTL SYS_shmctl
#define NR_SHMAT SYS_shmat
#define NR_SHMDT SYS_shmdt
#define NR_MSGGET SYS_msgget
#define NR_MSGSND SYS_msgsnd
#define NR_MSGRCV SYS_msgrcv
#define NR_MSGCTL SYS_msgctl
#define IPC64 0
#endif

static void test_direct_forms(void)
{
    long rv;
    int sem = (int)syscall(NR_SEMGET, IPC_PRIVATE, 1, IPC_CREAT | 0600);
    struct semid_ds sd;
    rv = syscall(NR_SEMCTL, sem, 0, IPC_STAT | IPC64, &sd);
    printf("direct semget ok %d, semctl IPC_64 %ld nsems %lu\n", sem >= 0, rv, (unsigned long)sd.sem_nsems);
    syscall(NR_SEMCTL, sem, 0, IPC_RMID, 0);
    int shm = (int)syscall(NR_SHMGET, IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    long at = syscall(NR_SHMAT, shm, 0, 0);
    printf("direct shmat %d\n", at != -1);
    strcpy((char *)at, "direct");
    struct shmid_ds hd;
    syscall(NR_SHMCTL, shm, IPC_STAT | IPC64, &hd);
    printf("direct shmctl segsz %lu nattch %lu\n", (unsigned long)hd.shm_segsz, (unsigned long)hd.shm_nattch);
    unsigned long addr = 0;
#ifdef __i386__
    long r = syscall(SYS_ipc, 21, shm, 0, &addr, 0, 0);   /* SHMAT: the address through the third argument */
#else
    addr = (unsigned long)shmat(shm, NULL, 0);
    long r = 0;
#endif
    printf("ipc SHMAT %ld, same segment: %s\n", r, (char *)addr);
    int segsz, nattch, mode, cpid_ok;
#ifdef __i386__
    struct old_shmid_ds os;
    memset(&os, 0, sizeof os);
    r = syscall(SYS_ipc, 24, shm, IPC_STAT, 0, &os, 0);
    segsz = os.segsz, nattch = os.nattch, mode = os.perm.mode, cpid_ok = os.cpid == (unsigned short)getpid();
#else
    r = shmctl(shm, IPC_STAT, &hd);
    segsz = (int)hd.shm_segsz, nattch = (int)hd.shm_nattch, mode = hd.shm_perm.mode, cpid_ok = hd.shm_cpid == getpid();
#endif
    printf("old shmid_ds: %ld segsz %d nattch %d mode %o cpid ok %d\n", r, segsz, nattch, mode & 0777, cpid_ok);
    shmdt((void *)addr);
    syscall(NR_SHMDT, at);
    syscall(NR_SHMCTL, shm, IPC_RMID, 0);
    int q = (int)syscall(NR_MSGGET, IPC_PRIVATE, IPC_CREAT | 0600);
    struct { long type; char text[16]; } m = { 7, "direct msg" }, in;
    rv = syscall(NR_MSGSND, q, &m, 11, 0);
    printf("direct msgsnd %ld\n", rv);
    int qnum, cbytes, lspid_ok;
#ifdef __i386__
    struct old_msqid_ds om;
    memset(&om, 0, sizeof om);
    r = syscall(SYS_ipc, 14, q, IPC_STAT, 0, &om, 0);
    qnum = om.qnum, cbytes = om.cbytes, lspid_ok = om.lspid == (unsigned short)getpid();
#else
    struct msqid_ds om;
    r = msgctl(q, IPC_STAT, &om);
    qnum = (int)om.msg_qnum, cbytes = (int)om.__msg_cbytes, lspid_ok = om.msg_lspid == getpid();
#endif
    printf("old msqid_ds: %ld qnum %d cbytes %d lspid ok %d\n", r, qnum, cbytes, lspid_ok);
    memset(&in, 0, sizeof in);
#ifdef __i386__
    struct { void *msgp; long typ; } k = { &in, 0 };   /* MSGRCV version 0 */
    r = syscall(SYS_ipc, 12, q, sizeof in.text, 0, &k, 0);
#else
    r = msgrcv(q, &in, sizeof in.text, 0, 0);
#endif
    printf("ipc MSGRCV v0: %ld %ld %s\n", r, in.type, in.text);
    syscall(NR_MSGSND, q, &m, 11, 0);
    memset(&in, 0, sizeof in);
    r = syscall(NR_MSGRCV, q, &in, sizeof in.text, (long)-10, 0);
    printf("direct msgrcv: %ld %ld %s\n", r, in.type, in.text);
    syscall(NR_MSGCTL, q, IPC_RMID, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_shm_sem();
    test_msg();
    test_direct_forms();
    return 0;
}
