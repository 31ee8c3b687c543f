#!/bin/sh
# gui-paint.sh MIMIC EXEDIR CHECKDIR GUITEST - part of `make bench`: how long a
# GUI program takes from launch to its first paint on the screen, and from
# its window closing to the process exit, under mimic and under wine, in one
# run on a private Xvfb. "First paint" is when guitest first reads the red
# square of tests/guest/win/gui/shapes back from X (it polls every 30-50 ms,
# so times are upper bounds with that resolution). Wine runs with its
# wineserver already started and warmed, which favours it.
# BENCH_NO_WINE=1 leaves wine out.
set -u
mimic=$(realpath "$1"); exedir=$(realpath "$2"); guitest=$(realpath "$4")
exe=$exedir/shapes.exe
command -v Xvfb >/dev/null 2>&1 || { echo "gui-paint: no Xvfb"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimic-guibench.XXXXXX") || exit 1
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$tmp/display" >/dev/null 2>&1 &
xpid=$!
export WINEPREFIX=${WINEPREFIX:-$tmp/wineprefix} WINEDEBUG=-all
cleanup() {
    command -v wineserver >/dev/null 2>&1 && wineserver -k 2>/dev/null
    kill $xpid 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
i=0
while [ ! -s "$tmp/display" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
n=$(head -1 "$tmp/display")
export DISPLAY=:$n
printf 'wait mimic shapes\npixel 35 35 ff0000\n' > "$tmp/paint.check"
printf 'wait mimic shapes\nkey q\n' > "$tmp/close.check"
now() { date +%s%N; }

# measure NAME CMD...: prints "NAME first-paint-ms exit-after-close-ms"
measure() {
    name=$1; shift
    t0=$(now)
    "$@" "$exe" >/dev/null 2>&1 &
    pid=$!
    "$guitest" "$tmp/paint.check" >/dev/null 2>&1 || { echo "$name: no paint"; kill $pid 2>/dev/null; return 1; }
    t1=$(now)
    "$guitest" "$tmp/close.check" >/dev/null 2>&1
    t2=$(now)
    wait $pid
    t3=$(now)
    printf '%-8s first paint %6d ms   exit after close %6d ms\n' "$name" $(( (t1 - t0) / 1000000 )) $(( (t3 - t2) / 1000000 ))
}

echo "GUI: launch to first paint, window close to exit (shapes.exe)"
measure mimic "$mimic" run
if [ -z "${BENCH_NO_WINE:-}" ] && command -v wine >/dev/null 2>&1; then
    wineserver -p 2>/dev/null
    wine cmd /c exit >/dev/null 2>&1    # creates and warms the prefix
    measure wine wine
fi
