#!/usr/bin/env bash
# Throughput/latency of one article page: Broadsheet (output cache on, then off) against a
# minimal Kestrel app serving the very same bytes, measured alternately with wrk in one run.
# Usage: bench/article.sh            (from anywhere; see bench/README.md)
# Knobs (env): BENCH_DURATION=10s BENCH_CONNECTIONS=32 BENCH_ROUNDS=2 BENCH_WARMUP=5s
#              BENCH_NO_BUILD=1 (reuse existing Release builds)  BENCH_KEEP_TMP=1 (keep logs)
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
ROUNDS="${BENCH_ROUNDS:-2}"
WARMUP="${BENCH_WARMUP:-5s}"

apt_ensure wrk wrk
apt_ensure curl curl
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  build_app
  build_baseline
fi
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"
[ -f "$BASELINE_DLL" ] || die "missing $BASELINE_DLL (build the baseline, or unset BENCH_NO_BUILD)"

# ---- app (output cache on): find an article and capture its bytes -------------------------
start_app cached
ARTICLE_PATH="$(find_article_path "$APP_URL")"
log "article: $ARTICLE_PATH"
ARTICLE_FILE="$BENCH_TMP/article.html"
ctype="$(curl -fsS --max-time 30 -o "$ARTICLE_FILE" -w '%{content_type}' "$APP_URL$ARTICLE_PATH")" \
  || die "GET $ARTICLE_PATH failed"
[ -s "$ARTICLE_FILE" ] || die "GET $ARTICLE_PATH returned an empty body"
case "$ctype" in text/html*) ;; *) log "warning: article Content-Type is '$ctype'";; esac
ARTICLE_BYTES="$(wc -c <"$ARTICLE_FILE" | tr -d ' ')"

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

# ---- measurement helpers ---------------------------------------------------------------------

# Best result per target: RPS, p50, p99 (ms), errors.
declare -A BEST_RPS=() BEST_P50=() BEST_P99=() BEST_ERR=()

# measure TARGET URL ROUND: one wrk run, keeps the best (highest req/s) run per target.
measure() {
  local target="$1" url="$2" round="$3" out rps p50 p99 non2xx sockerr errs
  out="$BENCH_TMP/wrk-$target-$round.txt"
  log "wrk $target round $round: $url"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed against $target"; }
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
  p50="$(awk '$1 == "50%" { print $2 }' "$out")"
  p99="$(awk '$1 == "99%" { print $2 }' "$out")"
  [ -n "$rps" ] && [ -n "$p50" ] && [ -n "$p99" ] || { cat "$out" >&2; die "could not parse wrk output for $target"; }
  non2xx="$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")"
  # "Socket errors: connect 0, read 0, write 0, timeout 0" -> sum
  sockerr="$(awk '/Socket errors:/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i + 0; print s }' "$out")"
  errs=$(( ${non2xx:-0} + ${sockerr:-0} ))
  p50="$(wrk_ms "$p50")"; p99="$(wrk_ms "$p99")"
  log "  $rps req/s, p50 ${p50} ms, p99 ${p99} ms, errors $errs"
  if [ -z "${BEST_RPS[$target]:-}" ] || awk -v a="$rps" -v b="${BEST_RPS[$target]}" 'BEGIN { exit !(a > b) }'; then
    BEST_RPS[$target]="$rps"; BEST_P50[$target]="$p50"; BEST_P99[$target]="$p99"; BEST_ERR[$target]="$errs"
  fi
}

warm() {
  local target="$1" url="$2"
  log "warming $target ($WARMUP)"
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >"$BENCH_TMP/warm-$target.txt" 2>&1 \
    || { cat "$BENCH_TMP/warm-$target.txt" >&2; die "wrk warm-up failed against $target"; }
}

# ---- phase 1: baseline vs app with output cache ------------------------------------------------
warm baseline "$BASE_URL$ARTICLE_PATH"
warm app-cached "$APP_URL$ARTICLE_PATH"
for r in $(seq 1 "$ROUNDS"); do
  measure baseline "$BASE_URL$ARTICLE_PATH" "c$r"
  measure app-cached "$APP_URL$ARTICLE_PATH" "$r"
done
stop_app

# ---- phase 2: baseline vs app without output cache (fresh data dir) -----------------------------
start_app uncached --Broadsheet:OutputCache:Enabled=false
UNCACHED_PATH="$(find_article_path "$APP_URL")"
[ "$UNCACHED_PATH" = "$ARTICLE_PATH" ] || log "note: uncached run's first article is $UNCACHED_PATH"
curl -fsS --max-time 30 -o /dev/null "$APP_URL$UNCACHED_PATH" || die "GET $UNCACHED_PATH failed (uncached)"
warm baseline "$BASE_URL$ARTICLE_PATH"
warm app-uncached "$APP_URL$UNCACHED_PATH"
for r in $(seq 1 "$ROUNDS"); do
  measure baseline "$BASE_URL$ARTICLE_PATH" "u$r"
  measure app-uncached "$APP_URL$UNCACHED_PATH" "$r"
done
stop_app

# ---- report ------------------------------------------------------------------------------------
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
row() {
  local label="$1" target="$2"
  printf '| %s | %.0f | %s | %s | %s | %s |\n' "$label" "${BEST_RPS[$target]}" "${BEST_P50[$target]}" \
    "${BEST_P99[$target]}" "$(pct "${BEST_RPS[$target]}" "${BEST_RPS[baseline]}")" "${BEST_ERR[$target]}"
}

echo
echo "## Broadsheet article benchmark"
echo
echo "- date: $(date -u +%F)"
echo "- machine: $(nproc) cores, $(cpu_model)"
echo "- dotnet: $(dotnet --version)"
echo "- page: \`$ARTICLE_PATH\` ($ARTICLE_BYTES bytes)"
echo "- load: \`wrk -t1 -c$CONNECTIONS -d$DURATION --latency\`, baseline and app alternated, best of $ROUNDS rounds per app target (baseline: best of $((ROUNDS * 2)))"
echo
echo "| target | requests/s | p50 (ms) | p99 (ms) | % of baseline | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row "baseline (same bytes, minimal Kestrel)" baseline
row "app, output cache on" app-cached
row "app, output cache off" app-uncached
echo
echo "App with output cache: **$(pct "${BEST_RPS[app-cached]}" "${BEST_RPS[baseline]}") of baseline** requests/s."

total_err=$(( ${BEST_ERR[baseline]} + ${BEST_ERR[app-cached]} + ${BEST_ERR[app-uncached]} ))
if [ "$total_err" -gt 0 ]; then
  echo
  echo "Warning: some responses were errors (non-2xx/3xx or socket errors); the numbers above are suspect."
fi
