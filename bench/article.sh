#!/usr/bin/env bash
# Throughput, latency and server CPU per request of one article page: Broadsheet with the output cache on (warm),
# Broadsheet with it off (every request renders), and a minimal Kestrel app serving the very same bytes, all three
# running at once and measured in turn with wrk, round after round, after a warm-up long enough for the JIT's last tier.
# Usage: bench/article.sh            (from anywhere; see bench/README.md)
# Knobs (env): BENCH_DURATION=10s BENCH_CONNECTIONS=32 BENCH_ROUNDS=3 BENCH_WARMUP=30s
#              BENCH_NO_BUILD=1 (reuse existing Release builds)  BENCH_KEEP_TMP=1 (keep logs)
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-30s}"

apt_ensure wrk wrk
apt_ensure curl curl
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  build_app
  build_baseline
fi
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"
[ -f "$BASELINE_DLL" ] || die "missing $BASELINE_DLL (build the baseline, or unset BENCH_NO_BUILD)"

# ---- the two apps, each on its own fresh data dir (the same demo content) ------------------------
start_app cached
CACHED_URL="$APP_URL"; CACHED_PID="$APP_PID"; APP_PID=""
start_app uncached --Broadsheet:OutputCache:Enabled=false
UNCACHED_URL="$APP_URL"; UNCACHED_PID="$APP_PID"; APP_PID=""
# Pages off but More Articles kept: what rendering the page costs after an eviction of its own (a comment, an edit).
start_app rerender --Broadsheet:OutputCache:Enabled=false --Broadsheet:OutputCache:Fragments=true
RERENDER_URL="$APP_URL"; RERENDER_PID="$APP_PID"; APP_PID=""

ARTICLE_PATH="$(find_article_path "$CACHED_URL")"
log "article: $ARTICLE_PATH"
[ "$(find_article_path "$UNCACHED_URL")" = "$ARTICLE_PATH" ] || die "the apps list different first articles"
[ "$(find_article_path "$RERENDER_URL")" = "$ARTICLE_PATH" ] || die "the apps list different first articles"

# check_page NAME URL CACHED(yes|no): the page answers 200 itself (wrk would count a cheap 3xx as a success), keeps the
# connection open, and is served from the output cache on a second request exactly when it should be (Age header).
check_page() {
  local name="$1" url="$2" cached="$3" status age
  status="$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$url")" || die "GET $url failed"
  [ "$status" = 200 ] || die "$name answers $status for $ARTICLE_PATH, not 200"
  curl -sS --max-time 30 -D "$BENCH_TMP/headers-$name.txt" -o "$BENCH_TMP/body-$name.html" "$url" || die "GET $url failed"
  grep -qi '^connection: close' "$BENCH_TMP/headers-$name.txt" && die "$name closes the connection after each response"
  age="$(grep -ci '^age:' "$BENCH_TMP/headers-$name.txt" || true)"
  if [ "$cached" = yes ] && [ "$age" -eq 0 ]; then die "$name did not serve the second request from the output cache"; fi
  if [ "$cached" = no ] && [ "$age" -ne 0 ]; then die "$name served a cached copy although its output cache is off"; fi
  return 0
}
check_page app-cached "$CACHED_URL$ARTICLE_PATH" yes
check_page app-uncached "$UNCACHED_URL$ARTICLE_PATH" no
check_page app-rerender "$RERENDER_URL$ARTICLE_PATH" no

ARTICLE_FILE="$BENCH_TMP/body-app-cached.html"
ctype="$(grep -i '^content-type:' "$BENCH_TMP/headers-app-cached.txt" | tr -d '\r' | cut -d' ' -f2-)"
case "$ctype" in text/html*) ;; *) log "warning: article Content-Type is '$ctype'";; esac
ARTICLE_BYTES="$(wc -c <"$ARTICLE_FILE" | tr -d ' ')"
UNCACHED_BYTES="$(wc -c <"$BENCH_TMP/body-app-uncached.html" | tr -d ' ')"
RERENDER_BYTES="$(wc -c <"$BENCH_TMP/body-app-rerender.html" | tr -d ' ')"
# All render the same article from the same content; only times in the page may differ by a byte or two.
[ $(( UNCACHED_BYTES - ARTICLE_BYTES )) -le 64 ] && [ $(( ARTICLE_BYTES - UNCACHED_BYTES )) -le 64 ] \
  || die "the uncached app answers $UNCACHED_BYTES bytes, the cached one $ARTICLE_BYTES: not the same page"
[ $(( RERENDER_BYTES - ARTICLE_BYTES )) -le 64 ] && [ $(( ARTICLE_BYTES - RERENDER_BYTES )) -le 64 ] \
  || die "the app keeping More Articles answers $RERENDER_BYTES bytes, the cached one $ARTICLE_BYTES: not the same page"

# ---- baseline serving the same bytes ----------------------------------------------------------
BASE_PORT="$(free_port)"
BASE_URL="http://127.0.0.1:$BASE_PORT"
log "starting baseline on 127.0.0.1:$BASE_PORT"
dotnet "$BASELINE_DLL" --file "$ARTICLE_FILE" --urls "$BASE_URL" >"$BENCH_TMP/baseline.log" 2>&1 </dev/null &
BASE_PID=$!
BENCH_PIDS+=("$BASE_PID")
wait_http "$BASE_PID" "$BASE_URL/" "baseline" "$BENCH_TMP/baseline.log"
curl -fsS --max-time 10 -o "$BENCH_TMP/baseline-check.html" "$BASE_URL$ARTICLE_PATH" || die "baseline GET failed"
cmp -s "$ARTICLE_FILE" "$BENCH_TMP/baseline-check.html" || die "baseline does not serve the article bytes"

declare -A URL=([baseline]="$BASE_URL$ARTICLE_PATH" [app-cached]="$CACHED_URL$ARTICLE_PATH" [app-uncached]="$UNCACHED_URL$ARTICLE_PATH"
  [app-rerender]="$RERENDER_URL$ARTICLE_PATH")
declare -A PID=([baseline]="$BASE_PID" [app-cached]="$CACHED_PID" [app-uncached]="$UNCACHED_PID" [app-rerender]="$RERENDER_PID")
TARGETS=(baseline app-cached app-uncached app-rerender)

# ---- warm-up: tiered compilation with dynamic PGO reaches its final code only after thousands of calls -----------------
for target in "${TARGETS[@]}"; do
  log "warming $target ($WARMUP)"
  wrk_measure "$BENCH_TMP/warm-$target.txt" "${PID[$target]}" -t1 -c"$CONNECTIONS" -d"$WARMUP" "${URL[$target]}"
  log "  warm-up: $WRK_REQUESTS requests, $WRK_RPS req/s, $WRK_CPU_US µs CPU/request"
done

# ---- rounds: every target once per round, the order turning each round --------------------------------------------
declare -A BEST_RPS=() BEST_P50=() BEST_P99=() BEST_ERR=() BEST_CPU=()
for r in $(seq 1 "$ROUNDS"); do
  order=("${TARGETS[@]:$(( (r - 1) % ${#TARGETS[@]} ))}" "${TARGETS[@]:0:$(( (r - 1) % ${#TARGETS[@]} ))}")
  for target in "${order[@]}"; do
    wrk_measure "$BENCH_TMP/wrk-$target-$r.txt" "${PID[$target]}" -t1 -c"$CONNECTIONS" -d"$DURATION" "${URL[$target]}"
    log "round $r $target: $WRK_RPS req/s, p50 $WRK_P50 ms, p99 $WRK_P99 ms, $WRK_CPU_US µs CPU/request, errors $WRK_ERRORS"
    if [ -z "${BEST_RPS[$target]:-}" ] || awk -v a="$WRK_RPS" -v b="${BEST_RPS[$target]}" 'BEGIN { exit !(a > b) }'; then
      BEST_RPS[$target]="$WRK_RPS"; BEST_P50[$target]="$WRK_P50"; BEST_P99[$target]="$WRK_P99"
      BEST_ERR[$target]="$WRK_ERRORS"; BEST_CPU[$target]="$WRK_CPU_US"
    fi
  done
done
check_page app-uncached-after "$UNCACHED_URL$ARTICLE_PATH" no
check_page app-rerender-after "$RERENDER_URL$ARTICLE_PATH" no

# ---- report ------------------------------------------------------------------------------------
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
row() {
  local label="$1" target="$2"
  printf '| %s | %.0f | %s | %s | %s | %s | %s |\n' "$label" "${BEST_RPS[$target]}" "${BEST_P50[$target]}" \
    "${BEST_P99[$target]}" "$(pct "${BEST_RPS[$target]}" "${BEST_RPS[baseline]}")" "${BEST_CPU[$target]}" "${BEST_ERR[$target]}"
}

echo
echo "## Broadsheet article benchmark"
echo
echo "- date: $(date -u +%F)"
echo "- machine: $(nproc) cores, $(cpu_model)"
echo "- dotnet: $(dotnet --version)"
echo "- page: \`$ARTICLE_PATH\` ($ARTICLE_BYTES bytes, no compression: wrk sends no Accept-Encoding)"
echo "- load: \`wrk -t1 -c$CONNECTIONS -d$DURATION --latency\` per run after $WARMUP of warm-up per target; the four servers run at once and are measured in turn, best of $ROUNDS rounds"
echo
echo "| target | requests/s | p50 (ms) | p99 (ms) | % of baseline | server CPU µs/request | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row "baseline (same bytes, minimal Kestrel)" baseline
row "app, output cache on (warm)" app-cached
row "app, output cache off (renders)" app-uncached
row "app, output cache off, More Articles kept (a render after the page's own eviction)" app-rerender
echo
echo "App with output cache: **$(pct "${BEST_RPS[app-cached]}" "${BEST_RPS[baseline]}") of baseline** requests/s, at $(pct "${BEST_CPU[app-cached]}" "${BEST_CPU[baseline]}") of its CPU per request."

total_err=$(( ${BEST_ERR[baseline]} + ${BEST_ERR[app-cached]} + ${BEST_ERR[app-uncached]} + ${BEST_ERR[app-rerender]} ))
if [ "$total_err" -gt 0 ]; then
  echo
  echo "Warning: some responses were errors (non-2xx/3xx or socket errors); the numbers above are suspect."
fi
