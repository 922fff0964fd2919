// The CUDA backend's model and session state (DeviceModel.cpp uploads,
// DeviceSession.cpp runs the forward pass).
#ifndef DECC_MODEL_CUDA_CUDAMODEL_H
#define DECC_MODEL_CUDA_CUDAMODEL_H

#include <string>
#include <vector>

#include "../ModelImpl.h"
#include "CudaBackend.h"
#include "CudaUtil.h"
#include "Cublas.h"

namespace decc::model::cuda {

// A weight converted to f32 on upload (Weight's row-major layout).
struct DeviceMatrix {
  DeviceArray<float> data;
  size_t rows = 0, cols = 0;
  std::string name;
};

struct DeviceLayer {
  DeviceArray<float> attnNorm, ffnNorm;
  DeviceMatrix q, k, v, o, gate, up, down;
};

// Owns a stream; declared before the cuBLAS handle bound to it so that the
// handle is destroyed first.
class Stream {
 public:
  Stream() = default;
  Stream(const Stream &) = delete;
  Stream &operator=(const Stream &) = delete;
  ~Stream() {
    if (s_) cudaStreamDestroy(s_);
  }
  bool create(std::string *err) { return check(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking), "cudaStreamCreate", err); }
  cudaStream_t get() const { return s_; }

 private:
  cudaStream_t s_ = nullptr;
};

class CudaModel final : public DeviceModel {
 public:
  CudaModel(const ModelImpl &host, int device) : host(host), device(device) {}
  ~CudaModel() override { cudaSetDevice(device); }
  std::unique_ptr<DeviceSession> newSession(uint32_t nLayers, size_t maxTokens) const override;

  const ModelImpl &host;  // configuration and the CPU-side constants
  const int device;
  Stream stream;
  Cublas blas;
  DeviceMatrix tokEmbd, output;
  const DeviceMatrix *head = nullptr;  // &output, or &tokEmbd for a tied head
  DeviceArray<float> outputNorm;
  DeviceArray<double> ropeInvFreq;
  std::vector<DeviceLayer> layers;
};

}  // namespace decc::model::cuda

#endif  // DECC_MODEL_CUDA_CUDAMODEL_H
