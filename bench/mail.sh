#!/usr/bin/env bash
# Times one alert to 10,000 (then 20,000) confirmed subscribers: the app publishes a scheduled article and
# delivers the alert through its outbox over SMTP to a sink on 127.0.0.1. Prints messages per second, the
# app's resident memory before and at its peak (flat memory: the peak must not grow with the list), and CPU per message.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

log "building the app and the mail benchmark (Release)"
dotnet build "$APP_PROJECT" -c Release -v quiet -nologo >&2
dotnet build bench/MailBench/MailBench.csproj -c Release -v quiet -nologo >&2
log "delivering alerts (each run takes under a minute)"
dotnet bench/MailBench/bin/Release/net10.0/MailBench.dll "$APP_DLL" "${1:-10000,20000}"
