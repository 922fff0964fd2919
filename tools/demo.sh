#!/usr/bin/env bash
# The main job: set-up + build, compile a shipped decoding program and run it.
#   tools/demo.sh [EXAMPLE.dec] [decrun options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/tools/setup.sh" >&2
program=${1:-$root/examples/chat.dec}
[ $# -gt 0 ] && shift
out=$build/demo
mkdir -p "$out"
so=$out/$(basename "${program%.dec}").so
echo "+ decc $program -o $so" >&2
"$build/bin/decc" "$program" -o "$so"
echo "+ decrun $so --seed 7 $*" >&2
exec "$build/bin/decrun" "$so" --seed 7 "$@"
