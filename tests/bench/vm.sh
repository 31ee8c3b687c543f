#!/bin/bash
# vm.sh MIMIC RUNSTAT - `make bench-vm`: Debian's stock kernel booting the
# test initramfs (tests/vm/init.sh: modules, an ext2 disk, `sleep 2`,
# reboot) under
#   - mimic vm (the soft CPU),
#   - qemu-system-x86_64 -accel tcg -nographic -no-reboot -m 256M,
# with the same kernel, initramfs, disk and command line, in one run of this
# script. For each: the median of BENCH_VM_RUNS runs (default 5) of the time
# from launch to the guest's marker line (kernel boot up to /init), the time
# from launch to exit, and peak memory (RUNSTAT: max RSS of the machine's
# process, from wait4's rusage, as tests/bench/runstat.c measures it); then
# mimic's own --stats counters from one more run. Writes the table to
# build/bench/vm-results.txt as well.
#
# Exit status: non-zero when a run fails (status, or no marker), after the
# table. BENCH_VM_TIMEOUT: seconds per run (default 900). BENCH_VM_QEMU=0
# leaves qemu out.
set -u
mimic=${1:?usage: vm.sh MIMIC RUNSTAT}
runstat=${2:?usage: vm.sh MIMIC RUNSTAT}
runs=${BENCH_VM_RUNS:-5}
limit=${BENCH_VM_TIMEOUT:-900}
results=${BENCH_VM_RESULTS:-build/bench/vm-results.txt}
kdir=build/deps/vm
initrd=build/vm/initramfs.gz
append="console=ttyS0 noapic nolapic acpi=off reboot=t"
PATH=$PATH:/usr/sbin:/sbin

for f in "$runstat" "$mimic" "$kdir/vmlinuz" "$initrd"; do
    [ -e "$f" ] || { echo "bench-vm: $f is missing (run make bench-vm)" >&2; exit 2; }
done
case "$runs" in ''|*[!0-9]*|0) echo "bench-vm: BENCH_VM_RUNS=$runs is not a positive count" >&2; exit 2 ;; esac
use_qemu=1
if [ "${BENCH_VM_QEMU:-1}" = 0 ] || ! command -v qemu-system-x86_64 >/dev/null 2>&1; then use_qemu=0; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimic-bench-vm.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/disk"
echo "bench-vm host file" > "$tmp/disk/hostfile.txt"

# measure NAME CMD...: one boot on a fresh disk image; appends
# "marker_s exit_s peak_kb" to $tmp/NAME, a failure to $tmp/NAME.fail.
measure() {
    local name=$1 line t0 tm st
    shift
    rm -f "$tmp/disk.img" "$tmp/fifo"
    mke2fs -q -t ext2 -d "$tmp/disk" -F "$tmp/disk.img" 16M >/dev/null || { echo "mke2fs" > "$tmp/$name.fail"; return; }
    mkfifo "$tmp/fifo"
    # The console, each line stamped with the host's clock as it arrives.
    while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done < "$tmp/fifo" > "$tmp/console" &
    local reader=$!
    t0=$EPOCHREALTIME
    line=$(timeout -k 5 "$limit" "$runstat" -o "$tmp/fifo" -- "$@" 2>"$tmp/err" </dev/null)
    st=$?
    wait "$reader"
    if [ $st != 0 ] || [ -z "$line" ]; then
        echo "runstat status $st: $(tail -n 2 "$tmp/err" | tr '\n' ' ')" > "$tmp/$name.fail"
        return
    fi
    set -- $line
    tm=$(awk '/ MIMIC-VM-MARKER/ { print $1; exit }' "$tmp/console")
    if [ "$2" != 0 ]; then
        echo "exit status $2: $(tail -n 2 "$tmp/err" | tr '\n' ' ')" > "$tmp/$name.fail"
    elif [ -z "$tm" ]; then
        echo "no marker line" > "$tmp/$name.fail"
    elif ! grep -q ' VM-DONE' "$tmp/console"; then
        echo "init did not finish (no VM-DONE)" > "$tmp/$name.fail"
    fi
    [ -n "$tm" ] || tm=nan
    awk -v a="$t0" -v m="$tm" -v s="$1" -v k="$3" 'BEGIN { printf "%s %s %s\n", (m == "nan" ? "nan" : m - a), s, k }' >> "$tmp/$name"
    cp "$tmp/err" "$tmp/$name.stderr"
}

median() {
    cut -d' ' -f"$1" "$2" | grep -v nan | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mimic_cmd=("$mimic" vm --kernel "$kdir/vmlinuz" --initrd "$initrd" --append "$append" --disk "$tmp/disk.img" --mem 256M)
qemu_cmd=(qemu-system-x86_64 -accel tcg -nographic -no-reboot -m 256M -kernel "$kdir/vmlinuz" -initrd "$initrd"
          -append "$append" -drive "file=$tmp/disk.img,format=raw,if=virtio")

echo "bench-vm: $runs boots each of $(cat "$kdir/release"); mimic's soft CPU may take minutes per boot" >&2
for ((i = 0; i < runs; i++)); do measure mimic "${mimic_cmd[@]}"; done
if [ $use_qemu = 1 ]; then
    for ((i = 0; i < runs; i++)); do measure qemu "${qemu_cmd[@]}"; done
fi
# mimic's counters: one more boot with --stats (not timed).
stats=
if [ ! -f "$tmp/mimic.fail" ]; then
    rm -f "$tmp/disk.img"
    mke2fs -q -t ext2 -d "$tmp/disk" -F "$tmp/disk.img" 16M >/dev/null
    timeout -k 5 "$limit" "${mimic_cmd[@]}" --stats </dev/null >/dev/null 2>"$tmp/stats"
    # the counters, without the lines about how the guest ended
    stats=$(grep -v -e 'triple fault at' -e 'the guest reset' -e 'powered off' "$tmp/stats" | tail -n 20)
fi

s() { awk -v s="$1" 'BEGIN { if (s == "nan") print "-"; else printf "%.2f", s }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "nan") print "-"; else printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "-"; else printf "%.1fx", a / b }'; }

failed=0
{
    echo "mimic bench-vm: $(cat "$kdir/package") booting the test initramfs, 256 MiB, median of $runs runs" \
         "($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs)"
    printf '%-28s %14s %14s %16s  %s\n' "machine" "marker (s)" "exit (s)" "peak RSS (MiB)" "status"
    for cfg in mimic qemu; do
        case $cfg in
        mimic) label="mimic vm (soft CPU)" ;;
        qemu) label="qemu-system-x86_64 tcg" ;;
        esac
        if [ ! -s "$tmp/$cfg" ] && [ ! -f "$tmp/$cfg.fail" ]; then
            printf '%-28s %14s %14s %16s  %s\n' "$label" - - - "not measured"
            continue
        fi
        m=nan t=nan k=nan
        [ -s "$tmp/$cfg" ] && { m=$(median 1 "$tmp/$cfg"); t=$(median 2 "$tmp/$cfg"); k=$(median 3 "$tmp/$cfg"); }
        eval "m_$cfg=\$m t_$cfg=\$t k_$cfg=\$k"
        st=ok
        if [ -f "$tmp/$cfg.fail" ]; then
            st="FAILED: $(cat "$tmp/$cfg.fail")"
            failed=1
            eval "m_$cfg=nan t_$cfg=nan k_$cfg=nan"    # no ratio from a failed machine
        fi
        printf '%-28s %14s %14s %16s  %s\n' "$label" "$(s "$m")" "$(s "$t")" "$(mib "$k")" "$st"
    done
    echo "ratios mimic/qemu: to marker $(ratio "${m_mimic:-nan}" "${m_qemu:-nan}")," \
         "to exit $(ratio "${t_mimic:-nan}" "${t_qemu:-nan}"), peak RSS $(ratio "${k_mimic:-nan}" "${k_qemu:-nan}")"
    echo "(exit includes the guest's own 'sleep 2'; peak RSS is the machine process's max RSS, guest RAM it touched included)"
    if [ -n "$stats" ]; then
        echo "mimic vm --stats:"
        echo "$stats" | sed 's/^/  /'
    fi
} | tee "$results.tmp"
mkdir -p "$(dirname "$results")"
mv "$results.tmp" "$results"
exit $failed
