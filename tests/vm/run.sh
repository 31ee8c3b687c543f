#!/bin/bash
# run.sh [--qemu] [--accel=soft|kvm] [MIMIC] - `make check-vm`: boot Debian's
# stock kernel with the test initramfs and a small ext2 disk, and check what
# the guest reports on its serial console.
#
#   MIMIC          build/mimic (default); the machine is `MIMIC vm --kernel ...
#                  --initrd ... --append ... --disk IMG --mem 256M`
#   --qemu         the same kernel, initramfs and disk under
#                  qemu-system-x86_64 -accel tcg: proves the initramfs, the init
#                  script, the disk test and these checks against a reference
#   --accel=kvm    pass --accel kvm to mimic (skipped with "SKIP kvm: ..."
#                  where /dev/kvm cannot be opened)
#   MIMIC_VM_CMD   replaces "MIMIC vm" (e.g. "build/mimic vm --stats"); it is
#                  given the same options
#   VM_TIMEOUT     seconds before the machine is killed (default 900; qemu 180)
#   VM_MEM         guest memory in MiB (default 256)
#   VM_OUT         where the log, the disk image and the guest's files go
#                  (default build/vm/run-ENGINE)
#
# The kernel comes from tests/vm/fetch-kernel.sh (build/deps/vm), the
# initramfs from tests/vm/make-initramfs.sh (build/vm/initramfs.gz); both are
# made here when missing. Bash, not sh: every console line is stamped with
# the host's clock ($EPOCHREALTIME) as it arrives, so the guest's `date` and
# `sleep 2` are compared with host time at the moment the guest printed them.
#
# Checks (each prints "ok - NAME" or "FAIL - NAME: why"): the machine exits
# with status 0 by itself (reboot -f) before the timeout; the marker line;
# `uname -r` is the package's release; /proc/cpuinfo has the usual fields
# and the flags a 64-bit kernel needs; `free` reports 60-100% of the memory
# given; `date` within 5 s of the host; the modules load and /dev/vda
# (ext2) mounts; the host's file reads back; `sleep 2` takes 2 s by the
# guest's clock and about 2 s by the host's; /new, written by the guest,
# reads back on the host with debugfs; 1 MiB each way keeps its MD5; the
# kernel printed no oops, BUG, WARNING or panic.
# Ends with "vm-ENGINE: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
engine=mimic
accel=
mimic=build/mimic
for a in "$@"; do
    case "$a" in
        --qemu) engine=qemu ;;
        --accel=*) accel=${a#--accel=} ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $a" >&2; exit 2 ;;
        *) mimic=$a ;;
    esac
done
PATH=$PATH:/usr/sbin:/sbin
kdir=${VM_KDIR:-build/deps/vm}
initrd=${VM_INITRD:-build/vm/initramfs.gz}
mem=${VM_MEM:-256}
name=$engine${accel:+-$accel}
out=${VM_OUT:-build/vm/run-$name}
if [ "$engine" = qemu ]; then timeout_s=${VM_TIMEOUT:-180}; else timeout_s=${VM_TIMEOUT:-900}; fi
append="console=ttyS0 noapic nolapic acpi=off reboot=t"

die() { echo "check-vm: $*" >&2; exit 2; }

. "$here/kvm-avail.sh"
if [ "$accel" = kvm ] && why=$(kvm_unavailable); then
    echo "SKIP kvm: $why: the kernel boot not run under KVM"
    echo "vm-$name: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
for t in mke2fs debugfs timeout; do
    command -v $t >/dev/null 2>&1 || die "$t not found (Debian package e2fsprogs / coreutils: tools/install-deps)"
done
sh "$here/fetch-kernel.sh" "$kdir" || die "cannot fetch the kernel"
[ -f "$initrd" ] || sh "$here/make-initramfs.sh" "$kdir" "$initrd" || die "cannot make the initramfs"
rel=$(cat "$kdir/release")
kernel=$kdir/vmlinuz
if [ "$engine" = qemu ]; then
    command -v qemu-system-x86_64 >/dev/null 2>&1 || die "qemu-system-x86_64 not found (Debian package qemu-system-x86)"
elif [ -z "${MIMIC_VM_CMD:-}" ]; then
    [ -x "$mimic" ] || die "$mimic not built (make)"
fi

# The disk: an ext2 image made from a folder holding one file the host wrote.
rm -rf "$out"
mkdir -p "$out/disk"
token="mimic-vm host file $(date +%s%N) $$"
printf '%s\n' "$token" > "$out/disk/hostfile.txt"
head -c 1048576 /dev/urandom > "$out/disk/big.bin"
bigmd5=$(md5sum < "$out/disk/big.bin" | cut -d' ' -f1)
mke2fs -q -t ext2 -d "$out/disk" -F "$out/disk.img" 16M >"$out/mke2fs.log" 2>&1 ||
    die "mke2fs failed: $(cat "$out/mke2fs.log")"

if [ "$engine" = qemu ]; then
    cmd=(qemu-system-x86_64 -accel tcg -nographic -no-reboot -m "${mem}M" -kernel "$kernel" -initrd "$initrd"
         -append "$append" -drive "file=$out/disk.img,format=raw,if=virtio")
else
    if [ -n "${MIMIC_VM_CMD:-}" ]; then read -r -a cmd <<<"$MIMIC_VM_CMD"; else cmd=("$mimic" vm); fi
    cmd+=(--kernel "$kernel" --initrd "$initrd" --append "$append" --disk "$out/disk.img" --mem "${mem}M")
    [ -n "$accel" ] && cmd+=(--accel "$accel")
fi
printf '%q ' "${cmd[@]}" > "$out/command"
echo >> "$out/command"

# Each line as it arrives, with the host's time in front (stamp.log), and
# the raw console (console.log).
t_start=$EPOCHREALTIME
{ timeout -k 5 "$timeout_s" "${cmd[@]}" </dev/null 2>"$out/stderr"; echo $? > "$out/status"; } |
    while IFS= read -r line; do
        printf '%s %s\n' "$EPOCHREALTIME" "${line%$'\r'}"
    done > "$out/stamp.log"
t_end=$EPOCHREALTIME
cut -d' ' -f2- "$out/stamp.log" > "$out/console.log"
status=$(cat "$out/status" 2>/dev/null || echo missing)

pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1: $2"; fail=$((fail + 1)); }
# The value of the first line "KEY: value" (stamp dropped), and its stamp.
val() { awk -v k="$1: " 'index($0, " " k) { i = index($0, " " k); print substr($0, i + length(k) + 1); exit }' "$out/stamp.log"; }
stamp() { awk -v k="$1" 'index($0, " " k) { print $1; exit }' "$out/stamp.log"; }
flt() { awk "BEGIN { exit !($1) }"; }

secs=$(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }')
echo "# $name: ${cmd[*]}"
echo "# ran ${secs}s; console: $out/console.log; stderr: $out/stderr"

if [ "$accel" = kvm ] && [ "$status" != 0 ] && kvm_pvm_refused "$out/stderr"; then
    echo "SKIP kvm: /dev/kvm is kvm_pvm, which cannot boot a standard kernel: $(grep -m1 '^mimic vm: kvm: ' "$out/stderr")"
    echo "vm-$name: 0 passed, 0 failed, 1 skipped"
    exit 0
fi

case "$status" in
    0) ok "exit status 0 (the guest rebooted)" ;;
    124|137) bad "exit" "killed after the ${timeout_s}s timeout" ;;
    *) bad "exit" "status $status; stderr: $(tail -n 3 "$out/stderr" | tr '\n' ' ')" ;;
esac

if grep -q '^MIMIC-VM-MARKER' "$out/console.log"; then
    ok "marker line (after $(awk -v a="$t_start" -v b="$(stamp MIMIC-VM-MARKER)" 'BEGIN { printf "%.1f", b - a }')s)"
else
    bad "marker" "MIMIC-VM-MARKER never printed: the kernel did not reach /init (last lines: $(tail -n 3 "$out/console.log" | tr '\n' '|'))"
fi

grel=$(val VM-RELEASE)
guname=$(val VM-UNAME)
if [ "$grel" = "$rel" ] && case "$guname" in "Linux "*" $rel "*x86_64*) true ;; *) false ;; esac; then
    ok "uname -a names the package's release $rel"
else
    bad "uname" "expected release $rel, guest said '${grel:-nothing}' / '${guname:-nothing}'"
fi

# /proc/cpuinfo: the fields Linux prints for every x86 CPU, and the feature
# flags the 64-bit kernel requires (arch/x86/include/asm/required-features.h)
# plus tsc and syscall, which a PC CPU advertises and the kernel uses.
grep '^VM-CPUINFO: ' "$out/console.log" | sed 's/^VM-CPUINFO: //' > "$out/cpuinfo"
missing=
for f in processor vendor_id "cpu family" model "model name" flags; do
    grep -q "^$f[[:space:]]*:" "$out/cpuinfo" || missing="$missing '$f'"
done
flags=" $(sed -n 's/^flags[[:space:]]*: //p' "$out/cpuinfo" | head -n 1) "
for f in fpu tsc msr pae cx8 pge cmov fxsr sse sse2 syscall lm; do
    case "$flags" in *" $f "*) ;; *) missing="$missing flag:$f" ;; esac
done
if [ ! -s "$out/cpuinfo" ]; then
    bad "cpuinfo" "no /proc/cpuinfo lines"
elif [ -n "$missing" ]; then
    bad "cpuinfo" "missing$missing"
else
    ok "cpuinfo: $(sed -n 's/^model name[[:space:]]*: //p' "$out/cpuinfo" | head -n 1); flags have what x86-64 Linux needs"
fi

total=$(awk '$2 == "Mem:" { print $3; exit }' <(grep '^VM-FREE: ' "$out/console.log"))
if [ -n "$total" ] && flt "$total >= $mem * 1024 * 0.6 && $total <= $mem * 1024"; then
    ok "free: $total KiB of ${mem} MiB"
else
    bad "free" "total '${total:-none}' KiB is not 60-100% of ${mem} MiB"
fi

gdate=$(val VM-DATE | cut -d' ' -f1)
hdate=$(stamp VM-DATE)
if [ -n "$gdate" ] && [ -n "$hdate" ] && flt "($gdate - $hdate) <= 5 && ($hdate - $gdate) <= 5"; then
    ok "date: guest $gdate, host $(printf '%.0f' "$hdate")"
else
    bad "date" "guest '${gdate:-none}' vs host '${hdate:-none}': more than 5 s apart"
fi

fails=$(grep '^VM-FAIL: ' "$out/console.log")
if [ -z "$fails" ]; then
    ok "no VM-FAIL lines (modules loaded, /dev/vda found)"
else
    bad "guest errors" "$(echo "$fails" | sed 's/^VM-FAIL: //' | tr '\n' ';')"
    grep '^VM-DMESG: ' "$out/console.log" | sed 's/^VM-DMESG: /#   /'
fi

if [ "$(val VM-MOUNT)" = ok ] && [ "$(val VM-UMOUNT)" = ok ]; then
    ok "mount -t ext2 /dev/vda, umount"
else
    bad "mount" "VM-MOUNT '$(val VM-MOUNT)', VM-UMOUNT '$(val VM-UMOUNT)'"
fi
ghost=$(val VM-HOSTFILE)
if [ "$ghost" = "$token" ]; then
    ok "the host's file reads back in the guest"
else
    bad "host file" "guest read '${ghost:-nothing}', host wrote '$token'"
fi

gbig=$(val VM-BIGMD5)
if [ "$gbig" = "$bigmd5" ]; then
    ok "a 1 MiB host file reads back in the guest (MD5 $bigmd5)"
else
    bad "1 MiB host file" "guest's MD5 '${gbig:-none}', host's $bigmd5"
fi
ggst=$(val VM-GUESTMD5)
hgst=$(debugfs -R 'cat /guest.bin' "$out/disk.img" 2>/dev/null | md5sum | cut -d' ' -f1)
if [ -n "$ggst" ] && [ "$ggst" = "$hgst" ]; then
    ok "1 MiB the guest wrote reads back on the host (MD5 $hgst)"
else
    bad "1 MiB guest file" "guest's MD5 '${ggst:-none}', read back on the host: $hgst"
fi

u0=$(val VM-SLEEP-START) u1=$(val VM-SLEEP-END)
h0=$(stamp VM-SLEEP-START) h1=$(stamp VM-SLEEP-END)
if [ -n "$u0" ] && [ -n "$u1" ] && [ -n "$h0" ] && [ -n "$h1" ]; then
    gd=$(awk -v a="$u0" -v b="$u1" 'BEGIN { printf "%.2f", b - a }')
    hd=$(awk -v a="$h0" -v b="$h1" 'BEGIN { printf "%.2f", b - a }')
    # The guest's interval also holds a fork and exec of sleep and cat: a
    # slow CPU stretches it a little, never shortens it.
    if flt "$gd >= 1.95 && $gd <= 3.0 && $hd >= 1.8 && $hd <= 3.0"; then
        ok "sleep 2: ${gd}s by the guest's clock, ${hd}s by the host's"
    else
        bad "sleep 2" "${gd}s by the guest's clock (1.95-3.0 expected), ${hd}s by the host's (1.8-3.0 expected)"
    fi
else
    bad "sleep 2" "VM-SLEEP-START/END lines missing"
fi

# The kernel's own alarms (before /init turns console messages off).
alarms=$(grep -aE 'Oops|BUG:|WARNING:|Kernel panic|Call Trace|general protection fault|invalid opcode:' "$out/console.log" | head -n 3)
if [ -z "$alarms" ]; then
    ok "no kernel oops, BUG, WARNING or panic on the console"
else
    bad "kernel alarms" "$(echo "$alarms" | tr '\n' '|')"
fi

if grep -q '^VM-DONE' "$out/console.log"; then ok "init ran to its end"; else bad "init" "VM-DONE never printed"; fi

want="guest saw: $token on $rel"
got=$(debugfs -R 'cat /new' "$out/disk.img" 2>"$out/debugfs.log")
if [ "$got" = "$want" ]; then
    ok "/new written by the guest reads back on the host"
else
    bad "/new" "debugfs read '${got:-nothing}' ($(grep -v '^debugfs' "$out/debugfs.log" | head -n 1)), expected '$want'"
fi

if [ "$fail" -gt 0 ]; then
    echo "# last console lines:"
    tail -n 15 "$out/console.log" | sed 's/^/#   /'
    [ -s "$out/stderr" ] && { echo "# stderr:"; tail -n 10 "$out/stderr" | sed 's/^/#   /'; }
fi
echo "vm-$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
