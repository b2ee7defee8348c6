# Shared helpers for the bench/*.sh scripts. Source it; do not run it.
# Everything started here is tracked by PID and stopped by bench_cleanup (installed as an EXIT trap).
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
APP_PROJECT="src/Broadsheet/Broadsheet.csproj"
APP_DLL="${BENCH_APP_DLL:-src/Broadsheet/bin/Release/net10.0/Broadsheet.dll}"
APP_CONTENT_ROOT="$REPO_ROOT/src/Broadsheet"  # absolute: .NET resolves a relative --contentRoot against the dll folder, not the cwd
BASELINE_PROJECT="bench/Baseline/Baseline.csproj"
BASELINE_DLL="bench/Baseline/bin/Release/net10.0/Baseline.dll"
# Seconds to wait for a server to answer before giving up (first start migrates and seeds).
BENCH_START_TIMEOUT="${BENCH_START_TIMEOUT:-120}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Measure what production runs, whatever the caller's shell says.
export ASPNETCORE_ENVIRONMENT="${BENCH_ENVIRONMENT:-Production}" DOTNET_ENVIRONMENT="${BENCH_ENVIRONMENT:-Production}"

BENCH_PIDS=()
BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-bench.XXXXXX")"

log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Stop one process we started: SIGTERM, up to 10 s for a graceful exit, then SIGKILL.
stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${BENCH_PIDS[@]}"; do stop_pid "$pid"; done
  if [ -n "${BENCH_KEEP_TMP:-}" ]; then
    log "kept temp dir $BENCH_TMP"
  else
    rm -rf "$BENCH_TMP"
  fi
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_ensure CMD_OR_PATH PACKAGE: install the Debian package when the command/file is missing.
BENCH_APT_UPDATED=""
apt_ensure() {
  local probe="$1" pkg="$2"
  if [ "${probe#/}" != "$probe" ]; then [ -x "$probe" ] && return 0
  else command -v "$probe" >/dev/null 2>&1 && return 0
  fi
  log "installing Debian package $pkg"
  if [ -z "$BENCH_APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    BENCH_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
    || die "apt-get install $pkg failed"
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  local port i
  for i in $(seq 1 200); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found"
}

build_app() {
  log "building the app (Release)"
  dotnet build -c Release -nologo -v q "$APP_PROJECT" >"$BENCH_TMP/build-app.log" 2>&1 \
    || { tail -n 40 "$BENCH_TMP/build-app.log" >&2; die "app build failed"; }
  [ -f "$APP_DLL" ] || die "app build produced no $APP_DLL"
}

build_baseline() {
  log "building the baseline (Release)"
  dotnet build -c Release -nologo -v q "$BASELINE_PROJECT" >"$BENCH_TMP/build-baseline.log" 2>&1 \
    || { tail -n 40 "$BENCH_TMP/build-baseline.log" >&2; die "baseline build failed"; }
  [ -f "$BASELINE_DLL" ] || die "baseline build produced no $BASELINE_DLL"
}

# wait_http PID URL NAME LOGFILE: poll URL until it answers 2xx, while PID is alive, bounded.
wait_http() {
  local pid="$1" url="$2" name="$3" logfile="$4" deadline
  deadline=$(( $(date +%s) + BENCH_START_TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during start-up; last log lines:"
      tail -n 40 "$logfile" >&2 || true
      die "$name failed to start"
    fi
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "$name did not answer $url within ${BENCH_START_TIMEOUT}s; last log lines:"
      tail -n 40 "$logfile" >&2 || true
      die "$name failed to start"
    fi
    sleep 0.25
  done
}

# start_app NAME [extra app args...]: starts the built app on a fresh data dir and a free port.
# Sets APP_PID, APP_URL (http://127.0.0.1:PORT, no trailing slash) and APP_DATA_DIR.
start_app() {
  local name="$1"; shift
  start_app_in "$name" "$(mktemp -d "$BENCH_TMP/data-$name.XXXXXX")" "$@"
}

# start_app_in NAME DATADIR [extra app args...]: as start_app, on a given data dir (e.g. one a
# previous start_app seeded and the caller then changed while the app was stopped).
start_app_in() {
  local name="$1" datadir="$2"; shift 2
  local port logfile
  [ -d "$datadir" ] || die "no data dir $datadir"
  port="$(free_port)"
  logfile="$BENCH_TMP/$name.log"
  # Secrets given on the command line (a key-encryption key, passwords) stay out of the log.
  local shown=() arg hide=""
  for arg in "$@"; do
    if [ -n "$hide" ]; then shown+=("…"); hide=""; else shown+=("$arg"); fi
    case "$arg" in *Key|*Secret|*Password) hide=1 ;; esac
  done
  log "starting app '$name' on 127.0.0.1:$port (data dir $datadir) ${shown[*]}"
  dotnet "$APP_DLL" --contentRoot="$APP_CONTENT_ROOT" --urls "http://127.0.0.1:$port" \
    --Broadsheet:DataDir "$datadir" --Logging:LogLevel:Default=Warning "$@" \
    >"$logfile" 2>&1 </dev/null &
  APP_PID=$!
  BENCH_PIDS+=("$APP_PID")
  APP_URL="http://127.0.0.1:$port"
  # shellcheck disable=SC2034  # read by the scripts that source this file
  APP_DATA_DIR="$datadir"
  wait_http "$APP_PID" "$APP_URL/healthz" "app '$name'" "$logfile"
  log "app '$name' is ready at $APP_URL"
}

stop_app() {
  [ -n "${APP_PID:-}" ] || return 0
  stop_pid "$APP_PID"
  APP_PID=""
}

# find_article_path BASE_URL: prints the path of the first article (4 path segments) in /sitemap.xml.
find_article_path() {
  local base="$1" path
  curl -fsS --max-time 30 "$base/sitemap.xml" -o "$BENCH_TMP/sitemap.xml" || die "GET $base/sitemap.xml failed"
  path="$(grep -o '<loc>[^<]*</loc>' "$BENCH_TMP/sitemap.xml" \
    | sed -e 's#^<loc>[[:space:]]*##' -e 's#[[:space:]]*</loc>$##' -e 's#&amp;#\&#g' \
    | sed -E 's#^[A-Za-z][A-Za-z0-9+.-]*://[^/]+##' \
    | awk -F/ '{ p = $0; sub(/[?#].*/, "", p); n = 0; split(p, s, "/"); for (i in s) if (s[i] != "") n++; if (n == 4) { print $0; exit } }')"
  [ -n "$path" ] || die "no article URL (4 path segments) found in $base/sitemap.xml"
  printf '%s\n' "$path"
}

cpu_model() {
  local m
  m="$(grep -m1 -E '^(model name|Model|Hardware|cpu model)[[:space:]]*:' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  printf '%s\n' "${m:-unknown}"
}

# wrk_ms VALUE: a wrk latency value (e.g. 804.00us, 1.04ms, 1.20s) in milliseconds, 2 decimals.
wrk_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000;
    else if (v ~ /h$/) n = n * 3600000; else if (v ~ /s$/) n = n * 1000;
    printf "%.2f", n }'
}

# cpu_ticks "PID [PID...]": the processes' CPU time so far, user + system (fields 14 and 15 of /proc/PID/stat), in clock
# ticks (CLK_TCK a second).
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() {
  local pid t=0
  for pid in $1; do t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") )); done
  echo "$t"
}

# wrk_measure OUTFILE "SERVER_PIDS" WRK_ARGS...: one `wrk --latency` run; the raw output goes to OUTFILE. Sets WRK_RPS,
# WRK_P50 and WRK_P99 (ms), WRK_REQUESTS, WRK_ERRORS (non-2xx/3xx responses plus socket errors) and WRK_CPU_US: the
# server processes' CPU time over the run (cpu_ticks before and after) divided by the requests wrk completed, in µs.
wrk_measure() {
  local out="$1" pids="$2" before after
  shift 2
  before="$(cpu_ticks "$pids")"
  wrk --latency "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk $* failed"; }
  after="$(cpu_ticks "$pids")"
  WRK_RPS="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
  WRK_P50="$(awk '$1 == "50%" { print $2 }' "$out")"
  WRK_P99="$(awk '$1 == "99%" { print $2 }' "$out")"
  WRK_REQUESTS="$(awk '/requests in/ { print $1 }' "$out")"
  [ -n "$WRK_RPS" ] && [ -n "$WRK_P50" ] && [ -n "$WRK_P99" ] && [ -n "$WRK_REQUESTS" ] && [ "$WRK_REQUESTS" -gt 0 ] \
    || { cat "$out" >&2; die "could not parse wrk output ($out)"; }
  WRK_P50="$(wrk_ms "$WRK_P50")"; WRK_P99="$(wrk_ms "$WRK_P99")"
  # "Non-2xx or 3xx responses: N" and "Socket errors: connect A, read B, write C, timeout D": add up the numbers.
  WRK_ERRORS="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 3; i <= NF; i++) { v = $i; gsub(/[^0-9]/, "", v); n += v } } END { print n + 0 }' "$out")"
  WRK_CPU_US="$(awk -v t=$(( after - before )) -v r="$WRK_REQUESTS" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", t / hz * 1e6 / r }')"
}

# bench_cpu_ticks PID...: cpu_ticks with the PIDs as separate arguments. bench_cpu_ms BEFORE AFTER REQUESTS: milliseconds
# of CPU per request.
bench_cpu_ticks() {
  cpu_ticks "$*"
}
bench_cpu_ms() {
  awk -v t="$(( $2 - $1 ))" -v n="$3" -v hz="$CLK_TCK" 'BEGIN { printf "%.3f", (n > 0 ? 1000 * t / hz / n : 0) }'
}
