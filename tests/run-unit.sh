#!/bin/sh
# run-unit.sh BIN... - run the Criterion unit test binaries; fail if any fails.
set -u
rc=0
for b in "$@"; do
    "$b" --short-filename || rc=1
done
exit $rc
