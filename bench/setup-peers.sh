#!/usr/bin/env bash
# Builds the peers the benchmarks run side by side with decc (not needed by
# the tests): llama.cpp through PyPI's llama-cpp-python, compiled from source
# into .venv-bench (several minutes on two cores). Prints the path of
# libllama.so for decc-bench-sampling --llama-lib (or DECC_LLAMA_LIB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.venv-bench
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import llama_cpp" 2>/dev/null; then
  echo "setup-peers: building llama-cpp-python (llama.cpp) from source" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check llama-cpp-python >&2
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
