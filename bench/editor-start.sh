#!/bin/sh
# bench/editor-start.sh BUILD_DIR [RUNS]
#
# Start-up time (process start to the first frame drawn with the catalog in
# the tree) and resident memory of the editor with 0 and 10,000 items, beside
# gk-bench-hello, an empty libadwaita window: the same machine, the same
# Xvfb server, runs interleaved, medians printed. See bench/README.md.
set -eu

build=$(cd "${1:?usage: editor-start.sh BUILD_DIR [RUNS]}" && pwd)
runs=${2:-7}
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT

"$build/bench/gk-bench" generate --items 10000 -o "$work/10k.json" >/dev/null 2>&1
"$build/src/cli/gongkai-cli" new --unit 明水县教育局 -o "$work/empty.json" >/dev/null 2>&1
for n in empty 10k; do
  "$build/src/cli/gongkai-cli" load "$work/$n.json" \
    --data-dir "$work/$n/gongkai" >/dev/null 2>&1
done

display=:$((90 + $$ % 100))
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1

export DISPLAY="$display" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR="$build/data" GONGKAI_BENCH_FIRST_FRAME=1

measure ()
{
  # $1 label, $2 renderer, then the command
  label=$1 renderer=$2
  shift 2
  # "default": what a user gets, GTK's choice and the editor's
  # (gk-renderer-choice.c), without GSK_RENDERER.
  if [ "$renderer" = default ]; then
    set -- env -u GSK_RENDERER "$@"
  else
    set -- env GSK_RENDERER="$renderer" "$@"
  fi
  "$@" 2>/dev/null |
    sed -n "s/^first-frame-ms \([0-9.]*\) rss-kib \([0-9]*\).*/$label $renderer \1 \2/p" \
    >> "$work/results"
}

for renderer in default gl cairo; do
  i=0
  while [ $i -lt "$runs" ]; do
    measure hello "$renderer" "$build/bench/gk-bench-hello"
    XDG_DATA_HOME="$work/empty" measure editor-0 "$renderer" "$build/src/editor/gongkai"
    XDG_DATA_HOME="$work/10k" measure editor-10k "$renderer" "$build/src/editor/gongkai"
    i=$((i + 1))
  done
done

echo "runs: $runs per row, medians; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| program | renderer | first frame | resident memory |\n| --- | --- | ---: | ---: |\n'
median ()
{
  sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

for renderer in default gl cairo; do
  for label in hello editor-0 editor-10k; do
    rows=$(awk -v l="$label" -v r="$renderer" '$1 == l && $2 == r' "$work/results")
    ms=$(echo "$rows" | awk 'NF { print $3 }' | median)
    kib=$(echo "$rows" | awk 'NF { print $4 }' | median)
    if [ -z "$ms" ]; then
      echo "| $label | $renderer | failed | failed |"
    else
      awk -v l="$label" -v r="$renderer" -v ms="$ms" -v kib="$kib" \
        'BEGIN { printf "| %s | %s | %.0f ms | %.1f MiB |\n", l, r, ms, kib / 1024 }'
    fi
  done
done
