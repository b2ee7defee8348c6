#!/usr/bin/env bash
# Times `import wordpress` on the theme unit test data (beside the repository, in shared/corpora/wxr/) and on a
# generated export of 20,000 posts with 200,000 comments (bench/wxr_generate.py; change with POSTS=… COMMENTS=…).
# Each file is imported into a fresh data folder twice over: first with --dry-run (reading and mapping only: the
# same-run baseline), then for real. Prints wall time, CPU time and peak resident memory of each run (GNU time):
# a streamed import keeps its peak flat however large the file.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

POSTS="${POSTS:-20000}"
COMMENTS="${COMMENTS:-200000}"
THEME_DATA="$REPO_ROOT/../shared/corpora/wxr/themeunittestdata.wordpress.xml"
[ -f "$THEME_DATA" ] || die "missing $THEME_DATA (the shared corpora beside the repository)"
apt_ensure /usr/bin/time time
apt_ensure /usr/bin/python3 python3

build_app
GENERATED="$BENCH_TMP/generated-$POSTS-$COMMENTS.xml"
log "generating an export of $POSTS posts and $COMMENTS comments"
/usr/bin/python3 bench/wxr_generate.py "$GENERATED" "$POSTS" "$COMMENTS"

# run_import NAME FILE MODE: one import into a fresh data folder; prints a Markdown table row.
run_import() {
  local name="$1" file="$2" mode="$3" data="$BENCH_TMP/data-$RANDOM" stats="$BENCH_TMP/time-$RANDOM" extra=()
  mkdir -p "$data"
  [ "$mode" = "dry run" ] && extra=(--dry-run)
  log "$name: $mode"
  /usr/bin/time -f '%e %U %S %M' -o "$stats" \
    dotnet "$APP_DLL" import wordpress "$file" "${extra[@]}" --Broadsheet:DataDir="$data" --Broadsheet:DemoContent=false \
    >"$BENCH_TMP/import.log" 2>&1 || { tail -n 30 "$BENCH_TMP/import.log" >&2; die "import failed"; }
  read -r wall user sys rss <"$stats"
  printf '| %s | %s | %s s | %.1f s | %d MB |\n' "$name" "$mode" "$wall" "$(echo "$user + $sys" | bc -l)" $((rss / 1024))
  rm -rf "$data"
}

apt_ensure bc bc
size=$(du -m "$GENERATED" | cut -f1)
echo "## Import from WordPress ($(date -u +%F), $(nproc) cores)"
echo
echo "| file | run | wall time | CPU time | peak memory (RSS) |"
echo "| --- | --- | ---: | ---: | ---: |"
run_import "theme unit test data (0.6 MB)" "$THEME_DATA" "dry run"
run_import "theme unit test data (0.6 MB)" "$THEME_DATA" "import"
run_import "$POSTS posts, $COMMENTS comments ($size MB)" "$GENERATED" "dry run"
run_import "$POSTS posts, $COMMENTS comments ($size MB)" "$GENERATED" "import"
