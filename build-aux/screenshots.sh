#!/bin/sh
# build-aux/screenshots.sh [BUILDDIR]: takes the screenshots that the
# AppStream metainfo names (data/screenshots/*.png) from the real editor in
# Chinese, under Xvfb, with xdotool for the keys and clicks and ImageMagick's
# import for the pictures.
#
#   build-aux/screenshots.sh _build/test
#
# The catalog is the README's: `gongkai-cli new --unit 某某县教育局 --starter`
# loaded into a fresh store, then tests/fixtures/import/standard.xlsx
# imported through the import dialog. Needs xvfb-run, xdotool and
# imagemagick (apt-get install xvfb xdotool imagemagick) and the zh_CN.UTF-8
# locale. Look at the pictures before committing them: the waits below are
# generous, but a slow machine may need more.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/_build/test}" && pwd)
out="$top/data/screenshots"

if [ -z "${GK_SCREENSHOTS_INNER:-}" ]; then
  for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing" >&2; exit 1; }
  done
  GK_SCREENSHOTS_INNER=1 exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$build"
fi

tmp=$(mktemp -d)
app=""
cleanup ()
{
  if [ -n "$app" ]; then
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export GSETTINGS_SCHEMA_DIR="$build/data" GONGKAI_LOCALEDIR="$build/po"
export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8
export NO_AT_BRIDGE=1 GTK_A11Y=none ADW_DISABLE_PORTAL=1 GDK_BACKEND=x11
export ASAN_OPTIONS=detect_leaks=0

cli="$build/src/cli/gongkai-cli"
"$cli" new --unit 某某县教育局 --starter -o "$tmp/c.json" >/dev/null
"$cli" load "$tmp/c.json" --data-dir "$XDG_DATA_HOME/gongkai" >/dev/null
cp "$top/tests/fixtures/import/standard.xlsx" "$tmp/standard.xlsx"

# The window's size and panes, as a user would have left them.
W=1400
H=860
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"
cat > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<EOF
[io/github/gongkai/Gongkai]
window-width=$W
window-height=$H
sidebar-width=280
preview-width=660
EOF
export GSETTINGS_BACKEND=keyfile

"$build/src/editor/gongkai" >"$tmp/gongkai.log" 2>&1 &
app=$!

# The window's own area: no window manager, so it sits at 0,0.
shot ()
{
  import -window root -crop "${W}x${H}+0+0" +repage "$out/$1"
  echo "wrote data/screenshots/$1"
}

main=$(xdotool search --sync --name '^政务公开目录$' | head -1)
sleep 4
mkdir -p "$out"

# The import report: Ctrl+I, the path typed into the file chooser.
xdotool windowfocus --sync "$main"
xdotool key ctrl+i
sleep 2
xdotool type --delay 40 "$tmp/standard.xlsx"
sleep 1
xdotool key Return
dialog=$(xdotool search --sync --name '^导入$' | head -1)
sleep 2
xdotool windowsize "$dialog" 680 800
xdotool windowmove "$dialog" 360 30
sleep 1
# Down to the rows that were not imported and the notes.
xdotool mousemove 700 500
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
  xdotool click 5
done
sleep 1
shot import-report.png

# Import (Alt+I): the window selects the first item added and previews its table.
xdotool windowfocus --sync "$dialog"
xdotool key alt+i
sleep 8
xdotool mousemove 1500 950
sleep 1
shot main-window.png

# The export dialog over the window.
xdotool windowfocus --sync "$main"
xdotool key shift+ctrl+e
export_dialog=$(xdotool search --sync --name '^导出目录$' | head -1)
sleep 2
xdotool windowmove "$export_dialog" 490 261
sleep 1
shot export-dialog.png
