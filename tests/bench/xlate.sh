#!/bin/sh
# xlate.sh MIMIC DIR - `make bench`, Linux side: the CPU benchmarks of
# tests/bench/xlate/*.c (hashing, sorting, floating-point matrices, a bytecode
# interpreter, string work, a system-call loop, self-modifying code, hello
# world), built static
# for -m64 and -m32 into DIR/xlate/, each run in one run of this script
#   - natively (x86-64 only: this host cannot run i386 binaries natively),
#   - under mimic (MIMIC run PROG, with MIMIC_STATS=1 for the number of guest
#     instructions retired),
#   - under Debian's qemu-x86_64 / qemu-i386 (package qemu-user).
# Times are medians of BENCH_XLATE_RUNS runs (default 3) of CPU time (user +
# system, from wait4 by DIR/xlate/cputime: the host is shared, so wall time
# is mostly the other tenants). Prints, per program: seconds, ratios to native (x86-64) or
# to qemu-i386 (i386), and mimic's guest instructions per second (millions).
# Written to build/bench/xlate.txt too.
#
# Exit status: non-zero when a program fails under mimic (status or output
# different from the native run; i386 against qemu-i386), after the table.
# BENCH_XLATE_ONLY="hash sort" runs a subset; BENCH_XLATE_SCALE multiplies work.
set -u
mimic=${1:?usage: xlate.sh MIMIC DIR}
dir=${2:?usage: xlate.sh MIMIC DIR}
runs=${BENCH_XLATE_RUNS:-3}
results=${BENCH_XLATE_RESULTS:-build/bench/xlate.txt}
src=$(dirname "$0")/xlate
out=$dir/xlate
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimic-xbench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

have_qemu=1
command -v qemu-x86_64 >/dev/null 2>&1 && command -v qemu-i386 >/dev/null 2>&1 || {
    echo "xbench: qemu-user is not installed: no qemu columns" >&2; have_qemu=0; }

# Work per program (argv[1]): about 20-60 million guest instructions, so that start-up does not dominate.
scale_of() {
    case $1 in
    hash) echo 8 ;; sort) echo 2 ;; matrix) echo 6 ;; bytecode) echo 2 ;;
    string) echo 1 ;; syscall) echo 1 ;; *) echo 1 ;;
    esac
}
progs=${BENCH_XLATE_ONLY:-"hash sort matrix bytecode string syscall smc hello"}
progs=$(echo $progs)

mkdir -p "$out"
if [ ! -x "$out/cputime" ] || [ "$src/cputime.c" -nt "$out/cputime" ]; then
    $cc -O2 -Wall -Wextra -o "$out/cputime" "$src/cputime.c" || { echo "xbench: cannot build cputime" >&2; exit 2; }
fi
for p in $progs; do
    for bits in 64 32; do
        bin=$out/$p.$bits
        if [ ! -x "$bin" ] || [ "$src/$p.c" -nt "$bin" ] || [ "$src/bench.h" -nt "$bin" ]; then
            $cc -m$bits -O2 -static -o "$bin" "$src/$p.c" || { echo "xbench: cannot build $bin" >&2; exit 2; }
        fi
    done
done

# median FILE: the median of the numbers in FILE, one a line.
median() {
    sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure TAG CMD...: runs CMD $runs times; TAG.t has the CPU times (user +
# system: this host is shared, and wall time mostly measures the other
# tenants), TAG.out the last stdout, TAG.err the last stderr, TAG.st the
# last status.
measure() {
    tag=$1; shift
    : > "$tmp/$tag.t"
    i=0
    while [ $i -lt "$runs" ]; do
        "$out/cputime" "$tmp/$tag.time" "$@" > "$tmp/$tag.out" 2> "$tmp/$tag.err"
        awk '{ print $1 }' "$tmp/$tag.time" >> "$tmp/$tag.t"
        awk '{ print $2 }' "$tmp/$tag.time" > "$tmp/$tag.st"
        i=$((i + 1))
    done
}

fail=0
report() { printf "%s\n" "$*" | tee -a "$results"; }
: > "$results"
report "xlate bench: medians of $runs runs; CPU seconds (ratio); Mi/s = mimic's million guest instructions per second"
report "x86-64: ratios to native.   i386: no native run on this host, ratios to qemu-i386."
report "$(printf '%-9s | %7s %16s %16s %8s | %16s %8s %8s' prog native mimic64 qemu64 Mi/s mimic32 qemu32 Mi/s)"
for p in $progs; do
    s=$(scale_of "$p")
    arg=$((s * ${BENCH_XLATE_SCALE:-1}))
    [ "$p" = hello ] && arg=
    measure n64 "$out/$p.64" $arg
    measure m64 env MIMIC_STATS=1 "$mimic" run "$out/$p.64" $arg
    measure m32 env MIMIC_STATS=1 "$mimic" run "$out/$p.32" $arg
    if [ $have_qemu = 1 ]; then
        measure q64 qemu-x86_64 "$out/$p.64" $arg
        measure q32 qemu-i386 "$out/$p.32" $arg
    fi
    tn=$(median "$tmp/n64.t"); tm=$(median "$tmp/m64.t"); t32=$(median "$tmp/m32.t")
    tq=nan; tq32=nan
    [ $have_qemu = 1 ] && { tq=$(median "$tmp/q64.t"); tq32=$(median "$tmp/q32.t"); }
    i64=$(sed -n 's/^mimic: insns //p' "$tmp/m64.err" | tail -1)
    i32=$(sed -n 's/^mimic: insns //p' "$tmp/m32.err" | tail -1)
    # correctness: mimic64 against native, mimic32 against qemu-i386 (else native)
    if [ "$(cat "$tmp/m64.st")" != 0 ] || ! cmp -s "$tmp/m64.out" "$tmp/n64.out"; then
        echo "xbench: $p.64 under mimic: status $(cat "$tmp/m64.st") or output differs from native" >&2; fail=1
    fi
    ref32=$tmp/n64.out
    [ $have_qemu = 1 ] && ref32=$tmp/q32.out
    if [ "$(cat "$tmp/m32.st")" != 0 ] || ! cmp -s "$tmp/m32.out" "$ref32"; then
        echo "xbench: $p.32 under mimic: status $(cat "$tmp/m32.st") or output differs from the reference" >&2; fail=1
    fi
    awk -v p="$p" -v tn="$tn" -v tm="$tm" -v tq="$tq" -v t32="$t32" -v tq32="$tq32" \
        -v i64="${i64:-0}" -v i32="${i32:-0}" 'BEGIN {
        printf "%-9s | %7.3f %7.3f (%5.1fx) %7.3f (%5.1fx) %8.1f | %7.3f (%5.2fq) %8.3f %8.1f\n",
            p, tn, tm, tm / tn, tq, (tq == "nan" ? 0 : tq / tn), (tm > 0 ? i64 / tm / 1e6 : 0),
            t32, (tq32 == "nan" || tq32 == 0 ? 0 : t32 / tq32), tq32, (t32 > 0 ? i32 / t32 / 1e6 : 0)
    }' | tee -a "$results"
done
exit $fail
