#!/usr/bin/env bash
# The main job: set-up + build, compile a shipped decoding program and
# generate text with the shipped default model (examples/models/decc-ar.gguf,
# trained by tools/train; see examples/models/README.md).
#   tools/demo.sh                         examples/chat.dec on the default model
#   tools/demo.sh PROGRAM.dec [decrun options...]
# With options, they replace the default model/prompt options, e.g.
#   tools/demo.sh examples/greedy.dec --model examples/models/decc-ar.gguf --prompt '[{"id": ' --max-tokens 40
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/tools/setup.sh" >&2
program=${1:-$root/examples/chat.dec}
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
  set -- --model "$root/examples/models/decc-ar.gguf" --prompt '{"name": "' --max-tokens 64
fi
out=$build/demo
mkdir -p "$out"
so=$out/$(basename "${program%.dec}").so
echo "+ decc $program -o $so" >&2
"$build/bin/decc" "$program" -o "$so"
echo "+ decrun $so --seed 7 $*" >&2
"$build/bin/decrun" "$so" --seed 7 "$@"
echo
