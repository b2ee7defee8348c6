#!/usr/bin/env bash
# Memory and CPU per request under each garbage-collector setting: the app's resident memory (VmRSS, and its peak
# VmHWM) after wrk load of an article page and of a mixed set of pages (home, sections, tags, authors, archives,
# articles, feed, sitemap), output cache on and off, with the server's CPU per request (utime+stime of
# /proc/PID/stat over each run, divided by its requests) and requests/s, so a setting that saves memory can be seen
# to cost throughput or not. Each setting is given to the runtime as environment variables (DOTNET_gcServer and the
# like), which override whatever the build's runtimeconfig.json says; the row "as built" has none.
# Usage: bench/memory.sh             (from anywhere; see bench/README.md)
# Then a crawl: every article of the sitemap once, in the sitemap's order, as a search engine's crawler reads a site
# (BENCH_CRAWL, at the uncached connection count: nearly every page a miss), so that whatever the process keeps for
# each page it has seen shows in the peak.
# Knobs (env): BENCH_DURATION=10s BENCH_CONNECTIONS=32 BENCH_UNCACHED_CONNECTIONS=8 BENCH_WARMUP=10s BENCH_ROUNDS=1
#              BENCH_CRAWL=30s (0: no crawl)
#              BENCH_ARTICLES=0 (e.g. 100000: also a large site, bench/search_generate.py's articles written into SQLite)
#              BENCH_DATA_DIR=DIR (measure a data dir made elsewhere, e.g. by `demo generate`, instead of the demo site;
#                                  it is copied, never changed)
#              BENCH_URLS=5000 (at most this many distinct pages in the mixed set)
#              BENCH_GC_SETTINGS="label|VAR=value VAR=value;label|..." (replaces the default list below)
#              BENCH_NO_BUILD=1 BENCH_KEEP_TMP=1
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
# Uncached, 32 connections would queue each request for seconds on 2 cores (and meet wrk's 2 s timeout).
UNCACHED_CONNECTIONS="${BENCH_UNCACHED_CONNECTIONS:-8}"
WARMUP="${BENCH_WARMUP:-10s}"
ROUNDS="${BENCH_ROUNDS:-1}"
ARTICLES="${BENCH_ARTICLES:-0}"
MAX_URLS="${BENCH_URLS:-5000}"
CRAWL="${BENCH_CRAWL:-30s}"
PY=/usr/bin/python3
TICKS="$(getconf CLK_TCK)"
DEFAULT_SETTINGS="as built (runtimeconfig.json)|;\
Server GC + DATAS|DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1;\
Server GC without DATAS|DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0;\
Workstation GC, concurrent|DOTNET_gcServer=0 DOTNET_gcConcurrent=1;\
Workstation GC, non-concurrent|DOTNET_gcServer=0 DOTNET_gcConcurrent=0;\
Workstation GC, concurrent, ConserveMemory=5|DOTNET_gcServer=0 DOTNET_gcConcurrent=1 DOTNET_GCConserveMemory=5;\
as built, young generation 16 MB (the README's service unit)|DOTNET_GCgen0size=0x1000000;\
the service unit, native memory never trimmed|DOTNET_GCgen0size=0x1000000 Broadsheet__Memory__TrimSeconds=0"
SETTINGS="${BENCH_GC_SETTINGS:-$DEFAULT_SETTINGS}"
GC_VARS=(DOTNET_gcServer DOTNET_gcConcurrent DOTNET_GCDynamicAdaptationMode DOTNET_GCConserveMemory DOTNET_GCHeapHardLimit
  DOTNET_GCHeapHardLimitPercent DOTNET_GCgen0size DOTNET_GCHeapCount DOTNET_TieredPGO DOTNET_TieredCompilation DOTNET_ReadyToRun
  DOTNET_GCName DOTNET_HillClimbing_Disable DOTNET_ThreadPool_ForceMinWorkerThreads MALLOC_ARENA_MAX Broadsheet__Memory__TrimSeconds Broadsheet__OutputCache__Storage Broadsheet__OutputCache__HotMegabytes
  Broadsheet__OutputCache__Fragments)

for n in "$CONNECTIONS" "$UNCACHED_CONNECTIONS" "$ROUNDS" "$ARTICLES" "$MAX_URLS"; do
  case "$n" in ''|*[!0-9]*) die "BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_ARTICLES and BENCH_URLS must be whole numbers";; esac
done

apt_ensure wrk wrk
apt_ensure curl curl
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
[ -n "${BENCH_NO_BUILD:-}" ] || build_app
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"

# ---- the site: the demo, optionally grown by generated articles, or a data dir made elsewhere ----------------------
SITE="$BENCH_TMP/site"
if [ -n "${BENCH_DATA_DIR:-}" ]; then
  [ -f "$BENCH_DATA_DIR/broadsheet.db" ] || die "no broadsheet.db in BENCH_DATA_DIR=$BENCH_DATA_DIR"
  log "copying $BENCH_DATA_DIR"
  cp -a "$BENCH_DATA_DIR" "$SITE"
  rm -f "$SITE/broadsheet.db-wal" "$SITE/broadsheet.db-shm"
  SITE_NAME="$(basename "$BENCH_DATA_DIR") (copied)"
else
  mkdir -p "$SITE"
  start_app_in seed "$SITE"
  stop_app
  SITE_NAME="the 52 demo articles"
  if [ "$ARTICLES" -gt 0 ]; then
    log "writing $ARTICLES generated articles into the SQLite database"
    "$PY" bench/search_generate.py sqlite "$SITE/broadsheet.db" "$ARTICLES" >&2 || die "search_generate.py failed"
    SITE_NAME="the demo plus $ARTICLES generated articles"
  fi
fi

# ---- the mixed set of pages: the sitemap (and the files of a sitemap index), the links of the home page and of
# one article (tags, authors), archives, the feed; shuffled with a fixed seed, so every setting gets the same order.
start_app_in urls "$SITE"
URLS="$BENCH_TMP/urls.txt"
"$PY" - "$APP_URL" "$MAX_URLS" "$URLS" "$BENCH_TMP/article.txt" "$BENCH_TMP/crawl.txt" <<'PYEOF' || die "could not collect the pages to load"
import random, re, sys, urllib.parse, urllib.request

base, limit, out, first_article, crawl = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

def get(path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return r.read().decode("utf-8", "replace")

def local(u):
    p = urllib.parse.urlsplit(u.replace("&amp;", "&"))
    return (p.path or "/") + ("?" + p.query if p.query else "")

paths, seen = [], set()
def add(p):
    if p not in seen and len(paths) < limit:
        seen.add(p)
        paths.append(p)

for p in ("/", "/feed", "/sitemap.xml"):
    add(p)
index = get("/sitemap.xml")
files = [local(u) for u in re.findall(r"<sitemap>\s*<loc>\s*([^<]+?)\s*</loc>", index)]
# The mixed set draws on the first 50 files of a sitemap index (as it always has); the crawl on all of them.
every = [index] if not files else [get(f) for f in files]
def locs_of(docs):
    return [local(u) for d in docs for u in re.findall(r"<url>\s*<loc>\s*([^<]+?)\s*</loc>", d)]
def articles_of(paths):
    return [p for p in paths if len([s for s in p.split("/") if s]) == 4]
locs = locs_of(every[:50])
articles = articles_of(locs)
if not articles:
    sys.exit("no article (4 path segments) in the sitemap")
with open(first_article, "w") as f:
    f.write(articles[0] + "\n")
with open(crawl, "w") as f:
    f.write("\n".join(articles_of(locs_of(every))) + "\n")
for html in (get("/"), get(articles[0])):
    for href in re.findall(r'href="(/(?:tag|author|section)/[^"#?]+)"', html):
        add(href)
for p in articles[:1]:
    y, m, d = p.strip("/").split("/")[:3]
    for a in (f"/{y}", f"/{y}/{m}", f"/{y}/{m}/{d}"):
        add(a)
rng = random.Random(7)
rng.shuffle(locs)
for p in locs:
    add(p)
with open(out, "w") as f:
    f.write("\n".join(paths) + "\n")
print(f"{len(paths)} pages, {len(articles)} of the sitemap's are articles", file=sys.stderr)
PYEOF
ARTICLE_PATH="$(cat "$BENCH_TMP/article.txt")"
stop_app
PAGE_COUNT="$(wc -l <"$URLS" | tr -d ' ')"
CRAWL_COUNT="$(wc -l <"$BENCH_TMP/crawl.txt" | tr -d ' ')"
# lua_paths FILE: a wrk script that asks for FILE's paths in order, over and over.
lua_paths() {
  cat <<LUAEOF
local paths = {}
for line in io.lines("$1") do if line ~= "" then paths[#paths + 1] = line end end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUAEOF
}
LUA="$BENCH_TMP/pages.lua"
lua_paths "$URLS" >"$LUA"
CRAWL_LUA="$BENCH_TMP/crawl.lua"
lua_paths "$BENCH_TMP/crawl.txt" >"$CRAWL_LUA"

# ---- measuring -----------------------------------------------------------------------------------------------------
rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# load NAME URL [wrk args...]: one wrk run against the app; prints "req/s p99 cpu-ms-per-request errors".
load() {
  local name="$1" url="$2" out before after; shift 2
  out="$BENCH_TMP/wrk-$name.txt"
  before="$(bench_cpu_ticks "$APP_PID")"
  wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$@" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($name)"; }
  after="$(bench_cpu_ticks "$APP_PID")"
  local rps p99 requests errs
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
  p99="$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  requests="$(awk '/requests in/ { print $1 }' "$out")"
  errs="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 3; i <= NF; i++) { v = $i; gsub(/[^0-9]/, "", v); n += v } } END { print n + 0 }' "$out")"
  [ -n "$rps" ] && [ -n "$requests" ] || { cat "$out" >&2; die "could not parse wrk output ($name)"; }
  printf '%s %s %s %s\n' "$rps" "$p99" "$(bench_cpu_ms "$before" "$after" "$requests")" "$errs"
}

# with_settings "VAR=value ..." CMD...: runs CMD with exactly these GC variables set (and the others unset).
with_settings() {
  local vars="$1" v; shift
  local saved=()
  for v in "${GC_VARS[@]}"; do
    if [ -n "${!v+x}" ]; then saved+=("$v=${!v}"); fi
    unset "$v"
  done
  for v in $vars; do export "${v?}"; done
  "$@"
  for v in $vars; do unset "${v%%=*}"; done
  for v in "${saved[@]}"; do export "${v?}"; done
}

RESULTS="$BENCH_TMP/results.txt"
: >"$RESULTS"
# measure_setting LABEL VARS ROUND MODE: one app (output cache on or off) on a copy of the site, warmed, loaded.
measure_setting() {
  local label="$1" vars="$2" round="$3" mode="$4" data idle article mixed extra=()
  data="$BENCH_TMP/data-$round-$mode-$RANDOM"
  cp -a "$SITE" "$data"
  CONNS="$CONNECTIONS"
  [ "$mode" = cached ] || { extra=(--Broadsheet:OutputCache:Enabled=false); CONNS="$UNCACHED_CONNECTIONS"; }
  with_settings "$vars" start_app_in "gc-$round-$mode" "$data" "${extra[@]}"
  idle="$(rss_kb "$APP_PID" VmRSS)"
  log "[$label] $mode: warming ($WARMUP, mixed pages)"
  wrk -t1 -c"$CONNS" -d"$WARMUP" -s "$LUA" "$APP_URL" >"$BENCH_TMP/warm.txt" 2>&1 || { cat "$BENCH_TMP/warm.txt" >&2; die "wrk warm-up failed"; }
  article="$(load "$round-$mode-article" "$APP_URL$ARTICLE_PATH")"
  mixed="$(load "$round-$mode-mixed" "$APP_URL" -s "$LUA")"
  local crawl="- - - 0"
  if [ "$CRAWL" != 0 ] && [ "$CRAWL" != 0s ]; then
    log "[$label] $mode: crawling ($CRAWL, $CRAWL_COUNT articles in the sitemap's order)"
    crawl="$(CONNS="$UNCACHED_CONNECTIONS" DURATION="$CRAWL" load "$round-$mode-crawl" "$APP_URL" -s "$CRAWL_LUA")"
  fi
  local after peak
  after="$(rss_kb "$APP_PID" VmRSS)"; peak="$(rss_kb "$APP_PID" VmHWM)"
  log "[$label] $mode: article $article; mixed $mixed; crawl $crawl (req/s p99 cpu-ms errors); RSS start $(mb "$idle") MB, after $(mb "$after") MB, peak $(mb "$peak") MB"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$mode" "$round" "$idle" "$after" "$peak" "$article" "$mixed" "$crawl" >>"$RESULTS"
  stop_app
  rm -rf "$data"
}

IFS=';' read -r -a SETTING_LIST <<<"$SETTINGS"
for round in $(seq 1 "$ROUNDS"); do
  for entry in "${SETTING_LIST[@]}"; do
    label="${entry%%|*}"; vars="${entry#*|}"
    [ "$entry" != "$label" ] || die "BENCH_GC_SETTINGS entries are label|VAR=value ...: '$entry'"
    for v in $vars; do
      case " ${GC_VARS[*]} " in *" ${v%%=*} "*) ;; *) die "unknown runtime variable in '$entry' (known: ${GC_VARS[*]})";; esac
    done
    measure_setting "$label" "$vars" "$round" cached
    measure_setting "$label" "$vars" "$round" uncached
  done
done

CRAWL_NOTE="a crawl of $CRAWL at -c$UNCACHED_CONNECTIONS through the sitemap's $CRAWL_COUNT articles in order"
case "$CRAWL" in 0|0s) CRAWL_NOTE="no crawl";; esac

# ---- report: per setting and cache mode, the round with the lowest peak ---------------------------------------------
echo
echo "## Broadsheet memory and CPU per GC setting"
echo
echo "- date: $(date -u +%F)"
echo "- machine: $(nproc) cores, $(cpu_model), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "- dotnet: $(dotnet --version)"
echo "- site: $SITE_NAME; mixed set: $PAGE_COUNT distinct pages (sitemap, home, sections, tags, authors, archives, feed), in a fixed shuffled order"
echo "- load: \`wrk -t1 -c$CONNECTIONS -d$DURATION\` (\`-c$UNCACHED_CONNECTIONS\` with the output cache off) on one article page (\`$ARTICLE_PATH\`), then on the mixed set, after $WARMUP of the mixed set; then $CRAWL_NOTE; one app per setting and cache mode, started on a fresh copy of the site"
echo "- RSS: VmRSS at start and after the load, VmHWM (the peak) over the whole run; CPU: the app's utime+stime per request"
echo
echo "| setting | output cache | RSS at start (MB) | RSS after load (MB) | peak RSS (MB) | article req/s | article CPU (ms/req) | mixed req/s | mixed CPU (ms/req) | mixed p99 (ms) | crawl req/s | crawl CPU (ms/req) | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
# In the order measured; with several rounds, the round with the lowest peak of each setting and cache mode.
awk -F'\t' '{ k = $1 "\t" $2; if (!(k in best)) order[++n] = k; if (!(k in best) || $6 + 0 < peak[k]) { best[k] = $0; peak[k] = $6 + 0 } }
  END { for (i = 1; i <= n; i++) print best[order[i]] }' "$RESULTS" | while IFS=$'\t' read -r label mode _ idle after peak article mixed crawl; do
  read -r a_rps _ a_cpu a_err <<<"$article"
  read -r m_rps m_p99 m_cpu m_err <<<"$mixed"
  read -r c_rps _ c_cpu c_err <<<"$crawl"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$mode" "$(mb "$idle")" "$(mb "$after")" "$(mb "$peak")" \
    "$a_rps" "$a_cpu" "$m_rps" "$m_cpu" "$m_p99" "$c_rps" "$c_cpu" "$(( a_err + m_err + c_err ))"
done
