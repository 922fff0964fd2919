#!/usr/bin/env bash
# Builds the peers the benchmarks run side by side with decc (not needed by
# the tests) into .venv-bench:
#   - llama.cpp through PyPI's llama-cpp-python, compiled from source (several
#     minutes on two cores), for bench/sampling and for bench/grammar's
#     llama.cpp column, with gguf (llama.cpp's gguf-py) to write the
#     vocabulary-only GGUF files that column loads (bench/grammar/gguf_vocab.py);
#   - the grammar engines llguidance and XGrammar for bench/grammar. XGrammar
#     imports torch, and PyPI's torch is gigabytes: the venv sees the system
#     site-packages, where Debian's python3-torch provides it, and XGrammar is
#     installed without its dependencies (torch, triton), then only the light
#     ones it imports (apache-tvm-ffi, pydantic, transformers for its tokenizer
#     module's import; no model or hub download is made).
# Prints the path of libllama.so on stdout for decc-bench-sampling
# --llama-lib (or DECC_LLAMA_LIB); everything else goes to stderr.
# DECC_SKIP_APT=1 skips installing python3-torch and python3-matplotlib with apt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.venv-bench
pip=("$venv/bin/pip" install -q --disable-pip-version-check)

# torch for XGrammar's import, matplotlib for bench/grammar/plot.py.
if ! /usr/bin/python3 -c "import torch, matplotlib" 2>/dev/null; then
  if [ "${DECC_SKIP_APT:-0}" = 1 ]; then
    echo "setup-peers: python3-torch or python3-matplotlib is missing (apt-get install python3-torch python3-matplotlib)" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-torch python3-matplotlib >&2
fi
# Creating over an existing venv keeps its packages and turns the system
# site-packages on (older .venv-bench folders were made without them).
if [ ! -x "$venv/bin/python" ] || ! grep -q "include-system-site-packages = true" "$venv/pyvenv.cfg"; then
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi

if ! "$venv/bin/python" -c "import llama_cpp" 2>/dev/null; then
  echo "setup-peers: building llama-cpp-python (llama.cpp) from source" >&2
  "${pip[@]}" llama-cpp-python >&2
fi
if ! "$venv/bin/python" -c "import gguf" 2>/dev/null; then
  "${pip[@]}" --only-binary=:all: gguf >&2
fi
if ! "$venv/bin/python" -c "import llguidance" 2>/dev/null; then
  "${pip[@]}" --only-binary=:all: llguidance >&2
fi
# Debian's torch 1.13 is built against NumPy 1.x and warns on import with 2.x.
if ! "$venv/bin/python" -c "import numpy, sys; sys.exit(numpy.__version__ >= '2')" 2>/dev/null; then
  "${pip[@]}" --only-binary=:all: "numpy<2" >&2
fi
export TVM_FFI_DISABLE_TORCH_C_DLPACK=1  # see bench/grammar/engines.py
if ! "$venv/bin/python" -c "import xgrammar" 2>/dev/null; then
  "${pip[@]}" --only-binary=:all: --no-deps xgrammar >&2
  "${pip[@]}" --only-binary=:all: apache-tvm-ffi pydantic typing-extensions transformers >&2
  "$venv/bin/python" -c "import xgrammar" >&2 || {
    echo "setup-peers: xgrammar does not import in $venv" >&2
    exit 1
  }
fi

lib=$("$venv/bin/python" - <<'PY'
import os, llama_cpp
print(os.path.join(os.path.dirname(llama_cpp.__file__), "lib", "libllama.so"))
PY
)
header=$(dirname "$(dirname "$lib")")/../include/llama.h
# bench/sampling/LlamaChain.cpp declares the few structs it uses; make sure
# this llama.cpp still has them as declared.
if [ -f "$header" ]; then
  grep -q "int64_t selected;" "$header" && grep -q "bool no_perf;" "$header" || {
    echo "setup-peers: $header changed the sampler structs; update bench/sampling/LlamaChain.cpp" >&2
    exit 1
  }
fi
echo "$lib"
