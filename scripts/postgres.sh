#!/usr/bin/env bash
# A throwaway PostgreSQL server for Marsad's tests.
#
#   scripts/postgres.sh          start one (or reuse the running one); print  export MARSAD_TEST_PG=...
#   scripts/postgres.sh --url    the same, printing only the URL
#   scripts/postgres.sh stop     stop it and delete its files
#
# When MARSAD_TEST_PG is already set, that server is used and nothing is started.
# Otherwise the server binaries on this machine are used (pg_ctl, initdb, postgres;
# /usr/lib/postgresql/*/bin), installed with apt-get when missing.  The cluster lives
# in $MARSAD_PG_DIR (default /tmp/marsad-pg-<uid>), listens on 127.0.0.1 on a free port
# and on a unix socket in that folder, trusts local connections (tests only!), and
# has a database "marsad_test".  PostgreSQL refuses to run as root, so under root the
# server runs as the system user "marsad-pg" (created when missing).  Logs go to
# stderr; stdout carries only the result, so  VAR=$(scripts/postgres.sh --url)  works.
set -euo pipefail

mode=${1:-start}
case "$mode" in
  start|--export) mode=start ;;
  --url|url) mode=url ;;
  stop) ;;
  *) echo "usage: $0 [start|--url|stop]" >&2; exit 2 ;;
esac

say() { echo "postgres.sh: $*" >&2; }

if [ "$mode" != stop ] && [ -n "${MARSAD_TEST_PG:-}" ]; then
  if [ "$mode" = url ]; then echo "$MARSAD_TEST_PG"; else echo "export MARSAD_TEST_PG='$MARSAD_TEST_PG'"; fi
  exit 0
fi

base=${MARSAD_PG_DIR:-/tmp/marsad-pg-$(id -u)}
data=$base/data
dbname=marsad_test
dbuser=marsad

find_bin() {
  local d
  for d in ${MARSAD_PG_BIN:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV) \
           "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")"; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  [ "$mode" = stop ] && exit 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing PostgreSQL with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin || true)
  fi
  [ -n "$bin" ] || { say "no PostgreSQL server binaries found (install postgresql)"; exit 1; }
fi

# Who runs the server: not root.
runas=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  owner=marsad-pg
  if ! id "$owner" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner" >&2 \
      || { say "cannot create user $owner"; exit 1; }
  fi
  if command -v runuser >/dev/null; then
    runas=(runuser -u "$owner" --)
  else
    runas=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups --)
  fi
fi

mkdir -p "$base"
[ "$(id -u)" = 0 ] && chown "$owner" "$base"
chmod 700 "$base"

# One run at a time (two test runs starting together share one server).
exec 9>"$base.lock"
flock -w 60 9 || { say "another postgres.sh holds $base.lock"; exit 1; }

if [ "$mode" = stop ]; then
  if [ -f "$data/postmaster.pid" ]; then
    "${runas[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
  fi
  rm -rf "$base" "$base.lock"
  say "stopped"
  exit 0
fi

tool() { if [ -x "$bin/$1" ]; then echo "$bin/$1"; else command -v "$1"; fi; }

running() {
  [ -f "$base/port" ] && "${runas[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 \
    && "$(tool pg_isready)" -q -h 127.0.0.1 -p "$(cat "$base/port")" >/dev/null 2>&1
}

if ! running; then
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    say "initdb in $data"
    "${runas[@]}" "$bin/initdb" -D "$data" -U "$dbuser" --auth=trust -E UTF8 --no-locale \
      --no-sync >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; exit 1; }
  fi
  "${runas[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  port=${MARSAD_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  say "starting $bin/postgres on 127.0.0.1:$port"
  "${runas[@]}" "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 30 \
    -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >&2 9>&- || { tail -20 "$base/server.log" >&2; exit 1; }
  echo "$port" >"$base/port"
fi
port=$(cat "$base/port")

psql=("$(tool psql)" -X -q -h 127.0.0.1 -p "$port" -U "$dbuser")
if [ -z "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]; then
  "${psql[@]}" -d postgres -c "CREATE DATABASE $dbname" >&2
fi

url="postgresql://$dbuser@127.0.0.1:$port/$dbname"
if [ "$mode" = url ]; then echo "$url"; else echo "export MARSAD_TEST_PG='$url'"; fi
