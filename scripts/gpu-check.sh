#!/usr/bin/env bash
# GPU parity and timings for the kernels, on a machine with an NVIDIA GPU and driver but no .NET.
#   ./scripts/gpu-check.sh pack        here (with the .NET SDK): self-contained publish of the kernel tests and the
#                                      check program into .gpu/gpu.tar.xz (~44 MB; .gpu/ is not committed)
#   ./scripts/gpu-check.sh run [OUT]   there: unpacks it, runs all kernel tests (the 70 GPU-only ones included) and
#                                      Expotion.Kernels.Check (GPU vs emulation vs CPU parity, bandwidth, flow timings);
#                                      logs and results go to OUT (default ./gpu-results)
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
pack)
    rm -rf .gpu && mkdir -p .gpu
    dotnet publish tests/Expotion.Kernels.Tests -c Release -r linux-x64 --self-contained -o .gpu/tests
    dotnet publish kernels/Expotion.Kernels.Check -c Release -r linux-x64 -o .gpu/check
    tar -C .gpu -cf - tests check | xz -T0 -4 >.gpu/gpu.tar.xz
    rm -rf .gpu/tests .gpu/check
    ls -l .gpu/gpu.tar.xz
    ;;
run)
    out="$(realpath -m "${2:-gpu-results}")"
    mkdir -p "$out"
    work="$(mktemp -d)"
    # Python's tarfile, because the GPU image may have no xz binary.
    python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" .gpu/gpu.tar.xz "$work"
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee "$out/gpu.txt"
    ls /usr/local/cuda/lib64/libnvrtc.so* 2>/dev/null | tee -a "$out/gpu.txt" || true
    status=0
    # Two passes: CUDA and AddressSanitizer cannot share a process, so the GPU pass skips the ASan tests and the
    # second pass (EXPOTION_KERNELS=cpu: the GPU is not opened) runs them.
    for pass in gpu asan; do
        env=(); [ "$pass" = asan ] && env=(EXPOTION_KERNELS=cpu)
        (cd "$work/tests" && env "${env[@]}" ./Expotion.Kernels.Tests -noColor -xml "$out/results-$pass.xml" >"$out/tests-$pass.log" 2>&1) || status=1
        grep -B2 -A25 "\[FAIL\]" "$out/tests-$pass.log" | head -120 || true
        echo "$pass pass: $(tail -1 "$out/tests-$pass.log")"
    done
    if [ -d "$work/check" ]; then
        (cd "$work/check" && ./Expotion.Kernels.Check) >"$out/gpu-check.md" 2>&1 || status=1
        cat "$out/gpu-check.md"
    fi
    exit $status
    ;;
*)
    sed -n '2,7p' "$0"
    exit 2
    ;;
esac
