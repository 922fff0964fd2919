#include "Cublas.h"

#include <dlfcn.h>

#include <climits>
#include <mutex>
#include <type_traits>

namespace decc::model::cuda {

namespace {

std::string statusText(const CublasApi *api, cublasStatus_t s) {
  return std::string(api->statusString(s)) + " (status " + std::to_string((int)s) + ")";
}

// The soname first (the dynamic loader's search path), then the toolkit this
// was built against, for machines where its lib64 is not in ld.so.conf.
void *openLibrary(std::string *tried) {
  const std::string soname = "libcublas.so." + std::to_string(CUBLAS_VER_MAJOR);
  std::string candidates[] = {soname, std::string(DECC_CUDA_LIBRARY_DIR) + "/" + soname};
  for (const std::string &c : candidates) {
    if (void *h = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL)) return h;
    const char *e = dlerror();
    *tried += (tried->empty() ? "" : "; ") + std::string(e ? e : c);
  }
  return nullptr;
}

}  // namespace

const CublasApi *CublasApi::get(std::string *err) {
  static CublasApi api;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string tried;
    void *lib = openLibrary(&tried);
    if (!lib) {
      failure = "CUDA: cannot load cuBLAS: " + tried;
      return;
    }
    auto sym = [&](const char *name, auto *fn) {
      *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(dlsym(lib, name));
      if (!*fn && failure.empty()) failure = std::string("CUDA: cuBLAS has no symbol ") + name;
    };
    sym("cublasCreate_v2", &api.create);
    sym("cublasDestroy_v2", &api.destroy);
    sym("cublasSetStream_v2", &api.setStream);
    sym("cublasSetMathMode", &api.setMathMode);
    sym("cublasGemmEx", &api.gemmEx);
    sym("cublasGetStatusString", &api.statusString);
    // The library stays loaded for the life of the process (handles may
    // outlive any one model).
  });
  if (!failure.empty()) {
    if (err) *err = failure;
    return nullptr;
  }
  return &api;
}

Cublas::~Cublas() {
  if (handle_) api_->destroy(handle_);
}

bool Cublas::init(cudaStream_t stream, std::string *err) {
  api_ = CublasApi::get(err);
  if (!api_) return false;
  cublasStatus_t s = api_->create(&handle_);
  if (s != CUBLAS_STATUS_SUCCESS) {
    handle_ = nullptr;
    if (err) *err = "CUDA: cublasCreate: " + statusText(api_, s);
    return false;
  }
  if ((s = api_->setStream(handle_, stream)) != CUBLAS_STATUS_SUCCESS ||
      (s = api_->setMathMode(handle_, CUBLAS_DEFAULT_MATH)) != CUBLAS_STATUS_SUCCESS) {
    if (err) *err = "CUDA: configuring the cuBLAS handle: " + statusText(api_, s);
    return false;
  }
  return true;
}

bool Cublas::matmul(const float *W, size_t rows, size_t cols, const float *x, size_t T, float *y,
                    const std::string &what, std::string *err) const {
  if (rows > INT_MAX || cols > INT_MAX || T > INT_MAX) {
    if (err) *err = "CUDA: " + what + ": " + std::to_string(rows) + "x" + std::to_string(cols) + " by " +
                    std::to_string(T) + " exceeds cuBLAS's int dimensions";
    return false;
  }
  // Column-major view: W (row-major rows x cols) is the cols x rows matrix
  // W^T with ld = cols, the inputs are cols x T, the outputs rows x T, so
  // Y = op(W^T)^T · X = W · X with transa = T.
  const float one = 1.0f, zero = 0.0f;
  cublasStatus_t s =
      api_->gemmEx(handle_, CUBLAS_OP_T, CUBLAS_OP_N, (int)rows, (int)T, (int)cols, &one, W, CUDA_R_32F, (int)cols,
                   x, CUDA_R_32F, (int)cols, &zero, y, CUDA_R_32F, (int)rows, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
  if (s != CUBLAS_STATUS_SUCCESS) {
    if (err) *err = "CUDA: cublasGemmEx for " + what + ": " + statusText(api_, s);
    return false;
  }
  return true;
}

}  // namespace decc::model::cuda
