#!/bin/sh
# bench/vs-pouchdb.sh [BUILD_DIR]
#
# The sync of Gongkai against what a team would otherwise pick, CouchDB's
# replication protocol as PouchDB implements it (issue 9; bench/README.md):
# pouchdb-node 9 against express-pouchdb 4.2 (LevelDB on disk, defaults),
# gongkai-server (synchronous=FULL) against gk-bench-sync (the engine of
# `gongkai-cli sync`, writing its SQLite store), side by side on the same
# generated items, on 127.0.0.1 only:
#   (a) first pull of ITEMS items into an empty client;
#   (b) one changed item pulled, one changed item pushed;
#   (c) ITEMS items pushed to an empty server;
#   (d) CLIENTS clients pushing PER items each at once (Gongkai's with
#       --push-only, as PouchDB replicates to the server only; then once
#       with whole syncs), each server on a core of its own and the
#       clients on the others;
#   (e) Gongkai only: one changed item pulled and pushed against a server
#       holding BIG items and 2,000 tokens, against (b).
# Each case runs RUNS times (median), plus once through a counting TCP proxy
# (bench/pouchdb/count-proxy.js, the same for both) for requests and bytes.
# Every process it starts is ended by its PID.
#
# BUILD_DIR is a release build (default _build/rel:
# `meson setup _build/rel -Dbuildtype=release`). The npm packages are
# installed into bench/pouchdb/node_modules (git-ignored) when missing.
# Environment: RUNS (5), ITEMS (10000), BIG (100000), CLIENTS (50), PER (100),
# KEEP=1 keeps the work folder.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../_build/rel}" && pwd)
runs=${RUNS:-5}
items=${ITEMS:-10000}
big=${BIG:-100000}
clients=${CLIENTS:-50}
per=${PER:-100}

server="$build/src/server/gongkai-server"
bench_sync="$build/bench/gk-bench-sync"
pouch="$here/pouchdb"
for f in "$server" "$bench_sync" "$build/bench/gk-bench"; do
  [ -x "$f" ] || { echo "$f is missing: ninja -C $build" >&2; exit 2; }
done
if ! grep -q '"name": "buildtype", "value": "release"' \
       "$build/meson-info/intro-buildoptions.json" 2>/dev/null; then
  echo "warning: $build is not a release build" >&2
fi
if [ ! -d "$pouch/node_modules/pouchdb-node" ] || [ ! -d "$pouch/node_modules/express-pouchdb" ]; then
  (cd "$pouch" && npm install --no-audit --no-fund --no-package-lock >&2)
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/vs-pouchdb.XXXXXX")
pids=""
cleanup ()
{
  for pid in $pids; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$work"
results="$work/results"
: > "$results"

say () { echo "[$(date +%H:%M:%S)] $*" >&2; }

# start NAME COMMAND…: runs it in the background, its stdout in NAME.out and
# stderr in NAME.err, until it prints "listening on …" (10 s at most).
# Sets $pid and $listening (the rest of that line).
start ()
{
  name=$1
  shift
  # Not the last run's line: the new process makes the file again.
  rm -f "$name.out"
  "$@" > "$name.out" 2> "$name.err" &
  pid=$!
  pids="$pids $pid"
  i=0
  until grep -q '^listening on ' "$name.out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "$name did not start:" >&2
      cat "$name.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  listening=$(sed -n 's/^listening on //p' "$name.out" | head -n 1)
}

# stop PID: SIGTERM, then waits for it.
stop ()
{
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  pids=$(echo "$pids" | tr ' ' '\n' | grep -v "^$1\$" | tr '\n' ' ')
}

# record SYSTEM CASE FIELD VALUE
record () { echo "$1 $2 $3 $4" >> "$results"; }

# push_phase LOG: from the first request's first byte to the end of the
# answer to the last push, in ms, from gongkai-server's access log (each
# line: the time the answer ended, …, the request's duration).
push_phase ()
{
  awk '$4 == "/api/v1/push" || $4 == "/api/v1/info" || $4 == "/api/v1/changes" {
         split ($1, t, "T"); split (t[2], h, ":");
         end = h[1] * 3600 + h[2] * 60 + h[3]; start = end - $7 / 1000;
         if (first == "" || start < first) first = start;
         if ($4 == "/api/v1/push" && end > last) last = end }
       END { if (last != "") printf "%.1f\n", (last - first) * 1000 }' "$1"
}

# server_ms LOG LINE: the time the server spent on the requests it logged
# after line LINE (the sum of their durations), in ms.
server_ms ()
{
  tail -n +$(($2 + 1)) "$1" | awk '$7 ~ /ms$/ { s += $7 } END { printf "%.1f\n", s }'
}

# The first number a command printed ("12.3 ms …", "wall 12.3 ms …").
ms_of () { sed -n 's/^\(wall \)\{0,1\}\([0-9.]*\) ms.*/\2/p' | head -n 1; }

# proxy_start NAME PORT: a counting proxy in front of PORT; sets
# ${NAME}_pid and ${NAME}_port. proxy_count NAME SYSTEM CASE records what
# went through it since it started or was last counted; proxy_end NAME.
proxy_start ()
{
  start "$1" node "$pouch/count-proxy.js" "$2"
  eval "${1}_pid=$pid ${1}_port=$listening"
}
proxy_count ()
{
  n=$(wc -l < "$1.out")
  kill -USR1 "$(eval echo "\$${1}_pid")"
  i=0
  while [ "$(wc -l < "$1.out")" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  # requests N up B down B connections N
  set -- "$2" "$3" $(sed -n 's/^requests //p' "$1.out" | tail -n 1)
  record "$1" "$2" requests "$3"
  record "$1" "$2" bytes $(($5 + $7))
}
proxy_end () { stop "$(eval echo "\$${1}_pid")"; }

port_of () { echo "$1" | sed 's|.*:\([0-9]*\)/.*|\1|'; }

# ---------------------------------------------------------------- the items
say "generating $items and $big items"
"$build/bench/gk-bench" generate --items "$items" -o items.json >/dev/null 2>&1
"$build/bench/gk-bench" generate --items "$big" -o big.json --seed 2 >/dev/null 2>&1

# ------------------------------------------------------- Gongkai's servers
# gk_new DIR N_TOKENS: a county with one department and N tokens (DIR.t1 …).
gk_new ()
{
  "$server" catalog add county --unit 某某县人民政府 --levels 县级,乡级 --data "$1" 2>/dev/null
  "$server" dept add mz 民政局 --catalog county --data "$1" 2>/dev/null
  : > "$1.tokens"
  t=1
  while [ $t -le "$2" ]; do
    "$server" token issue --dept mz --label "PC-$t" --data "$1" 2>/dev/null > "$1.t$t"
    cat "$1.t$t" >> "$1.tokens"
    t=$((t + 1))
  done
}
# gk_start DIR: sets $gk_pid, $gk_url, $gk_port
gk_start ()
{
  start "$1.server" "$server" serve --listen 127.0.0.1:0 --data "$1"
  gk_pid=$pid
  gk_url=$listening
  gk_port=$(port_of "$gk_url")
}

# ------------------------------------------------- (c) push to an empty server
say "(c) gongkai: $items items pushed to an empty server"
r=0
while [ $r -le "$runs" ]; do
  # Run 0 goes through the counting proxy; a new server for each run.
  rm -rf "push$r" "push$r.store"
  gk_new "push$r" 2
  gk_start "push$r"
  "$bench_sync" load --dir "push$r.store" --catalog items.json
  url=$gk_url
  if [ $r -eq 0 ]; then proxy_start gkp "$gk_port"; url="http://127.0.0.1:$gkp_port/"; fi
  out=$("$bench_sync" sync --dir "push$r.store" --server "$url" --token-file "push$r.t1")
  if [ $r -eq 0 ]; then
    proxy_count gkp gongkai push-all
    proxy_end gkp
  else
    record gongkai push-all ms "$(echo "$out" | ms_of)"
    record gongkai push-all push-phase "$(push_phase "push$r.server.err")"
  fi
  if [ $r -lt "$runs" ]; then stop "$gk_pid"; rm -rf "push$r" "push$r.store"; fi
  r=$((r + 1))
done
gk_main=$gk_url
gk_main_port=$gk_port
gk_main_dir="push$runs"
gk_main_pid=$gk_pid

say "(c) pouchdb: $items items pushed to an empty database"
start pouch node "$pouch/server.js" "$work/pouch-server"
pouch_pid=$pid
pouch_url=$listening
pouch_port=$(port_of "$pouch_url")
node "$pouch/client.js" seed --local pouch-seed --catalog items.json
proxy_start pdp "$pouch_port"
pouch_proxy="http://127.0.0.1:$pdp_port/"
r=0
while [ $r -le "$runs" ]; do
  if [ $r -eq 0 ]; then
    proxy_count pdp pouchdb idle
    node "$pouch/client.js" push --local pouch-seed --remote "${pouch_proxy}push0" >/dev/null
    proxy_count pdp pouchdb push-all
  else
    out=$(node "$pouch/client.js" push --local pouch-seed --remote "${pouch_url}push$r")
    record pouchdb push-all ms "$(echo "$out" | ms_of)"
  fi
  r=$((r + 1))
done
pouch_main="${pouch_url}push$runs"

# ---------------------------------------------------------- (a) first pull
# Run 0 of each system goes through a counting proxy that stays for (b):
# PouchDB keeps its checkpoints per URL, so the replica counted in (b) is
# the one that pulled through the proxy in (a).
say "(a) first pull of $items items"
proxy_start gkp "$gk_main_port"
gk_proxy="http://127.0.0.1:$gkp_port/"
r=0
while [ $r -le "$runs" ]; do
  rm -rf "pull$r" "pouch-pull$r"
  if [ $r -eq 0 ]; then
    "$bench_sync" sync --dir pull0 --server "$gk_proxy" --token-file "$gk_main_dir.t2" >/dev/null
    proxy_count gkp gongkai first-pull
    proxy_count pdp pouchdb idle
    node "$pouch/client.js" pull --local pouch-pull0 --remote "${pouch_proxy}push$runs" >/dev/null
    proxy_count pdp pouchdb first-pull
  else
    out=$("$bench_sync" sync --dir "pull$r" --server "$gk_main" --token-file "$gk_main_dir.t2")
    record gongkai first-pull ms "$(echo "$out" | ms_of)"
    out=$(node "$pouch/client.js" pull --local "pouch-pull$r" --remote "$pouch_main")
    record pouchdb first-pull ms "$(echo "$out" | ms_of)"
  fi
  [ $r -eq 0 ] || [ $r -eq "$runs" ] || rm -rf "pull$r" "pouch-pull$r"
  r=$((r + 1))
done

# ------------------------------------------------------- (b) one item
# gk_one_item LABEL URL PROXY-NAME SERVER-DIR CATALOG STORE COUNTED-STORE:
# another PC changes item ITEMS/10+r on the server (untimed), the synced PC
# pulls it; then the synced PC changes its item ITEMS/5+r and pushes it.
# Run 0 is counted, from COUNTED-STORE through the proxy.
gk_one_item ()
{
  label=$1 url=$2 proxy=$3 dir=$4 catalog=$5
  r=0
  while [ $r -le "$runs" ]; do
    node "$pouch/gongkai-ops.js" update --server "$url" --token-file "$dir.t1" \
      --catalog "$catalog" --index $((items / 10 + r))
    if [ $r -eq 0 ]; then
      purl="http://127.0.0.1:$(eval echo "\$${proxy}_port")/"
      proxy_count "$proxy" gongkai idle
      "$bench_sync" sync --dir "$7" --server "$purl" --token-file "$dir.t2" >/dev/null
      proxy_count "$proxy" gongkai "pull-one$label"
      "$bench_sync" sync --dir "$7" --server "$purl" --token-file "$dir.t2" \
        --edit $((items / 5 + r)) >/dev/null
      proxy_count "$proxy" gongkai "push-one$label"
    else
      mark=$(wc -l < "$dir.server.err")
      out=$("$bench_sync" sync --dir "$6" --server "$url" --token-file "$dir.t2")
      record gongkai "pull-one$label" ms "$(echo "$out" | ms_of)"
      record gongkai "pull-one$label" server-ms "$(server_ms "$dir.server.err" "$mark")"
      mark=$(wc -l < "$dir.server.err")
      out=$("$bench_sync" sync --dir "$6" --server "$url" --token-file "$dir.t2" \
              --edit $((items / 5 + r)))
      record gongkai "push-one$label" ms "$(echo "$out" | ms_of)"
      record gongkai "push-one$label" server-ms "$(server_ms "$dir.server.err" "$mark")"
    fi
    r=$((r + 1))
  done
}

say "(b) one changed item"
gk_one_item "" "$gk_main" gkp "$gk_main_dir" items.json "pull$runs" pull0
proxy_end gkp
stop "$gk_main_pid"

# PouchDB's first push from a replica has no checkpoint yet and compares
# every document it holds: once, untimed, before the runs.
node "$pouch/client.js" push --local "pouch-pull$runs" --remote "$pouch_main" >/dev/null
node "$pouch/client.js" push --local pouch-pull0 --remote "${pouch_proxy}push$runs" >/dev/null
r=0
while [ $r -le "$runs" ]; do
  node "$pouch/client.js" edit-remote --remote "$pouch_main" --index $((items / 10 + r))
  if [ $r -eq 0 ]; then
    proxy_count pdp pouchdb idle
    node "$pouch/client.js" pull --local pouch-pull0 --remote "${pouch_proxy}push$runs" \
      --proxy-pid "$pdp_pid" >/dev/null
    proxy_count pdp pouchdb pull-one
    node "$pouch/client.js" push --local pouch-pull0 --remote "${pouch_proxy}push$runs" \
      --edit $((items / 5 + r)) --proxy-pid "$pdp_pid" >/dev/null
    proxy_count pdp pouchdb push-one
  else
    out=$(node "$pouch/client.js" pull --local "pouch-pull$runs" --remote "$pouch_main")
    record pouchdb pull-one ms "$(echo "$out" | ms_of)"
    out=$(node "$pouch/client.js" push --local "pouch-pull$runs" --remote "$pouch_main" \
            --edit $((items / 5 + r)))
    record pouchdb push-one ms "$(echo "$out" | ms_of)"
  fi
  r=$((r + 1))
done

# -------------------------------------------------- (d) concurrent pushes
# Request latencies: the servers' own lines, from a request's first byte to
# the end of its answer, of every request and of the pushes alone (PUSH: a
# pattern of their lines); errors: answers 500 and above, and clients that
# failed.
latencies ()
{
  sed -n 's/.* \([0-9.]*\)ms.*/\1/p' "$1" | sort -n > lat.txt
  grep -e "$3" "$1" | sed -n 's/.* \([0-9.]*\)ms.*/\1/p' | sort -n > push-lat.txt
  n=$(wc -l < lat.txt)
  [ "$n" -gt 0 ] || return 0
  record "$2" concurrent p50 "$(sed -n "$(( (n + 1) / 2 ))p" lat.txt)"
  record "$2" concurrent p99 "$(sed -n "$(( (n * 99 + 99) / 100 ))p" lat.txt)"
  n=$(wc -l < push-lat.txt)
  if [ "$n" -gt 0 ]; then
    record "$2" concurrent push-p50 "$(sed -n "$(( (n + 1) / 2 ))p" push-lat.txt)"
    record "$2" concurrent push-p99 "$(sed -n "$(( (n * 99 + 99) / 100 ))p" push-lat.txt)"
  fi
  record "$2" concurrent http-errors "$(grep -c ' 5[0-9][0-9] [0-9]* *[0-9.]*ms' "$1" || true)"
}

# gk_many DIR: a county with CLIENTS tokens and as many PCs' stores, each
# holding PER items.
gk_many ()
{
  rm -rf "$1"*
  gk_new "$1" "$clients"
  i=0
  while [ $i -lt "$clients" ]; do
    "$bench_sync" load --dir "$1.stores/c$i" --catalog items.json \
      --first $((i * per)) --count "$per"
    i=$((i + 1))
  done
}

# In (d) each server has a core of its own and the PCs share the others:
# 50 PCs are 50 machines, and 50 client threads on the server's cores took
# most of its time slices (the kernel shares a core among runnable
# threads, not processes). The same for both; without a second core,
# nothing is pinned.
last_cpu=$(($(nproc) - 1))
if [ "$last_cpu" -ge 1 ]; then
  pin () { taskset -a -p -c "$2" "$1" >/dev/null; }
  on_clients () { taskset -c "1-$last_cpu" "$@"; }
else
  pin () { :; }
  on_clients () { "$@"; }
fi

say "(d) $clients clients pushing $per items each at once"
mkdir -p pouch-many
i=0
while [ $i -lt "$clients" ]; do
  node "$pouch/client.js" seed --local "pouch-many/c$i" --catalog items.json \
    --first $((i * per)) --count "$per"
  i=$((i + 1))
done
pin "$pouch_pid" 0
r=0
while [ $r -le "$runs" ]; do
  gk_many "many$r"
  gk_start "many$r"
  pin "$gk_pid" 0
  url=$gk_url
  if [ $r -eq 0 ]; then proxy_start gkp "$gk_port"; url="http://127.0.0.1:$gkp_port/"; fi
  out=$(on_clients "$bench_sync" concurrent --dir "many$r.stores" --clients "$clients" \
          --server "$url" --tokens "many$r.tokens" --push-only)
  if [ $r -eq 0 ]; then
    proxy_count gkp gongkai concurrent
    proxy_end gkp
  else
    record gongkai concurrent ms "$(echo "$out" | ms_of)"
    record gongkai concurrent errors "$(echo "$out" | sed -n 's/.*errors \([0-9]*\).*/\1/p')"
    record gongkai concurrent push-phase "$(push_phase "many$r.server.err")"
    cp "many$r.server.err" many-last.log
  fi
  stop "$gk_pid"
  rm -rf "many$r" "many$r".*

  lines=$(wc -l < pouch.err)
  if [ $r -eq 0 ]; then
    proxy_count pdp pouchdb idle
    on_clients node "$pouch/client.js" concurrent --local pouch-many --clients "$clients" \
      --remote "${pouch_proxy}many0" >/dev/null
    proxy_count pdp pouchdb concurrent
  else
    out=$(on_clients node "$pouch/client.js" concurrent --local pouch-many \
            --clients "$clients" --remote "${pouch_url}many$r")
    record pouchdb concurrent ms "$(echo "$out" | ms_of)"
    record pouchdb concurrent errors "$(echo "$out" | sed -n 's/.*errors \([0-9]*\).*/\1/p')"
    tail -n +$((lines + 1)) pouch.err > pouch-many-last.log
  fi
  r=$((r + 1))
done
latencies many-last.log gongkai ' /api/v1/push '
# Once more with whole syncs, as `gongkai-cli sync` runs them: each PC then
# pulls the others' items too, which PouchDB's replication to the server
# does not.
gk_many manyS
gk_start manyS
pin "$gk_pid" 0
out=$(on_clients "$bench_sync" concurrent --dir manyS.stores --clients "$clients" \
        --server "$gk_url" --tokens manyS.tokens)
record gongkai concurrent-sync ms "$(echo "$out" | ms_of)"
grep ' /api/v1/push ' manyS.server.err | sed -n 's/.* \([0-9.]*\)ms.*/\1/p' | sort -n \
  > sync-push-lat.txt
n=$(wc -l < sync-push-lat.txt)
record gongkai concurrent-sync push-p99 "$(sed -n "$(( (n * 99 + 99) / 100 ))p" sync-push-lat.txt)"
stop "$gk_pid"
rm -rf manyS manyS.*
latencies pouch-many-last.log pouchdb '^POST .*/_bulk_docs '
proxy_end pdp
stop "$pouch_pid"

# ------------------------------------------ (e) a big server, one item
say "(e) gongkai: $big items and 2,000 tokens"
gk_new big 2
# The other 1,998 tokens as `token issue` writes them (random, hashed):
# issuing them one by one would take a minute.
sqlite3 big/gongkai-server.db <<EOF
WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO token (id, hash, catalog_id, dept_id, role, label, created_at)
  SELECT 't_' || lower (hex (randomblob (6))), randomblob (32), 'county', 'mz', 'department',
         'PC-' || i, unixepoch () FROM n;
EOF
gk_start big
node "$pouch/gongkai-ops.js" create --server "$gk_url" --token-file big.t1 --catalog big.json
out=$("$bench_sync" sync --dir big.store --server "$gk_url" --token-file big.t2)
record gongkai first-pull-big ms "$(echo "$out" | ms_of)"
proxy_start gkp "$gk_port"
"$bench_sync" sync --dir big.counted --server "http://127.0.0.1:$gkp_port/" --token-file big.t2 \
  >/dev/null
gk_one_item "-big" "$gk_url" gkp big big.json big.store big.counted
proxy_end gkp
stop "$gk_pid"

# ------------------------------------------------------------- the table
median ()
{
  sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
get ()
{
  awk -v s="$1" -v c="$2" -v f="$3" '$1 == s && $2 == c && $3 == f { print $4 }' "$results" \
    | median
}
ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1f×", a / b; else print "-" }'; }
kib () { awk -v b="$1" 'BEGIN { if (b != "") printf "%.1f KiB", b / 1024; else print "-" }'; }

echo
echo "| case | PouchDB | Gongkai | PouchDB ÷ Gongkai | requests P / G | bytes P / G |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for c in first-pull pull-one push-one push-all concurrent; do
  p=$(get pouchdb $c ms)
  g=$(get gongkai $c ms)
  echo "| $c | $p ms | $g ms | $(ratio "$p" "$g") | $(get pouchdb $c requests) / $(get gongkai $c requests) | $(kib "$(get pouchdb $c bytes)") / $(kib "$(get gongkai $c bytes)") |"
done
echo
echo "Gongkai's push phase (from the first request to the answer to the last push, in the server's log; the rest of its sync is the pull that follows): push-all $(get gongkai push-all push-phase) ms, concurrent $(get gongkai concurrent push-phase) ms"
echo "concurrent: request latency p50 / p99, PouchDB $(get pouchdb concurrent p50) / $(get pouchdb concurrent p99) ms, Gongkai $(get gongkai concurrent p50) / $(get gongkai concurrent p99) ms; pushes alone (PouchDB's _bulk_docs) PouchDB $(get pouchdb concurrent push-p50) / $(get pouchdb concurrent push-p99) ms, Gongkai $(get gongkai concurrent push-p50) / $(get gongkai concurrent push-p99) ms; errors PouchDB $(get pouchdb concurrent errors) (HTTP $(get pouchdb concurrent http-errors)), Gongkai $(get gongkai concurrent errors) (HTTP $(get gongkai concurrent http-errors))"
echo "concurrent with whole syncs (push, then each PC pulls the others' items), one run: Gongkai $(get gongkai concurrent-sync ms) ms, pushes p99 $(get gongkai concurrent-sync push-p99) ms"
echo
echo "| Gongkai, one item (client / server) | $items items | $big items, 2,000 tokens | ratio |"
echo "| --- | ---: | ---: | ---: |"
for c in pull-one push-one; do
  for f in ms server-ms; do
    a=$(get gongkai $c $f)
    b=$(get gongkai $c-big $f)
    echo "| $c, $f | $a ms | $b ms | $(ratio "$b" "$a") |"
  done
done
echo "first pull of $big items: $(get gongkai first-pull-big ms) ms"
echo
echo "runs $runs (median), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cp "$results" "$here/../_build/vs-pouchdb-results.txt" 2>/dev/null || true
