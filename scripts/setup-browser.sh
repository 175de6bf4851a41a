#!/usr/bin/env bash
# The live page and its browser tests (idempotent):
#   chromium (Debian)        the browser the tests drive headless (tests/Expotion.Browser.Tests), never a download
#   clients/web: npm ci      @bufbuild/protobuf + protoc-gen-es (browser code from ../../protos) and esbuild, from the npm registry
#   clients/web/dist         the built page, served by the gateway (copied to wwwroot beside its binaries at build time)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v chromium >/dev/null 2>&1; then
  echo "setup-browser: installing chromium" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
cd "$root/clients/web"
if [ ! -d node_modules/@bufbuild/protobuf ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# Rebuild when a source or a proto is newer than the built page.
if [ ! -f dist/index.html ] || [ -n "$(find src ../../protos build.mjs -newer dist/index.html -type f -not -path 'src/gen/*' -print -quit)" ]; then
  node build.mjs
fi
