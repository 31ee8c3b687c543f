/* bytecode.c - a small stack-machine interpreter (switch dispatch, an
 * indirect jump per opcode) running a loop that sums and mixes numbers. */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, JNZ, DUP, DROP, HALT };

static long run(const int *code, long *vars)
{
    long stack[64];
    int sp = 0, pc = 0;
    for (;;) {
        int op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] = (long)((unsigned long)stack[sp - 1] >> stack[sp]); break;
        case JNZ: { int t = code[pc++]; if (stack[--sp]) pc = t; break; }
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        default: return vars[1];
        }
    }
}

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    /* vars: 0 = counter, 1 = acc */
    static const int prog[] = {
        /* 0 */ LOAD, 1, LOAD, 0, ADD, PUSH, 31, MUL, LOAD, 1, PUSH, 7, SHR, XOR, STORE, 1,
        /* 16 */ LOAD, 0, PUSH, 1, SUB, DUP, STORE, 0, JNZ, 0, HALT,
    };
    long vars[2] = {0, 1}, total = 0;
    for (int rep = 0; rep < scale; rep++) {
        vars[0] = 100000;
        vars[1] = rep;
        total ^= run(prog, vars);
    }
    printf("bytecode %ld\n", total);
    return 0;
}
