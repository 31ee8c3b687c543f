#!/bin/sh
# run-linux.sh MIMIC BINDIR - run every Linux guest test binary in BINDIR
# (built from tests/guest/linux/*.c, static and dynamic) natively and under
# mimic; stdout and the exit status must be identical. The reference for
# i386 builds is the x86-64 build (see below).
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bindir=$(cd "$2" && pwd)
srcdir=$(cd "$(dirname "$0")/guest/linux" && pwd)
tmp=$(mktemp -d /tmp/mimic-linux.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for bin in "$bindir"/*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    ref="$bin"
    case "$name" in
    # i386 builds: these hosts' kernels lack IA32 emulation ("Exec format
    # error"). The reference is Debian's qemu-i386 (x87 excess precision and
    # all), or, for sources marked "// i386 reference: x86-64" (things qemu-user
    # cannot do, like exec'ing /proc/self/exe), the native x86-64 build.
    *32)
        src="$srcdir/${name%.*}.c"
        if grep -q '^// i386 reference: x86-64' "$src" 2>/dev/null || ! command -v qemu-i386 >/dev/null; then
            ref="$bindir/${name%32}64"
        else
            ref="qemu-i386 $bin"
        fi ;;
    esac
    (cd "$tmp" && timeout 60 $ref </dev/null >"$tmp/native.out" 2>/dev/null); rn=$?
    (cd "$tmp" && timeout 120 "$mimic" run "$bin" </dev/null >"$tmp/mimic.out" 2>"$tmp/mimic.err"); rm=$?
    # LINUX_IGNORE_LINES="test:text ...": lines starting with text ("+" for a space) are left out
    # of both outputs of that test (tests/run-aarch64.sh: what qemu-user changes).
    for ig in ${LINUX_IGNORE_LINES:-}; do
        [ "${ig%%:*}" = "${name%.*}" ] || continue
        for f in native mimic; do
            grep -v "^$(echo "${ig#*:}" | tr '+' ' ')" "$tmp/$f.out" >"$tmp/$f.tmp"; mv "$tmp/$f.tmp" "$tmp/$f.out"
        done
    done
    if [ "$rn" = 126 ] || [ "$rn" = 127 ] || [ ! -s "$tmp/native.out" ]; then
        # The reference did not run: a comparison would prove nothing.
        fail=$((fail + 1)); echo "FAIL linux/$name: the native run failed (exit $rn) or printed nothing"
    elif [ "$rn" = "$rm" ] && cmp -s "$tmp/native.out" "$tmp/mimic.out"; then
        pass=$((pass + 1)); echo "PASS linux/$name"
    else
        fail=$((fail + 1)); echo "FAIL linux/$name (exit native $rn, mimic $rm)"
        diff "$tmp/native.out" "$tmp/mimic.out" | head -n 10 | sed 's/^/    /'
        head -n 5 "$tmp/mimic.err" | sed 's/^/    stderr: /'
    fi
done
echo "linux: $pass passed, $fail failed"
[ "$fail" = 0 ]
