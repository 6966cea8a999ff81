#!/bin/sh
# po/zh_CN.po translates every string of the current sources: nothing
# untranslated, fuzzy or missing from the catalog.
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"

xgettext --files-from=po/POTFILES.in --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --output="$tmp/gongkai.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }

msgmerge --quiet --no-fuzzy-matching po/zh_CN.po "$tmp/gongkai.pot" -o "$tmp/merged.po"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1)
echo "zh_CN: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) exit 1 ;;
esac
msgfmt --check -o /dev/null po/zh_CN.po
