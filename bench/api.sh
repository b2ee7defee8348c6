#!/usr/bin/env bash
# Content API list throughput: /api/v1/articles with the output cache on against the same site with it off, measured
# alternately with wrk in one run (two servers on the same demo content, each idle while the other is measured), with
# the server's CPU time per request (utime+stime of /proc/PID/stat over each run, divided by its requests).
# Usage: bench/api.sh            (from anywhere; see bench/README.md)
# Knobs (env): BENCH_DURATION=10s BENCH_CONNECTIONS=32 BENCH_ROUNDS=2 BENCH_WARMUP=5s
#              BENCH_API_PATH=/api/v1/articles?per_page=20  BENCH_NO_BUILD=1  BENCH_KEEP_TMP=1
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
ROUNDS="${BENCH_ROUNDS:-2}"
WARMUP="${BENCH_WARMUP:-5s}"
API_PATH="${BENCH_API_PATH:-/api/v1/articles?per_page=20}"
# The API's per-client limit would otherwise answer most of wrk's requests with 429.
NO_LIMIT=(--Broadsheet:Api:PermitLimit=1000000000)

apt_ensure wrk wrk
apt_ensure curl curl
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  build_app
fi
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"

start_app cached "${NO_LIMIT[@]}"
CACHED_URL="$APP_URL"; CACHED_PID="$APP_PID"; APP_PID=""
start_app uncached "${NO_LIMIT[@]}" --Broadsheet:OutputCache:Enabled=false
UNCACHED_URL="$APP_URL"; UNCACHED_PID="$APP_PID"; APP_PID=""

for url in "$CACHED_URL" "$UNCACHED_URL"; do
  curl -fsS --max-time 30 -o "$BENCH_TMP/answer.json" "$url$API_PATH" || die "GET $url$API_PATH failed"
done
ANSWER_BYTES="$(wc -c <"$BENCH_TMP/answer.json" | tr -d ' ')"
ITEMS="$(grep -o '"apiUrl"' "$BENCH_TMP/answer.json" | wc -l | tr -d ' ')"
[ "$ITEMS" -gt 0 ] || die "the list is empty: no demo content?"

declare -A BEST_RPS=() BEST_P50=() BEST_P99=() BEST_ERR=() BEST_CPU=()

# measure TARGET URL PID ROUND: one wrk run; keeps the best (highest req/s) run per target with its CPU per request.
measure() {
  local target="$1" url="$2" pid="$3" round="$4" cpu
  log "wrk $target round $round: $url"
  wrk_measure "$BENCH_TMP/wrk-$target-$round.txt" "$pid" -t1 -c"$CONNECTIONS" -d"$DURATION" "$url"
  # Server CPU milliseconds per request.
  cpu="$(awk -v us="$WRK_CPU_US" 'BEGIN { printf "%.3f", us / 1000 }')"
  log "  $WRK_RPS req/s, p50 ${WRK_P50} ms, p99 ${WRK_P99} ms, ${cpu} ms CPU/request, errors $WRK_ERRORS"
  if [ -z "${BEST_RPS[$target]:-}" ] || awk -v a="$WRK_RPS" -v b="${BEST_RPS[$target]}" 'BEGIN { exit !(a > b) }'; then
    BEST_RPS[$target]="$WRK_RPS"; BEST_P50[$target]="$WRK_P50"; BEST_P99[$target]="$WRK_P99"; BEST_ERR[$target]="$WRK_ERRORS"; BEST_CPU[$target]="$cpu"
  fi
}

warm() {
  log "warming $1 ($WARMUP)"
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$2" >"$BENCH_TMP/warm-$1.txt" 2>&1 || { cat "$BENCH_TMP/warm-$1.txt" >&2; die "wrk warm-up failed against $1"; }
}

warm cached "$CACHED_URL$API_PATH"
warm uncached "$UNCACHED_URL$API_PATH"
for r in $(seq 1 "$ROUNDS"); do
  measure cached "$CACHED_URL$API_PATH" "$CACHED_PID" "$r"
  measure uncached "$UNCACHED_URL$API_PATH" "$UNCACHED_PID" "$r"
done

row() {
  printf '| %s | %.0f | %s | %s | %s | %s |\n' "$1" "${BEST_RPS[$2]}" "${BEST_P50[$2]}" "${BEST_P99[$2]}" "${BEST_CPU[$2]}" "${BEST_ERR[$2]}"
}

echo
echo "## Broadsheet Content API benchmark"
echo
echo "- date: $(date -u +%F)"
echo "- machine: $(nproc) cores, $(cpu_model)"
echo "- dotnet: $(dotnet --version)"
echo "- request: \`GET $API_PATH\` ($ITEMS articles, $ANSWER_BYTES bytes of JSON, SQLite, demo content)"
echo "- wrk: 1 thread, $CONNECTIONS connections, $DURATION per run, best of $ROUNDS alternating runs (wrk shares the 2 cores)"
echo
echo "| server | req/s | p50 ms | p99 ms | server CPU ms/request | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row "output cache on" cached
row "output cache off" uncached
echo
awk -v a="${BEST_RPS[cached]}" -v b="${BEST_RPS[uncached]}" -v c="${BEST_CPU[cached]}" -v d="${BEST_CPU[uncached]}" \
  'BEGIN { printf "Cached: %.1fx the requests per second of uncached, at %.0f%% of its CPU per request.\n", a / b, 100 * c / d }'
stop_pid "$CACHED_PID"
stop_pid "$UNCACHED_PID"
