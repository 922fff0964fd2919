#!/usr/bin/env bash
# The CUDA backend's GPU check (docs/model.md, "CUDA backend"): builds
# decrt-model-cuda-tests with -DDECC_CUDA=ON and runs it, which compares the
# GPU path's logits with the CPU path's on five models. On a GPU machine a
# skipped test is a failure (it means no usable device).
#
#   tools/gpu-check.sh          build, then run (a machine with the project's toolchain and a GPU)
#   tools/gpu-check.sh build    configure + build only (the development machine, GPU or not)
#   tools/gpu-check.sh run      run an already built binary (the lent GPU machine, whose image has
#                               nvcc, CMake and ninja but not LLVM/MLIR 19 and GoogleTest, which the
#                               project's configure needs)
#
# A session with a lent GPU therefore runs, here:   tools/gpu-check.sh build
# and there (the device tool's `run`, carrying the binary):
#   command: tools/gpu-check.sh run     carry: ["build-gpu/bin/decrt-model-cuda-tests"]
#
#   BUILD_DIR           build folder (default: build-gpu)
#   GPU_CHECK_TIMEOUT   seconds for the test run (default: 300)
#   GPU_CHECK_JOBS      parallel build jobs (default: all cores)
#   GPU_CHECK_MEMCHECK=1  also run a subset under compute-sanitizer memcheck
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-gpu}
case "$build" in /*) ;; *) build=$root/$build ;; esac
binary=$build/bin/decrt-model-cuda-tests
mode=${1:-all}

build_tests() {
  if [ ! -f "$build/build.ninja" ]; then
    mkdir -p "$build"
    local cc=() launcher=()
    if command -v clang++-19 >/dev/null; then cc=(-DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19); fi
    if command -v ccache >/dev/null; then
      launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    fi
    # A static libstdc++ lets the binary run on the GPU machine's distribution.
    cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDECC_CUDA=ON "${cc[@]}" "${launcher[@]}" \
      -DCMAKE_EXE_LINKER_FLAGS="-static-libstdc++ -static-libgcc" \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py >"$build/configure.log" 2>&1 || {
      tail -20 "$build/configure.log"
      echo "gpu-check: configure failed (log: $build/configure.log)" >&2
      exit 1
    }
  fi
  ninja -C "$build" -j"${GPU_CHECK_JOBS:-$(nproc)}" decrt-model-cuda-tests
}

# cuBLAS is loaded with dlopen: make sure the loader finds it where the
# toolkit or a Python wheel put it.
find_cublas() {
  ldconfig -p 2>/dev/null | grep -q 'libcublas\.so\.' && return
  local d dirs=(/usr/local/cuda/lib64 /usr/local/cuda/lib /usr/local/cuda-*/lib64 /usr/local/cuda-*/targets/*/lib)
  for d in $(python3 -c 'import site; print(" ".join(site.getsitepackages()))' 2>/dev/null || true); do
    dirs+=("$d/nvidia/cu13/lib" "$d/nvidia/cublas/lib")
  done
  for d in "${dirs[@]}"; do
    if ls "$d"/libcublas.so.* >/dev/null 2>&1; then
      export LD_LIBRARY_PATH=$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
      echo "gpu-check: cuBLAS from $d"
      return
    fi
  done
  echo "gpu-check: warning: no libcublas.so found; the tests will report it" >&2
}

run_tests() {
  [ -x "$binary" ] || { echo "gpu-check: $binary is missing (run 'tools/gpu-check.sh build' first)" >&2; exit 1; }
  nvidia-smi -L 2>/dev/null || echo "gpu-check: nvidia-smi lists no GPU" >&2
  find_cublas
  export DECC_MODEL_TEST_DATA=$root/test/data/model
  local log=${OUT:-$build}/gpu-check.log rc=0
  mkdir -p "$(dirname "$log")"
  timeout "${GPU_CHECK_TIMEOUT:-300}" "$binary" --gtest_color=no >"$log" 2>&1 || rc=$?
  grep -E -A3 'Failure$' "$log" | head -60 || true
  grep -E '^\[  FAILED  \]' "$log" | sort -u | head -40 || true
  grep -A1 ': Skipped$' "$log" | grep -v -e ': Skipped$' -e '^--$' | sort | uniq -c | head -5 || true
  local passed skipped failed
  passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  echo "gpu-check: passed ${passed:-0}, skipped ${skipped:-0}, failed ${failed:-0} (exit $rc, log $log)"
  grep 'max |gpu-cpu|' "$log" || true
  if [ "${GPU_CHECK_MEMCHECK:-0}" = 1 ] && command -v compute-sanitizer >/dev/null; then
    local mrc=0
    timeout 240 compute-sanitizer --tool memcheck --error-exitcode 9 "$binary" --gtest_color=no \
      --gtest_filter='*tiny_f16*:*random_hd256*' >"$log.memcheck" 2>&1 || mrc=$?
    echo "gpu-check: memcheck exit $mrc (0: clean; log $log.memcheck)"
    tail -5 "$log.memcheck"
    [ "$mrc" = 0 ] || rc=1
  fi
  if [ "$rc" = 124 ]; then echo "gpu-check: FAIL: timed out" >&2; exit 1; fi
  if [ "$rc" != 0 ] || [ "${failed:-0}" != 0 ]; then echo "gpu-check: FAIL" >&2; exit 1; fi
  if [ "${skipped:-0}" != 0 ] || [ -z "$passed" ]; then
    echo "gpu-check: FAIL: tests were skipped, so no GPU was used" >&2
    exit 1
  fi
  echo "gpu-check: OK"
}

case "$mode" in
  build) build_tests ;;
  run) run_tests ;;
  all) build_tests && run_tests ;;
  *) echo "usage: tools/gpu-check.sh [build|run]" >&2; exit 2 ;;
esac
