#!/usr/bin/env bash
# `npm run demo`: installs dependencies when missing, builds, then runs the whole service with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
echo "Building…"
npm run --silent build
exec node dist/cli.js demo
