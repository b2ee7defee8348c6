#!/usr/bin/env bash
# Search latency over many generated articles, on SQLite and on PostgreSQL: p50/p99 of two-word queries (each
# request another query, output cache off, so every request searches) and the server's CPU per request.
# Usage: bench/search.sh            (from anywhere; see bench/README.md)
# Knobs (env): BENCH_ARTICLES=100000 BENCH_DURATION=15s BENCH_CONNECTIONS=2 BENCH_DATABASES="sqlite postgres"
#              BENCH_NO_BUILD=1 (reuse the Release build)  BENCH_KEEP_TMP=1 (keep logs)
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

ARTICLES="${BENCH_ARTICLES:-100000}"
DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-2}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
PY=/usr/bin/python3
TICKS="$(getconf CLK_TCK)"

apt_ensure wrk wrk
apt_ensure curl curl
[ -z "${BENCH_NO_BUILD:-}" ] && build_app
[ -f "$APP_DLL" ] || die "missing $APP_DLL"

# Two-word queries from the generator's vocabulary: words of middling frequency, so each query matches tens to
# thousands of articles and ranking has real work to do. Every request takes the next query of the list.
QUERIES="$BENCH_TMP/queries.txt"
"$PY" - "$QUERIES" <<'PYEOF'
import random, sys
sys.path.insert(0, "bench")
import search_generate as g
rng = random.Random(12)
words = g.vocabulary(20000, rng)
pick = random.Random(7)
with open(sys.argv[1], "w") as out:
    for _ in range(2000):
        out.write(f"{words[pick.randint(20, 400)]} {words[pick.randint(20, 2000)]}\n")
PYEOF
LUA="$BENCH_TMP/queries.lua"
cat >"$LUA" <<LUAEOF
local queries = {}
for line in io.lines("$QUERIES") do queries[#queries + 1] = line:gsub(" ", "+") end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/search?q=" .. queries[(i % #queries) + 1])
end
LUAEOF

# start_app_in's twin without --contentRoot (the program finds its web root itself; see Hosting/).
start_app_in() {
  local name="$1" datadir="$2"; shift 2
  local port logfile
  port="$(free_port)"
  logfile="$BENCH_TMP/$name.log"
  log "starting app '$name' on 127.0.0.1:$port (data dir $datadir)"
  dotnet "$APP_DLL" --urls "http://127.0.0.1:$port" --Broadsheet:DataDir "$datadir" --Logging:LogLevel:Default Warning "$@" \
    >"$logfile" 2>&1 </dev/null &
  APP_PID=$!
  BENCH_PIDS+=("$APP_PID")
  APP_URL="http://127.0.0.1:$port"
  wait_http "$APP_PID" "$APP_URL/healthz" "app '$name'" "$logfile"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run_search NAME [app args...]: starts the app without output cache on the prepared database, warms up, measures.
run_search() {
  local name="$1"; shift
  start_app_in "$name" "$DATA" --Broadsheet:OutputCache:Enabled false --Broadsheet:DemoContent false "$@"
  curl -fsS -o /dev/null "$APP_URL/search?q=$(head -n1 "$QUERIES" | tr ' ' '+')" || die "search failed"
  wrk -t1 -c"$CONNECTIONS" -d5s -s "$LUA" "$APP_URL" >/dev/null
  local before after out requests
  before="$(cpu_ticks "$APP_PID")"
  out="$BENCH_TMP/wrk-$name.txt"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "$APP_URL" >"$out"
  after="$(cpu_ticks "$APP_PID")"
  requests="$(awk '/requests in/ { print $1 }' "$out")"
  printf '| %s | %s | %s | %s | %s | %s | %.2f |\n' "$name" "$ARTICLES" "$(awk '/Requests\/sec/ { print $2 }' "$out")" \
    "$(wrk_ms "$(awk '$1 == "50%" { print $2 }' "$out")")" "$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
    "$(awk '/Non-2xx/ { print $NF }' "$out" | grep . || echo 0)" \
    "$(echo "($after - $before) * 1000 / $TICKS / $requests" | bc -l)" >>"$BENCH_TMP/results.md"
  stop_app
}

reindex() {
  log "reindex ($name)"
  /usr/bin/time -f "%e s wall, %U s user, %S s system, %M KB peak" -o "$BENCH_TMP/reindex-$1.time" \
    dotnet "$APP_DLL" reindex --Broadsheet:DataDir "$DATA" "${@:2}" >"$BENCH_TMP/reindex-$1.log" 2>&1 </dev/null
  log "reindex $1: $(cat "$BENCH_TMP/reindex-$1.log" | tail -n1); $(cat "$BENCH_TMP/reindex-$1.time")"
}

echo "| database | articles | requests/s | p50 (ms) | p99 (ms) | non-2xx | server CPU per request (ms) |" >"$BENCH_TMP/results.md"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |" >>"$BENCH_TMP/results.md"

for database in $DATABASES; do
  name="$database"
  DATA="$(mktemp -d "$BENCH_TMP/data-$database.XXXXXX")"
  if [ "$database" = sqlite ]; then
    # The app creates and seeds the database; the articles go in while it is stopped.
    start_app_in "seed-$database" "$DATA"
    stop_app
    log "generating $ARTICLES articles into SQLite"
    "$PY" bench/search_generate.py sqlite "$DATA/broadsheet.db" "$ARTICLES"
    reindex "$database"
    run_search "$database"
  else
    # shellcheck source=scripts/postgres.sh
    source scripts/postgres.sh
    pg_start >&2
    trap 'pg_stop; bench_cleanup' EXIT
    pg_as_owner "'$PG_BIN/createdb' -h 127.0.0.1 -p $PG_TEST_PORT -U postgres broadsheet_bench"
    CS="Host=127.0.0.1;Port=$PG_TEST_PORT;Username=postgres;Database=broadsheet_bench"
    PGARGS=(--Broadsheet:Database:Provider PostgreSQL --ConnectionStrings:Broadsheet "$CS")
    start_app_in "seed-$database" "$DATA" "${PGARGS[@]}"
    stop_app
    log "generating $ARTICLES articles into PostgreSQL (COPY)"
    "$PY" bench/search_generate.py csv "$DATA" "$ARTICLES"
    chmod a+r "$DATA/articles.csv"; chmod a+rx "$DATA" "$BENCH_TMP"
    psql_run() { "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d broadsheet_bench "$@"; }
    psql_run <<SQL
CREATE TEMP TABLE generated (headline text, slug text, standfirst text, body text, published timestamptz, n int);
\copy generated FROM '$DATA/articles.csv' WITH (FORMAT csv)
WITH sections AS (SELECT array_agg("Id" ORDER BY "Id") AS ids FROM "Sections")
INSERT INTO "Articles" ("Headline","Slug","Standfirst","Body","BodyFormat","IsSticky","Status","PublishedAt","CreatedAt","UpdatedAt","SectionId","CommentsOpen","EmailSubscribers","AlertQueuedAt")
SELECT headline, slug, standfirst, body, 0, false, 3, published, published, published, ids[1 + n % array_length(ids, 1)], true, false, published FROM generated, sections;
WITH authors AS (SELECT array_agg("Id" ORDER BY "Id") AS ids FROM "Authors")
INSERT INTO "Bylines" ("ArticleId","AuthorId","Position")
SELECT a."Id", ids[1 + a."Id" % array_length(ids, 1)], 0 FROM "Articles" a, authors WHERE a."Slug" LIKE 'bench-%';
ANALYZE;
SQL
    reindex "$database" "${PGARGS[@]}"
    psql_run -c 'VACUUM ANALYZE "ArticleSearchDocuments"'
    run_search "$database" "${PGARGS[@]}"
  fi
done

log "CPU: $(cpu_model)"
cat "$BENCH_TMP/results.md"
for f in "$BENCH_TMP"/reindex-*.time; do echo "reindex $(basename "$f" .time): $(cat "$f"); $(tail -n1 "${f%.time}.log")"; done
