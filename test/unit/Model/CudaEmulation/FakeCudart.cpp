// The CUDA runtime calls of the backend's host code, on host memory: with
// Shim.h's kernels and FakeCublas.cpp, the whole GPU path (DeviceModel.cpp,
// DeviceSession.cpp, Cublas.cpp) runs on a machine without a GPU. One
// device; streams are in-order by construction (everything is synchronous).
#include <cuda_runtime_api.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "FakeCudart.h"

namespace {
thread_local cudaError_t lastError = cudaSuccess;
cudaError_t record(cudaError_t e) {
  if (e != cudaSuccess) lastError = e;
  return e;
}
// The emulated device's memory: a budget the tests can lower.
constexpr size_t kTotal = size_t(1) << 34;
std::mutex memMutex;
size_t limit = kTotal, used = 0;
std::unordered_map<void *, size_t> sizes;
}  // namespace

namespace cudaemu {
void setDeviceMemory(size_t bytes) {
  std::lock_guard<std::mutex> l(memMutex);
  limit = bytes;
}
size_t deviceMemoryUsed() {
  std::lock_guard<std::mutex> l(memMutex);
  return used;
}
}  // namespace cudaemu

extern "C" {

cudaError_t CUDARTAPI cudaGetDeviceCount(int *count) {
  *count = 1;
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaSetDevice(int device) { return record(device == 0 ? cudaSuccess : cudaErrorInvalidDevice); }
cudaError_t CUDARTAPI cudaGetLastError(void) {
  cudaError_t e = lastError;
  lastError = cudaSuccess;
  return e;
}
const char *CUDARTAPI cudaGetErrorString(cudaError_t e) {
  return e == cudaSuccess ? "no error" : e == cudaErrorMemoryAllocation ? "out of memory" : "emulated CUDA error";
}
const char *CUDARTAPI cudaGetErrorName(cudaError_t e) {
  return e == cudaSuccess ? "cudaSuccess" : e == cudaErrorMemoryAllocation ? "cudaErrorMemoryAllocation" : "cudaError";
}
cudaError_t CUDARTAPI cudaMalloc(void **p, size_t bytes) {
  std::lock_guard<std::mutex> l(memMutex);
  *p = nullptr;
  if (bytes > limit - used || !(*p = std::malloc(bytes))) return record(cudaErrorMemoryAllocation);
  // Poison fresh allocations (NaN floats) so that reads of unwritten memory show up.
  std::memset(*p, 0xff, bytes);
  sizes[*p] = bytes;
  used += bytes;
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaFree(void *p) {
  std::lock_guard<std::mutex> l(memMutex);
  auto it = sizes.find(p);
  if (it == sizes.end()) return record(p ? cudaErrorInvalidValue : cudaSuccess);
  used -= it->second;
  sizes.erase(it);
  std::free(p);
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaMemGetInfo(size_t *freeBytes, size_t *totalBytes) {
  std::lock_guard<std::mutex> l(memMutex);
  *freeBytes = limit - used;
  *totalBytes = kTotal;
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaMemcpy(void *dst, const void *src, size_t n, enum cudaMemcpyKind) {
  std::memmove(dst, src, n);
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaMemcpyAsync(void *dst, const void *src, size_t n, enum cudaMemcpyKind, cudaStream_t) {
  std::memmove(dst, src, n);
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaStreamCreateWithFlags(cudaStream_t *s, unsigned int) {
  static int token;
  *s = reinterpret_cast<cudaStream_t>(&token);
  return cudaSuccess;
}
cudaError_t CUDARTAPI cudaStreamDestroy(cudaStream_t) { return cudaSuccess; }
cudaError_t CUDARTAPI cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }

}  // extern "C"
