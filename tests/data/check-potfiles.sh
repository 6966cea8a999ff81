#!/bin/sh
# Every file with translatable strings is listed in po/POTFILES.in, and
# every listed file exists.
set -eu
top=$1
cd "$top"

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT

grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort -u > "$listed"
{
  grep -lE '\b(N?_|C_|NC_|g_dngettext|ngettext)\s*\(' -r src --include='*.c' || true
  grep -l 'translatable="yes"' -r data/ui data/gtk --include='*.ui' 2>/dev/null || true
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml.in
} | sort -u > "$found"

status=0
for f in $(cat "$listed"); do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; status=1; }
done
missing=$(comm -13 "$listed" "$found")
if [ -n "$missing" ]; then
  echo "files with translatable strings missing from po/POTFILES.in:"
  echo "$missing"
  status=1
fi
[ $status -eq 0 ] && echo "po/POTFILES.in lists all $(wc -l < "$found") files"
exit $status
