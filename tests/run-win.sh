#!/bin/sh
# run-win.sh MIMIC EXEDIR SRCDIR [NAME...] - run the Windows guest programs
# under mimic and compare with what they must print.
#
# For each SRCDIR/NAME.c or NAME.cpp (built to EXEDIR/NAME.exe):
#   SRCDIR/NAME.expected   exact stdout (bytes, CRLF included), required
#   SRCDIR/NAME.stdin      stdin (default: empty)
#   // exit: N             expected exit status (default 0), a line in the source
#   // args: A B ...       command-line arguments (sh words)
#   // stderr: TEXT        a line stderr must contain
#   // portable            the Linux build (EXEDIR/NAME.linux) must print the same, CRs aside
#   // runs: N             run it N times in the same directory and prefix (state that
#                          must survive a process, e.g. the registry); stdout is all runs'
#                          output in order, and every run must exit with the expected status
# Each runs in a fresh empty directory with a fresh C: drive (MIMIC_PREFIX),
# under a 60 s timeout.
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
exedir=$(cd "$2" && pwd)
srcdir=$(cd "$3" && pwd)
shift 3
pass=0 fail=0 failed=""
tmproot=$(mktemp -d /tmp/mimic-win.XXXXXX)
trap 'rm -rf "$tmproot"' EXIT

names="$*"
if [ -z "$names" ]; then
    for f in "$srcdir"/*.c "$srcdir"/*.cpp; do
        [ -e "$f" ] || continue
        n=$(basename "$f"); names="$names ${n%.*}"
    done
fi

for name in $names; do
    src="$srcdir/$name.c"; [ -e "$src" ] || src="$srcdir/$name.cpp"
    exe="$exedir/$name.exe"
    t="$tmproot/$name"; mkdir -p "$t/work" "$t/prefix"
    want_rc=$(sed -n 's|^// exit: *||p' "$src" | head -n1); want_rc=${want_rc:-0}
    args=$(sed -n 's|^// args: *||p' "$src" | head -n1)
    want_err=$(sed -n 's|^// stderr: *||p' "$src" | head -n1)
    runs=$(sed -n 's|^// runs: *||p' "$src" | head -n1); runs=${runs:-1}
    stdin=/dev/null; [ -e "$srcdir/$name.stdin" ] && stdin="$srcdir/$name.stdin"
    why=""
    if [ ! -e "$srcdir/$name.expected" ]; then
        why="no $name.expected"
    else
        : >"$t/out"; : >"$t/err"; run=1
        while :; do
            (cd "$t/work" && eval "set -- $args" && MIMIC_PREFIX="$t/prefix" timeout 60 "$mimic" run "$exe" "$@" \
                <"$stdin" >>"$t/out" 2>>"$t/err"); rc=$?
            [ "$rc" = "$want_rc" ] && [ "$run" -lt "$runs" ] || break
            run=$((run + 1))
        done
        if [ "$rc" != "$want_rc" ]; then
            [ "$runs" -gt 1 ] && rc="$rc (run $run of $runs)"
            why="exit status $rc, expected $want_rc"
        elif ! cmp -s "$t/out" "$srcdir/$name.expected"; then
            why="stdout differs"
        elif [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$t/err"; then
            why="stderr lacks '$want_err'"
        elif grep -q '^// portable' "$src"; then
            (cd "$t/work" && eval "set -- $args" && timeout 60 "$exedir/$name.linux" "$@" <"$stdin" >"$t/native" 2>/dev/null)
            tr -d '\r' <"$t/out" >"$t/out.lf"
            cmp -s "$t/out.lf" "$t/native" || why="Linux build prints differently"
        fi
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1)); echo "PASS win/$name"
    else
        fail=$((fail + 1)); failed="$failed $name"; echo "FAIL win/$name: $why"
        if [ -e "$t/out" ] && [ -e "$srcdir/$name.expected" ]; then
            diff "$srcdir/$name.expected" "$t/out" | head -n 20 | sed 's/^/    /'
        fi
        [ -s "$t/err" ] && head -n 10 "$t/err" | sed 's/^/    stderr: /'
    fi
done
echo "win: $pass passed, $fail failed"
[ "$fail" = 0 ]
