#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (Debian packages,
# NuGet packages), starts throwaway PostgreSQL and Redis servers, runs every test, stops the servers.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=scripts/redis.sh
source scripts/redis.sh
trap 'pg_stop; redis_stop' EXIT
pg_start
redis_start
export BROADSHEET_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_TEST_PORT;Username=postgres;Pooling=true"
export BROADSHEET_TEST_REDIS="127.0.0.1:$REDIS_TEST_PORT"

log=$(mktemp)
status=0
dotnet test Broadsheet.slnx -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

# Repeat each failure (name, message, top of the stack) at the end, where a CI log's tail shows it.
awk '
  /^  Failed / { keep = 1; lines = 0; print "---"; }
  /^  (Passed|Skipped) |^\[xUnit|^Test Run|^Results File/ { keep = 0 }
  keep && lines < 80 { print; lines++ }
' "$log" > "$log.failures"
if [ -s "$log.failures" ]; then
  echo "failures:"
  cat "$log.failures"
fi
rm -f "$log.failures"

# One plain closing line that any CI reads the same way.
passed=$(grep -E '^ +Passed: +[0-9]+ *$' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^ +Failed: +[0-9]+ *$' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
if [ -n "$passed" ] || [ -n "$failed" ]; then
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
elif [ "$status" -eq 0 ]; then
  echo "test.sh: no test results found" >&2
  status=1
fi
rm -f "$log"
exit $status
