#!/usr/bin/env bash
# The site at scale: a generated site of BENCH_ARTICLES articles and BENCH_COMMENTS comments (`demo generate`), on
# SQLite and on PostgreSQL; with the output cache off, the p50/p99 of BENCH_REQUESTS sequential requests to every
# page type; then an article's throughput uncached and warm (wrk), the server CPU per request and the peak RSS.
# Usage: bench/scale.sh            (from anywhere; see bench/README.md)
# Knobs (env): BENCH_ARTICLES=100000 BENCH_COMMENTS=1000000 BENCH_REQUESTS=200 BENCH_WARMUP_REQUESTS=10 BENCH_PAGE_SECONDS=60
#              BENCH_DATABASES="sqlite postgres" BENCH_DURATION=10s BENCH_CONNECTIONS=8 BENCH_CACHED_CONNECTIONS=32
#              BENCH_ACCEPT_ENCODING="gzip, deflate, br" BENCH_SQL_LOG=1 BENCH_CACHE=DIR BENCH_SEED=1
#              BENCH_PG_SETTINGS="Max Auto Prepare=0" (added to the app's PostgreSQL connection string)
#              BENCH_NO_BUILD=1 (reuse the Release build)  BENCH_KEEP_TMP=1 (keep logs)
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

ARTICLES="${BENCH_ARTICLES:-100000}"
COMMENTS="${BENCH_COMMENTS:-1000000}"
SEED="${BENCH_SEED:-1}"
REQUESTS="${BENCH_REQUESTS:-200}"
WARMUP_REQUESTS="${BENCH_WARMUP_REQUESTS:-10}"
# A page slower than BENCH_PAGE_SECONDS / BENCH_REQUESTS gets fewer requests (at least 10): the table says how many.
PAGE_SECONDS="${BENCH_PAGE_SECONDS:-60}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
CACHED_CONNECTIONS="${BENCH_CACHED_CONNECTIONS:-32}"
ENCODING="${BENCH_ACCEPT_ENCODING:-gzip, deflate, br}"
SQL_LOG="${BENCH_SQL_LOG:-1}"
CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/broadsheet-bench}"
PAGE_SIZE=12  # the app's default Broadsheet:Site:PageSize
PY=/usr/bin/python3
TICKS="$(getconf CLK_TCK)"
ADMIN_EMAIL="scale-bench@example.com"
ADMIN_PASSWORD="Scale-bench-password-1"

apt_ensure wrk wrk
apt_ensure curl curl
apt_ensure sqlite3 sqlite3
[ -x "$PY" ] || die "Debian's /usr/bin/python3 is needed"
[ -z "${BENCH_NO_BUILD:-}" ] && build_app
[ -f "$APP_DLL" ] || die "missing $APP_DLL"
mkdir -p "$CACHE"

# The cache key: the generator's numbers and source, and the schema (a new migration means a new database).
KEY="$( { echo "$ARTICLES $COMMENTS $SEED"; cat src/Broadsheet/Demo/DemoCommands.cs src/Broadsheet/Demo/Generation/*.cs;
  ls src/Broadsheet/Data/Migrations/Sqlite src/Broadsheet/Data/Migrations/PostgreSql; } | sha256sum | cut -c1-16)"
log "site: $ARTICLES articles, $COMMENTS comments (seed $SEED); cache key $KEY in $CACHE"

# start_app_in's twin without --contentRoot (the program finds its web root itself), with the output cache off.
start_site() {
  local name="$1"; shift
  local port logfile
  port="$(free_port)"
  logfile="$BENCH_TMP/$name.log"
  log "starting app '$name' on 127.0.0.1:$port"
  dotnet "$APP_DLL" --urls "http://127.0.0.1:$port" --Broadsheet:DataDir "$DATA" --Broadsheet:DemoContent false \
    --Logging:LogLevel:Default Warning "$@" "${DBARGS[@]}" >"$logfile" 2>&1 </dev/null &
  APP_PID=$!
  BENCH_PIDS+=("$APP_PID")
  APP_URL="http://127.0.0.1:$port"
  APP_LOG="$logfile"
  wait_http "$APP_PID" "$APP_URL/healthz" "app '$name'" "$logfile"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# generate NAME: runs `demo generate` on the database in DBARGS/DATA, then creates the newsroom account.
generate() {
  log "generating the site into $1 (this takes minutes)"
  /usr/bin/time -f "%e s wall, %U s user, %S s system, %M KB peak" -o "$BENCH_TMP/generate-$1.time" \
    dotnet "$APP_DLL" demo generate --articles "$ARTICLES" --comments "$COMMENTS" --seed "$SEED" \
    --Broadsheet:DataDir "$DATA" "${DBARGS[@]}" --Logging:LogLevel:Default Warning \
    >"$BENCH_TMP/generate-$1.out" 2>"$BENCH_TMP/generate-$1.err" </dev/null \
    || { tail -n 30 "$BENCH_TMP/generate-$1.err" >&2; die "demo generate failed"; }
  { cat "$BENCH_TMP/generate-$1.out"; echo "demo generate: $(cat "$BENCH_TMP/generate-$1.time")"; } >"$BENCH_TMP/generation-$1.txt"
  cat "$BENCH_TMP/generation-$1.txt" >&2
  echo "$ADMIN_PASSWORD" | dotnet "$APP_DLL" users create --email "$ADMIN_EMAIL" --name "Scale Bench" --role Administrator \
    --Broadsheet:DataDir "$DATA" "${DBARGS[@]}" --Logging:LogLevel:Default Warning >/dev/null 2>"$BENCH_TMP/users-$1.err" \
    || { cat "$BENCH_TMP/users-$1.err" >&2; die "users create failed"; }
}

# prepare_sqlite: DATA holds a copy of the cached database (generated first if not cached).
prepare_sqlite() {
  DBARGS=()
  DATA="$(mktemp -d "$BENCH_TMP/data-sqlite.XXXXXX")"
  local cached="$CACHE/sqlite-$KEY.db"
  if [ ! -f "$cached" ]; then
    generate sqlite
    sqlite3 "$DATA/broadsheet.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    cp "$DATA/broadsheet.db" "$cached.tmp" && mv "$cached.tmp" "$cached"
    cp "$BENCH_TMP/generation-sqlite.txt" "$CACHE/sqlite-$KEY.txt"
  else
    log "reusing $cached"
    cp "$cached" "$DATA/broadsheet.db"
  fi
  cp "$CACHE/sqlite-$KEY.txt" "$BENCH_TMP/generation-sqlite.txt" 2>/dev/null || true
  QUERY=(sqlite "$DATA/broadsheet.db")
}

# prepare_postgres: a fresh server (scripts/postgres.sh) with the cached dump restored (generated first if not cached).
prepare_postgres() {
  # shellcheck source=scripts/postgres.sh
  source scripts/postgres.sh
  pg_start >&2
  trap 'pg_stop; bench_cleanup' EXIT
  pg_as_owner "'$PG_BIN/createdb' -h 127.0.0.1 -p $PG_TEST_PORT -U postgres broadsheet_scale"
  DATA="$(mktemp -d "$BENCH_TMP/data-postgres.XXXXXX")"
  DBARGS=(--Broadsheet:Database:Provider PostgreSQL --ConnectionStrings:Broadsheet "Host=127.0.0.1;Port=$PG_TEST_PORT;Username=postgres;Database=broadsheet_scale${BENCH_PG_SETTINGS:+;$BENCH_PG_SETTINGS}")
  local psql=("$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d broadsheet_scale)
  local cached="$CACHE/postgres-$KEY.dump"
  if [ ! -f "$cached" ]; then
    generate postgres
    "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -Fc -Z1 -f "$cached.tmp" broadsheet_scale && mv "$cached.tmp" "$cached"
    cp "$BENCH_TMP/generation-postgres.txt" "$CACHE/postgres-$KEY.txt"
  else
    log "restoring $cached"
    "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d broadsheet_scale -j 2 --no-owner "$cached" \
      || die "pg_restore failed"
    # VACUUM as well: a restored table has no visibility map yet, so every index-only scan (deep list pages, the
    # sitemap index) would visit the heap until autovacuum gets round to it, as it long has on a running site.
    "${psql[@]}" -c "VACUUM ANALYZE" >/dev/null
  fi
  cp "$CACHE/postgres-$KEY.txt" "$BENCH_TMP/generation-postgres.txt" 2>/dev/null || true
  QUERY=(postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d broadsheet_scale)
}

# settle: waits (up to a minute) until the server has finished what wrk left in flight, so the next run counts only its own.
settle() {
  local i last now
  last="$(cpu_ticks "$APP_PID")"
  for i in $(seq 1 120); do
    sleep 0.5
    now="$(cpu_ticks "$APP_PID")"
    [ $((now - last)) -le 2 ] && return 0
    last="$now"
  done
}

# wrk_run NAME URL CONNECTIONS: warm-up, then a measured run; appends a throughput row.
wrk_run() {
  local name="$1" url="$2" connections="$3" out before after requests cpu
  wrk -t1 -c"$connections" -d5s --timeout 60s "$url" >/dev/null
  settle
  out="$BENCH_TMP/wrk-$database-${name// /-}.txt"
  before="$(cpu_ticks "$APP_PID")"
  wrk -t1 -c"$connections" -d"$DURATION" --timeout 60s --latency "$url" >"$out"
  after="$(cpu_ticks "$APP_PID")"
  requests="$(awk '/requests in/ { print $1 }' "$out")"
  if [ "${requests:-0}" -gt 0 ]; then
    cpu="$(printf '%.2f' "$(echo "($after - $before) * 1000 / $TICKS / $requests" | bc -l)")"
  else
    cpu="n/a (no answer within $DURATION)"
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$database" "$name" "$(awk '/Requests\/sec/ { print $2 }' "$out")" \
    "$(wrk_ms "$(awk '$1 == "50%" { print $2 }' "$out")")" "$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
    "$(awk '/Non-2xx/ { print $NF }' "$out" | grep . || echo 0)" "$cpu" "$(peak_rss_mb "$APP_PID")" >>"$BENCH_TMP/throughput.md"
}

echo "| database | article | requests/s | p50 (ms) | p99 (ms) | non-2xx | server CPU per request (ms) | peak RSS so far (MB) |" >"$BENCH_TMP/throughput.md"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |" >>"$BENCH_TMP/throughput.md"
: >"$BENCH_TMP/results.tsv"
: >"$BENCH_TMP/sql.md"

for database in $DATABASES; do
  case "$database" in
    sqlite) prepare_sqlite ;;
    postgres) prepare_postgres ;;
    *) die "unknown database '$database' (sqlite or postgres)" ;;
  esac

  start_site "$database-uncached" --Broadsheet:OutputCache:Enabled false
  "$PY" bench/scale.py targets "$APP_URL" "$PAGE_SIZE" "${QUERY[@]}" >"$BENCH_TMP/targets-$database.tsv" || die "finding the pages failed"
  COOKIE="$("$PY" bench/scale.py signin "$APP_URL" "$ADMIN_EMAIL" "$ADMIN_PASSWORD")" || die "newsroom sign-in failed"
  while IFS=$'\t' read -r name path; do
    cookie=""
    case "$path" in /newsroom*) cookie="$COOKIE" ;; esac
    result="$("$PY" bench/scale.py time "$APP_URL" "$path" "$REQUESTS" "$WARMUP_REQUESTS" "$PAGE_SECONDS" "$ENCODING" "$cookie")" \
      || die "timing $path failed"
    read -r p50 p99 worst kb errors count <<<"$result"
    log "$database $name ($path): p50 $p50 ms, p99 $p99 ms, max $worst ms, $kb KB, non-200 $errors, $count requests"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$database" "$name" "$path" "$p50" "$p99" "$worst" "$kb" "$errors" "$count" >>"$BENCH_TMP/results.tsv"
  done <"$BENCH_TMP/targets-$database.tsv"

  ARTICLE="$(awk -F'\t' '$1 == "article, 0 comments" { print $2 }' "$BENCH_TMP/targets-$database.tsv")"
  wrk_run "uncached, 0 comments (-c$CONNECTIONS)" "$APP_URL$ARTICLE" "$CONNECTIONS"
  echo "| $database | peak RSS of the uncached server after every page type and wrk: $(peak_rss_mb "$APP_PID") MB | | | | | | |" >>"$BENCH_TMP/throughput.md"
  stop_app

  start_site "$database-cached"
  wrk_run "warm (output cache on, -c$CACHED_CONNECTIONS)" "$APP_URL$ARTICLE" "$CACHED_CONNECTIONS"
  stop_app

  if [ "$SQL_LOG" = 1 ]; then
    # The three slowest page types once more, with EF Core's command log: which commands take the time. The request's
    # scope (its path) is written only when the hosting category logs at all (the app sets it to None).
    start_site "$database-sql" --Broadsheet:OutputCache:Enabled false --Logging:Console:FormatterOptions:IncludeScopes true \
      --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics Critical \
      --Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command Information
    COOKIE="$("$PY" bench/scale.py signin "$APP_URL" "$ADMIN_EMAIL" "$ADMIN_PASSWORD")"
    awk -F'\t' -v db="$database" '$1 == db { print $5 "\t" $2 "\t" $3 }' "$BENCH_TMP/results.tsv" | sort -t$'\t' -k1,1 -gr | head -n 3 \
      | while IFS=$'\t' read -r p99 name path; do
        cookie=""
        case "$path" in /newsroom*) cookie="$COOKIE" ;; esac
        "$PY" bench/scale.py time "$APP_URL" "$path" 1 2 600 identity "$cookie" >/dev/null
        sleep 0.5
        offset="$(stat -c %s "$APP_LOG")"
        "$PY" bench/scale.py time "$APP_URL" "$path" 1 0 600 identity "$cookie" >/dev/null
        sleep 0.5
        tail -c +"$((offset + 1))" "$APP_LOG" >"$BENCH_TMP/request.log"
        {
          echo "### $database: $name (\`$path\`, p99 $p99 ms)"
          echo
          echo '```'
          # EF Core logs "Executed DbCommand (12ms) [...]" and the SQL on the following lines; the scope line above it
          # names the request (background services' polls have none and are left out).
          awk '/^(info|warn|fail|dbug|trce|crit):/ { if (grab && cmd != "" && request) print ms "\t" cmd; grab = 0; request = 0; cmd = ""; next }
               /=> .*RequestPath:/ { request = 1 }
               /Executed DbCommand/ { match($0, /\(([0-9,]+)ms\)/); ms = substr($0, RSTART + 1, RLENGTH - 4); gsub(",", "", ms); grab = 1; next }
               grab { line = $0; gsub(/^[ \t]+/, "", line); cmd = cmd " " line }
               END { if (grab && cmd != "" && request) print ms "\t" cmd }' "$BENCH_TMP/request.log" >"$BENCH_TMP/commands.tsv"
          sort -t$'\t' -k1,1 -gr "$BENCH_TMP/commands.tsv" | head -n 3 | awk -F'\t' '{ printf "%s ms:%s\n", $1, substr($2, 1, 600) }'
          echo "($(wc -l <"$BENCH_TMP/commands.tsv") commands for the request)"
          echo '```'
          echo
        } >>"$BENCH_TMP/sql.md"
      done
    stop_app
  fi

  if [ "$database" = postgres ]; then
    pg_stop
    trap bench_cleanup EXIT
  fi
done

log "CPU: $(cpu_model)"
echo "## Scale: $ARTICLES articles, $COMMENTS comments, output cache off, $REQUESTS sequential requests per page ($(date -u +%F), $(nproc) cores, $(cpu_model))"
echo
"$PY" bench/scale.py table "$BENCH_TMP/results.tsv"
echo
cat "$BENCH_TMP/throughput.md"
echo
for database in $DATABASES; do
  echo "Generation ($database): $(tr '\n' ' ' <"$BENCH_TMP/generation-$database.txt" 2>/dev/null || echo 'not recorded')"
  echo
done
if [ -s "$BENCH_TMP/sql.md" ]; then
  echo "## The slowest SQL commands of the slowest pages (one uncached request each)"
  echo
  cat "$BENCH_TMP/sql.md"
fi
