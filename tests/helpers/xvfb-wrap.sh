#!/bin/sh
# xvfb-wrap.sh COMMAND [ARG…]: runs COMMAND with DISPLAY set to an Xvfb of
# its own, ended with it, and exits with COMMAND's status.
#
# Xvfb picks its display number itself (-displayfd), atomically. xvfb-run
# --auto-servernum picks one by looking for lock files: two tests started
# at once could take the same number, and the second one's display went
# away with the first test ("cannot open display: :99").
set -u
tmp=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3> "$tmp/display" 2> "$tmp/log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$tmp"' EXIT
# The number is written, with a newline, once the server accepts clients.
i=0
while ! grep -q '^[0-9][0-9]*$' "$tmp/display" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 200 ] || ! kill -0 "$xvfb" 2>/dev/null; then
    echo "xvfb-wrap: Xvfb did not start:" >&2
    cat "$tmp/log" >&2
    exit 1
  fi
  sleep 0.05
done
DISPLAY=":$(cat "$tmp/display")"
export DISPLAY
"$@"
status=$?
exit "$status"
