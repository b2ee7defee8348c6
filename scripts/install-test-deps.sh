#!/usr/bin/env bash
# Installs, idempotently, every package the test suite and benchmarks need: Debian packages, and the
# test project's npm packages from its lock file. Nothing is downloaded from anywhere else.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/nginx ] || need+=(nginx)
/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || need+=(python3-feedparser)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# Java runs the Nu HTML Checker (npm vnu-jar), which validates every page type.
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian's postgresql package starts a cluster as a service; the tests run their own
# throwaway server, so the packaged one is stopped to keep the machine quiet.
if command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters -h 2>/dev/null | grep -q online; then
  pg_lsclusters -h | awk '$4=="online"{print $1, $2}' | while read -r v c; do pg_ctlcluster "$v" "$c" stop || true; done
fi

# Debian's redis-server package starts a server as a service; the tests run their own throwaway one.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  systemctl stop redis-server || true
elif [ -x /etc/init.d/redis-server ] && pgrep -x redis-server >/dev/null 2>&1 && [ -f /var/run/redis/redis-server.pid ]; then
  /etc/init.d/redis-server stop >/dev/null 2>&1 || true
fi

# Debian's nginx package starts a server on port 80 as a service; the benchmark runs its own on a loopback port.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  systemctl stop nginx || true
elif [ -x /etc/init.d/nginx ] && [ -f /run/nginx.pid ]; then
  /etc/init.d/nginx stop >/dev/null 2>&1 || true
fi

# Test-only npm packages (the official ALTCHA widget, which a browser test runs against our server, the wpapi
# WordPress REST client, which a test runs against our /wp-json/, swagger-parser, which validates our OpenAPI
# document, standardwebhooks, which verifies our webhook signatures, and vnu-jar, the Nu HTML Checker that
# validates every page type), from the committed lock file. Installed again only when one is missing or not the
# locked version. Install scripts are not run: the only one, vnu-jar's, would download a Java runtime when none
# is on the PATH, and Debian's Java above serves instead.
tests_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/Broadsheet.Tests"
for package in altcha wpapi @apidevtools/swagger-parser standardwebhooks vnu-jar; do
  locked=$(cd "$tests_dir" && node -p "require('./package-lock.json').packages['node_modules/$package'].version")
  installed=$(cd "$tests_dir" && node -p "try { require('./node_modules/$package/package.json').version } catch { '' }")
  if [ "$installed" != "$locked" ]; then
    echo "Installing npm test packages ($package $locked)"
    (cd "$tests_dir" && npm ci --no-audit --no-fund --ignore-scripts)
    break
  fi
done
