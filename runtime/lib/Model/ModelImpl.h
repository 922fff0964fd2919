// Internal state of a loaded model: validated weight views into the mapped
// file and the derived constants the forward pass needs.
#ifndef DECC_MODEL_MODELIMPL_H
#define DECC_MODEL_MODELIMPL_H

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "Cuda/CudaBackend.h"
#include "ThreadPool.h"
#include "decc/gguf.h"
#include "decc/model.h"

namespace decc::model {

// A 2-D weight as ggml stores it: `rows` rows of `cols` contiguous elements
// (GGUF dims [cols, rows]). A matmul computes y[r] = dot(row r, x).
struct Weight {
  gguf::TensorType type = gguf::TensorType::F32;
  const uint8_t *data = nullptr;
  uint64_t cols = 0, rows = 0, rowBytes = 0;
  std::string_view name;
};

struct LayerWeights {
  std::vector<float> attnNorm, ffnNorm;
  Weight q, k, v, o, gate, up, down;
};

class ModelImpl {
 public:
  std::unique_ptr<gguf::File> file;
  ModelConfig cfg;
  TokenizerData tok;
  Weight tokEmbd, output;
  std::vector<float> outputNorm;
  std::vector<LayerWeights> layers;
  // Angle per position for rotated pair i: pos * invFreq[i] (frequency base,
  // linear scale and per-dimension factors folded in).
  std::vector<double> ropeInvFreq;
  std::unique_ptr<ThreadPool> pool;
  // The pool is not reentrant: sessions take turns.
  mutable std::mutex evalMutex;
  Device device = Device::Cpu;
  // Device::Cuda: the weights in device memory (sessions take turns on its
  // stream under evalMutex too).
  std::unique_ptr<cuda::DeviceModel> cuda;
};

bool loadModelImpl(ModelImpl &m, std::string *err);

}  // namespace decc::model

#endif  // DECC_MODEL_MODELIMPL_H
