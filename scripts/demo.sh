#!/usr/bin/env bash
# `npm run demo`: installs dependencies when missing, builds, then runs the whole service with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm install)…"
  npm install --no-audit --no-fund --no-save
fi
echo "Building…"
npm run --silent build
exec node dist/cli.js demo
