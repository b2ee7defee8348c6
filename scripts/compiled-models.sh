#!/usr/bin/env bash
# Makes the compiled EF Core models again (src/Broadsheet/Data/CompiledModels), for SQLite and PostgreSQL.
# Run it after any change to the model (an entity, OnModelCreating, a new migration's model change):
# CompiledModelTests fails until it has run. Needs the dotnet-ef tool from dotnet-tools.json.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
# The old models first: after a model change they may no longer compile, and the tool builds the model afresh anyway.
rm -rf src/Broadsheet/Data/CompiledModels
dotnet build src/Broadsheet -c Release -nologo -v q
cd src/Broadsheet
for pair in "SqliteBroadsheetDb Sqlite" "PostgresBroadsheetDb Postgres"; do
  set -- $pair
  dotnet ef dbcontext optimize --no-build --configuration Release --context "$1" \
    --output-dir "Data/CompiledModels/$2" --namespace "Broadsheet.Data.CompiledModels.$2" >/dev/null
  echo "compiled model for $1: src/Broadsheet/Data/CompiledModels/$2"
done
