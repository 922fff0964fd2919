// cuBLAS, loaded with dlopen on first use. Linking libcublas (54 MB) and
// libcublasLt (540 MB) would cost every program that links the model host
// about 0.3 s at start-up (measured), GPU or not; loading it only when a
// model is uploaded keeps that cost where it buys something, and a missing
// library becomes an error value instead of a failed start.
#ifndef DECC_MODEL_CUDA_CUBLAS_H
#define DECC_MODEL_CUDA_CUBLAS_H

#include <cublas_v2.h>

#include <string>

namespace decc::model::cuda {

struct CublasApi {
  decltype(&::cublasCreate_v2) create = nullptr;
  decltype(&::cublasDestroy_v2) destroy = nullptr;
  decltype(&::cublasSetStream_v2) setStream = nullptr;
  decltype(&::cublasSetMathMode) setMathMode = nullptr;
  // The C entry point (the header adds a C++ overload taking cudaDataType).
  cublasStatus_t (*gemmEx)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int, const void *,
                           const void *, cudaDataType, int, const void *, cudaDataType, int, const void *, void *,
                           cudaDataType, int, cublasComputeType_t, cublasGemmAlgo_t) = nullptr;
  decltype(&::cublasGetStatusString) statusString = nullptr;

  // The process-wide instance; nullptr with the dlopen/dlsym message in *err.
  static const CublasApi *get(std::string *err);
};

// A cuBLAS handle bound to one stream, in full f32 arithmetic (no TF32) so
// that logits stay comparable with the CPU path.
class Cublas {
 public:
  Cublas() = default;
  Cublas(const Cublas &) = delete;
  Cublas &operator=(const Cublas &) = delete;
  ~Cublas();
  bool init(cudaStream_t stream, std::string *err);

  // y[t * rows + r] = dot(row r of W, x + t * cols) for t < T: the CPU
  // matmul's contract (Kernels.h) over a row-major f32 weight on the device.
  bool matmul(const float *W, size_t rows, size_t cols, const float *x, size_t T, float *y, const std::string &what,
              std::string *err) const;

 private:
  const CublasApi *api_ = nullptr;
  cublasHandle_t handle_ = nullptr;
};

}  // namespace decc::model::cuda

#endif  // DECC_MODEL_CUDA_CUBLAS_H
