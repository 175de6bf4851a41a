#!/usr/bin/env bash
# Installs what the CUDA kernels' tests need (idempotent; skips apt when everything is there):
#   libnvrtc11.2 (+ libnvrtc-builtins11.8)  NVRTC 11.8 from Debian non-free: compiles kernels/*.cu to PTX
#                                          (compute_80 / compute_90) in the tests; no GPU or driver needed
#   g++                                    builds the CUDA-on-CPU emulation (kernels/emulation) in the test build
# Debian non-free is read through a separate sources file (shared/DESIGN.md §6); the system's sources stay as they are.
set -euo pipefail
nonfree=(libnvrtc11.2)
main=(g++)
missing() { for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done; }
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

todo_main=($(missing "${main[@]}"))
if [ ${#todo_main[@]} -gt 0 ]; then
  echo "setup-cuda: installing ${todo_main[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${todo_main[@]}" >/dev/null
fi

todo_nonfree=($(missing "${nonfree[@]}"))
if [ ${#todo_nonfree[@]} -gt 0 ]; then
  echo "setup-cuda: installing ${todo_nonfree[*]} from Debian non-free" >&2
  list=$(mktemp --suffix=.sources /tmp/expotion-nonfree.XXXXXX)
  trap 'rm -f "$list"' EXIT
  sed 's/^Components: main$/Components: main contrib non-free non-free-firmware/' /etc/apt/sources.list.d/debian.sources > "$list"
  apt_opts=(-o "Dir::Etc::SourceList=$list" -o Dir::Etc::SourceParts=/dev/null)
  $sudo_cmd apt-get "${apt_opts[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${todo_nonfree[@]}" >/dev/null
fi
