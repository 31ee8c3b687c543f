/* setjmp/longjmp as mingw-w64 builds them on x64 (_setjmp with the frame
 * address, msvcrt's longjmp unwinding with RtlUnwind): across several
 * frames, longjmp(buf, 0) giving 1, non-volatile registers restored, a jump
 * from deep recursion, and re-using a buffer. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf jb, jb2;
static int depth;

static void deep(int n)
{
    volatile char pad[64];
    pad[0] = (char)n;
    depth++;
    if (n <= 0)
        longjmp(jb, depth);
    else
        deep(n - 1);
    printf("not reached %d\n", pad[0]);
}

static void jump_zero(void) { longjmp(jb2, 0); }

int main(void)
{
    volatile int counter = 0;
    int r = setjmp(jb);
    printf("setjmp returned %d, counter %d\n", r, counter);
    if (counter++ < 3) {
        depth = 0;
        deep(5 + counter);
    }
    r = setjmp(jb2);
    printf("second setjmp returned %d\n", r);
    if (r == 0)
        jump_zero();
    register long long keep = 0x1234567;
    __asm__ volatile("" : "+r"(keep));
    if (!setjmp(jb2)) {
        __asm__ volatile("" : "+r"(keep));
        longjmp(jb2, 7);
    }
    printf("keep %#llx\n", keep);
    return 0;
}
