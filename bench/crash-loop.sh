#!/bin/sh
# bench/crash-loop.sh BUILD-DIR [RUNS]
#
# Runs the crash test (tests/unit/test-crash.c: 60 SIGKILLs of a child that
# saves, then a check that every acknowledged save survived) RUNS times in a
# row (default 200), from copies of the binaries so that a rebuild meanwhile
# does not disturb it. Prints one line per run and the totals; keeps the log
# of every failed run in $TMPDIR/gk-crash-loop/log.N.
set -eu
build=$1
runs=${2:-200}
dir=${TMPDIR:-/tmp}/gk-crash-loop
rm -rf "$dir"
mkdir -p "$dir/tmp"
cp "$build/tests/unit/test-crash" "$build/tests/helpers/gk-crash-child" "$dir/"
pass=0
fail=0
for i in $(seq 1 "$runs"); do
  if TMPDIR="$dir/tmp" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
     "$dir/test-crash" --tap "$dir/gk-crash-child" > "$dir/log.$i" 2>&1; then
    pass=$((pass + 1))
    rm -f "$dir/log.$i"
  else
    fail=$((fail + 1))
    echo "run $i failed: $dir/log.$i"
  fi
done
echo "crash test: $pass passed, $fail failed of $runs runs"
[ "$fail" -eq 0 ]
