#!/bin/bash
# run-cpu.sh [--qemu] [--accel=soft|kvm] [MIMIC] ELFDIR - the CPU
# system-mode tests (tests/vm/cpu/NAME.S, built into ELFDIR/NAME.elf by the
# Makefile): each tiny kernel runs in a machine of its own and what it
# prints on the serial port, from its "== cpu test: NAME ==" line on, must
# be tests/vm/cpu/NAME.expected exactly, and the machine must end by itself
# (i8042 reset or triple fault) with status 0.
#   default        MIMIC vm --kernel NAME.elf --mem 64M (MIMIC: build/mimic)
#   --accel=kvm    the same with --accel kvm; "SKIP kvm: ..." when /dev/kvm
#                  cannot be opened
#   --qemu         qemu-system-x86_64 -accel tcg -cpu qemu64,+pdpe1gb (mimic
#                  advertises 1 GiB pages) -kernel NAME.elf (through
#                  the PVH note): the reference the expected files agree with,
#                  except for tests whose source says "qemu-differs: WHY"
#                  (skipped there, saying why)
#   --harness=H    H NAME.elf: tests/vm/kvm_harness.c, the KVM accelerator
#                  in a machine with a UART and a reset line only; tests
#                  whose source says "needs: pit" are skipped there, and all
#                  are ("SKIP kvm: ...") when it exits with 77
# CPU_TIMEOUT: seconds per test (default 60). Ends with
# "vm-cpu-ENGINE: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
engine=mimic accel= mimic=build/mimic elfdir= harness=
args=()
for a in "$@"; do
    case "$a" in
        --qemu) engine=qemu ;;
        --accel=*) accel=${a#--accel=} ;;
        --harness=*) harness=${a#--harness=}; engine=harness ;;
        -*) echo "run-cpu.sh: unknown option $a" >&2; exit 2 ;;
        *) args+=("$a") ;;
    esac
done
case ${#args[@]} in
    1) elfdir=${args[0]} ;;
    2) mimic=${args[0]} elfdir=${args[1]} ;;
    *) echo "usage: run-cpu.sh [--qemu] [--accel=soft|kvm] [MIMIC] ELFDIR" >&2; exit 2 ;;
esac
name=$engine${accel:+-$accel}
timeout_s=${CPU_TIMEOUT:-60}
out=$elfdir/out-$name
mkdir -p "$out"

. "$here/kvm-avail.sh"
if [ "$accel" = kvm ] && why=$(kvm_unavailable); then
    # What can be tested without KVM: that mimic says why, naming /dev/kvm,
    # and stops with status 1 instead of falling back or crashing.
    first=$(ls "$elfdir"/*.elf 2>/dev/null | head -n 1)
    if [ -x "$mimic" ] && [ -n "$first" ]; then
        "$mimic" vm --accel kvm --kernel "$first" --mem 64M </dev/null >/dev/null 2>"$out/nokvm.stderr"
        st=$?
        msg=$(grep -m1 '^mimic vm: kvm: /dev/kvm' "$out/nokvm.stderr")
        if [ "$st" = 1 ] && [ -n "$msg" ]; then
            echo "ok - without a usable /dev/kvm, mimic vm --accel kvm stops with status 1: $msg"
            echo "SKIP kvm: $why: the CPU tests not run under KVM"
            echo "vm-cpu-$name: 1 passed, 0 failed, 1 skipped"
            exit 0
        fi
        echo "FAIL - without a usable /dev/kvm, mimic vm --accel kvm: status $st, stderr: $(head -n 2 "$out/nokvm.stderr" | tr '\n' ' ')"
        echo "vm-cpu-$name: 0 passed, 1 failed, 1 skipped"
        exit 1
    fi
    echo "SKIP kvm: $why: the CPU tests not run under KVM"
    echo "vm-cpu-$name: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
if [ "$engine" = harness ]; then
    [ -x "$harness" ] || { echo "run-cpu.sh: $harness not built" >&2; exit 2; }
elif [ "$engine" = qemu ]; then
    command -v qemu-system-x86_64 >/dev/null 2>&1 || { echo "run-cpu.sh: qemu-system-x86_64 not found (Debian package qemu-system-x86)" >&2; exit 2; }
else
    [ -x "$mimic" ] || { echo "run-cpu.sh: $mimic not built" >&2; exit 2; }
fi

pass=0 fail=0 skip=0
for exp in "$here"/cpu/*.expected; do
    t=$(basename "$exp" .expected)
    elf=$elfdir/$t.elf
    if [ ! -f "$elf" ]; then
        echo "FAIL - cpu/$t: $elf not built"; fail=$((fail + 1)); continue
    fi
    if [ "$engine" = harness ]; then
        if grep -q 'needs: pit' "$here/cpu/$t.S"; then
            echo "SKIP kvm: cpu/$t needs the PIT, which the harness lacks (runs in mimic vm --accel kvm)"
            skip=$((skip + 1))
            continue
        fi
        cmd=("$harness" "$elf")
    elif [ "$engine" = qemu ]; then
        # A test whose source names where qemu departs from the hardware
        # ("qemu-differs: ...") has no reference there.
        if differs=$(sed -n 's/^ \* qemu-differs: //p' "$here/cpu/$t.S") && [ -n "$differs" ]; then
            echo "SKIP qemu: cpu/$t: $differs"
            skip=$((skip + 1))
            continue
        fi
        cmd=(qemu-system-x86_64 -accel tcg -cpu qemu64,+pdpe1gb -nographic -no-reboot -nic none -m 64M -kernel "$elf")
    else
        cmd=("$mimic" vm --kernel "$elf" --mem 64M)
        [ -n "$accel" ] && cmd+=(--accel "$accel")
    fi
    timeout -k 5 "$timeout_s" "${cmd[@]}" </dev/null >"$out/$t.raw" 2>"$out/$t.stderr"
    st=$?
    if [ "$accel" = kvm ] && [ "$st" != 0 ] && kvm_pvm_refused "$out/$t.stderr"; then
        echo "SKIP kvm: /dev/kvm is kvm_pvm, which cannot run cpu/$t: $(grep -m1 '^mimic vm: kvm: ' "$out/$t.stderr")"
        skip=$((skip + 1))
        continue
    fi
    if [ "$engine" = harness ] && [ "$st" = 77 ]; then
        grep '^SKIP' "$out/$t.raw"
        tail -n 3 "$out/$t.stderr" | sed 's/^/#   /'
        echo "vm-cpu-$name: 0 passed, 0 failed, 1 skipped"
        exit 0
    fi
    # SeaBIOS writes to the screen, not the serial port, but the "Booting
    # from ROM.." line may share the console's first line with ours.
    tr -d '\r' < "$out/$t.raw" | sed -n 's/.*\(== cpu test: \)/\1/; /^== cpu test: /,$p' > "$out/$t.out"
    if [ "$st" = 124 ] || [ "$st" = 137 ]; then
        why="killed after ${timeout_s}s"
    elif [ "$st" != 0 ]; then
        why="exit status $st"
    elif ! cmp -s "$out/$t.out" "$exp"; then
        why="output differs"
    else
        echo "ok - cpu/$t ($name)"
        pass=$((pass + 1))
        continue
    fi
    echo "FAIL - cpu/$t ($name): $why"
    diff -u "$exp" "$out/$t.out" | sed -n '3,40p' | sed 's/^/#   /'
    [ -s "$out/$t.stderr" ] && tail -n 5 "$out/$t.stderr" | sed 's/^/#   stderr: /'
    fail=$((fail + 1))
done
echo "vm-cpu-$name: $pass passed, $fail failed$([ $skip -gt 0 ] && echo ", $skip skipped")"
[ "$fail" -eq 0 ]
