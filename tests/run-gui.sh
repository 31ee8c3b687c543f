#!/bin/sh
# run-gui.sh - the GUI tests: each tests/guest/win/gui/NAME.c (built with
# -mwindows into EXEDIR/NAME.exe) runs under mimic on a private Xvfb while
# the helper guitest plays NAME.check against its window (pixels read back
# from X, clicks and keys through XTest, the window manager's close
# message). A test passes when the script passes, the program exits with
# the status its "exit: N" comment names, and it exits promptly (< 2 s)
# after its last window closed.
# usage: run-gui.sh MIMIC EXEDIR SRCDIR GUITEST [NAME...]
MIMIC=$(realpath "$1"); EXEDIR=$(realpath "$2"); SRCDIR=$(realpath "$3"); GUITEST=$(realpath "$4")
shift 4
if ! command -v Xvfb >/dev/null 2>&1; then
    echo "run-gui: Xvfb is not installed (tools/install-deps installs it)"; exit 1
fi
# Xvfb picks a free display itself (-displayfd), so parallel runs never collide.
dfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$dfile" >/dev/null 2>&1 &
XPID=$!
trap 'kill $XPID 2>/dev/null; rm -f "$dfile"' EXIT INT TERM
i=0
while [ ! -s "$dfile" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
n=$(head -1 "$dfile")
[ -n "$n" ] || { echo "run-gui: Xvfb did not start"; exit 1; }
export DISPLAY=:$n
OUT=$EXEDIR/out; mkdir -p "$OUT"
pass=0; fail=0
names="$*"
[ -n "$names" ] || names=$(cd "$SRCDIR" && ls *.check | sed 's/\.check$//')
for name in $names; do
    exe=$EXEDIR/$name.exe
    want=$(sed -n 's/.*exit: \([0-9][0-9]*\).*/\1/p' "$SRCDIR/$name.c" | head -1)
    [ -n "$want" ] || want=0
    work=$(mktemp -d)
    ( cd "$work" && exec timeout 20 "$MIMIC" run "$exe" >"$work/stdout" 2>"$work/stderr" ) &
    mpid=$!
    ( cd "$OUT" && "$GUITEST" "$SRCDIR/$name.check" ) >"$work/guitest" 2>&1
    grc=$?
    t0=$(date +%s%N)
    wait $mpid
    rc=$?
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ $grc -eq 0 ] && [ "$rc" = "$want" ] && [ $ms -lt 2000 ]; then
        pass=$((pass + 1)); echo "PASS gui/$name (exit $rc, ${ms} ms after the last check)"
    else
        fail=$((fail + 1)); echo "FAIL gui/$name: checks $grc, exit $rc (want $want), exit took ${ms} ms"
        sed 's/^/    /' "$work/guitest" "$work/stderr" | head -20
    fi
    rm -rf "$work"
done
echo "gui: $pass passed, $fail failed"
[ $fail -eq 0 ]
