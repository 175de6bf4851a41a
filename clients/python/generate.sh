#!/usr/bin/env bash
# Generates the Python stubs from the same protos as the C# code (Debian's protoc + grpc_python_plugin).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
mkdir -p "$here/gen"
protoc -I "$root/protos" --python_out="$here/gen" --grpc_python_out="$here/gen" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" "$root"/protos/expotion/v1/*.proto
echo "stubs in $here/gen"
