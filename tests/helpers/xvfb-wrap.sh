#!/bin/sh
# xvfb-wrap.sh COMMAND [ARG…]: runs COMMAND with DISPLAY set to an Xvfb of
# its own, ended with it, and exits with COMMAND's status.
#
# The display number comes from this script's PID, so that tests started
# together, and a test started as another ends, do not share one: an Xvfb
# that exits unlinks its socket by its path, which a new server of the same
# number has just bound ("cannot open display"). xvfb-run --auto-servernum,
# and Xvfb -displayfd alone, both took the lowest free number. A number in
# use makes the server fail at once: the next one is tried.
#
# -noreset: an X server resets when its last client leaves, and refuses
# connections meanwhile. The accessibility bus launcher opens the display,
# sets a property and closes it as the editor starts: without -noreset the
# editor now and then met the reset ("cannot open display").
set -u

tmp=$(mktemp -d)
xvfb=
trap 'if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; fi
      rm -rf "$tmp"' EXIT
n=$(($$ % 20000 + 100))
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  : > "$tmp/display"
  Xvfb ":$n" -displayfd 3 -screen 0 1440x900x24 -nolisten tcp -noreset \
    3> "$tmp/display" 2> "$tmp/log" &
  xvfb=$!
  # The number is written, with a newline, once the server accepts clients.
  i=0
  while ! grep -q '^[0-9][0-9]*$' "$tmp/display" && kill -0 "$xvfb" 2>/dev/null \
        && [ "$i" -lt 200 ]; do
    i=$((i + 1))
    sleep 0.05
  done
  if grep -q '^[0-9][0-9]*$' "$tmp/display"; then
    DISPLAY=":$n"
    export DISPLAY
    "$@"
    status=$?
    if [ "$status" -ne 0 ] && ! kill -0 "$xvfb" 2>/dev/null; then
      echo "xvfb-wrap: Xvfb :$n exited while the command ran:" >&2
      cat "$tmp/log" >&2
    fi
    exit "$status"
  fi
  kill "$xvfb" 2>/dev/null
  wait "$xvfb" 2>/dev/null
  xvfb=
  n=$((n + 1))
done
echo "xvfb-wrap: Xvfb did not start:" >&2
cat "$tmp/log" >&2
exit 1
