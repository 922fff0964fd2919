// Device memory and CUDA runtime errors as values, for the backend's host code.
#ifndef DECC_MODEL_CUDA_CUDAUTIL_H
#define DECC_MODEL_CUDA_CUDAUTIL_H

#include <cuda_runtime_api.h>

#include <cstddef>
#include <string>
#include <utility>

namespace decc::model::cuda {

// False with "CUDA: <what>: <runtime message>" in *err when `e` is an error.
bool check(cudaError_t e, const std::string &what, std::string *err);

// An owned device allocation of `count` elements of T (contents undefined).
template <typename T>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(const DeviceArray &) = delete;
  DeviceArray &operator=(const DeviceArray &) = delete;
  DeviceArray(DeviceArray &&o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  DeviceArray &operator=(DeviceArray &&o) noexcept {
    std::swap(p_, o.p_);
    std::swap(n_, o.n_);
    return *this;
  }
  ~DeviceArray() {
    if (p_) cudaFree(p_);
  }

  // Replaces the allocation with one of `count` elements; on failure (out of
  // memory, with the free and total memory in the message) the old one stays.
  bool allocate(size_t count, const std::string &what, std::string *err);
  // Grows to at least `count` elements, contents not kept.
  bool reserve(size_t count, const std::string &what, std::string *err) {
    return count <= n_ || allocate(count, what, err);
  }

  T *get() const { return p_; }
  size_t size() const { return n_; }

 private:
  T *p_ = nullptr;
  size_t n_ = 0;
};

bool allocateBytes(void **p, size_t bytes, const std::string &what, std::string *err);

template <typename T>
bool DeviceArray<T>::allocate(size_t count, const std::string &what, std::string *err) {
  void *p = nullptr;
  if (count > ~size_t(0) / sizeof(T)) return check(cudaErrorMemoryAllocation, what, err);
  if (!allocateBytes(&p, count * sizeof(T), what, err)) return false;
  if (p_) cudaFree(p_);
  p_ = static_cast<T *>(p);
  n_ = count;
  return true;
}

}  // namespace decc::model::cuda

#endif  // DECC_MODEL_CUDA_CUDAUTIL_H
