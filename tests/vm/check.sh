#!/bin/bash
# check.sh [--qemu] MIMIC HARNESS - `make check-vm` (and, with --qemu,
# `make check-vm-qemu`): every full-vm test in one go, whatever fails on the
# way, then one closing line adding up the parts:
#   the CPU test kernels on mimic's soft CPU, in the KVM harness, on mimic
#   with --accel kvm; Debian's kernel booted on mimic (soft, then kvm).
# With --qemu: the CPU test kernels and the boot under qemu-system-x86_64.
# Each part ends with "NAME: N passed, N failed[, N skipped]"; the last
# line is "check-vm: N passed, N failed, N skipped" and the exit status is
# non-zero when anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
qemu=0
[ "${1:-}" = --qemu ] && { qemu=1; shift; }
mimic=${1:-build/mimic}
harness=${2:-build/vm/kvm-harness}
elfdir=${VM_ELFDIR:-build/vm/cpu}

pass=0 fail=0 skip=0 st=0
part() {
    local log line p f s
    log=$(mktemp "${TMPDIR:-/tmp}/mimic-check-vm.XXXXXX")
    "$@" 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" = 0 ] || st=1
    line=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    rm -f "$log"
    if [ -z "$line" ]; then
        echo "check-vm: '$*' printed no summary line"
        fail=$((fail + 1))
        st=1
        return
    fi
    p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + ${s:-0}))
}

if [ $qemu = 1 ]; then
    part bash "$here/run-cpu.sh" --qemu "$elfdir"
    part bash "$here/run.sh" --qemu
else
    part bash "$here/run-cpu.sh" "$mimic" "$elfdir"
    part bash "$here/run-cpu.sh" --harness="$harness" "$elfdir"
    part bash "$here/run-cpu.sh" --accel=kvm "$mimic" "$elfdir"
    part bash "$here/run.sh" "$mimic"
    part bash "$here/run.sh" --accel=kvm "$mimic"
fi
echo "check-vm: $pass passed, $fail failed, $skip skipped"
[ $st = 0 ] && [ $fail = 0 ]
