// libcublas.so.<major> for the emulated GPU path: the entry points Cublas.cpp
// loads, with cublasGemmEx implemented from its column-major definition
// (C = alpha op(A) op(B) + beta C), so the backend's mapping of row-major
// weights onto it is checked, not assumed.
#include <cublas_v2.h>

#include <cstdlib>

extern "C" {

cublasStatus_t CUBLASWINAPI cublasCreate_v2(cublasHandle_t *handle) {
  *handle = reinterpret_cast<cublasHandle_t>(new char);
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t CUBLASWINAPI cublasDestroy_v2(cublasHandle_t handle) {
  delete reinterpret_cast<char *>(handle);
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t CUBLASWINAPI cublasSetStream_v2(cublasHandle_t, cudaStream_t) { return CUBLAS_STATUS_SUCCESS; }
cublasStatus_t CUBLASWINAPI cublasSetMathMode(cublasHandle_t, cublasMath_t) { return CUBLAS_STATUS_SUCCESS; }
const char *CUBLASWINAPI cublasGetStatusString(cublasStatus_t s) {
  return s == CUBLAS_STATUS_SUCCESS ? "CUBLAS_STATUS_SUCCESS" : "emulated cuBLAS error";
}

cublasStatus_t CUBLASWINAPI cublasGemmEx(cublasHandle_t, cublasOperation_t transa, cublasOperation_t transb, int m,
                                         int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda,
                                         const void *B, cudaDataType Btype, int ldb, const void *beta, void *C,
                                         cudaDataType Ctype, int ldc, cublasComputeType_t computeType,
                                         cublasGemmAlgo_t) {
  if (Atype != CUDA_R_32F || Btype != CUDA_R_32F || Ctype != CUDA_R_32F || computeType != CUBLAS_COMPUTE_32F)
    return CUBLAS_STATUS_NOT_SUPPORTED;
  // Error-path tests make the library fail on demand.
  if (const char *fail = std::getenv("DECC_FAKE_CUBLAS_FAIL"); fail && *fail == '1')
    return CUBLAS_STATUS_EXECUTION_FAILED;
  const float *a = static_cast<const float *>(A), *b = static_cast<const float *>(B);
  float *c = static_cast<float *>(C);
  const float al = *static_cast<const float *>(alpha), be = *static_cast<const float *>(beta);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      float s = 0;
      for (int l = 0; l < k; ++l) {
        const float x = transa == CUBLAS_OP_N ? a[i + (size_t)l * lda] : a[l + (size_t)i * lda];
        const float y = transb == CUBLAS_OP_N ? b[l + (size_t)j * ldb] : b[j + (size_t)l * ldb];
        s += x * y;
      }
      float &out = c[i + (size_t)j * ldc];
      out = be == 0.0f ? al * s : al * s + be * out;
    }
  return CUBLAS_STATUS_SUCCESS;
}

}  // extern "C"
