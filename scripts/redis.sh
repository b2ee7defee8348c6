#!/usr/bin/env bash
# Starts and stops a throwaway Redis server for the tests: Debian's redis-server on 127.0.0.1 and a free port,
# with a temporary folder and no persistence. Source this file, then call redis_start (exports REDIS_TEST_PORT
# and REDIS_TEST_DIR) and redis_stop.

redis_start() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server not found; run scripts/install-test-deps.sh" >&2
    return 1
  fi
  REDIS_TEST_DIR=$(mktemp -d /tmp/broadsheet-redis.XXXXXX)
  REDIS_TEST_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  redis-server --port "$REDIS_TEST_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDIS_TEST_DIR" \
    --daemonize yes --pidfile "$REDIS_TEST_DIR/redis.pid" --logfile "$REDIS_TEST_DIR/redis.log" >/dev/null
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_TEST_PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  export REDIS_TEST_DIR REDIS_TEST_PORT
  echo "Redis test server on 127.0.0.1:$REDIS_TEST_PORT"
}

redis_stop() {
  if [ -n "${REDIS_TEST_DIR:-}" ] && [ -f "$REDIS_TEST_DIR/redis.pid" ]; then
    local pid
    pid=$(cat "$REDIS_TEST_DIR/redis.pid")
    kill "$pid" 2>/dev/null || true
    # Redis writes its last log line as it exits: removed before that, the folder is left behind, not empty.
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    rm -rf "$REDIS_TEST_DIR"
  fi
}
