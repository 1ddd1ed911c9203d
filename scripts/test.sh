#!/usr/bin/env bash
# `npm test`: every tier (unit, medium, e2e, browser) against the real local services.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm install)…"
  npm install --no-audit --no-fund --no-save
fi
export TZ=UTC NODE_ENV=test
npx tsc -p tsconfig.json --noEmit
exec npx jest --maxWorkers=2 "$@"
