#!/bin/sh
# bench/sync-soak.sh BUILD-DIR [ROUNDS] [ROUNDS-PER-RUN]
#
# The kill test of the sync suite (tests/sync/test-kill.c) at length: runs
# it again and again with a new random seed each time, ROUNDS-PER-RUN
# rounds a run (default 50), until ROUNDS rounds have run (default 1000).
# In each round `gongkai-cli sync` or gongkai-server is killed with SIGKILL
# at a random moment of a sync, and after a clean sync the test checks that
# the store opens, nothing was lost or applied twice, and the store equals
# the server. The binaries are copied first so that a rebuild meanwhile
# does not disturb it. Prints one line per run (its seed) and the totals;
# keeps the log of every failed run, with its seed, in
# $TMPDIR/gk-sync-soak/log.N; a failed run repeats with
#   GK_KILL_ROUNDS=N test-kill --tap --seed=SEED gongkai-server gongkai-cli
set -eu
build=$1
rounds=${2:-1000}
per_run=${3:-50}
dir=${TMPDIR:-/tmp}/gk-sync-soak
rm -rf "$dir"
mkdir -p "$dir/tmp"
cp "$build/tests/sync/test-kill" "$build/src/server/gongkai-server" \
   "$build/src/cli/gongkai-cli" "$dir/"
start=$(date +%s)
run=0
done_rounds=0
failed=0
while [ "$done_rounds" -lt "$rounds" ]; do
  run=$((run + 1))
  seed=R02S$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  if TMPDIR="$dir/tmp" GK_KILL_ROUNDS=$per_run \
     GONGKAI_LOCALEDIR="$build/po" GSETTINGS_BACKEND=memory MALLOC_CHECK_=2 \
     ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$dir/test-kill" --tap --seed="$seed" "$dir/gongkai-server" "$dir/gongkai-cli" \
     > "$dir/log.$run" 2>&1; then
    echo "run $run ($seed): ok, $(grep -o '[0-9]* rounds:.*' "$dir/log.$run")"
    rm -f "$dir/log.$run"
  else
    failed=$((failed + 1))
    echo "run $run ($seed): FAILED, log in $dir/log.$run"
  fi
  done_rounds=$((done_rounds + per_run))
done
echo "sync soak: $done_rounds rounds in $run runs, $failed runs failed," \
     "$(( $(date +%s) - start )) s"
[ "$failed" -eq 0 ]
