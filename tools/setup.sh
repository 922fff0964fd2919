#!/usr/bin/env bash
# One-shot, idempotent set-up of a fresh Debian 12 machine for decc:
# Debian packages, the Python virtual environment with the test oracles, CMake
# configure (clang-19 + ninja + ccache) and build. Used by tools/demo.sh,
# tools/check.sh and .ci/run.
#   BUILD_DIR   build folder (default: build)
#   DECC_SKIP_APT=1   do not touch Debian packages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

apt_packages=(
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 lld-19
  libclang-rt-19-dev libantlr4-runtime-dev antlr4 default-jre-headless
  libgtest-dev libgmock-dev libbenchmark-dev ninja-build ccache cmake
  python3-venv python3-pip nlohmann-json3-dev libicu-dev liblld-19-dev
)
if [ "${DECC_SKIP_APT:-0}" != 1 ]; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# Python oracles for tests (wheels only; see requirements-test.txt).
venv=$root/.venv
if [ ! -x "$venv/bin/python" ] || [ "$root/tools/requirements-test.txt" -nt "$venv/.stamp" ]; then
  echo "setup: creating Python environment in $venv" >&2
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: -r "$root/tools/requirements-test.txt"
  touch "$venv/.stamp"
fi

# Let ccache share results between checkouts in different folders (CI builds
# a fresh clone elsewhere).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang-19 CXX=clang++-19 cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DPython3_EXECUTABLE="$venv/bin/python" \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py >/dev/null
fi
ninja -C "$build" ${DECC_BUILD_TARGETS:-all}
