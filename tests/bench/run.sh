#!/bin/sh
# run.sh MIMIC DIR - `make bench`: hello.exe from start to exit, in one run of
# this script, under
#   - the same program built natively for Linux with gcc (DIR/hello.linux),
#   - mimic (MIMIC run DIR/hello.exe),
#   - wine with its wineserver already running (started with `wineserver -p`
#     and warmed by one run first),
#   - wine without a running wineserver (`wineserver -k` before each run).
# Medians of BENCH_RUNS runs (default 20) of wall time and peak memory: the
# max RSS of the process, and for wine the sum over all of wine's processes of
# the run including wineserver (DIR/runstat measures both). Prints a table
# with the ratios mimic/native and wine/mimic and writes it to
# build/bench/results.txt.
#
# Exit status: non-zero when a program under test fails (non-zero exit status
# or output different from the native build's), after printing the table.
# BENCH_NO_WINE=1 leaves wine out (also when wine is not installed).
set -u
mimic=${1:?usage: run.sh MIMIC DIR}
dir=${2:?usage: run.sh MIMIC DIR}
runs=${BENCH_RUNS:-20}
results=${BENCH_RESULTS:-build/bench/results.txt}
runstat=$dir/runstat
exe=$dir/hello.exe
native=$dir/hello.linux
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimic-bench.XXXXXX") || exit 1
ws_pid=
cleanup() {
    if [ -n "$ws_pid" ]; then
        WINEPREFIX=$WINEPREFIX wineserver -k 2>/dev/null
        wait "$ws_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for f in "$runstat" "$exe" "$native"; do
    [ -x "$f" ] || [ -f "$f" ] || { echo "bench: $f is missing (run make bench)" >&2; exit 2; }
done
case "$runs" in ''|*[!0-9]*|0) echo "bench: BENCH_RUNS=$runs is not a positive count" >&2; exit 2 ;; esac

export WINEDEBUG=-all
export WINEPREFIX=${BENCH_WINEPREFIX:-/tmp/mimic-bench-wine-$(id -u)}
use_wine=1
if [ "${BENCH_NO_WINE:-0}" = 1 ] || ! command -v wine >/dev/null 2>&1 || ! command -v wineserver >/dev/null 2>&1; then
    use_wine=0
fi

failed=0
# The native build's output is the reference; text-mode CRs are dropped.
"$native" > "$tmp/expected" 2>/dev/null || { echo "bench: the native build itself fails" >&2; failed=1; }

# measure NAME RUNSTAT_OPTIONS... -- CMD...: one run; appends "secs kb" to $tmp/NAME
# and records a failure (status or output) in $tmp/NAME.fail.
measure() {
    name=$1
    shift
    set -- "$runstat" -o "$tmp/out" "$@"
    line=$("$@" 2>"$tmp/err") || { echo "bench: runstat failed: $(cat "$tmp/err")" >&2; echo "runstat" >"$tmp/$name.fail"; return; }
    set -- $line
    echo "$1 $3" >>"$tmp/$name"
    if [ "$2" != 0 ]; then
        echo "exit status $2: $(head -c 200 "$tmp/err" | tr '\n' ' ')" >"$tmp/$name.fail"
    elif ! tr -d '\r' <"$tmp/out" | cmp -s - "$tmp/expected"; then
        echo "output differs from the native build's" >"$tmp/$name.fail"
    fi
}

# median COLUMN FILE: the median of one column (1 = seconds, 2 = KiB)
median() {
    cut -d' ' -f"$1" "$2" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "bench: $runs runs each of $(basename "$exe"); wine without a running wineserver takes seconds per run" >&2
i=0
while [ $i -lt "$runs" ]; do measure native -- "$native"; i=$((i + 1)); done
i=0
while [ $i -lt "$runs" ]; do measure mimic -- "$mimic" run "$exe"; i=$((i + 1)); done

if [ $use_wine = 1 ]; then
    # A prefix is created on first use (slow, once); later runs reuse it.
    wineserver -k 2>/dev/null
    wineserver -w 2>/dev/null
    wine "$exe" >/dev/null 2>&1
    wineserver -w 2>/dev/null
    # With the server running: our own persistent server, warmed by one run.
    wineserver -f -p 2>/dev/null &
    ws_pid=$!
    sleep 0.2
    wine "$exe" >/dev/null 2>&1
    i=0
    while [ $i -lt "$runs" ]; do measure wine_warm -s "$ws_pid" -- wine "$exe"; i=$((i + 1)); done
    wineserver -k 2>/dev/null
    wait "$ws_pid" 2>/dev/null
    ws_pid=
    # Without: every run starts its own wineserver (and Wine's services).
    i=0
    while [ $i -lt "$runs" ]; do
        wineserver -k 2>/dev/null
        wineserver -w 2>/dev/null
        measure wine_cold -- wine "$exe"
        i=$((i + 1))
    done
    wineserver -k 2>/dev/null
    wineserver -w 2>/dev/null
fi

ms() { awk -v s="$1" 'BEGIN { if (s == "nan") print "-"; else printf "%.2f", s * 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "nan") print "-"; else printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

{
    echo "mimic bench: $(basename "$exe") start to exit, median of $runs runs each ($(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs)"
    printf '%-40s %12s %16s  %s\n' "program" "time (ms)" "peak RSS (MiB)" "status"
    for cfg in native mimic wine_warm wine_cold; do
        case $cfg in
        native) label="native Linux build (gcc -O2)" ;;
        mimic) label="mimic run" ;;
        wine_warm) label="wine, wineserver already running" ;;
        wine_cold) label="wine, no wineserver running" ;;
        esac
        if [ ! -s "$tmp/$cfg" ]; then
            printf '%-40s %12s %16s  %s\n' "$label" - - "not measured"
            continue
        fi
        t=$(median 1 "$tmp/$cfg")
        k=$(median 2 "$tmp/$cfg")
        eval "t_$cfg=\$t"
        st=ok
        [ -f "$tmp/$cfg.fail" ] && st="FAILED: $(cat "$tmp/$cfg.fail")"
        printf '%-40s %12s %16s  %s\n' "$label" "$(ms "$t")" "$(mib "$k")" "$st"
    done
    echo "ratios (time): mimic/native $(ratio "${t_mimic:-nan}" "${t_native:-nan}")," \
        "wine(server running)/mimic $(ratio "${t_wine_warm:-nan}" "${t_mimic:-nan}")," \
        "wine(no server)/mimic $(ratio "${t_wine_cold:-nan}" "${t_mimic:-nan}")"
    echo "peak RSS: the process's max RSS; for wine the sum over the processes of the run including wineserver"
    echo "(with the server running, the Wine services that the warm-up run started are not counted)"
} >"$tmp/table"
mkdir -p "$(dirname "$results")"
cp "$tmp/table" "$results"
cat "$tmp/table"

for cfg in native mimic wine_warm wine_cold; do
    [ -f "$tmp/$cfg.fail" ] && failed=1
done
if [ $failed != 0 ]; then
    echo "bench: a program under test failed (see the status column)" >&2
    exit 1
fi
exit 0
