// The CUDA backend as the rest of the model host sees it: plain C++, no CUDA
// headers, so ModelLoad.cpp and Session.cpp compile the same with and without
// the toolkit. Builds without CUDA link Disabled.cpp, whose entry points
// report that the backend is not built.
#ifndef DECC_MODEL_CUDA_CUDABACKEND_H
#define DECC_MODEL_CUDA_CUDABACKEND_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace decc::model {

class ModelImpl;

namespace cuda {

// One session's device state: its KV cache and activation buffers.
class DeviceSession {
 public:
  virtual ~DeviceSession() = default;
  // The forward pass of `T` tokens (already validated) at positions p0..p0+T-1
  // (causal, attending over the cache) or 0..T-1 (bidirectional). On success
  // *logits holds the rows of chunk positions first..T-1; on failure neither
  // *logits nor the cached positions below p0 change.
  virtual bool forward(const int32_t *tokens, size_t T, size_t p0, bool causal, size_t first,
                       std::vector<float> *logits, std::string *err) = 0;
};

// A model's weights in device memory, uploaded once, and the cuBLAS handle and
// stream its sessions share (sessions take turns under the model's mutex).
class DeviceModel {
 public:
  virtual ~DeviceModel() = default;
  // Allocates nothing yet: buffers grow on the first forward pass, where an
  // allocation failure can be reported.
  virtual std::unique_ptr<DeviceSession> newSession(uint32_t nLayers, size_t maxTokens) const = 0;
};

bool available(int device, std::string *why);
// The caller prefixes errors with the file name.
std::unique_ptr<DeviceModel> upload(const ModelImpl &m, int device, std::string *err);

}  // namespace cuda
}  // namespace decc::model

#endif  // DECC_MODEL_CUDA_CUDABACKEND_H
