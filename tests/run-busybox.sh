#!/bin/sh
# run-busybox.sh MIMIC BUSYBOX [LABEL [REFERENCE]] - every line of tests/busybox/applets.txt,
# run with BUSYBOX under mimic and with REFERENCE (default BUSYBOX) natively; stdout and exit
# status must agree. The i386 busybox is compared with the native amd64 one of the same
# Debian version: this host's kernel cannot run i386 programs itself.
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
abspath() { case "$1" in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
bb=$(abspath "$2")
label=${3:-busybox}
ref=$(abspath "${4:-$2}")
list=$(dirname "$0")/busybox/applets.txt
tmp=$(mktemp -d /tmp/mimic-bb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
setup() {
    rm -rf "$1"; mkdir -p "$1"
    printf 'alpha line one\nbeta line two\ncharlie line three\nalpha line one\ndelta line four\n' >"$1/in.txt"
    printf '10,x\n3,y\n25,z\n7,w\n' >"$1/nums.txt"
}
n=0
while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    n=$((n + 1))
    setup "$tmp/native"; setup "$tmp/mimic"
    # The applet name and its arguments, as the shell would split them.
    (cd "$tmp/native" && eval "set -- $line" && timeout 30 "$ref" "$@" </dev/null >"$tmp/native.out" 2>/dev/null); rn=$?
    (cd "$tmp/mimic" && eval "set -- $line" && timeout 60 "$mimic" run "$bb" "$@" </dev/null >"$tmp/mimic.out" 2>"$tmp/mimic.err"); rm=$?
    if [ "$rn" = "$rm" ] && cmp -s "$tmp/native.out" "$tmp/mimic.out"; then
        pass=$((pass + 1)); printf 'PASS %s/%d: %s\n' "$label" "$n" "$line"
    else
        fail=$((fail + 1)); printf 'FAIL %s/%d: %s (exit native %s, mimic %s)\n' "$label" "$n" "$line" "$rn" "$rm"
        diff "$tmp/native.out" "$tmp/mimic.out" | head -n 10 | sed 's/^/    /'
        head -n 5 "$tmp/mimic.err" | sed 's/^/    stderr: /'
    fi
done <"$list"
[ "$pass" -gt 0 ] || echo "$label: nothing passed: is $bb runnable?"
echo "$label: $pass passed, $fail failed"
[ "$fail" = 0 ]
