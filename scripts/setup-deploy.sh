#!/usr/bin/env bash
# The manifest validator's npm dependencies (idempotent): kubernetes-models (the official Kubernetes JSON
# schemas, checked with ajv) and yaml, locked in deploy/validate/package-lock.json, from the npm registry.
# tests/Expotion.Deploy.Tests runs deploy/validate/validate.mjs with them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/deploy/validate"
if [ ! -d node_modules/kubernetes-models ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
