#!/bin/sh
# bench/deploy-nginx.sh BUILD-DIR
#
# The nginx site of docs/deploy.md in front of gongkai-server, on
# 127.0.0.1 only: what its request limit costs a county's first syncs. The
# site is taken from the page itself (its first nginx block and the
# limit_req_zone line written beside it), with the ports, the files and
# plain HTTP put in: the editors would need the test certificate in the
# system's trust store, and TLS is not what is measured. Each run is on a
# new server database: one PC pushes ITEMS generated items (its first
# sync), then two more PCs of the same address pull them at once (a
# township's first syncs). Runs through the site as written and through
# the site without its limit_req lines, interleaved; prints the times and
# the statuses nginx answered (503 or 429: a request refused by the
# limit, which the client retried).
#
# Installs nginx-light with apt-get when nginx is missing, without starting
# Debian's service. Environment: RUNS (3), ITEMS (10000).
set -eu
build=$(cd "$1" && pwd)
runs=${RUNS:-3}
items=${ITEMS:-10000}
doc=$(cd "$(dirname "$0")/.." && pwd)/docs/deploy.md
server="$build/src/server/gongkai-server"
cli="$build/src/cli/gongkai-cli"

if ! command -v nginx >/dev/null 2>&1; then
  # Debian starts a package's service on install; policy-rc.d says no.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light \
    > /dev/null
  rm -f /usr/sbin/policy-rc.d
fi

dir=$(mktemp -d)
nginx_port=18443
server_port=18088
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
# nginx's workers run as nobody and keep request bodies in files here.
chmod 755 "$dir"
mkdir -p "$dir/body" "$dir/proxy"

# site.conf LIMITED: the page's site, with (1) or without (0) its limit.
write_site () {
  python3 - "$doc" "$1" "$nginx_port" "$server_port" "$dir" > "$dir/nginx.conf" <<'PY'
import re, sys
doc, limited, nginx_port, server_port, dir = sys.argv[1:]
site = re.findall(r"```nginx\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)[0]
zone = re.search(r"#\s*(limit_req_zone .*;)", site).group(1)
site = re.sub(r"listen 443 ssl;", "listen 127.0.0.1:%s;" % nginx_port, site)
site = re.sub(r"\n\s*ssl_[a-z_]+\s.*;", "", site)
site = site.replace("127.0.0.1:8088", "127.0.0.1:" + server_port)
if limited != "1":
    site = re.sub(r"\n\s*limit_req[a-z_]*\s.*;", "", site)
print("pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n"
      "  access_log %s/access.log;\n  client_body_temp_path %s/body;\n"
      "  proxy_temp_path %s/proxy;\n  %s\n%s\n}" % (dir, dir, dir, dir, dir, zone, site))
PY
  nginx -t -q -c "$dir/nginx.conf" -p "$dir"
}

now_ms () {
  echo $(( $(date +%s%N) / 1000000 ))
}

# One run: prints "push MS, two pulls MS, statuses …". Not in a subshell,
# so that cleanup() knows the server to stop should it fail.
run () {
  rm -rf "$dir/srv" "$dir/pcs" "$dir/access.log"
  "$server" catalog add county --unit 某某县 --levels 县级,乡级 --data "$dir/srv" >/dev/null 2>&1
  "$server" dept add mz 民政局 --catalog county --data "$dir/srv" >/dev/null 2>&1
  for i in 1 2 3; do
    "$server" token issue --dept mz --data "$dir/srv" 2>/dev/null > "$dir/token$i"
  done
  "$cli" load "$dir/items.json" --data-dir "$dir/pcs/1" >/dev/null 2>&1
  "$server" serve --data "$dir/srv" --listen "127.0.0.1:$server_port" > "$dir/serve.out" \
    2> "$dir/serve.log" &
  server_pid=$!
  i=0
  while ! grep -q listening "$dir/serve.out" && [ "$i" -lt 100 ]; do
    i=$((i + 1)); sleep 0.05
  done
  nginx -c "$dir/nginx.conf" -p "$dir"
  url="http://127.0.0.1:$nginx_port/"

  start=$(now_ms)
  "$cli" sync --data-dir "$dir/pcs/1" --server "$url" --token-file "$dir/token1" >/dev/null
  push=$(( $(now_ms) - start ))
  start=$(now_ms)
  "$cli" sync --data-dir "$dir/pcs/2" --server "$url" --token-file "$dir/token2" >/dev/null &
  other=$!
  "$cli" sync --data-dir "$dir/pcs/3" --server "$url" --token-file "$dir/token3" >/dev/null
  wait "$other"
  pulls=$(( $(now_ms) - start ))

  kill "$(cat "$dir/nginx.pid")"
  while [ -f "$dir/nginx.pid" ]; do sleep 0.05; done
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=
  echo "push $push ms, two pulls $pulls ms, statuses:" \
       "$(awk '{ print $9 }' "$dir/access.log" | sort | uniq -c | tr -s ' \n' '  ')"
}

"$build/bench/gk-bench" generate --items "$items" -o "$dir/items.json" >/dev/null 2>&1
echo "nginx $(nginx -v 2>&1 | sed 's,.*/,,'), $items items, $runs runs each"
for r in $(seq 1 "$runs"); do
  write_site 1
  run > "$dir/result"
  echo "as written:    $(cat "$dir/result")"
  write_site 0
  run > "$dir/result"
  echo "without limit: $(cat "$dir/result")"
done
