/*
 * safe_syscall.h - host system calls that block on behalf of the guest,
 * without losing a guest signal that arrives just before the call sleeps.
 *
 * mimic's host signal handler only records a signal (guest_thread.pending);
 * the guest sees it between instructions or at a system call. A check of
 * `pending` in C followed by a blocking host call leaves a window: a signal
 * recorded after the check and before the kernel starts the call does not
 * interrupt it (the handler already ran), so a thread could sleep in read or
 * a futex wait on a signal meant to end the wait (pthread_cancel).
 *
 * safe_syscall_base (syscalls/safe_syscall_<host>.S) closes it the way
 * QEMU's safe_syscall does: it tests `*pending & wake` and then issues the
 * host's system-call instruction; the window is the few instructions from
 * safe_syscall_start to safe_syscall_insn (inclusive). The host signal
 * handler, having recorded a signal, moves an interrupted PC inside that
 * window back to safe_syscall_start (safe_syscall_rewind): the test runs
 * again and, when a signal that should wake the call is now pending, the
 * call returns SAFE_SYSCALL_RESTART without entering the kernel; handlers
 * pass it up like any error, and the dispatcher delivers the signal and
 * runs the guest's call again, whatever SA_RESTART says: the call had not
 * begun, so this is what the guest would see had the signal come just
 * before its syscall instruction (QEMU's choice too). -EINTR there would be
 * wrong for the calls that never sleep on a given use (a FUTEX_WAKE, a write
 * to a regular file): the guest would lose a wake-up. Everything after the
 * instruction is the kernel's business: mimic's host handlers are not
 * SA_RESTART, so a call already asleep ends with EINTR, and the dispatcher's
 * EINTR logic (signals_should_restart) decides, per the guest's SA_RESTART,
 * whether the guest sees EINTR or the call runs again after the handler.
 *
 * Rewinding to the test (rather than straight to the early return) keeps
 * the handler ignorant of which mask applies: the calls that wait with a
 * temporary guest mask (ppoll, pselect6, epoll_pwait, sigtimedwait) pass
 * their own wake set, and a signal outside it lets the call go ahead.
 *
 * Only calls that can block go through here (read, futex, nanosleep,
 * wait4, accept, ...); the rest keep plain syscall(2): an EINTR from a call
 * that cannot sleep would be wrong.
 */
#ifndef MIMIC_SYSCALLS_SAFE_SYSCALL_H
#define MIMIC_SYSCALLS_SAFE_SYSCALL_H

#include "syscalls/syscalls.h"

#include <stdbool.h>
#include <stdint.h>

/* The kernel's own ERESTARTSYS, which user space never sees: the call was
 * not made because a signal is to be delivered first. */
#define SAFE_SYSCALL_RESTART (-512)

/* The raw call: nr and its arguments in the host's numbering; returns the
 * kernel's result (-errno on failure, errno untouched).
 * SAFE_SYSCALL_RESTART without entering the kernel when *pending & wake is
 * non-zero. */
long safe_syscall_base(const volatile uint64_t *pending, uint64_t wake, long nr, long a1, long a2, long a3,
                       long a4, long a5, long a6);

/* The window, for the host signal handler: [safe_syscall_start,
 * safe_syscall_insn] both inclusive (at safe_syscall_insn the call has not
 * been made yet). Labels inside safe_syscall_base. */
extern const char safe_syscall_start[], safe_syscall_insn[];

/* From a host signal handler that recorded a signal for this thread: move
 * a PC inside the window back to its test (host_ucontext.c). */
void safe_syscall_rewind(void *host_uc);

extern __thread struct guest_thread *current_guest;

/* The calling guest thread's call, woken by any signal it does not block
 * (t->sigmask), or by those outside `blocked` for a wait with its own mask.
 * Without a guest thread (a unit test calling a handler) it is a plain call. */
static inline int64_t safe_syscall_masked(uint64_t blocked, long nr, long a1, long a2, long a3, long a4, long a5,
                                          long a6)
{
    static const volatile uint64_t none;
    struct guest_thread *t = current_guest;
    return safe_syscall_base(t ? &t->pending : &none, ~blocked, nr, a1, a2, a3, a4, a5, a6);
}

static inline int64_t safe_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    struct guest_thread *t = current_guest;
    return safe_syscall_masked(t ? t->sigmask : ~0ull, nr, a1, a2, a3, a4, a5, a6);
}

/* safe_syscall(SYS_read, fd, buf, n): like syscall(2) with 0 to 6
 * arguments, but -errno on failure (or SAFE_SYSCALL_RESTART: return it as
 * is, before any side effect on the guest). */
#define SAFE_SYSCALL_PICK(nr, a1, a2, a3, a4, a5, a6, ...)                                                      \
    safe_syscall6((long)(nr), (long)(a1), (long)(a2), (long)(a3), (long)(a4), (long)(a5), (long)(a6))
#define safe_syscall(...) SAFE_SYSCALL_PICK(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)

/* Whether the host call numbered nr can sleep on the guest's behalf
 * (dispatch.c's pass-through uses safe_syscall for those). */
bool host_call_may_block(long nr);

#endif
