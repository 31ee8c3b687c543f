/*
 * f80.h - a soft-float implementation of the x87's 80-bit extended format,
 * bit-exact with the hardware (rounding control, precision control,
 * denormals, unsupported encodings, NaN propagation, exception flags and
 * C1's "rounded up"), so that the x87 runs on hosts whose long double is
 * not this format (aarch64: IEEE quad). See f80.c.
 *
 * Every operation takes the guest's control word (RC bits 10-11, PC bits
 * 8-9, and the OE/UE masks: unmasked, a register result is the rounded
 * one with its exponent wrapped by 24576, as the x87 delivers it; the other
 * masks are the caller's business) and ORs into *sw the status bits it
 * raises: IE 0x01, DE 0x02, ZE 0x04, OE 0x08, UE 0x10, PE 0x20 and
 * C1 0x200 when the result was rounded up in magnitude. Otherwise results
 * are the masked responses (QNaN indefinite, infinities, denormals).
 */
#ifndef MIMIC_XLATE_F80_H
#define MIMIC_XLATE_F80_H

#include <stdint.h>
#include <stdbool.h>

struct f80 { uint64_t mant; uint16_t sexp; };

#define F80_IE 0x01
#define F80_DE 0x02
#define F80_ZE 0x04
#define F80_OE 0x08
#define F80_UE 0x10
#define F80_PE 0x20
#define F80_C1 0x200

static const struct f80 f80_indefinite = { 0xc000000000000000ull, 0xffff };

struct f80 f80_add(struct f80 a, struct f80 b, unsigned cw, unsigned *sw);
struct f80 f80_sub(struct f80 a, struct f80 b, unsigned cw, unsigned *sw);   /* a - b */
struct f80 f80_mul(struct f80 a, struct f80 b, unsigned cw, unsigned *sw);
struct f80 f80_div(struct f80 a, struct f80 b, unsigned cw, unsigned *sw);   /* a / b */
struct f80 f80_sqrt(struct f80 a, unsigned cw, unsigned *sw);
struct f80 f80_rndint(struct f80 a, unsigned cw, unsigned *sw);              /* FRNDINT */

/* FCOM/FUCOM: 0 less, 1 equal, 2 greater, 3 unordered. quiet: FUCOM (QNaN
 * operands raise nothing). */
int f80_compare(struct f80 a, struct f80 b, bool quiet, unsigned *sw);

/* Conversions. Loads of float/double are exact (IE for SNaN, DE for
 * denormals); stores round with RC (PC does not apply). Integer stores
 * return the integer indefinite with IE when out of range or NaN;
 * truncate: FISTTP. */
struct f80 f80_from_i64(int64_t v);
struct f80 f80_from_f32(uint32_t v, unsigned *sw);
struct f80 f80_from_f64(uint64_t v, unsigned *sw);
uint32_t f80_to_f32(struct f80 a, unsigned cw, unsigned *sw);
uint64_t f80_to_f64(struct f80 a, unsigned cw, unsigned *sw);
int64_t f80_to_int(struct f80 a, unsigned bits, bool truncate, unsigned cw, unsigned *sw);

/* FPREM / FPREM1 (ieee): the remainder of a by b; *cc gets C2 (partial),
 * or C0 C3 C1 = quotient bits 2 1 0, in status word positions; or
 * F80_CC_KEEP when the result is a NaN (the condition codes are left). */
#define F80_CC_KEEP 0x8000
struct f80 f80_prem(struct f80 a, struct f80 b, bool ieee, unsigned cw, unsigned *sw, unsigned *cc);

/* Classification of the encoding. */
bool f80_is_nan(struct f80 a);
bool f80_is_snan(struct f80 a);
bool f80_is_unsupported(struct f80 a);   /* unnormals, pseudo-NaN/infinity */

/* Round sign * (hi:lo) * 2^(exp - 127) (hi's top bit is the integer bit
 * when normalised; any bits may be set) to the format with cw's RC/PC:
 * for results computed elsewhere at higher precision (transcendentals). */
struct f80 f80_round_pack(bool sign, int32_t exp, uint64_t hi, uint64_t lo, unsigned cw, unsigned *sw);

/* The transcendentals' arithmetic for finite operands in their domains
 * (the x87 semantics around them, ranges, special operands and flags other
 * than those of the final rounding, are the caller's): computed in the
 * host's long double, rounded per RC to 64 bits. Exact to the last bit
 * only as far as the host's libm is: with IEEE quad long double (aarch64)
 * the rounding of a 113-bit result; with the x87 format, libm's own. */
enum f80_trans { F80_SIN, F80_COS, F80_TAN, F80_ATAN2 /* atan2(y, x) */, F80_2XM1, F80_YL2X, F80_YL2XP1 };
struct f80 f80_trans(enum f80_trans op, struct f80 x, struct f80 y, unsigned cw, unsigned *sw);

#endif
