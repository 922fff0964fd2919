#include "CudaUtil.h"

namespace decc::model::cuda {

bool check(cudaError_t e, const std::string &what, std::string *err) {
  if (e == cudaSuccess) return true;
  if (err) *err = "CUDA: " + what + ": " + cudaGetErrorString(e) + " (" + cudaGetErrorName(e) + ")";
  // A failed call leaves its error as the thread's last error; clear it so the
  // next call is judged on its own (sticky errors stay, as CUDA keeps them).
  cudaGetLastError();
  return false;
}

bool allocateBytes(void **p, size_t bytes, const std::string &what, std::string *err) {
  cudaError_t e = cudaMalloc(p, bytes ? bytes : 1);
  if (e == cudaSuccess) return true;
  cudaGetLastError();
  size_t freeB = 0, totalB = 0;
  std::string mem;
  if (cudaMemGetInfo(&freeB, &totalB) == cudaSuccess)
    mem = ", " + std::to_string(freeB >> 20) + " MiB free of " + std::to_string(totalB >> 20) + " MiB";
  cudaGetLastError();
  if (err)
    *err = "CUDA: allocating " + std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB for " + what + ": " +
           cudaGetErrorString(e) + mem;
  return false;
}

}  // namespace decc::model::cuda
