#!/bin/sh
# run-aarch64.sh MIMIC - the aarch64 build of mimic (make cross-aarch64) under
# qemu-aarch64-static: the Linux guests (build/tests/linux/*.static64 and
# *.static32; AARCH64_DYN=1 adds the dynamic builds, which use this machine's
# x86 libraries: an aarch64 machine would need them as a sysroot) and the
# busybox applet list (amd64 and i386 busybox), compared with the same
# references as the x86-64 runs (tests/run-linux.sh, tests/run-busybox.sh,
# which this script drives with a wrapper as MIMIC). MIMIC_EXEC_PREFIX makes
# an execve by a guest start mimic under qemu again (this kernel has no
# binfmt_misc entry for aarch64). Prints how long each part took.
# AARCH64_QUICK=1 runs only the Linux guests.
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64) || {
    echo "aarch64: no qemu-aarch64(-static): apt-get install qemu-user-static"; echo "aarch64: 0 passed, 1 failed"; exit 1; }
work=$top/build/aarch64/check
rm -rf "$work"; mkdir -p "$work/linux"
# MIMIC for the runners: mimic under qemu.
cat >"$work/mimic" <<EOS
#!/bin/sh
exec $qemu $mimic "\$@"
EOS
chmod +x "$work/mimic"
export MIMIC_EXEC_PREFIX=$qemu
# The static builds; AARCH64_DYN=1 adds the dynamic ones (twice as long).
kinds="static64 static32"
[ "${AARCH64_DYN:-}" = 1 ] && kinds="$kinds dyn64 dyn32"
# Programs whose output differs because of qemu-user 7.2 itself, not mimic:
# envargs (qemu reverses the environment it hands on), mmapx (qemu's mincore
# fails on PROT_NONE pages, which mimic uses for SEGV_ACCERR; its madvise
# accepts any advice).
qemu_differs="envargs mmapx"
# Single lines that differ because of qemu-user (test:text, '+' for a space):
# qemu 7.2 runs clone(CLONE_VM|CLONE_VFORK) as a plain fork (linux-user
# do_fork), so the exec error glibc's posix_spawn child writes into its
# parent's memory never arrives; a real aarch64 kernel shares the memory.
# qemu 7.2's target_msqid_ds has 8-byte msg_lspid/msg_lrpid (the kernel's are
# 4-byte pids): msgctl(IPC_STAT) shows msg_lrpid as 0 (sysvipc's lrpid line).
# qemu 7.2 has no mq_notify, process_vm_readv or process_madvise (ENOSYS).
export LINUX_IGNORE_LINES="spawn:spawn+missing: sysvipc:msg+IPC_SET mqueue:mq_notify mqueue:second+registration
    mqueue:notified: morecalls:process_vm_readv morecalls:++process+memory morecalls:process_madvise"
for k in $kinds; do
    for b in "$top"/build/tests/linux/*."$k"; do
        [ -x "$b" ] || continue
        n=$(basename "$b"); n=${n%.*}
        case " $qemu_differs " in *" $n "*) echo "SKIP linux/$(basename "$b"): differs under qemu-user itself"; continue ;; esac
        ln -s "$b" "$work/linux/"
    done
done
status=0
t0=$(date +%s)
sh "$top/tests/run-linux.sh" "$work/mimic" "$work/linux" | tee "$work/linux.log" | grep -v '^PASS'
grep -q ' 0 failed$' "$work/linux.log" || status=1
t1=$(date +%s)
echo "aarch64: Linux guests took $((t1 - t0)) s"
if [ "${AARCH64_QUICK:-}" != 1 ]; then
    sh "$top/tests/run-busybox.sh" "$work/mimic" /bin/busybox busybox-amd64 | tee "$work/bb64.log" | grep -v '^PASS'
    grep -q ' 0 failed$' "$work/bb64.log" || status=1
    t2=$(date +%s)
    echo "aarch64: busybox amd64 took $((t2 - t1)) s"
    sh "$top/tests/run-busybox.sh" "$work/mimic" "$top/build/deps/busybox-i386/busybox" busybox-i386 /bin/busybox |
        tee "$work/bb32.log" | grep -v '^PASS'
    grep -q ' 0 failed$' "$work/bb32.log" || status=1
    t3=$(date +%s)
    echo "aarch64: busybox i386 took $((t3 - t2)) s; total $((t3 - t0)) s"
fi
p=$(cat "$work"/*.log | grep -c '^PASS'); f=$(cat "$work"/*.log | grep -c '^FAIL')
echo "aarch64: $p passed, $f failed"
exit $status
