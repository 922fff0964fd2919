#!/usr/bin/env bash
# Regenerates the default models from nothing but a Debian 12 machine:
#   apt-get install -y python3-torch python3-matplotlib libopenblas0-pthread
#   tools/setup.sh          # the project venv (tokenizers, gguf, numpy)
#   tools/train/run_all.sh  # corpus, tokenizer, three models, GGUF export, plot
# Training runs niced on the CPU with fixed seeds and step counts (docs/models-training.md).
# The diffusion stage starts from the AR stage's weights, so it runs after it.
# Debian's PyTorch falls back to the reference BLAS unless OpenBLAS is installed,
# which makes training ~10x slower.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${DECC_TRAIN_DIR:-build-train}
VENV_PY=${DECC_VENV_PY:-.venv/bin/python}
TORCH_PY=${DECC_TORCH_PY:-/usr/bin/python3}
MODELS=examples/models
TOK=$MODELS/decc-tokenizer.json
STAGES=${*:-corpus tokenizer ar diffusion draft export plot}

for stage in $STAGES; do
  case $stage in
    corpus) nice -n 10 "$TORCH_PY" tools/train/corpus.py --out "$WORK/corpus" --seed 1234 ;;
    tokenizer)
      nice -n 10 "$VENV_PY" tools/train/tokenizer.py --corpus "$WORK/corpus" --out "$TOK"
      nice -n 10 "$VENV_PY" tools/train/encode.py --corpus "$WORK/corpus" --tokenizer "$TOK" ;;
    ar) nice -n 10 "$TORCH_PY" tools/train/train.py --kind ar --steps 260 --eval-every 20 --threads 1 \
          --corpus "$WORK/corpus" --tokenizer "$TOK" --out "$WORK/ar" ;;
    diffusion) nice -n 10 "$TORCH_PY" tools/train/train.py --kind diffusion --steps 200 --eval-every 20 --threads 1 \
          --init "$WORK/ar/weights.npz" --lr 1e-3 \
          --corpus "$WORK/corpus" --tokenizer "$TOK" --out "$WORK/diffusion" ;;
    draft) nice -n 10 "$TORCH_PY" tools/train/train.py --kind draft --steps 240 --eval-every 20 --threads 1 \
          --corpus "$WORK/corpus" --tokenizer "$TOK" --out "$WORK/draft" ;;
    export)
      for kind in ar diffusion draft; do
        "$VENV_PY" tools/train/export_gguf.py --run "$WORK/$kind" --tokenizer "$TOK" \
          --out "$MODELS/decc-$kind.gguf" --golden "test/unit/ModelsShipped/data/decc-$kind.golden.gguf"
      done
      "$VENV_PY" tools/train/tokenizer_golden.py --tokenizer "$TOK" --corpus "$WORK/corpus" \
        --out test/unit/ModelsShipped/data/tokenizer-golden.json ;;
    plot) nice -n 10 "$TORCH_PY" tools/train/plot.py --runs "$WORK" --out docs/img/models-training-loss.png ;;
    *) echo "run_all.sh: error: unknown stage '$stage'" >&2; exit 2 ;;
  esac
done
