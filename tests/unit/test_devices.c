/*
 * test_devices.c - the ISA devices and the PCI host bridge of full-vm/dev/,
 * driven port by port the way Linux drives them: PIC init, masking, EOI
 * priority and the cascade; the PIT's mode 0/2 on IRQ0 and channel 2
 * through port 0x61 (TSC calibration) against a fake clock; the RTC against
 * time(); the UART's loopback, IIR and receive backpressure; the i8042 self
 * test and reset line; PCI configuration reads and BAR sizing. The bench
 * (vm_devices.h) is shared with test_devices_virtio.c and
 * test_devices_state.c.
 */
#include "vm_devices.h"

/* ---- PIC ------------------------------------------------------------------ */

Test(pic, init_mask_and_priority, .init = setup, .fini = teardown)
{
    pic_init(false, 0x10, 0x00);     /* IRQ4 masked */
    cr_assert_eq(inb(0x21), 0x10, "IMR reads back");
    cr_assert_not(irq_pending());
    pulse(4);
    cr_assert_not(irq_pending(), "a masked line does not interrupt");
    outb(0x20, 0x0a);                /* OCW3: read IRR */
    cr_assert_eq(inb(0x20), 0x10, "but its request is latched in IRR");
    outb(0x21, 0x00);
    cr_assert(irq_pending(), "unmasking delivers it");
    cr_assert_eq(irq_ack(), 0x34);
    outb(0x20, 0x0b);                /* OCW3: read ISR */
    cr_assert_eq(inb(0x20), 0x10);
    /* While IR4 is in service: IR5 (lower) waits, IR1 (higher) nests. */
    pulse(5);
    cr_assert_not(irq_pending());
    pulse(1);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x31);
    cr_assert_eq(inb(0x20), 0x12, "ISR: 1 and 4 in service");
    outb(0x20, 0x20);                /* non-specific EOI ends the highest: IR1 */
    cr_assert_eq(inb(0x20), 0x10);
    cr_assert_not(irq_pending(), "IR5 still blocked by IR4");
    outb(0x20, 0x64);                /* specific EOI for IR4 */
    cr_assert_eq(inb(0x20), 0x00);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x35);
    outb(0x20, 0x20);
    cr_assert_not(irq_pending());
    /* Nothing pending: the INTA cycle yields the spurious IR7 vector. */
    cr_assert_eq(irq_ack(), 0x37);
}

Test(pic, edge_trigger_and_cascade, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    bus_irq(&M.bus, 3, true);
    cr_assert_eq(irq_ack(), 0x33);
    outb(0x20, 0x20);
    cr_assert_not(irq_pending(), "a line held high is one edge, one interrupt");
    bus_irq(&M.bus, 3, false);
    /* IRQ10 through the slave: vector from the slave's base, both ISRs set. */
    pulse(10);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x3a);
    outb(0x20, 0x0b);
    outb(0xa0, 0x0b);
    cr_assert_eq(inb(0x20), 0x04, "master: cascade in service");
    cr_assert_eq(inb(0xa0), 0x04, "slave: IR2 (IRQ10) in service");
    outb(0xa0, 0x62);                /* Linux: specific EOI to slave, then master's IR2 */
    outb(0x20, 0x62);
    cr_assert_eq(inb(0x20), 0x00);
    cr_assert_eq(inb(0xa0), 0x00);
    /* Priority across the pair: IRQ8-15 rank where IR2 does, above IRQ3. */
    pulse(3);
    pulse(9);
    pulse(0);
    uint8_t vec[8];
    cr_assert_eq(drain(vec, 8), 3);
    cr_assert_eq(vec[0], 0x30);
    cr_assert_eq(vec[1], 0x39);
    cr_assert_eq(vec[2], 0x33);
    /* Masking the slave's line on the slave. */
    outb(0xa1, 0x02);
    pulse(9);
    cr_assert_not(irq_pending());
    outb(0xa1, 0x00);
    cr_assert_eq(irq_ack(), 0x39);
}

Test(pic, auto_eoi_poll_and_elcr, .init = setup, .fini = teardown)
{
    pic_init(true, 0x00, 0x00);
    pulse(6);
    cr_assert_eq(irq_ack(), 0x36);
    outb(0x20, 0x0b);
    cr_assert_eq(inb(0x20), 0x00, "auto-EOI leaves nothing in service");
    pulse(5);
    cr_assert(irq_pending());
    /* Poll command: 0x80 | level, and it acknowledges. */
    outb(0x20, 0x0c);
    cr_assert_eq(inb(0x20), 0x85);
    cr_assert_not(irq_pending());
    outb(0x20, 0x0c);
    cr_assert_eq(inb(0x20), 0x00);
    /* ELCR: IRQ11 level-triggered re-requests while the line stays high. */
    pic_init(false, 0x00, 0x00);
    outb(0x4d1, 0x08);
    cr_assert_eq(inb(0x4d1), 0x08);
    outb(0x4d0, 0xff);
    cr_assert_eq(inb(0x4d0), 0xf8, "IRQ0-2 cannot be level-triggered");
    outb(0x4d0, 0x00);
    bus_irq(&M.bus, 11, true);
    cr_assert_eq(irq_ack(), 0x3b);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    cr_assert(irq_pending(), "level line still high");
    bus_irq(&M.bus, 11, false);
    cr_assert_not(irq_pending(), "and gone when it drops");
}

/* ---- PIT ------------------------------------------------------------------ */

Test(pit, mode0_countdown_and_irq0, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x43, 0x30);                /* ch0, lobyte/hibyte, mode 0 */
    outb(0x40, 1000 & 0xff);
    outb(0x40, 1000 >> 8);
    uint64_t t0 = fake_ns;
    cr_assert_eq(pit_latch(0), 1000);
    fake_ns = t0 + ticks_ns(400);
    cr_assert_eq(pit_latch(0), 600);
    uint64_t deadline = bus_poll(&M.bus, fake_ns);
    cr_assert(deadline >= t0 + ticks_ns(1000) - 1 && deadline <= t0 + ticks_ns(1000) + 1,
              "deadline %llu, want about %llu", (unsigned long long)deadline,
              (unsigned long long)(t0 + ticks_ns(1000)));
    cr_assert_not(irq_pending());
    fake_ns = deadline;
    bus_poll(&M.bus, fake_ns);
    cr_assert(irq_pending(), "terminal count raises IRQ0");
    cr_assert_eq(irq_ack(), 0x30);
    outb(0x20, 0x20);
    fake_ns += 10000000;
    bus_poll(&M.bus, fake_ns);
    cr_assert_not(irq_pending(), "mode 0 fires once");
    /* Read-back: status of ch0 shows OUT high, mode 0, lobyte/hibyte. */
    outb(0x43, 0xe2);
    cr_assert_eq(inb(0x40), 0x80 | 0x30);
}

Test(pit, mode2_periodic, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x43, 0x34);                /* Linux's periodic tick: mode 2 */
    outb(0x40, 11932 & 0xff);        /* 100 Hz */
    outb(0x40, 11932 >> 8);
    uint64_t t0 = fake_ns;
    unsigned irqs = 0;
    for (unsigned i = 1; i <= 5; i++) {
        fake_ns = t0 + ticks_ns(11932ull * i) + 10;
        uint64_t next = bus_poll(&M.bus, fake_ns);
        cr_assert(next > fake_ns && next <= fake_ns + ticks_ns(11932));
        if (irq_pending()) {
            irq_ack();
            outb(0x20, 0x20);
            irqs++;
        }
    }
    cr_assert_eq(irqs, 5);
    /* Unlatched lobyte/hibyte reads track the counter. */
    fake_ns = t0 + ticks_ns(11932ull * 7 + 100);
    uint8_t lo = inb(0x40), hi = inb(0x40);
    uint16_t v = (uint16_t)(lo | hi << 8);
    cr_assert(v <= 11932 - 99 && v >= 11932 - 101, "counter %u", v);
}

/* Periods that pass between two polls are owed and paid back quickly, so
 * that a kernel counting ticks keeps time; at most a second's worth. */
Test(pit, missed_periods_are_paid_back, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x43, 0x34);
    outb(0x40, 4773 & 0xff);         /* 250 Hz: Debian's HZ */
    outb(0x40, 4773 >> 8);
    uint64_t t0 = fake_ns, period = ticks_ns(4773);
    fake_ns = t0 + 5 * period + period / 2;   /* five periods without a poll */
    unsigned irqs = 0;
    uint64_t next = bus_poll(&M.bus, fake_ns);
    while (next <= t0 + 8 * period) {
        if (irq_pending()) {
            irq_ack();
            outb(0x20, 0x20);
            irqs++;
        }
        fake_ns = next;
        next = bus_poll(&M.bus, fake_ns);
    }
    if (irq_pending())
        irqs++;
    cr_assert_eq(irqs, 8, "periods 1-8 all interrupted, got %u", irqs);
    /* A long stall: only a second's worth (250) is owed. */
    irq_ack();
    outb(0x20, 0x20);
    fake_ns += 60ull * 1000000000;
    uint64_t stall_end = fake_ns;
    irqs = 0;
    for (unsigned i = 0; i < 5000; i++) {
        next = bus_poll(&M.bus, fake_ns);
        if (irq_pending()) {
            irq_ack();
            outb(0x20, 0x20);
            irqs++;
        }
        if (next > stall_end + 500000000)
            break;
        fake_ns = next;
    }
    /* Half a second of regular ticks (125), the first after the stall, and
     * the 250 owed (repaid within the half second at three per period). */
    cr_assert(irqs >= 374 && irqs <= 378, "got %u", irqs);
}

/* Linux's one-shot clockevent: mode 4 once (0x38), then a count per event. */
Test(pit, mode4_oneshot_and_readback, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x43, 0x38);
    for (unsigned ev = 0; ev < 3; ev++) {
        uint16_t delta = (uint16_t)(500 + 250 * ev);
        outb(0x40, (uint8_t)delta);
        outb(0x40, (uint8_t)(delta >> 8));
        uint64_t t0 = fake_ns, next = bus_poll(&M.bus, fake_ns);
        cr_assert(next >= t0 + ticks_ns(delta) - 1 && next <= t0 + ticks_ns(delta) + 1);
        fake_ns = next - 2;
        bus_poll(&M.bus, fake_ns);
        cr_assert_not(irq_pending(), "event %u not before its time", ev);
        fake_ns = next;
        cr_assert_eq(bus_poll(&M.bus, fake_ns), UINT64_MAX, "one shot: nothing after it");
        cr_assert(irq_pending());
        cr_assert_eq(irq_ack(), 0x30);
        outb(0x20, 0x20);
        fake_ns += 1000000;
        bus_poll(&M.bus, fake_ns);
        cr_assert_not(irq_pending());
    }
    /* Read-back of count and status together: status first, then the count. */
    outb(0x43, 0x30);                /* mode 0 */
    outb(0x40, 0x00);
    outb(0x40, 0x10);                /* 4096 */
    fake_ns += ticks_ns(96);
    outb(0x43, 0xc2);                /* latch count and status of ch0 */
    cr_assert_eq(inb(0x40), 0x30, "OUT low, lobyte/hibyte, mode 0, binary");
    uint16_t v = inb(0x40);
    v |= (uint16_t)(inb(0x40) << 8);
    cr_assert(v >= 3999 && v <= 4001, "count %u", v);
    /* Lobyte-only access. */
    outb(0x43, 0x14);                /* ch0, LSB only, mode 2 */
    outb(0x40, 200);
    fake_ns += ticks_ns(50);
    uint8_t lsb = inb(0x40);
    cr_assert(lsb >= 149 && lsb <= 151, "lsb %u", lsb);
}

/* Linux's pit_calibrate_tsc: channel 2 in mode 0, gate on through 0x61,
 * poll 0x61 bit 5 until OUT2 rises. */
Test(pit, channel2_through_port61, .init = setup, .fini = teardown)
{
    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
    outb(0x43, 0xb0);
    outb(0x42, 0x9c);                /* 0x2e9c = 11932: 10 ms */
    outb(0x42, 0x2e9c >> 8);
    uint64_t t0 = fake_ns;
    cr_assert_eq(inb(0x61) & 0x20, 0, "OUT2 low while counting");
    fake_ns = t0 + ticks_ns(0x2e9c) - 2000;
    cr_assert_eq(inb(0x61) & 0x20, 0);
    fake_ns = t0 + ticks_ns(0x2e9c);
    cr_assert_eq(inb(0x61) & 0x20, 0x20, "OUT2 high at terminal count");
    cr_assert_eq(inb(0x61) & 0x01, 0x01, "gate reads back");
    /* Gate low pauses a mode 0 count. */
    outb(0x43, 0xb0);
    outb(0x42, 0xe8);
    outb(0x42, 0x03);                /* 1000 */
    fake_ns += ticks_ns(300);
    outb(0x61, 0x00);
    uint16_t paused = pit_latch(2);
    cr_assert(paused >= 699 && paused <= 701, "%u", paused);
    fake_ns += ticks_ns(5000);
    cr_assert_eq(pit_latch(2), paused, "no counting with the gate low");
    outb(0x61, 0x01);
    fake_ns += ticks_ns(100);
    uint16_t later = pit_latch(2);
    cr_assert(later >= paused - 101 && later <= paused - 99, "%u", later);
    cr_assert_eq(inb(0x61) & 0x20, 0);
}

/* ---- RTC ------------------------------------------------------------------ */

Test(rtc, host_time_bcd_binary_12h, .init = setup, .fini = teardown)
{
    cr_assert_eq(cmos(0x0d), 0x80, "battery good");
    cr_assert_eq(cmos(0x0b) & 0x06, 0x02, "BCD, 24 h at power-on");
    time_t now = time(NULL), t = rtc_time(false);
    cr_assert(labs((long)(t - now)) <= 2, "rtc %ld host %ld", (long)t, (long)now);
    cmos_set(0x0b, 0x06);            /* binary, 24 h */
    t = rtc_time(true);
    cr_assert(labs((long)(t - time(NULL))) <= 2);
    /* 12-hour mode: bit 7 is PM, hours 1-12. */
    cmos_set(0x0b, 0x04);
    struct tm tm;
    time_t h = time(NULL);
    gmtime_r(&h, &tm);
    uint8_t hr = cmos(4);
    int want = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
    if (cmos(2) == tm.tm_min) {      /* not across an hour boundary */
        cr_assert_eq(hr & 0x7f, want);
        cr_assert_eq(!!(hr & 0x80), tm.tm_hour >= 12);
    }
    /* CMOS RAM keeps bytes; the NMI bit in the index is ignored. */
    cmos_set(0x40, 0x5a);
    outb(0x70, 0x80 | 0x40);
    cr_assert_eq(inb(0x71), 0x5a);
}

Test(rtc, set_time_and_periodic_irq8, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    /* hwclock's way: SET, write 2009-02-13 23:31:30 in BCD, clear SET. */
    cmos_set(0x0b, 0x82);
    cmos_set(0, 0x30);
    cmos_set(2, 0x31);
    cmos_set(4, 0x23);
    cmos_set(7, 0x13);
    cmos_set(8, 0x02);
    cmos_set(9, 0x09);
    cmos_set(0x0b, 0x02);
    time_t t = rtc_time(false);
    cr_assert(t >= 1234567890 && t <= 1234567892, "read back %ld", (long)t);
    /* Periodic interrupt at 1024 Hz (rate 6) on guest time. */
    cr_assert_eq(cmos(0x0a) & 0x0f, 6);
    cmos(0x0c);
    cmos_set(0x0b, 0x42);            /* PIE */
    uint64_t next = bus_poll(&M.bus, fake_ns);
    cr_assert(next > fake_ns && next <= fake_ns + 1000000);
    fake_ns = next;
    bus_poll(&M.bus, fake_ns);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x38);
    uint8_t c = cmos(0x0c);
    cr_assert_eq(c & 0xc0, 0xc0, "IRQF and PF, got 0x%02x", c);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    cmos_set(0x0b, 0x02);
    cmos(0x0c);
    cr_assert_eq(cmos(0x0c) & 0x80, 0, "reading C cleared it");
}

/* Update-ended interrupts follow the host's seconds: wait for one (at most
 * a second and a bit of real time). */
Test(rtc, update_ended_interrupt, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    cmos(0x0c);
    cmos_set(0x0b, 0x12);            /* UIE, 24 h, BCD */
    uint64_t next = bus_poll(&M.bus, fake_ns);
    cr_assert(next > fake_ns && next <= fake_ns + 1000000000ull, "the next second is the deadline");
    bool fired = false;
    for (unsigned i = 0; i < 150 && !fired; i++) {
        usleep(10000);
        fake_ns += 10000000;
        bus_poll(&M.bus, fake_ns);
        fired = irq_pending();
    }
    cr_assert(fired, "IRQ8 within 1.5 s");
    cr_assert_eq(irq_ack(), 0x38);
    cr_assert_eq(cmos(0x0c) & 0x90, 0x90, "IRQF and UF");
    cr_assert_eq(cmos(0x0c) & 0x90, 0x00);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    cmos_set(0x0b, 0x02);
    cr_assert_eq(M.rtc->poll(M.rtc, fake_ns), UINT64_MAX, "no interrupt enabled: no deadline");
}

/* ---- UART ----------------------------------------------------------------- */

Test(uart, transmit_loopback_and_iir, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    /* Divisor latch. */
    outb(0x3fb, 0x80);
    outb(0x3f8, 0x01);
    outb(0x3f9, 0x00);
    cr_assert_eq(inb(0x3f8), 0x01);
    outb(0x3fb, 0x03);               /* 8N1 */
    cr_assert_eq(inb(0x3f9), 0x00, "IER, not DLM, once DLAB is clear");
    /* Transmit goes to the callback; THR and the transmitter stay empty. */
    outb(0x3f8, 'h');
    outb(0x3f8, 'i');
    cr_assert_eq(M.n_out, 2);
    cr_assert_eq(memcmp(M.out, "hi", 2), 0);
    cr_assert_eq(inb(0x3fd) & 0x60, 0x60);
    /* FIFOs on: IIR bits 7-6 set, nothing pending. */
    outb(0x3fa, 0xc7);
    cr_assert_eq(inb(0x3fa), 0xc1);
    /* THRE interrupt: raised by enabling it, cleared by reading IIR. */
    outb(0x3fc, 0x0b);               /* DTR RTS OUT2 */
    outb(0x3f9, 0x02);
    cr_assert_eq(inb(0x3fa), 0xc2);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x34);
    outb(0x20, 0x20);
    cr_assert_eq(inb(0x3fa), 0xc1, "reading IIR cleared THRE");
    /* Loopback: THR -> RBR, MSR mirrors MCR. */
    outb(0x3f9, 0x01);
    outb(0x3fc, 0x1a);               /* LOOP OUT2 RTS: Linux's 8250 probe */
    cr_assert_eq(inb(0x3fe) & 0xf0, 0x90);
    outb(0x3f8, 'x');
    cr_assert_eq(M.n_out, 2, "loopback does not reach the console");
    cr_assert_eq(inb(0x3fd) & 0x01, 0x01);
    cr_assert_eq(inb(0x3fa), 0xcc, "one byte below the trigger: character timeout");
    cr_assert_eq(inb(0x3f8), 'x');
    cr_assert_eq(inb(0x3fd) & 0x01, 0x00);
    cr_assert_eq(inb(0x3fa), 0xc1);
}

Test(uart, receive_fifo_backpressure, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x3fa, 0xc7);               /* FIFO, trigger 14 */
    outb(0x3fc, 0x0b);
    outb(0x3f9, 0x01);
    uint8_t in[40];
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)('a' + i % 26);
    cr_assert_eq(uart_rx_space(M.uart), 16);
    size_t took = uart_receive(M.uart, in, sizeof in);
    cr_assert_eq(took, 16, "takes what fits, says so");
    cr_assert_eq(uart_receive(M.uart, in + took, sizeof in - took), 0);
    cr_assert_eq(inb(0x3fa), 0xc4, "trigger level reached");
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x34);
    outb(0x20, 0x20);
    size_t got = 0;
    uint8_t buf[40];
    while (got < sizeof in) {
        while (inb(0x3fd) & 1)
            buf[got++] = inb(0x3f8);
        took += uart_receive(M.uart, in + took, sizeof in - took);
    }
    cr_assert_eq(memcmp(buf, in, sizeof in), 0, "nothing dropped, nothing reordered");
    uint8_t vec[8];
    drain(vec, 8);
    /* OUT2 low: no IRQ to the PIC although IIR shows the request. */
    outb(0x3fc, 0x03);
    uart_receive(M.uart, in, 1);
    cr_assert_eq(inb(0x3fa) & 0x0f, 0x0c);
    cr_assert_not(irq_pending());
}

/* ---- i8042 ---------------------------------------------------------------- */

Test(i8042, self_test_command_byte_and_reset, .init = setup, .fini = teardown)
{
    cr_assert_neq(inb(0x64), 0xff, "a controller is there");
    outb(0x64, 0xaa);
    cr_assert_eq(kbc_read(), 0x55);
    cr_assert_eq(inb(0x64) & 0x01, 0, "output buffer empty again");
    outb(0x64, 0x20);
    uint8_t ctr = kbc_read();
    cr_assert_eq(ctr & 0x20, 0x20, "no AUX port");
    outb(0x64, 0x60);
    outb(0x60, (uint8_t)(ctr & ~0x40));
    outb(0x64, 0x20);
    cr_assert_eq(kbc_read(), ctr & ~0x40);
    outb(0x64, 0xab);
    cr_assert_eq(kbc_read(), 0x00, "keyboard interface test");
    /* AUX loopback answers without AUXDATA; AUX test: clock stuck high. */
    outb(0x64, 0xd3);
    outb(0x60, 0x5a);
    cr_assert_eq(inb(0x64) & 0x21, 0x01);
    cr_assert_eq(inb(0x60), 0x5a);
    outb(0x64, 0xa9);
    cr_assert_eq(kbc_read(), 0x02);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_NONE);
    outb(0x64, 0xfe);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_RESET, "pulsing the reset line resets the machine");
}

Test(i8042, keyboard_answers_with_irq1, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x64, 0x60);
    outb(0x60, 0x05);                /* KBDINT, SYS, no translation */
    outb(0x60, 0xf2);                /* identify */
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x31);
    outb(0x20, 0x20);
    cr_assert_eq(inb(0x60), 0xfa);
    cr_assert(irq_pending(), "the next byte is a new interrupt");
    cr_assert_eq(irq_ack(), 0x31);
    outb(0x20, 0x20);
    cr_assert_eq(inb(0x60), 0xab);
    cr_assert_eq(kbc_read(), 0x83);
    outb(0x60, 0xed);                /* LEDs + argument: two ACKs */
    cr_assert_eq(kbc_read(), 0xfa);
    outb(0x60, 0x07);
    cr_assert_eq(kbc_read(), 0xfa);
    outb(0x60, 0xff);
    cr_assert_eq(kbc_read(), 0xfa);
    cr_assert_eq(kbc_read(), 0xaa, "BAT passed");
    /* Output port write dropping bit 0 is also the reset line. */
    outb(0x64, 0xd1);
    outb(0x60, 0xfe);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_RESET);
}

/* ---- PCI ------------------------------------------------------------------ */

Test(pci, bridge_probe_and_bar_sizing, .init = setup, .fini = teardown)
{
    /* Linux's pci_check_type1. */
    outb(0xcfb, 0x01);
    uint32_t saved = inl(0xcf8);
    outl(0xcf8, 0x80000000);
    cr_assert_eq(inl(0xcf8), 0x80000000);
    outl(0xcf8, saved);
    cr_assert_eq(cfg_read32(0, 0x00), 0x12378086);
    outl(0xcf8, cfg_addr(0, 0x08));
    cr_assert_eq(inw(0xcfe), 0x0600, "host bridge class");
    cr_assert_eq(cfg_read32(5, 0x00), 0xffffffff, "empty slot");
    outl(0xcf8, cfg_addr(0, 0) | 1u << 8);
    cr_assert_eq(inl(0xcfc), 0xffffffff, "function 1 absent");
    outl(0xcf8, cfg_addr(0, 0) | 1u << 16);
    cr_assert_eq(inl(0xcfc), 0xffffffff, "bus 1 absent");
    /* The virtio-blk function. */
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x00), 0x10011af4);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x2c), 0x00021af4, "subsystem: virtio block");
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x08) >> 8, 0x010000);
    uint32_t bar = cfg_read32(BLK_SLOT, 0x10);
    cr_assert_eq(bar & 1, 1, "I/O BAR");
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x3c) & 0xffff, 0x0100 | BLK_IRQ, "INTA#, line");
    /* Sizing: all ones reads the mask, the value comes back after. */
    cfg_write32(BLK_SLOT, 0x10, 0xffffffff);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x10), 0xffffffc1);
    cfg_write32(BLK_SLOT, 0x10, bar);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x10), bar);
    cfg_write32(BLK_SLOT, 0x14, 0xffffffff);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x14), 0, "unused BAR");
    cfg_write32(BLK_SLOT, 0x00, 0);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x00), 0x10011af4, "ids are read-only");
    /* The BAR decodes only while I/O is enabled, and moves with the BAR. */
    uint16_t io = (uint16_t)(bar & ~3u);
    cr_assert_eq(inl(io + 0) & (1u << 9), 1u << 9, "host features: FLUSH");
    cfg_write32(BLK_SLOT, 0x04, 0);
    cr_assert_eq(inl(io), 0xffffffff);
    cfg_write32(BLK_SLOT, 0x10, 0xd001);
    cfg_write32(BLK_SLOT, 0x04, 1);
    cr_assert_eq(inw(0xd000 + 12), 128, "queue size at the new place");
    cr_assert_eq(inl(io), 0xffffffff);
    /* 0xcf9: reset control. */
    outb(0xcf9, 0x02);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_NONE);
    outb(0xcf9, 0x06);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_RESET);
}
