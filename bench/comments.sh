#!/usr/bin/env bash
# Comment posting: first one post at a time (p50/p99 of BENCH_SEQUENTIAL_POSTS sequential posts on an
# otherwise idle server, and the server's CPU per post), then under read load: throughput and p50/p99
# latency of POST /comments/reply while readers load one article page, the readers' req/s and latency,
# and the server's CPU per request meanwhile. Each post carries its own valid, precomputed ALTCHA solution
# (so the server's check and the spent-challenge record are in every post).
# Usage: bench/comments.sh           (from anywhere; see bench/README.md)
# Knobs (env): BENCH_DURATION=10s BENCH_POSTS=6000 BENCH_POST_CONNECTIONS=4 BENCH_READ_CONNECTIONS=16
#              BENCH_WARMUP=5s BENCH_WARMUP_POSTS=15000 BENCH_WARMUP_LIMIT=300s BENCH_SEQUENTIAL_POSTS=200
#              BENCH_NO_BUILD=1 (reuse the Release build)
#              BENCH_KEEP_TMP=1 (keep logs, the data dir and raw wrk output)
#
# The app runs with:
#   --Broadsheet:Spam:Cost=1 --Broadsheet:Spam:CounterMin=0 --Broadsheet:Spam:CounterMax=200
#       Only the reader's (here: this script's) proof of work depends on these. The server checks a
#       solution in deterministic mode: it derived the key itself when it issued the challenge, and
#       verifying is an HMAC of the submitted key against the signed one (plus the challenge's own
#       signature), whatever the cost or counter. Small values just make 6000 solutions quick to precompute.
#   --Broadsheet:Comments:PostsPerMinute=1000000   all posts come from one client address (127.0.0.1)
#   --Broadsheet:Comments:MinimumFillTime=00:00:00 posts come instantly after the form stamp
# and with the site setting "hold a commenter's first comment" turned off (written to the seeded SQLite
# database between a first, seeding start and the measured start), so every post is Approved and
# evicts its article's cached page. Posts go round all open articles, the read one among them (one post
# in N evicts the page the readers load), so no single page grows by thousands of comments.
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-10s}"
POSTS="${BENCH_POSTS:-6000}"
POST_CONNECTIONS="${BENCH_POST_CONNECTIONS:-4}"
READ_CONNECTIONS="${BENCH_READ_CONNECTIONS:-16}"
WARMUP="${BENCH_WARMUP:-5s}"
WARMUP_POSTS="${BENCH_WARMUP_POSTS:-15000}"
WARMUP_LIMIT="${BENCH_WARMUP_LIMIT:-300s}"
SEQ_POSTS="${BENCH_SEQUENTIAL_POSTS:-200}"
PY=/usr/bin/python3  # Debian's interpreter (see /work/shared/ENVIRONMENT.md); standard library only
HELPER="$BENCH_DIR/comments.py"
LUA="$BENCH_DIR/comments.lua"
APP_ARGS=(--Broadsheet:Spam:Cost=1 --Broadsheet:Spam:CounterMin=0 --Broadsheet:Spam:CounterMax=200
  --Broadsheet:Comments:PostsPerMinute=1000000 --Broadsheet:Comments:MinimumFillTime=00:00:00)

for n in "$POSTS" "$POST_CONNECTIONS" "$READ_CONNECTIONS" "$WARMUP_POSTS" "$SEQ_POSTS"; do
  case "$n" in ''|*[!0-9]*) die "BENCH_POSTS, BENCH_*_CONNECTIONS, BENCH_WARMUP_POSTS and BENCH_SEQUENTIAL_POSTS must be whole numbers";; esac
done
if [ "$POSTS" -lt 1 ] || [ "$POST_CONNECTIONS" -lt 1 ] || [ "$READ_CONNECTIONS" -lt 1 ] || [ "$SEQ_POSTS" -lt 1 ]; then
  die "BENCH_POSTS, BENCH_SEQUENTIAL_POSTS and BENCH_*_CONNECTIONS must be at least 1"
fi

apt_ensure wrk wrk
apt_ensure curl curl
apt_ensure "$PY" python3
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  build_app
fi
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"

# ---- first start: seed the demo content, then turn hold-first off while the app is stopped --------
start_app seed "${APP_ARGS[@]}"
DATA_DIR="$APP_DATA_DIR"
stop_app
"$PY" "$HELPER" hold-first-off "$DATA_DIR/broadsheet.db" || die "could not change the site settings"

# ---- measured start on the same data dir -------------------------------------------------------------
start_app_in comments "$DATA_DIR" "${APP_ARGS[@]}"
DB="$DATA_DIR/broadsheet.db"
ARTICLE_PATH="$(find_article_path "$APP_URL")"
ARTICLE_URL="$APP_URL$ARTICLE_PATH"
curl -fsS --max-time 30 -o "$BENCH_TMP/article-before.html" "$ARTICLE_URL" || die "GET $ARTICLE_PATH failed"
ARTICLE_ID="$(grep -o 'data-article="[0-9]*"' "$BENCH_TMP/article-before.html" | head -n1 | tr -dc '0-9')" || true
[ -n "$ARTICLE_ID" ] || die "no comment form (data-article) on $ARTICLE_PATH: are its comments closed?"
BYTES_BEFORE="$(wc -c <"$BENCH_TMP/article-before.html" | tr -d ' ')"
log "article: $ARTICLE_PATH (id $ARTICLE_ID, $BYTES_BEFORE bytes)"

# ---- precompute one solved challenge per post (probe + warm-up + sequential + measured) -------------
TAG="bench-$(date -u +%Y%m%d%H%M%S)-$$"
ALL_BODIES="$BENCH_TMP/bodies-all.txt"
COOKIE_FILE="$BENCH_TMP/cookie.txt"
log "precomputing $((1 + WARMUP_POSTS + SEQ_POSTS + POSTS)) ALTCHA solutions"
"$PY" "$HELPER" prepare "$APP_URL" "$ARTICLE_ID" "$((1 + WARMUP_POSTS + SEQ_POSTS + POSTS))" "$TAG" "$ALL_BODIES" "$COOKIE_FILE" \
  || die "precomputing the posts failed"
PROBE_BODY="$BENCH_TMP/bodies-probe.txt"
WARM_BODIES="$BENCH_TMP/bodies-warm.txt"
SEQ_BODIES="$BENCH_TMP/bodies-sequential.txt"
BODIES="$BENCH_TMP/bodies.txt"
sed -n '1p' "$ALL_BODIES" >"$PROBE_BODY"
sed -n "2,$((1 + WARMUP_POSTS))p" "$ALL_BODIES" >"$WARM_BODIES"
sed -n "$((2 + WARMUP_POSTS)),$((1 + WARMUP_POSTS + SEQ_POSTS))p" "$ALL_BODIES" >"$SEQ_BODIES"
sed -n "$((2 + WARMUP_POSTS + SEQ_POSTS)),\$p" "$ALL_BODIES" >"$BODIES"
[ "$(wc -l <"$SEQ_BODIES")" -eq "$SEQ_POSTS" ] || die "expected $SEQ_POSTS sequential post bodies"
[ "$(wc -l <"$BODIES")" -eq "$POSTS" ] || die "expected $POSTS post bodies"
COOKIE="$(cat "$COOKIE_FILE")"

# One post by hand: 302 to the new comment, and the comment Approved (hold-first really is off).
"$PY" "$HELPER" probe "$APP_URL" "$PROBE_BODY" "$COOKIE_FILE" "$DB" || die "the probe post failed"

# ---- load: posters and readers at the same time ------------------------------------------------------
# run_load NAME DURATION POST_BODIES [POST_LIMIT]: both wrk processes in parallel, the readers for DURATION;
# the posters for DURATION too, or, given POST_LIMIT, until every body is answered (at most POST_LIMIT).
# Raw output in $BENCH_TMP/wrk-NAME-*.txt.
run_load() {
  local name="$1" duration="$2" bodies="$3" limit="${4:-}" post_pid read_pid rc=0 tracked=("${BENCH_PIDS[@]}") stop=()
  [ -z "$limit" ] || stop=(stop)
  wrk -t1 -c"$POST_CONNECTIONS" -d"${limit:-$duration}" --latency -s "$LUA" -H "Cookie: $COOKIE" \
    "$APP_URL/comments/reply" -- "$bodies" "${stop[@]}" >"$BENCH_TMP/wrk-$name-posts.txt" 2>&1 &
  post_pid=$!
  BENCH_PIDS+=("$post_pid")
  wrk -t1 -c"$READ_CONNECTIONS" -d"$duration" --latency "$ARTICLE_URL" >"$BENCH_TMP/wrk-$name-reads.txt" 2>&1 &
  read_pid=$!
  BENCH_PIDS+=("$read_pid")
  wait "$post_pid" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$BENCH_TMP/wrk-$name-posts.txt" >&2; die "wrk (posts) failed"; }
  wait "$read_pid" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$BENCH_TMP/wrk-$name-reads.txt" >&2; die "wrk (reads) failed"; }
  BENCH_PIDS=("${tracked[@]}")  # both have exited and been reaped: never signal their PIDs again
}

# wrk_field FILE WHAT: Requests/sec, 50% or 99% (in ms), the non-2xx/3xx count or the socket error sum.
wrk_field() {
  local file="$1" what="$2" v
  case "$what" in
    rps) v="$(awk '/^Requests\/sec:/ { print $2 }' "$file")" ;;
    p50) v="$(awk '$1 == "50%" { print $2 }' "$file")"; [ -z "$v" ] || v="$(wrk_ms "$v")" ;;
    p99) v="$(awk '$1 == "99%" { print $2 }' "$file")"; [ -z "$v" ] || v="$(wrk_ms "$v")" ;;
    requests) v="$(awk '/requests in/ { print $1 }' "$file")" ;;
    non2xx) v="$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$file")"; v="${v:-0}" ;;
    sockerr) v="$(awk '/Socket errors:/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i + 0; print s }' "$file")"; v="${v:-0}" ;;
  esac
  [ -n "$v" ] || { cat "$file" >&2; die "could not read '$what' from $file"; }
  printf '%s\n' "$v"
}

if [ "$WARMUP_POSTS" -gt 0 ]; then
  # Thousands of posts, not seconds: the JIT reaches its final tier on the posting path only after about 2,000
  # (it recompiles thousands of methods on the way; until then a post costs 3-4 times its CPU).
  log "warm-up: $WARMUP_POSTS posts (at most $WARMUP_LIMIT), readers for $WARMUP"
  WARM_START="$(date +%s)"
  run_load warm "$WARMUP" "$WARM_BODIES" "$WARMUP_LIMIT"
  WARM_SENT="$(awk '$1 == "posts-sent" { print $2 }' "$BENCH_TMP/wrk-warm-posts.txt")"
  [ "${WARM_SENT:-0}" -ge "$WARMUP_POSTS" ] || log "warning: only ${WARM_SENT:-0} of $WARMUP_POSTS warm-up posts were sent within $WARMUP_LIMIT"
  log "  warm-up done: $WARM_SENT posts in $(( $(date +%s) - WARM_START )) s"
fi

# ---- one post at a time: the single post's server time, with nothing else running ------------------
log "measuring: $SEQ_POSTS sequential posts"
SEQ_LINE="$("$PY" "$HELPER" sequential "$APP_URL" "$SEQ_BODIES" "$COOKIE_FILE" "$APP_PID")" || die "the sequential posts failed"
log "  $SEQ_LINE"
seq_field() { printf '%s\n' "$SEQ_LINE" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }
SEQ_OK="$(seq_field ok)"; SEQ_P50="$(seq_field p50)"; SEQ_P99="$(seq_field p99)"; SEQ_MEAN="$(seq_field mean)"
SEQ_CPU="$(seq_field cpu)"; SEQ_STATUS="$(seq_field statuses)"
[ -n "$SEQ_CPU" ] || die "could not read the sequential figures from: $SEQ_LINE"
SEQ_STATUS_TEXT="$(printf '%s\n' "$SEQ_STATUS" | tr ',' '\n' | awk -F: '{ printf "%s%s × %s", (NR > 1 ? ", " : ""), $1, $2 }')"

log "measuring: $POSTS posts available, wrk -c$POST_CONNECTIONS (posts) and -c$READ_CONNECTIONS (readers), $DURATION"
RUN_TICKS_BEFORE="$(bench_cpu_ticks "$APP_PID")"
run_load run "$DURATION" "$BODIES"
RUN_TICKS_AFTER="$(bench_cpu_ticks "$APP_PID")"
POST_OUT="$BENCH_TMP/wrk-run-posts.txt"
READ_OUT="$BENCH_TMP/wrk-run-reads.txt"

POSTS_SENT="$(awk '$1 == "posts-sent" { print $2 }' "$POST_OUT")"
[ -n "$POSTS_SENT" ] || { cat "$POST_OUT" >&2; die "the post script printed no counts"; }
POST_REQUESTS="$(wrk_field "$POST_OUT" requests)"
POST_SECONDS="$(awk '/requests in/ { for (i = 1; i <= NF; i++) if ($i == "in") { v = $(i + 1); sub(/,$/, "", v); print v } }' "$POST_OUT")"
POST_RPS="$(wrk_field "$POST_OUT" rps)"; POST_P50="$(wrk_field "$POST_OUT" p50)"; POST_P99="$(wrk_field "$POST_OUT" p99)"
POST_SOCKERR="$(wrk_field "$POST_OUT" sockerr)"
# "302 N, 400 N": every status the post responses had, most frequent first.
POST_STATUS="$(awk '$1 == "status" { print $3, $2 }' "$POST_OUT" | sort -rn | awk '{ printf "%s%s × %s", (NR > 1 ? ", " : ""), $2, $1 }')"
POST_302="$(awk '$1 == "status" && $2 == 302 { print $3 }' "$POST_OUT")"; POST_302="${POST_302:-0}"
POST_OTHER="$(awk '$1 == "status" && $2 != 302 { s += $3 } END { print s + 0 }' "$POST_OUT")"
READ_RPS="$(wrk_field "$READ_OUT" rps)"; READ_P50="$(wrk_field "$READ_OUT" p50)"; READ_P99="$(wrk_field "$READ_OUT" p99)"
READ_REQUESTS="$(wrk_field "$READ_OUT" requests)"
READ_ERR=$(( $(wrk_field "$READ_OUT" non2xx) + $(wrk_field "$READ_OUT" sockerr) ))
# The server's CPU over the concurrent run, per request answered (posts and reads together).
RUN_CPU="$(bench_cpu_ms "$RUN_TICKS_BEFORE" "$RUN_TICKS_AFTER" "$(( POST_REQUESTS + READ_REQUESTS ))")"
OK_RPS="$(awk -v n="$POST_302" -v s="$POST_SECONDS" 'BEGIN { d = s + 0; if (s ~ /ms$/) d /= 1000; else if (s ~ /m$/) d *= 60; printf "%.0f", (d > 0 ? n / d : 0) }')"

curl -fsS --max-time 60 -o "$BENCH_TMP/article-after.html" "$ARTICLE_URL" || die "GET $ARTICLE_PATH failed after the run"
BYTES_AFTER="$(wc -c <"$BENCH_TMP/article-after.html" | tr -d ' ')"
# Statuses in the database of this run's comments (the probe, the warm-up and the measured posts).
DB_COUNTS="$("$PY" "$HELPER" count "$DB" "$TAG")" || die "could not count the comments in $DB"
stop_app
log "comments in the database: $DB_COUNTS"
DB_APPROVED="$(printf '%s\n' "$DB_COUNTS" | tr ' ' '\n' | awk -F= '$1 == "approved" { print $2 }')"
DB_ALL="$(printf '%s\n' "$DB_COUNTS" | tr ' ' '\n' | awk -F= '{ s += $2 } END { print s + 0 }')"

# ---- report ------------------------------------------------------------------------------------------
echo
echo "## Broadsheet comment posting benchmark"
echo
echo "- date: $(date -u +%F)"
echo "- machine: $(nproc) cores, $(cpu_model)"
echo "- dotnet: $(dotnet --version)"
echo "- page: \`$ARTICLE_PATH\` (article $ARTICLE_ID; $BYTES_BEFORE bytes before the run, $BYTES_AFTER after: the first page of its discussion, up to the site's threads per page)"
echo "- load, for $DURATION at once: posters \`wrk -t1 -c$POST_CONNECTIONS --latency\` (POST /comments/reply, $POSTS precomputed bodies, each sent at most once); readers \`wrk -t1 -c$READ_CONNECTIONS --latency\` (GET the article page)"
echo "- warm-up: $WARMUP_POSTS posts by the posters (readers for $WARMUP at the same time); hold-first off, so every post is approved and evicts the page"
echo "- one at a time: $SEQ_POSTS sequential posts on one keep-alive connection, nothing else running, each timed from sending the request to the end of the response (loopback)"
echo "- server CPU: utime+stime of the app process (\`/proc/PID/stat\`) over the run, divided by the requests it answered"
echo
echo "| load | requests/s | p50 (ms) | p99 (ms) | server CPU (ms/request) | requests | responses |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
printf '| one post at a time (POST /comments/reply) | %.0f | %s | %s | %s | %s | %s |\n' \
  "$(awk -v m="$SEQ_MEAN" 'BEGIN { print (m > 0 ? 1000 / m : 0) }')" "$SEQ_P50" "$SEQ_P99" "$SEQ_CPU" "$SEQ_POSTS" "${SEQ_STATUS_TEXT:-none}"
printf '| posts (POST /comments/reply), under read load | %.0f | %s | %s | %s | %s | %s |\n' "$POST_RPS" "$POST_P50" "$POST_P99" "$RUN_CPU" "$POST_REQUESTS" "${POST_STATUS:-none}"
printf '| readers (GET article page), at the same time | %.0f | %s | %s | ″ | %s | %s errors |\n' "$READ_RPS" "$READ_P50" "$READ_P99" "$READ_REQUESTS" "$READ_ERR"
echo
echo "Single post: **p50 $SEQ_P50 ms**, $SEQ_CPU ms of server CPU per post. Under read load, the CPU figure is the server's over the whole run (posts and reads together) per request."
echo "Comments posted under read load: **$OK_RPS/s** (302 responses per second); $POSTS_SENT of $POSTS bodies sent; of this run's $DB_ALL comments in the database (probe, warm-up and measured), $DB_APPROVED are approved ($DB_COUNTS)."

warn=""
[ "$SEQ_OK" = "$SEQ_POSTS" ] || warn="$warn $(( SEQ_POSTS - SEQ_OK )) sequential post(s) were not answered 302;"
[ "$POST_OTHER" -eq 0 ] || warn="$warn $POST_OTHER post(s) were not answered 302;"
[ "$POST_SOCKERR" -eq 0 ] || warn="$warn $POST_SOCKERR socket error(s) on the posters;"
[ "$READ_ERR" -eq 0 ] || warn="$warn $READ_ERR reader error(s) (non-2xx/3xx or socket);"
[ "$DB_APPROVED" = "$DB_ALL" ] || warn="$warn not every comment is approved;"
[ "$POSTS_SENT" -lt "$POSTS" ] || warn="$warn all $POSTS bodies were used before the run ended, so posts/s is a lower bound (raise BENCH_POSTS);"
if [ -n "$warn" ]; then
  echo
  echo "Warning:$warn the numbers above are suspect."
fi
