#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (Debian packages,
# NuGet packages), starts a throwaway PostgreSQL server, runs every test, stops the server.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
trap pg_stop EXIT
pg_start
export BROADSHEET_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_TEST_PORT;Username=postgres;Pooling=true"

log=$(mktemp)
status=0
dotnet test Broadsheet.slnx -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

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
