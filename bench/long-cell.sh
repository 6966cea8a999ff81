#!/bin/sh
# bench/long-cell.sh BUILD_DIR [CHARACTERS...]
#
# The PDF export of one item whose 公开内容 is a single paragraph of
# CHARACTERS characters (default 20000 40000 100000 300000), far taller than
# a page: `gongkai-cli export x.json --format pdf -o x.pdf`, wall and user
# time, peak memory and pages (bench/README.md). Run on an optimized build
# (`meson setup BUILD_DIR --buildtype=debugoptimized`), not a sanitized one.
set -eu

build=$(cd "${1:?usage: long-cell.sh BUILD_DIR [CHARACTERS...]}" && pwd)
shift
top=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/src/cli/gongkai-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- 20000 40000 100000 300000

echo "characters wall_s user_s peak_kib pages"
for n in "$@"; do
  # The first item of the small fixture, its content numbered sentences.
  python3 - "$top/tests/fixtures/render-small.json" "$n" "$work/long.json" <<'EOF'
import json, sys
catalog = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
text, i = "", 0
while len(text) < n:
    text += "第%d句：公开内容要素测试文字。" % i
    i += 1
item = catalog["items"][0]
item["content"] = text[:n]
catalog["items"] = [item]
json.dump(catalog, open(sys.argv[3], "w"), ensure_ascii=False)
EOF
  /usr/bin/time -f '%e %U %M' -o "$work/time" \
    "$cli" export "$work/long.json" --format pdf -o "$work/long.pdf" 2>/dev/null
  pages=$(grep -a -c '^/Type /Page$\|/Type /Page[^s]' "$work/long.pdf" || true)
  echo "$n $(cat "$work/time") $pages"
done
