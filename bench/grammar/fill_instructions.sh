#!/bin/bash
# Instructions of each mask fill (Matcher::fillMask) over the first pass of
# `decc-grammar bench`, counted by callgrind: the stable measure of a change
# to the matcher (wall-clock p99 of a short document moves by +-20-50 % on a
# shared machine). Prints, per schema, the first pass's total and its
# costliest fills (step:instructions).
#
#   bench/grammar/fill_instructions.sh [--top N] [--tokenizer T.json] [--bin DECC_GRAMMAR] [SCHEMA_NAME ...]
#
# Schemas are names under bench/grammar/schemas (all 22 when none is given).
# Needs valgrind; ~15 s per schema.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
top=3
tok=${DECC_TOKENIZERS_DIR:-$root/../shared/data/tokenizers}/llama3/tokenizer.json
bin=$root/build/bin/decc-grammar
names=()
while [ $# -gt 0 ]; do
  case $1 in
    --top) top=$2; shift 2 ;;
    --tokenizer) tok=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "fill_instructions.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
command -v valgrind >/dev/null || { echo "fill_instructions.sh: valgrind is not installed" >&2; exit 2; }
[ -x "$bin" ] || { echo "fill_instructions.sh: $bin: no decc-grammar (build it, or pass --bin)" >&2; exit 2; }
[ -f "$tok" ] || { echo "fill_instructions.sh: $tok: no tokenizer (pass --tokenizer)" >&2; exit 2; }
if [ ${#names[@]} -eq 0 ]; then
  for f in "$root"/bench/grammar/schemas/*.schema.json; do names+=("$(basename "$f" .schema.json)"); done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in "${names[@]}"; do
  schema=$root/bench/grammar/schemas/$n.schema.json
  [ -f "$schema" ] || { echo "fill_instructions.sh: $schema: no such schema" >&2; exit 2; }
  rm -f "$work"/cg.out*
  # One dump per fill: the dump before fill k holds fill k-1.
  valgrind --tool=callgrind --toggle-collect='decc::grammar::Matcher::fillMask*' \
    --dump-before='*Matcher::fillMask*' --callgrind-out-file="$work/cg.out" \
    "$bin" bench --grammar "$schema" --tokenizer "$tok" --input "${schema%.schema.json}.doc.json" \
    --json "$work/bench.json" --passes 1 >/dev/null 2>&1
  for f in $(cd "$work" && ls cg.out.* | sort -t. -k3 -n); do
    grep -m1 '^summary:' "$work/$f" | awk '{print $2}'
  done | awk -v n="$n" -v top="$top" '
    NR > 1 { step[NR - 2] = $1; total += $1 }
    END {
      printf "%s total=%.0fk top:", n, total / 1000
      for (k = 0; k < top; ++k) {
        best = -1
        for (s in step) if (!(s in shown) && (best < 0 || step[s] > step[best])) best = s
        if (best < 0) break
        shown[best] = 1
        printf " %s:%.0fk", best, step[best] / 1000
      }
      printf "\n"
    }'
done
