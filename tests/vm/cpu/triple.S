/*
 * triple.S - faults while delivering faults. INT3 through a gate that is
 * not present raises #NP (SDM: error 3 * 8 + 2); with the gates of #NP and
 * #GP not present either, delivering that fault faults again, a
 * contributory fault during a contributory one: a double fault (#DF,
 * error 0), which its own gate catches, with the INT3's address in its
 * frame. The #DF handler then loads an empty IDT and raises INT3 again:
 * no gate for anything, a fault during the #DF: triple fault, and the
 * machine resets (the run ends with status 0). Unlike the other tests,
 * this one never returns to common.S: "== end ==" is never printed.
 */
#include "cpu.h"

    .section .rodata
    .globl test_name
test_name: .asciz "triple"

    .text
df_handler:
    movq 0(%rsp), %rbx
    PRINT "double fault: error "
    PRINTHEX %rbx
    PRINT ", from the INT3: "
    leaq int3_at(%rip), %rax
    cmpq %rax, 8(%rsp)
    YESNO
    PRINT "empty IDT, INT3 again: triple fault\n"
    jmp triple_fault

    .globl test_main
test_main:
    SET_GATE 8, df_handler, GATE_INT
    /* gates 3, 11 (#NP) and 13 (#GP) not present */
    movb $0, idt + 3 * 16 + 5(%rip)
    movb $0, idt + 11 * 16 + 5(%rip)
    movb $0, idt + 13 * 16 + 5(%rip)
    PRINT "INT3 with no gate for it, #NP or #GP\n"
int3_at:
    int3
    PRINT "no fault: INT3 returned\n"
    ret
