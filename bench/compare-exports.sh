#!/bin/sh
# bench/compare-exports.sh OLD-CLI NEW-CLI [CATALOG.json …]
#
# Exports the catalogs (by default tests/fixtures/render-small.json and a
# generated 2,000-item catalog) as HTML, CSV and XLSX with two builds of
# gongkai-cli and compares them: HTML and CSV byte for byte, XLSX part by
# part but for docProps/core.xml (it holds the time of writing). For
# changes that must not change what Gongkai publishes.
set -eu
old=$1
new=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ $# -eq 0 ]; then
  bench=$(dirname "$new")/../../bench/gk-bench
  "$bench" generate --items 2000 --seed 7 -o "$tmp/generated-2000.json"
  set -- "$top/tests/fixtures/render-small.json" "$tmp/generated-2000.json"
fi

status=0
for catalog in "$@"; do
  name=$(basename "$catalog" .json)
  for format in html csv xlsx; do
    "$old" export "$catalog" -F $format --all-domains -o "$tmp/$name.old.$format" 2>/dev/null
    "$new" export "$catalog" -F $format --all-domains -o "$tmp/$name.new.$format" 2>/dev/null
    if [ $format = xlsx ]; then
      rm -rf "$tmp/o" "$tmp/n"
      mkdir "$tmp/o" "$tmp/n"
      (cd "$tmp/o" && unzip -q "../$name.old.xlsx" && rm -f docProps/core.xml)
      (cd "$tmp/n" && unzip -q "../$name.new.xlsx" && rm -f docProps/core.xml)
      diff -r "$tmp/o" "$tmp/n" >/dev/null && same=yes || same=no
    else
      cmp -s "$tmp/$name.old.$format" "$tmp/$name.new.$format" && same=yes || same=no
    fi
    if [ $same = yes ]; then
      echo "same       $name.$format ($(wc -c < "$tmp/$name.new.$format") bytes)"
    else
      echo "DIFFERENT  $name.$format"
      status=1
    fi
  done
done
exit $status
