#!/usr/bin/env bash
# Starts a throwaway cluster of Debian's PostgreSQL (not the embedded one), runs the test suite
# and `npm start` against it through TEST_DATABASE_URL / DATABASE_URL, and removes it again.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/jiandu-ci-pg.XXXXXX)
chmod 755 "$dir"
run_as=()
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

cleanup() {
  "${run_as[@]}" "$bin/pg_ctl" stop -D "$dir/data" -m fast >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run_as[@]}" "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bin/pg_ctl" start -w -D "$dir/data" -l "$dir/server.log" \
  -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200" >/dev/null
echo "Debian PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port"

admin="postgres://postgres@127.0.0.1:$port/postgres"
TEST_DATABASE_URL="$admin" npm test

"${run_as[@]}" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "create database jiandu" postgres

# npm start runs the whole job and then serves the site until stopped: wait for the served overview,
# check it is the site, stop the server.
site_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export JIANDU_SITE_DIR="$dir/site"
DATABASE_URL="postgres://postgres@127.0.0.1:$port/jiandu" PORT="$site_port" npm start &
start_pid=$!
for _ in $(seq 1 900); do
  if curl -fsS "http://127.0.0.1:$site_port/" -o "$dir/index.html" 2>/dev/null; then break; fi
  if ! kill -0 "$start_pid" 2>/dev/null; then echo "npm start exited before serving the site"; wait "$start_pid"; exit 1; fi
  sleep 1
done
grep -q "总览" "$dir/index.html" || { echo "npm start did not serve the site"; kill "$start_pid"; exit 1; }
curl -fsS "http://127.0.0.1:$site_port/health/FY330106" | grep -q "体检单" || { echo "health sheet not served"; kill "$start_pid"; exit 1; }
echo "npm start served the site on port $site_port"
kill -TERM "$start_pid"
wait "$start_pid" || true
