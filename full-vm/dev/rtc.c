/*
 * rtc.c - the MC146818 real-time clock and its CMOS RAM (ports 0x70 index,
 * 0x71 data; IRQ8). The kernel reads the wall clock from it at boot
 * (mach_get_cmos_time) and rtc-cmos drives it afterwards.
 *
 * The time is the host's UTC clock (CLOCK_REALTIME) plus an offset in
 * seconds that the guest changes by setting the clock (register B SET,
 * write the time, clear SET). Registers 0-9 are formatted from it on every
 * read, in BCD or binary (B.DM) and 12 or 24 hours (B.24/12).
 *
 *   A: UIP(7) DV2-0(6-4) RS3-0(3-0)     C: IRQF(7) PF(6) AF(5) UF(4)  read clears
 *   B: SET(7) PIE(6) AIE(5) UIE(4) SQWE(3) DM(2) 24/12(1) DSE(0)
 *   D: VRT(7)                            0x0e-0x7f: battery-backed RAM
 *
 * UIP is high during the last 244 us before each host second, as the chip's
 * update cycle would be. Update-ended and alarm flags follow host seconds;
 * the periodic flag follows guest time at the rate of A.RS. poll() keeps
 * the flags and IRQ8 current while interrupts are enabled.
 * The NMI mask bit (0x70 bit 7) is accepted and ignored.
 */
#include "full-vm/dev/dev.h"

#include <stdlib.h>
#include <time.h>

enum { REG_A = 0x0a, REG_B, REG_C, REG_D };
#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_DM 0x04
#define B_24H 0x02
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10

struct rtc_state {
    uint8_t cmos[128];           /* 0-9 hold the time written while SET (read back while SET) */
    uint8_t index;
    uint8_t irq_level;
    uint8_t pad[6];
    int64_t offset;              /* guest clock - host clock, seconds */
    int64_t last_second;         /* the guest second the flags were last brought up to */
    uint64_t periodic_mark;      /* periodic interrupts counted so far (guest ns / period) */
};

struct rtc {
    struct device dev;
    struct rtc_state s;
};

#define RTC_MAGIC DEV_MAGIC('R', 'T', 'C', '1')
#define RTC_VERSION 1
#define OFFSET_LIMIT (400ll * 366 * 86400)   /* a guest clock within +-400 years of the host's */

static struct timespec host_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts;
}

static uint8_t to_bcd(unsigned v)
{
    return (uint8_t)((v / 10) << 4 | v % 10);
}

static int from_bcd(uint8_t v)
{
    if ((v & 15) > 9 || (v >> 4) > 9)
        return -1;
    return (v >> 4) * 10 + (v & 15);
}

static uint8_t enc(const struct rtc *r, unsigned v)
{
    return r->s.cmos[REG_B] & B_DM ? (uint8_t)v : to_bcd(v);
}

static int dec(const struct rtc *r, uint8_t v)
{
    return r->s.cmos[REG_B] & B_DM ? v : from_bcd(v);
}

static uint8_t enc_hour(const struct rtc *r, unsigned h)
{
    if (r->s.cmos[REG_B] & B_24H)
        return enc(r, h);
    unsigned h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(enc(r, h12) | (h >= 12 ? 0x80 : 0));
}

static int dec_hour(const struct rtc *r, uint8_t v)
{
    if (r->s.cmos[REG_B] & B_24H)
        return dec(r, v);
    int h = dec(r, v & 0x7f);
    if (h < 1 || h > 12)
        return -1;
    return h % 12 + (v & 0x80 ? 12 : 0);
}

/* Seconds since the epoch in the guest's clock. */
static int64_t guest_seconds(const struct rtc *r, struct timespec *ts)
{
    *ts = host_time();
    return (int64_t)ts->tv_sec + r->s.offset;
}

/* Registers 0, 2, 4, 6-9 from the guest's clock (left alone while SET:
 * the guest is writing them). */
static void format_time(struct rtc *r, int64_t secs)
{
    if (r->s.cmos[REG_B] & B_SET)
        return;
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return;
    r->s.cmos[0] = enc(r, (unsigned)tm.tm_sec);
    r->s.cmos[2] = enc(r, (unsigned)tm.tm_min);
    r->s.cmos[4] = enc_hour(r, (unsigned)tm.tm_hour);
    r->s.cmos[6] = enc(r, (unsigned)tm.tm_wday + 1);
    r->s.cmos[7] = enc(r, (unsigned)tm.tm_mday);
    r->s.cmos[8] = enc(r, (unsigned)tm.tm_mon + 1);
    r->s.cmos[9] = enc(r, (unsigned)(tm.tm_year % 100));
    r->s.cmos[0x32] = enc(r, (unsigned)(1900 + tm.tm_year) / 100);   /* century (IBM's CMOS byte) */
}

/* SET cleared: the time the guest wrote becomes the clock. Nonsense (bad
 * BCD, month 13) leaves the clock as it was. */
static void take_time(struct rtc *r)
{
    int sec = dec(r, r->s.cmos[0]), min = dec(r, r->s.cmos[2]), hour = dec_hour(r, r->s.cmos[4]);
    int mday = dec(r, r->s.cmos[7]), mon = dec(r, r->s.cmos[8]), yy = dec(r, r->s.cmos[9]);
    int cent = dec(r, r->s.cmos[0x32]);
    if (sec < 0 || sec > 59 || min < 0 || min > 59 || hour < 0 || hour > 23 || mday < 1 || mday > 31 || mon < 1 ||
        mon > 12 || yy < 0 || yy > 99)
        return;
    if (cent < 19 || cent > 99)
        cent = yy < 70 ? 20 : 19;
    struct tm tm = { .tm_sec = sec, .tm_min = min, .tm_hour = hour, .tm_mday = mday, .tm_mon = mon - 1,
                     .tm_year = cent * 100 + yy - 1900 };
    time_t t = timegm(&tm);
    struct timespec now = host_time();
    int64_t off = (int64_t)t - (int64_t)now.tv_sec;
    if (off > OFFSET_LIMIT || off < -OFFSET_LIMIT)
        return;
    r->s.offset = off;
    r->s.last_second = (int64_t)t;
}

static uint64_t periodic_ns(const struct rtc *r)
{
    unsigned rs = r->s.cmos[REG_A] & 15;
    if (!rs)
        return 0;
    if (rs < 3)
        rs += 7;                 /* 1, 2 are 256 and 128 Hz on the 32 kHz time base */
    return 1000000000ull / (65536u >> rs);
}

/* A new rate or a newly enabled periodic interrupt counts from now, not
 * from guest time 0. */
static void resync_periodic(struct rtc *r)
{
    uint64_t p = periodic_ns(r);
    r->s.periodic_mark = p ? bus_now(r->dev.bus) / p : 0;
}

static void set_irq(struct rtc *r)
{
    uint8_t b = r->s.cmos[REG_B], c = r->s.cmos[REG_C] & 0x70;
    bool irq = (c & C_PF && b & B_PIE) || (c & C_AF && b & B_AIE) || (c & C_UF && b & B_UIE);
    if (irq)
        r->s.cmos[REG_C] |= C_IRQF;
    if (irq != r->s.irq_level) {
        r->s.irq_level = irq;
        bus_irq(r->dev.bus, 8, irq);
    }
}

static bool alarm_matches(const struct rtc *r, int64_t secs)
{
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return false;
    /* 0xc0-0xff in an alarm byte matches every value ("don't care"). */
    uint8_t as = r->s.cmos[1], am = r->s.cmos[3], ah = r->s.cmos[5];
    return ((as & 0xc0) == 0xc0 || dec(r, as) == tm.tm_sec) && ((am & 0xc0) == 0xc0 || dec(r, am) == tm.tm_min) &&
           ((ah & 0xc0) == 0xc0 || dec_hour(r, ah) == tm.tm_hour);
}

/* Bring the flags of register C up to now. */
static void catch_up(struct rtc *r, uint64_t guest_ns)
{
    struct timespec ts;
    int64_t secs = guest_seconds(r, &ts);
    if (!(r->s.cmos[REG_B] & B_SET) && secs != r->s.last_second) {
        r->s.cmos[REG_C] |= C_UF;
        if (alarm_matches(r, secs))
            r->s.cmos[REG_C] |= C_AF;
        r->s.last_second = secs;
    }
    uint64_t p = periodic_ns(r);
    if (p) {
        uint64_t mark = guest_ns / p;
        if (mark != r->s.periodic_mark) {
            r->s.periodic_mark = mark;
            r->s.cmos[REG_C] |= C_PF;
        }
    }
    set_irq(r);
}

static uint8_t read_reg(struct rtc *r, unsigned idx)
{
    struct timespec ts;
    int64_t secs = guest_seconds(r, &ts);
    switch (idx) {
    case REG_A:
        /* The update cycle takes the last 244 us of each second. */
        return (uint8_t)((r->s.cmos[REG_A] & 0x7f) |
                         (!(r->s.cmos[REG_B] & B_SET) && ts.tv_nsec >= 1000000000 - 244000 ? 0x80 : 0));
    case REG_C: {
        catch_up(r, bus_now(r->dev.bus));
        uint8_t v = r->s.cmos[REG_C];
        r->s.cmos[REG_C] = 0;
        set_irq(r);
        return v;
    }
    case REG_D:
        return 0x80;             /* the battery is fine */
    default:
        if (idx <= 9 || idx == 0x32)
            format_time(r, secs);
        return r->s.cmos[idx];
    }
}

static void write_reg(struct rtc *r, unsigned idx, uint8_t v)
{
    switch (idx) {
    case REG_A:
        r->s.cmos[REG_A] = v & 0x7f;   /* UIP is read-only */
        resync_periodic(r);
        break;
    case REG_B: {
        uint8_t old = r->s.cmos[REG_B];
        if (!(old & B_SET) && (v & B_SET)) {
            struct timespec ts;
            format_time(r, guest_seconds(r, &ts));   /* the guest edits the current time */
        }
        if (v & B_SET)
            v &= ~B_UIE;         /* SET clears UIE */
        r->s.cmos[REG_B] = v;
        if ((v & B_PIE) && !(old & B_PIE))
            resync_periodic(r);
        if ((old & B_SET) && !(v & B_SET))
            take_time(r);
        set_irq(r);
        break;
    }
    case REG_C:
    case REG_D:
        break;                   /* read-only */
    default:
        if ((idx <= 9 || idx == 0x32) && idx != 1 && idx != 3 && idx != 5 && !(r->s.cmos[REG_B] & B_SET)) {
            /* A time register written outside SET: the chip's counter
             * changes at once; the other fields stay what they are now. */
            struct timespec ts;
            format_time(r, guest_seconds(r, &ts));
            r->s.cmos[idx] = v;
            r->s.cmos[REG_B] |= B_SET;
            take_time(r);
            r->s.cmos[REG_B] &= ~B_SET;
        } else {
            r->s.cmos[idx] = v;
        }
        break;
    }
}

static uint64_t rtc_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct rtc *r = (struct rtc *)dev;
    uint64_t v = 0;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = 0xff;
        if (addr + i == 0x71)
            b = read_reg(r, r->s.index);
        /* 0x70 is write-only */
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

static void rtc_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct rtc *r = (struct rtc *)dev;
    if (space != IO_PORT || size > 8)
        return;
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = (uint8_t)(val >> (8 * i));
        if (addr + i == 0x70)
            r->s.index = b & 0x7f;   /* bit 7 masks NMI: there is none */
        else if (addr + i == 0x71)
            write_reg(r, r->s.index, b);
    }
}

static uint64_t rtc_poll(struct device *dev, uint64_t now)
{
    struct rtc *r = (struct rtc *)dev;
    uint8_t b = r->s.cmos[REG_B];
    catch_up(r, now);
    uint64_t next = UINT64_MAX, p = periodic_ns(r);
    if ((b & B_PIE) && p)
        next = (now / p + 1) * p;
    if (b & (B_UIE | B_AIE)) {
        struct timespec ts = host_time();
        uint64_t to_second = 1000000000ull - (uint64_t)ts.tv_nsec;
        if (now + to_second < next)
            next = now + to_second;
    }
    return next;
}

static void rtc_reset(struct device *dev)
{
    struct rtc *r = (struct rtc *)dev;
    /* RAM survives a reset (it is battery-backed); the control bits do not. */
    r->s.cmos[REG_A] = 0x26;     /* 32.768 kHz time base, 1024 Hz periodic rate */
    r->s.cmos[REG_B] = B_24H;
    r->s.cmos[REG_C] = 0;
    r->s.cmos[REG_D] = 0x80;
    r->s.index = 0;
    if (r->s.irq_level)
        bus_irq(dev->bus, 8, false);
    r->s.irq_level = 0;
    struct timespec ts;
    r->s.last_second = guest_seconds(r, &ts);
    r->s.periodic_mark = 0;
    format_time(r, r->s.last_second);
}

static size_t rtc_save(const struct device *dev, void *buf, size_t cap)
{
    const struct rtc *r = (const struct rtc *)dev;
    return dev_snap_save(buf, cap, RTC_MAGIC, RTC_VERSION, &r->s, sizeof r->s);
}

static int rtc_load(struct device *dev, const void *buf, size_t len)
{
    struct rtc *r = (struct rtc *)dev;
    struct rtc_state s;
    if (dev_snap_load(buf, len, RTC_MAGIC, RTC_VERSION, &s, sizeof s) < 0)
        return -1;
    if (s.index > 0x7f || s.irq_level > 1 || s.offset > OFFSET_LIMIT || s.offset < -OFFSET_LIMIT ||
        (s.cmos[REG_A] & 0x80) || (s.cmos[REG_C] & 0x0f) || s.cmos[REG_D] != 0x80)
        return -1;
    bool level = r->s.irq_level;
    r->s = s;
    if (level != s.irq_level)
        bus_irq(dev->bus, 8, s.irq_level);
    return 0;
}

static void rtc_destroy(struct device *dev)
{
    free(dev);
}

struct device *rtc_new(struct bus *bus)
{
    struct rtc *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->dev.name = "rtc";
    r->dev.ranges[0] = (struct io_range){ IO_PORT, 0x70, 2 };
    r->dev.n_ranges = 1;
    r->dev.bus = bus;
    r->dev.read = rtc_read;
    r->dev.write = rtc_write;
    r->dev.reset = rtc_reset;
    r->dev.save = rtc_save;
    r->dev.load = rtc_load;
    r->dev.poll = rtc_poll;
    r->dev.destroy = rtc_destroy;
    rtc_reset(&r->dev);
    return &r->dev;
}
