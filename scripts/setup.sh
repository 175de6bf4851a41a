#!/usr/bin/env bash
# Installs what Expotion needs from Debian (idempotent; skips apt when everything is there).
#   ffmpeg                       video decoding / encoding (any container and codec)
#   libfluidsynth3 + fluid-soundfont-gm   the conductor's SoundFont synthesiser and General MIDI bank
#   protobuf-compiler(-grpc), python3-grpcio, python3-protobuf   the Python client, from the same protos
#   prometheus                   the real scraper the telemetry test points at `expotion serve all` (only its binary runs)
#   python3-torch, python3-onnx  the musicgen exporter (tools/musicgen-export: PyTorch reference, torch.onnx export,
#                                ONNX external data) and the backend's token-for-token test against it
#   and, through setup-cuda.sh, NVRTC (Debian non-free) and g++ for the CUDA kernels' tests
#   and, through setup-deploy.sh, the npm packages that validate deploy/k8s against the Kubernetes schemas
set -euo pipefail
packages=(ffmpeg libfluidsynth3 fluid-soundfont-gm protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf prometheus python3-torch python3-onnx)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$(dirname "$0")/setup-cuda.sh"
"$(dirname "$0")/setup-browser.sh"
"$(dirname "$0")/setup-deploy.sh"
"$(dirname "$0")/setup-vision-models.sh"
