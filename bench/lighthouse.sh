#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) for an article page and the
# home page of a freshly started Broadsheet, mobile (Lighthouse default) and desktop.
# Usage: bench/lighthouse.sh         (from anywhere; see bench/README.md)
# Knobs (env): BENCH_NO_BUILD=1 (reuse the existing Release build)
#              LIGHTHOUSE_OUT=DIR (also copy the JSON reports there)  BENCH_KEEP_TMP=1 (keep logs)
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
cd "$REPO_ROOT"

LIGHTHOUSE_VERSION="12.8.2"
LIGHTHOUSE_BIN="$BENCH_DIR/node_modules/.bin/lighthouse"
export CHROME_PATH=/usr/bin/chromium
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
CATEGORIES="performance,accessibility,best-practices,seo"

command -v node >/dev/null 2>&1 || die "node is not on PATH (Node 20 is expected; lighthouse $LIGHTHOUSE_VERSION needs >= 18.16)"
command -v npm >/dev/null 2>&1 || die "npm is not on PATH"
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
apt_ensure /usr/bin/chromium chromium
apt_ensure curl curl

# Lighthouse from the committed lock file (bench/package.json + bench/package-lock.json).
if [ "$("$LIGHTHOUSE_BIN" --version 2>/dev/null || true)" != "$LIGHTHOUSE_VERSION" ]; then
  log "installing lighthouse $LIGHTHOUSE_VERSION into bench/node_modules (npm ci)"
  (cd "$BENCH_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$BENCH_TMP/npm-ci.log" 2>&1 \
    || { tail -n 40 "$BENCH_TMP/npm-ci.log" >&2; die "npm ci failed"; }
  [ "$("$LIGHTHOUSE_BIN" --version 2>/dev/null || true)" = "$LIGHTHOUSE_VERSION" ] \
    || die "lighthouse $LIGHTHOUSE_VERSION not found in bench/node_modules after npm ci"
fi

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  build_app
fi
[ -f "$APP_DLL" ] || die "missing $APP_DLL (build the app, or unset BENCH_NO_BUILD)"

start_app lighthouse
ARTICLE_PATH="$(find_article_path "$APP_URL")"
log "article: $ARTICLE_PATH"
curl -fsS --max-time 30 -o /dev/null "$APP_URL$ARTICLE_PATH" || die "GET $ARTICLE_PATH failed"
curl -fsS --max-time 30 -o /dev/null "$APP_URL/" || die "GET / failed"
# Warm up: let the JIT and tiered compilation settle so they do not compete with the measured browser.
for _ in $(seq 1 200); do
  curl -fsS --max-time 5 -o /dev/null "$APP_URL$ARTICLE_PATH" || true
  curl -fsS --max-time 5 -o /dev/null "$APP_URL/" || true
done
sleep 5

REPORTS=()   # "page|form factor|json file"
run_lighthouse() {
  local page="$1" url="$2" form="$3" out preset=()
  out="$BENCH_TMP/lh-$page-$form.json"
  [ "$form" = desktop ] && preset=(--preset=desktop)
  # Lighthouse's own advice for noisy machines: run several times and report the median run.
  local runs=${LIGHTHOUSE_RUNS:-3} i
  for i in $(seq 1 "$runs"); do
    log "lighthouse $page ($form), run $i/$runs: $url"
    # timeout bounds a hung Chrome; Lighthouse itself gives up loading a page after 45 s.
    if ! timeout 300 "$LIGHTHOUSE_BIN" "$url" "${preset[@]}" --quiet \
        --chrome-flags="$CHROME_FLAGS" --only-categories="$CATEGORIES" \
        --output=json --output-path="$out.$i" >"$BENCH_TMP/lh-$page-$form.log" 2>&1; then
      tail -n 40 "$BENCH_TMP/lh-$page-$form.log" >&2
      die "lighthouse failed for $page ($form)"
    fi
    [ -s "$out.$i" ] || die "lighthouse wrote no report for $page ($form)"
  done
  node -e '
    const fs = require("fs");
    const files = process.argv.slice(2);
    const score = f => JSON.parse(fs.readFileSync(f)).categories.performance.score;
    const sorted = files.sort((a, b) => score(a) - score(b));
    fs.copyFileSync(sorted[Math.floor(sorted.length / 2)], process.argv[1]);
  ' "$out" "$out".*
  if [ -n "${LIGHTHOUSE_OUT:-}" ]; then
    mkdir -p "$LIGHTHOUSE_OUT" && cp "$out" "$LIGHTHOUSE_OUT/"
  fi
  REPORTS+=("$page|$form|$out")
}

for form in mobile desktop; do run_lighthouse article "$APP_URL$ARTICLE_PATH" "$form"; done
for form in mobile desktop; do run_lighthouse home "$APP_URL/" "$form"; done
stop_app

echo
echo "## Broadsheet Lighthouse scores"
echo
echo "- date: $(date -u +%F)"
echo "- machine: $(nproc) cores, $(cpu_model)"
echo "- lighthouse $LIGHTHOUSE_VERSION, $("$CHROME_PATH" --version 2>/dev/null | head -n1), node $(node --version), dotnet $(dotnet --version)"
echo "- pages: article \`$ARTICLE_PATH\`, home \`/\` (served by the Release build on 127.0.0.1, fresh demo data)"
echo

# Reads the reports and prints the table, then the failing audits of every category under 100.
node -e '
const fs = require("fs");
const cats = ["performance", "accessibility", "best-practices", "seo"];
const names = { "performance": "performance", "accessibility": "accessibility", "best-practices": "best practices", "seo": "SEO" };
const skip = new Set(["notApplicable", "informative", "manual"]);
const reports = process.argv.slice(1).map((s) => {
  const [page, form, file] = s.split("|");
  return { page, form, lhr: JSON.parse(fs.readFileSync(file, "utf8")) };
});
const score = (c) => (c && typeof c.score === "number" ? String(Math.round(c.score * 100)) : "error");
console.log("| page | form factor | " + cats.map((c) => names[c]).join(" | ") + " |");
console.log("| --- | --- |" + cats.map(() => " ---: |").join(""));
for (const r of reports) {
  console.log(`| ${r.page} | ${r.form} | ` + cats.map((c) => score(r.lhr.categories[c])).join(" | ") + " |");
}
let problems = 0;
const oneLine = (s) => String(s ?? "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\s+/g, " ").trim().slice(0, 160);
const detail = (item) => {
  if (!item || typeof item !== "object") return "";
  const n = item.node || (item.subItems && item.subItems.items && item.subItems.items[0] && item.subItems.items[0].node);
  if (n) return oneLine(n.selector || n.snippet || n.nodeLabel);
  if (item.description) return oneLine(item.description) + (item.url ? ` (${oneLine(item.url)})` : "");
  if (item.url) return oneLine(item.url);
  if (item.source && item.source.url) return oneLine(item.source.url);
  return "";
};
for (const r of reports) {
  if (r.lhr.runtimeError) {
    console.log(`\n${r.page} (${r.form}): runtime error ${r.lhr.runtimeError.code}: ${oneLine(r.lhr.runtimeError.message)}`);
    problems++;
  }
  for (const c of cats) {
    const cat = r.lhr.categories[c];
    if (!cat || cat.score === 1) continue;
    const failing = cat.auditRefs
      .map((ref) => ({ ref, a: r.lhr.audits[ref.id] }))
      .filter(({ a }) => a && a.score !== null && a.score < 1 && !skip.has(a.scoreDisplayMode))
      .sort((x, y) => (y.ref.weight || 0) - (x.ref.weight || 0));
    console.log(`\n### ${r.page}, ${r.form}: ${names[c]} ${score(cat)}`);
    if (failing.length === 0) { console.log("- (no individual failing audit; see the JSON report)"); continue; }
    for (const { ref, a } of failing) {
      problems++;
      const dv = a.displayValue ? ` — ${oneLine(a.displayValue)}` : "";
      const w = ref.weight ? `, weight ${ref.weight}` : "";
      console.log(`- ${a.title} [${a.id}] (score ${Math.round(a.score * 100)}${w})${dv}`);
      const items = (a.details && Array.isArray(a.details.items)) ? a.details.items : [];
      const lines = [...new Set(items.map(detail).filter(Boolean))];
      for (const d of lines.slice(0, 5)) console.log(`  - ${d}`);
      if (lines.length > 5) console.log(`  - … ${lines.length - 5} more`);
    }
  }
}
if (problems === 0) console.log("\nEvery audit passed.");
' "${REPORTS[@]}"
