/* x87bits.c - x87 results as their 80-bit patterns: arithmetic, square
 * root, libm's transcendentals, overflow/underflow/denormals, the
 * indefinite NaN, remainders, and every rounding mode. On hosts without an
 * 80-bit long double, mimic computes x87 another way (see xlate/), and any
 * difference in the last bit shows here. */
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <fenv.h>
#include <stdint.h>
static void pr(const char *n, long double v){ unsigned char b[16]={0}; memcpy(b,&v,10); printf("%s %02x%02x", n, b[9], b[8]); for(int i=7;i>=0;i--) printf("%02x", b[i]); printf("\n"); }
volatile long double A=1.0L/3, B=2.0L, C=1e-4000L, D=1e4000L, E=-0.0L, F=7.0L;
int main(void){
  pr("div", A/F); pr("mul", A*A*A); pr("add", A+1e-18L); pr("sub", B-A);
  pr("sqrt", sqrtl(B)); pr("sin", sinl(F)); pr("cos", cosl(F)); pr("tan", tanl(A)); pr("atan2", atan2l(A,F));
  pr("exp2", exp2l(A)); pr("log2", log2l(F)); pr("log", logl(F)); pr("exp", expl(A)); pr("pow", powl(F, A));
  pr("tiny", C*C); pr("huge", D*D); pr("den", C/1e900L); pr("nan", D*D - D*D); pr("negz", E*F);
  pr("fmod", fmodl(D, F)); pr("rem", remainderl(1e20L, F)); pr("rint", rintl(A*1e10L)); pr("lround", (long double)llrintl(A*1e15L));
  for (int m = 0; m < 4; m++) { int modes[4]={FE_TONEAREST,FE_DOWNWARD,FE_UPWARD,FE_TOWARDZERO}; fesetround(modes[m]); pr("rdiv", A/F); pr("rsqrt", sqrtl(F)); printf("rint %lld\n", (long long)llrintl(A*7.5L)); }
  fesetround(FE_TONEAREST);
  double d = (double)(A*F); float f = (float)(A*F); printf("d %a f %a\n", d, f);
  printf("%.25Lg %.25Lg\n", A, sqrtl(B));
  return 0; }
