#!/usr/bin/env bash
# The whole test suite: set-up + build (tools/setup.sh), then every GoogleTest
# case, the lit suite and a short run of every fuzzer, through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/tools/setup.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)" "$@"
