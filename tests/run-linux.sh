#!/bin/sh
# run-linux.sh MIMIC BINDIR - run every Linux guest test binary in BINDIR
# (built from tests/guest/linux/*.c, static and dynamic) natively and under
# mimic; stdout and the exit status must be identical.
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bindir=$2
tmp=$(mktemp -d /tmp/mimic-linux.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for bin in "$bindir"/*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    (cd "$tmp" && timeout 60 "$bin" </dev/null >"$tmp/native.out" 2>/dev/null); rn=$?
    (cd "$tmp" && timeout 120 "$mimic" run "$bin" </dev/null >"$tmp/mimic.out" 2>"$tmp/mimic.err"); rm=$?
    if [ "$rn" = "$rm" ] && cmp -s "$tmp/native.out" "$tmp/mimic.out"; then
        pass=$((pass + 1)); echo "PASS linux/$name"
    else
        fail=$((fail + 1)); echo "FAIL linux/$name (exit native $rn, mimic $rm)"
        diff "$tmp/native.out" "$tmp/mimic.out" | head -n 10 | sed 's/^/    /'
        head -n 5 "$tmp/mimic.err" | sed 's/^/    stderr: /'
    fi
done
echo "linux: $pass passed, $fail failed"
[ "$fail" = 0 ]
