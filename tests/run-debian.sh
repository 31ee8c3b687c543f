#!/bin/sh
# run-debian.sh MIMIC - Debian's own dynamically linked programs under mimic,
# compared with their native runs (stdout and exit status).
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d /tmp/mimic-debian.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
printf 'pear\napple\nfig\nbanana\napple\n' >"$tmp/fruit"
pass=0 fail=0
check() {
    name=$1; shift
    (cd "$tmp" && timeout 60 "$@" <"$tmp/fruit" >"$tmp/native.out" 2>/dev/null); rn=$?
    (cd "$tmp" && timeout 300 "$mimic" run "$@" <"$tmp/fruit" >"$tmp/mimic.out" 2>"$tmp/mimic.err"); rm=$?
    if [ ! -s "$tmp/native.out" ]; then
        fail=$((fail + 1)); echo "FAIL debian/$name: the native run printed nothing (exit $rn)"
    elif [ "$rn" = "$rm" ] && cmp -s "$tmp/native.out" "$tmp/mimic.out"; then
        pass=$((pass + 1)); echo "PASS debian/$name"
    else
        fail=$((fail + 1)); echo "FAIL debian/$name (exit native $rn, mimic $rm)"
        diff "$tmp/native.out" "$tmp/mimic.out" | head -n 10 | sed 's/^/    /'
        head -n 5 "$tmp/mimic.err" | sed 's/^/    stderr: /'
    fi
}
# /proc's link count follows the number of processes: leave it out
check ls /bin/ls -la --ignore=proc /
check sort /usr/bin/sort -r
check sort-unique /usr/bin/sort -u
check python3 /usr/bin/python3 -c 'import json, hashlib, re
data = {"primes": [n for n in range(2, 200) if all(n % d for d in range(2, int(n ** 0.5) + 1))]}
s = json.dumps(data, sort_keys=True)
print(len(data["primes"]), hashlib.sha256(s.encode()).hexdigest())
print(sorted(re.findall(r"[aeiou]+", "mimic runs programs built for another cpu")))
print(sum(x * x for x in range(10 ** 5)), 2 ** 200 % 1000003, round(3.14159 ** 2.5, 10))'
check perl /usr/bin/perl -e 'my %h; $h{$_}++ for split //, "the quick brown fox jumps over the lazy dog";
printf "%s=%d ", $_, $h{$_} for sort keys %h; print "\n";
printf "%.10f %s\n", atan2(1, 1) * 4, join(",", sort { $a <=> $b } map { $_ * 7 % 23 } 1 .. 15);'
echo "debian: $pass passed, $fail failed"
[ "$fail" = 0 ]
