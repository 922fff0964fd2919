# Rewrites Kernels.cu into host C++ for Shim.h (cmake -DIN=... -DOUT=... -P):
#   K<<<grid, block, shared, stream>>>(args)  ->  cudaemu::launch(K, grid, block, shared, stream, args)
#   extern __shared__ T name[];               ->  T *name = cudaemu::dynamicShared<T>();
# and fails if anything CUDA-only is left, so a new construct in Kernels.cu
# shows up here rather than as a confusing compile error.
file(READ "${IN}" src)
string(REGEX REPLACE "([A-Za-z_][A-Za-z_0-9]*)<<<([^>]*)>>>\\(" "cudaemu::launch(\\1, \\2, " src "${src}")
string(REGEX REPLACE "extern __shared__ ([A-Za-z_0-9]+) ([A-Za-z_0-9]+)\\[\\];"
       "\\1 *\\2 = cudaemu::dynamicShared<\\1>();" src "${src}")
foreach(bad "<<<" "extern __shared__")
  string(FIND "${src}" "${bad}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "emulate.cmake: '${bad}' left in ${IN} after the rewrite")
  endif()
endforeach()
file(WRITE "${OUT}" "// Generated from ${IN} by emulate.cmake.\n#include \"Shim.h\"\n${src}")
