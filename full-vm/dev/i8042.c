/*
 * i8042.c - the PS/2 keyboard controller (0x60 data, 0x64 status/command)
 * with a keyboard behind it that answers commands but never has keys to
 * send (the console is the serial port). Its purpose is that Linux's i8042
 * and atkbd probes succeed quickly and that the reset line works: command
 * 0xfe (pulse output port bit 0), or an output-port write with bit 0 clear,
 * sets bus->stop_request = BUS_STOP_RESET.
 *
 * There is no AUX (mouse) port: the AUX loopback command (0xd3) answers
 * without the AUX-data status bit and the AUX interface test (0xa9) reports
 * the clock line stuck high, which is what an empty mouse connector shows;
 * Linux then registers the keyboard port only.
 *
 * Status (0x64 read): PARITY(7) TIMEOUT(6) AUXDATA(5) UNLOCKED(4) CMD(3)
 *   SYS(2) IBF(1) OBF(0).  Command byte (RAM 0): XLATE(6) AUXDIS(5)
 *   KBDDIS(4) SYS(2) AUXINT(1) KBDINT(0).
 * Output bytes queue in a small FIFO behind the one-byte output buffer;
 * IRQ1 is raised while a keyboard byte waits and KBDINT is set.
 */
#include "full-vm/dev/dev.h"

#include <stdlib.h>

#define ST_OBF 0x01
#define ST_SYS 0x04
#define ST_CMD 0x08
#define ST_UNLOCKED 0x10
#define CTR_KBDINT 0x01
#define CTR_SYS 0x04
#define CTR_KBDDIS 0x10
#define CTR_AUXDIS 0x20
#define CTR_XLATE 0x40

#define QUEUE 16

struct i8042_state {
    uint8_t ram[32];             /* controller RAM; 0 is the command byte */
    uint8_t queue[QUEUE];        /* bytes waiting for the output buffer */
    uint8_t q_head, q_count;
    uint8_t status;              /* ST_SYS, ST_CMD; OBF derived from q_count */
    uint8_t pending_cmd;         /* controller command waiting for its data byte, 0: none */
    uint8_t kbd_cmd;             /* keyboard command waiting for its argument, 0: none */
    uint8_t kbd_enabled;
    uint8_t scancode_set;
    uint8_t output_port;
    uint8_t irq_level;
    uint8_t pad[7];
};

struct i8042 {
    struct device dev;
    struct i8042_state s;
};

#define I8042_MAGIC DEV_MAGIC('8', '0', '4', '2')
#define I8042_VERSION 1

static void update_irq(struct i8042 *k)
{
    bool level = k->s.q_count && (k->s.ram[0] & CTR_KBDINT);
    if (level != k->s.irq_level) {
        k->s.irq_level = level;
        bus_irq(k->dev.bus, 1, level);
    }
}

/* Queue a byte for the guest; a full queue drops it as a real controller
 * would overrun (only a guest flooding commands without reading gets here). */
static void push(struct i8042 *k, uint8_t b)
{
    if (k->s.q_count == QUEUE)
        return;
    k->s.queue[(k->s.q_head + k->s.q_count) % QUEUE] = b;
    k->s.q_count++;
    update_irq(k);
}

static void reset_machine(struct i8042 *k)
{
    if (k->dev.bus)
        k->dev.bus->stop_request = BUS_STOP_RESET;
}

/* A byte written to 0x60 with no controller command pending goes to the
 * keyboard, which ACKs (0xfa) and answers what it understands. */
static void keyboard_write(struct i8042 *k, uint8_t b)
{
    if (k->s.kbd_cmd) {
        uint8_t cmd = k->s.kbd_cmd;
        k->s.kbd_cmd = 0;
        if (cmd == 0xf0) {       /* scancode set: 0 asks which */
            push(k, 0xfa);
            if (b == 0)
                push(k, k->s.scancode_set);
            else if (b <= 3)
                k->s.scancode_set = b;
            return;
        }
        push(k, 0xfa);           /* 0xed LEDs, 0xf3 typematic rate: taken */
        return;
    }
    switch (b) {
    case 0xed:                   /* set LEDs */
    case 0xf3:                   /* typematic rate */
    case 0xf0:                   /* scancode set */
        k->s.kbd_cmd = b;
        push(k, 0xfa);
        break;
    case 0xee:                   /* echo */
        push(k, 0xee);
        break;
    case 0xf2:                   /* identify: an MF2 keyboard */
        push(k, 0xfa);
        push(k, 0xab);
        push(k, k->s.ram[0] & CTR_XLATE ? 0x41 : 0x83);
        break;
    case 0xf4:
        k->s.kbd_enabled = 1;
        push(k, 0xfa);
        break;
    case 0xf5:
        k->s.kbd_enabled = 0;
        push(k, 0xfa);
        break;
    case 0xf6:
        k->s.kbd_enabled = 1;
        k->s.scancode_set = 2;
        push(k, 0xfa);
        break;
    case 0xff:                   /* reset and self test (BAT) */
        k->s.kbd_enabled = 1;
        k->s.scancode_set = 2;
        push(k, 0xfa);
        push(k, 0xaa);
        break;
    case 0xfe:                   /* resend: nothing was sent wrong */
        push(k, 0xfa);
        break;
    default:
        if (b >= 0xf7 && b <= 0xfd)
            push(k, 0xfa);       /* set-3 key type commands: accepted */
        else
            push(k, 0xfe);       /* unknown: "resend" */
        break;
    }
}

static void write_data(struct i8042 *k, uint8_t b)
{
    uint8_t cmd = k->s.pending_cmd;
    k->s.pending_cmd = 0;
    k->s.status &= ~ST_CMD;
    if (!cmd) {
        keyboard_write(k, b);
        return;
    }
    if (cmd >= 0x60 && cmd <= 0x7f) {
        k->s.ram[cmd - 0x60] = b;
        if (cmd == 0x60) {
            /* SYS in the command byte is the status register's SYS flag. */
            k->s.status = (uint8_t)((k->s.status & ~ST_SYS) | (b & CTR_SYS));
            update_irq(k);
        }
        return;
    }
    switch (cmd) {
    case 0xd1:                   /* write output port: bit 0 is the CPU's reset line (active low) */
        k->s.output_port = b;
        if (!(b & 1))
            reset_machine(k);
        break;
    case 0xd2:                   /* write keyboard output buffer: as if the keyboard sent it */
        push(k, b);
        break;
    case 0xd3:                   /* write AUX output buffer: no AUX port, see the header */
        push(k, b);
        break;
    case 0xd4:                   /* write to the AUX device: nobody there */
        break;
    default:
        break;
    }
}

static void write_command(struct i8042 *k, uint8_t c)
{
    k->s.status |= ST_CMD;
    k->s.pending_cmd = 0;
    if (c >= 0x20 && c <= 0x3f) {
        push(k, k->s.ram[c - 0x20]);
        return;
    }
    if ((c >= 0x60 && c <= 0x7f) || (c >= 0xd1 && c <= 0xd4)) {
        k->s.pending_cmd = c;
        return;
    }
    if (c >= 0xf0) {             /* pulse output port bits 0-3 that are 0 in c */
        if (!(c & 1))
            reset_machine(k);
        return;
    }
    switch (c) {
    case 0xa7:
        k->s.ram[0] |= CTR_AUXDIS;
        break;
    case 0xa8:
        k->s.ram[0] &= ~CTR_AUXDIS;
        break;
    case 0xa9:                   /* AUX interface test: clock line stuck high (nothing plugged in) */
        push(k, 0x02);
        break;
    case 0xaa:                   /* controller self test */
        k->s.status |= ST_SYS;
        push(k, 0x55);
        break;
    case 0xab:                   /* keyboard interface test: fine */
        push(k, 0x00);
        break;
    case 0xad:
        k->s.ram[0] |= CTR_KBDDIS;
        break;
    case 0xae:
        k->s.ram[0] &= ~CTR_KBDDIS;
        break;
    case 0xc0:                   /* input port: keyboard not inhibited, colour display */
        push(k, 0x80);
        break;
    case 0xd0:
        push(k, k->s.output_port);
        break;
    case 0xdd:                   /* A20 off/on: our A20 is always on */
    case 0xdf:
        break;
    default:
        break;
    }
}

static uint8_t read_data(struct i8042 *k)
{
    if (!k->s.q_count)
        return k->s.queue[(k->s.q_head + QUEUE - 1) % QUEUE];   /* the output buffer keeps its last byte */
    uint8_t b = k->s.queue[k->s.q_head];
    k->s.q_head = (uint8_t)((k->s.q_head + 1) % QUEUE);
    k->s.q_count--;
    /* The line drops so that the next byte is a new edge for the PIC. */
    if (k->s.irq_level) {
        k->s.irq_level = 0;
        bus_irq(k->dev.bus, 1, false);
    }
    update_irq(k);
    return b;
}

static uint8_t read_status(const struct i8042 *k)
{
    return (uint8_t)(k->s.status | ST_UNLOCKED | (k->s.q_count ? ST_OBF : 0));
}

static uint64_t i8042_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct i8042 *k = (struct i8042 *)dev;
    uint64_t v = 0;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = 0xff;
        if (addr + i == 0x60)
            b = read_data(k);
        else if (addr + i == 0x64)
            b = read_status(k);
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

static void i8042_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct i8042 *k = (struct i8042 *)dev;
    if (space != IO_PORT || size > 8)
        return;
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = (uint8_t)(val >> (8 * i));
        if (addr + i == 0x60)
            write_data(k, b);
        else if (addr + i == 0x64)
            write_command(k, b);
    }
}

static void i8042_reset(struct device *dev)
{
    struct i8042 *k = (struct i8042 *)dev;
    if (k->s.irq_level)
        bus_irq(dev->bus, 1, false);
    memset(&k->s, 0, sizeof k->s);
    /* As a BIOS leaves it: keyboard interrupt on, translation on, no AUX, POST passed. */
    k->s.ram[0] = CTR_KBDINT | CTR_SYS | CTR_AUXDIS | CTR_XLATE;
    k->s.status = ST_SYS;
    k->s.kbd_enabled = 1;
    k->s.scancode_set = 2;
    k->s.output_port = 0xcf;     /* reset line high, A20 on, buffers empty */
}

static size_t i8042_save(const struct device *dev, void *buf, size_t cap)
{
    const struct i8042 *k = (const struct i8042 *)dev;
    return dev_snap_save(buf, cap, I8042_MAGIC, I8042_VERSION, &k->s, sizeof k->s);
}

static bool valid_pending(uint8_t c)
{
    return c == 0 || (c >= 0x60 && c <= 0x7f) || (c >= 0xd1 && c <= 0xd4);
}

static int i8042_load(struct device *dev, const void *buf, size_t len)
{
    struct i8042 *k = (struct i8042 *)dev;
    struct i8042_state s;
    if (dev_snap_load(buf, len, I8042_MAGIC, I8042_VERSION, &s, sizeof s) < 0)
        return -1;
    if (s.q_head >= QUEUE || s.q_count > QUEUE || (s.status & ~(ST_SYS | ST_CMD)) || !valid_pending(s.pending_cmd) ||
        (s.kbd_cmd != 0 && s.kbd_cmd != 0xed && s.kbd_cmd != 0xf3 && s.kbd_cmd != 0xf0) || s.kbd_enabled > 1 ||
        s.scancode_set < 1 || s.scancode_set > 3 || s.irq_level > 1)
        return -1;
    bool level = k->s.irq_level;
    k->s = s;
    k->s.irq_level = level;
    update_irq(k);
    return 0;
}

static void i8042_destroy(struct device *dev)
{
    free(dev);
}

struct device *i8042_new(struct bus *bus)
{
    struct i8042 *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->dev.name = "i8042";
    k->dev.ranges[0] = (struct io_range){ IO_PORT, 0x60, 1 };
    k->dev.ranges[1] = (struct io_range){ IO_PORT, 0x64, 1 };
    k->dev.n_ranges = 2;
    k->dev.bus = bus;
    k->dev.read = i8042_read;
    k->dev.write = i8042_write;
    k->dev.reset = i8042_reset;
    k->dev.save = i8042_save;
    k->dev.load = i8042_load;
    k->dev.destroy = i8042_destroy;
    i8042_reset(&k->dev);
    return &k->dev;
}
