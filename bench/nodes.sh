#!/usr/bin/env bash
# Several nodes: a warm (cached) and an uncached article page on one node against two nodes behind nginx, and
# SQLite against PostgreSQL, with the server CPU per request (utime+stime of every app process over the run,
# divided by the requests it answered). The cost of sharing is the CPU of a Redis cache hit against an
# in-process hit. Every target runs at once and the rounds alternate, so all figures come from the same minutes.
# Usage: bench/nodes.sh
# Knobs (env): BENCH_DURATION=8s BENCH_CONNECTIONS=16 BENCH_ROUNDS=2 BENCH_WARMUP=3s
#              BENCH_NO_BUILD=1 (reuse the Release build)  BENCH_KEEP_TMP=1 (keep logs)
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
ROUNDS="${BENCH_ROUNDS:-2}"
WARMUP="${BENCH_WARMUP:-3s}"

apt_ensure wrk wrk
apt_ensure curl curl
apt_ensure /usr/sbin/nginx nginx
apt_ensure redis-server redis-server
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
if [ -z "${BENCH_NO_BUILD:-}" ]; then build_app; fi
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"

# ---- PostgreSQL and Redis, throwaway ---------------------------------------------------------
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=scripts/redis.sh
source scripts/redis.sh
pg_start >&2
redis_start >&2
trap 'redis_stop; pg_stop; bench_cleanup' EXIT
pg_as_owner "'$PG_BIN/createdb' -h 127.0.0.1 -p $PG_TEST_PORT -U postgres broadsheet_bench"
CS="Host=127.0.0.1;Port=$PG_TEST_PORT;Username=postgres;Database=broadsheet_bench;Maximum Pool Size=50"
KEK="$(head -c 32 /dev/urandom | base64)"
PG=(--Broadsheet:Database:Provider PostgreSQL --ConnectionStrings:Broadsheet "$CS")
REDIS=(--ConnectionStrings:Redis "127.0.0.1:$REDIS_TEST_PORT" --Broadsheet:Redis:Prefix "bench:" --Broadsheet:DataProtection:KeyEncryptionKey "$KEK")
NOCACHE=(--Broadsheet:OutputCache:Enabled false)

# ---- the targets: name -> URL and the app PIDs that serve it ---------------------------------
declare -A URL=() PIDS=()
serve() { # serve NAME [app args...]: one node of its own
  local name="$1"; shift
  start_app "$name" "$@"
  URL[$name]="$APP_URL"; PIDS[$name]="$APP_PID"
}
serve sqlite-warm
serve sqlite-uncached "${NOCACHE[@]}"
# The first PostgreSQL node migrates and seeds; the others start on the seeded database.
serve pg-warm "${PG[@]}"
serve pg-uncached "${PG[@]}" "${NOCACHE[@]}"
serve pg-redis-warm "${PG[@]}" "${REDIS[@]}" --Broadsheet:NodeName bench-1
node1="$APP_PID"; url1="$APP_URL"
start_app pg-redis-2 "${PG[@]}" "${REDIS[@]}" --Broadsheet:NodeName bench-2
node2="$APP_PID"; url2="$APP_URL"
start_app pg-redis-u1 "${PG[@]}" "${REDIS[@]}" "${NOCACHE[@]}" --Broadsheet:NodeName bench-3
u1="$APP_URL"; u1pid="$APP_PID"
start_app pg-redis-u2 "${PG[@]}" "${REDIS[@]}" "${NOCACHE[@]}" --Broadsheet:NodeName bench-4
u2="$APP_URL"; u2pid="$APP_PID"

# ---- nginx in front of two nodes: unprivileged, in the foreground, its own config -------------
NGINX_DIR="$BENCH_TMP/nginx"; mkdir -p "$NGINX_DIR"
# Started by root, nginx's workers run as nobody: they must reach their temp folders.
chmod a+x "$BENCH_TMP"; chmod a+rwx "$NGINX_DIR"
NGINX_PORT="$(free_port)"; NGINX_PORT_U="$(free_port)"
cat >"$NGINX_DIR/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NGINX_DIR/body; proxy_temp_path $NGINX_DIR/proxy;
  fastcgi_temp_path $NGINX_DIR/fastcgi; uwsgi_temp_path $NGINX_DIR/uwsgi; scgi_temp_path $NGINX_DIR/scgi;
  upstream warm { server ${url1#http://}; server ${url2#http://}; keepalive 32; }
  upstream uncached { server ${u1#http://}; server ${u2#http://}; keepalive 32; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://warm; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme; }
  }
  server {
    listen 127.0.0.1:$NGINX_PORT_U;
    location / { proxy_pass http://uncached; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme; }
  }
}
CONF
/usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" >"$NGINX_DIR/out.log" 2>&1 </dev/null &
NGINX_PID=$!
BENCH_PIDS+=("$NGINX_PID")
wait_http "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/healthz" nginx "$NGINX_DIR/error.log"
URL[two-warm]="http://127.0.0.1:$NGINX_PORT"; PIDS[two-warm]="$node1 $node2"
URL[two-uncached]="http://127.0.0.1:$NGINX_PORT_U"; PIDS[two-uncached]="$u1pid $u2pid"

ARTICLE_PATH="$(find_article_path "${URL[pg-warm]}")"
log "article: $ARTICLE_PATH"
TARGETS=(sqlite-warm pg-warm pg-redis-warm two-warm sqlite-uncached pg-uncached two-uncached)

declare -A BEST_RPS=() BEST_P99=() BEST_CPU=() BEST_ERR=()

measure() { # measure TARGET ROUND
  local target="$1" round="$2"
  wrk_measure "$BENCH_TMP/wrk-$target-$round.txt" "${PIDS[$target]}" -t1 -c"$CONNECTIONS" -d"$DURATION" "${URL[$target]}$ARTICLE_PATH"
  log "  $target round $round: $WRK_RPS req/s, p99 $WRK_P99 ms, $WRK_CPU_US µs CPU/request"
  if [ -z "${BEST_RPS[$target]:-}" ] || awk -v a="$WRK_RPS" -v b="${BEST_RPS[$target]}" 'BEGIN { exit !(a > b) }'; then
    BEST_RPS[$target]="$WRK_RPS"; BEST_P99[$target]="$WRK_P99"; BEST_CPU[$target]="$WRK_CPU_US"; BEST_ERR[$target]="$WRK_ERRORS"
  fi
}

for target in "${TARGETS[@]}"; do
  curl -fsS --max-time 30 -o /dev/null "${URL[$target]}$ARTICLE_PATH" || die "GET $ARTICLE_PATH on $target failed"
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${URL[$target]}$ARTICLE_PATH" >/dev/null 2>&1 || true
done
for round in $(seq 1 "$ROUNDS"); do
  # Alternate the order each round so no target always runs first or last.
  if [ $(( round % 2 )) -eq 1 ]; then order=("${TARGETS[@]}"); else order=(); for ((i=${#TARGETS[@]}-1; i>=0; i--)); do order+=("${TARGETS[$i]}"); done; fi
  for target in "${order[@]}"; do measure "$target" "$round"; done
done

ratio() { awk -v a="${BEST_RPS[$1]}" -v b="${BEST_RPS[$2]}" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n## Several nodes (%s, %s cores, %s connections, best of %s x %s)\n\n' "$(cpu_model)" "$(nproc)" "$CONNECTIONS" "$ROUNDS" "$DURATION"
printf '| target | req/s | p99 ms | server CPU µs/request | errors |\n|---|---:|---:|---:|---:|\n'
for target in "${TARGETS[@]}"; do
  printf '| %s | %s | %s | %s | %s |\n' "$target" "${BEST_RPS[$target]}" "${BEST_P99[$target]}" "${BEST_CPU[$target]}" "${BEST_ERR[$target]}"
done
printf '\nTwo nodes / one node (PostgreSQL): warm %s, uncached %s. PostgreSQL / SQLite (one node): warm %s, uncached %s.\n' \
  "$(ratio two-warm pg-redis-warm)" "$(ratio two-uncached pg-uncached)" "$(ratio pg-warm sqlite-warm)" "$(ratio pg-uncached sqlite-uncached)"
printf 'Cost of sharing the cache: a Redis hit %s µs CPU/request against an in-process hit %s µs (difference %s µs).\n' \
  "${BEST_CPU[pg-redis-warm]}" "${BEST_CPU[pg-warm]}" "$(( BEST_CPU[pg-redis-warm] - BEST_CPU[pg-warm] ))"
