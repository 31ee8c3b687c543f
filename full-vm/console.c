/*
 * console.c - the serial console on mimic's terminal (see console.h).
 *
 * Output: the UART hands over one byte per transmitted character; they are
 * gathered here and written out at every vm_poll (and when the buffer
 * fills), so a boot log costs a write per slice, not a system call per
 * character.
 *
 * Input: stdin is polled (never read blocking, never switched to
 * O_NONBLOCK, which would change the terminal's file description for the
 * shell too). Bytes the UART's FIFO has no room for wait here, and stdin is
 * not read again until they are taken: nothing is dropped.
 *
 * Raw mode, as qemu's stdio serial: no echo, no line editing, no signals
 * from keys (Ctrl-C goes to the guest), but output post-processing stays
 * on so that mimic's own messages on stderr keep their line starts. The
 * saved settings are put back by console_close(), at exit (atexit), and
 * from handlers of the fatal signals, which then re-raise the signal.
 */
#include "full-vm/console.h"
#include "full-vm/dev/dev.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CTRL_A 0x01
/* Input is looked for at most this often while the vCPU runs (it costs a
 * poll() system call); while it halts, vm_idle waits on the descriptor. */
#define INPUT_CHECK_NS 2000000ull

static struct {
    struct device *uart;
    bool open;
    bool raw;                    /* the terminal was switched: restore it */
    struct termios saved;
    int in_fd;                   /* -1 after end of file */
    bool escape;                 /* the last key was Ctrl-A */
    bool stop;
    uint64_t next_check;
    uint8_t pending[256];        /* input the UART had no room for */
    size_t pending_len, pending_pos;
    uint8_t out[4096];
    size_t out_len;
} con = { .in_fd = -1 };

static const int fatal_signals[] = { SIGHUP, SIGTERM, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGPIPE };

static void restore_terminal(void)
{
    if (con.raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &con.saved);
        con.raw = false;
    }
}

/* Async-signal-safe: tcsetattr, then die of the same signal. */
static void on_fatal_signal(int sig)
{
    if (con.raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &con.saved);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signal_handlers(void)
{
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        struct sigaction old;
        /* A handler someone else put there (the CPU's fault handling, a
         * sanitizer) stays: only default dispositions are taken over. */
        if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
            !(old.sa_flags & SA_SIGINFO)) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_fatal_signal;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESETHAND | SA_NODEFER;
            sigaction(fatal_signals[i], &sa, NULL);
        }
    }
}

static void uart_out(void *opaque, uint8_t byte)
{
    if (con.out_len == sizeof con.out)
        console_flush();
    con.out[con.out_len++] = byte;
}

void console_flush(void)
{
    size_t done = 0;
    while (done < con.out_len) {
        ssize_t n = write(STDOUT_FILENO, con.out + done, con.out_len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;               /* stdout closed or broken: the guest's output is lost, the guest runs on */
        done += (size_t)n;
    }
    con.out_len = 0;
}

int console_open(struct device *uart)
{
    if (con.open)
        return 0;
    con.uart = uart;
    con.in_fd = STDIN_FILENO;
    con.escape = con.stop = false;
    con.pending_len = con.pending_pos = con.out_len = 0;
    con.next_check = 0;
    uart_set_output(uart, uart_out, NULL);
    install_signal_handlers();
    static bool atexit_done;
    if (!atexit_done) {
        atexit(restore_terminal);
        atexit_done = true;
    }
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &con.saved) == 0) {
        struct termios t = con.saved;
        t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        t.c_cflag &= ~(CSIZE | PARENB);
        t.c_cflag |= CS8;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
            con.raw = true;
            fprintf(stderr, "mimic vm: console on this terminal; Ctrl-A x ends the machine, Ctrl-A h lists the keys\n");
        }
    }
    con.open = true;
    return 0;
}

void console_close(void)
{
    if (!con.open)
        return;
    console_flush();
    restore_terminal();
    if (con.uart)
        uart_set_output(con.uart, NULL, NULL);
    con.uart = NULL;
    con.open = false;
}

static void help(void)
{
    console_flush();
    fprintf(stderr, "\nmimic vm console keys:\n"
                    "  Ctrl-A x       end the machine\n"
                    "  Ctrl-A Ctrl-A  send Ctrl-A to the guest\n"
                    "  Ctrl-A h       this list\n");
}

/* Turn terminal bytes into guest bytes (the Ctrl-A commands taken out), in place. */
static size_t filter_keys(uint8_t *buf, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (con.escape) {
            con.escape = false;
            if (c == 'x' || c == 'X') {
                con.stop = true;
                console_flush();
                fprintf(stderr, "\nmimic vm: Ctrl-A x: machine stopped\n");
                return w;
            }
            if (c == CTRL_A)
                buf[w++] = CTRL_A;
            else if (c == 'h' || c == 'H' || c == '?')
                help();
            /* anything else after Ctrl-A is dropped, as in qemu */
            continue;
        }
        if (c == CTRL_A) {
            con.escape = true;
            continue;
        }
        buf[w++] = c;
    }
    return w;
}

/* Offer the held-back bytes to the UART; true when none are left. */
static bool drain_pending(void)
{
    while (con.pending_pos < con.pending_len) {
        size_t took = uart_receive(con.uart, con.pending + con.pending_pos, con.pending_len - con.pending_pos);
        if (!took)
            return false;
        con.pending_pos += took;
    }
    con.pending_pos = con.pending_len = 0;
    return true;
}

void console_poll_input(uint64_t now_ns)
{
    if (!con.open || con.stop || !con.uart)
        return;
    if (!drain_pending() || con.in_fd < 0)
        return;
    if (now_ns < con.next_check)
        return;
    con.next_check = now_ns + INPUT_CHECK_NS;
    for (;;) {
        struct pollfd p = { .fd = con.in_fd, .events = POLLIN };
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
            return;
        ssize_t n = read(con.in_fd, con.pending, sizeof con.pending);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            con.in_fd = -1;          /* end of input: the guest just gets no more */
            return;
        }
        con.pending_len = filter_keys(con.pending, (size_t)n);
        con.pending_pos = 0;
        if (con.stop || !drain_pending())
            return;
    }
}

int console_wait_fd(void)
{
    if (!con.open || con.stop || con.pending_len > con.pending_pos)
        return -1;
    /* The next poll must look at once: the fd woke the sleeper for a reason. */
    con.next_check = 0;
    return con.in_fd;
}

bool console_stop_requested(void)
{
    return con.stop;
}
