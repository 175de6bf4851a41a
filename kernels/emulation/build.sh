#!/usr/bin/env bash
# Builds the CUDA-on-CPU emulation of kernels/*.cu into OUTDIR (default: ./out):
#   libexpotion_emu.so        -O2, for the forward / reverse thread-order runs
#   libexpotion_emu_asan.so   -O1 with AddressSanitizer (reports an out-of-bounds access at its source line)
# Both with -ffp-contract=off and no fast-math, so + − × ÷ round as on the GPU with NVRTC --fmad=false.
# The test build runs this (tests/Expotion.Kernels.Tests); nothing it makes is committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/out}"
mkdir -p "$out"
cxx="${CXX:-g++}"
command -v "$cxx" >/dev/null || { echo "build.sh: $cxx not found: install g++ (Debian: build-essential)" >&2; exit 1; }
common=(-std=c++20 -g -fPIC -shared -pthread -ffp-contract=off -fno-fast-math -fvisibility=hidden
        -Wall -Wextra -Werror -Wno-unused-parameter -Wl,--exclude-libs,ALL -Wl,-Bsymbolic -Wl,--no-undefined
        "$here/emu_runtime.cpp" "$here/emu_kernels.cpp")
"$cxx" "${common[@]}" -O2 -static-libstdc++ -static-libgcc -o "$out/libexpotion_emu.so.tmp" &
plain=$!
"$cxx" "${common[@]}" -O1 -fsanitize=address -fsanitize-recover=address -fno-omit-frame-pointer -o "$out/libexpotion_emu_asan.so.tmp" &
asan=$!
status=0
wait $plain || status=1
wait $asan || status=1
[ $status -eq 0 ] || { echo "build.sh: g++ failed" >&2; exit 1; }
mv -f "$out/libexpotion_emu.so.tmp" "$out/libexpotion_emu.so"
mv -f "$out/libexpotion_emu_asan.so.tmp" "$out/libexpotion_emu_asan.so"
