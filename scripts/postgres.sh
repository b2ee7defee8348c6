#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL server for the tests: a fresh cluster in a temporary
# folder, listening on 127.0.0.1 and a Unix socket in that folder only. Source this file, then
# call pg_start (exports PG_TEST_PORT and PG_TEST_DIR) and pg_stop.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

pg_as_owner() {
  # PostgreSQL refuses to run as root; as root, run it as the postgres user.
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "$1"
  else
    bash -c "$1"
  fi
}

pg_start() {
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL binaries not found; run scripts/install-test-deps.sh" >&2
    return 1
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/broadsheet-pg.XXXXXX)
  PG_TEST_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_TEST_DIR"
  fi
  chmod 700 "$PG_TEST_DIR"
  pg_as_owner "'$PG_BIN/initdb' -D '$PG_TEST_DIR/data' -A trust -U postgres --no-sync >'$PG_TEST_DIR/initdb.log' 2>&1"
  pg_as_owner "'$PG_BIN/pg_ctl' -D '$PG_TEST_DIR/data' -l '$PG_TEST_DIR/server.log' -w -t 60 \
    -o \"-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -k '$PG_TEST_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
  export PG_TEST_DIR PG_TEST_PORT
  echo "PostgreSQL test server on 127.0.0.1:$PG_TEST_PORT"
}

pg_stop() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    pg_as_owner "'$PG_BIN/pg_ctl' -D '$PG_TEST_DIR/data' -m immediate stop >/dev/null 2>&1" || true
    rm -rf "$PG_TEST_DIR"
  fi
}
