/*
 * console.h - the guest's serial console on mimic's terminal: COM1's
 * transmitted bytes go to stdout, stdin's bytes go to its receive FIFO.
 * While attached and stdin is a terminal, the terminal is in raw mode (it
 * is restored at exit, and when mimic dies of a signal). Ctrl-A x ends the
 * machine, Ctrl-A Ctrl-A sends one Ctrl-A, Ctrl-A h lists the keys (qemu's
 * keys). One console per process: the terminal is the process's.
 */
#ifndef MIMIC_FULLVM_CONSOLE_H
#define MIMIC_FULLVM_CONSOLE_H

#include "full-vm/device.h"

#include <stdbool.h>
#include <stdint.h>

/* Attach the terminal to uart (a full-vm/dev UART). Returns 0, or -1 with
 * a message. */
int console_open(struct device *uart);
/* Flush, restore the terminal, detach. Safe to call twice. */
void console_close(void);

/* Take what stdin has (without blocking) into the UART, as far as its FIFO
 * has room; called from vm_poll. now_ns rate-limits the checks. */
void console_poll_input(uint64_t now_ns);
/* Write out what the guest transmitted since the last call. */
void console_flush(void);
/* The descriptor to wait on for input while the vCPU halts, or -1 (stdin
 * at end of file, or input held back because the UART's FIFO is full). */
int console_wait_fd(void);
/* Ctrl-A x was typed. */
bool console_stop_requested(void);

#endif
