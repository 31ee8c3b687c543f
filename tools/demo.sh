#!/bin/sh
# demo.sh MIMIC SAMPLEDIR - run the bundled sample Windows programs under mimic.
set -u
mimic=$1 dir=$2
rc=0
for exe in "$dir"/*.exe; do
    [ -e "$exe" ] || continue
    echo "\$ mimic run $(basename "$exe")"
    "$mimic" run "$exe" || { echo "(exit status $?)"; rc=1; }
    echo
done
exit $rc
