// Device probing and the one-time upload of a model's weights.
#include <algorithm>

#include "../Kernels.h"
#include "CudaModel.h"
#include "DeviceKernels.h"

namespace decc::model::cuda {

bool available(int device, std::string *why) {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e == cudaErrorInsufficientDriver) {
    cudaGetLastError();
    // What the runtime reports when there is no driver at all, too.
    if (why) *why = "CUDA is not available: no NVIDIA driver, or one older than this build's CUDA runtime " +
                    std::to_string(CUDART_VERSION / 1000) + "." + std::to_string(CUDART_VERSION % 1000 / 10);
    return false;
  }
  if (e != cudaSuccess && e != cudaErrorNoDevice) {
    cudaGetLastError();
    if (why) *why = std::string("CUDA is not available: cudaGetDeviceCount: ") + cudaGetErrorString(e);
    return false;
  }
  if (e == cudaErrorNoDevice || n == 0) {
    cudaGetLastError();
    if (why) *why = "CUDA is not available: no CUDA device found";
    return false;
  }
  if (device < 0 || device >= n) {
    if (why) *why = "CUDA is not available: device " + std::to_string(device) + " does not exist (" +
                    std::to_string(n) + " present)";
    return false;
  }
  return true;
}

namespace {

// Weights are converted to f32 with the CPU's own row conversion
// (weightRow, i.e. gguf::decodeRow), so both paths multiply by the same
// values; a few MiB at a time keep the host staging buffer small.
bool uploadMatrix(const Weight &w, DeviceMatrix *out, std::string *err) {
  out->rows = w.rows;
  out->cols = w.cols;
  out->name = std::string(w.name);
  const std::string what = "tensor '" + out->name + "'";
  if (!out->data.allocate(w.rows * w.cols, what, err)) return false;
  if (w.type == gguf::TensorType::F32)
    return check(cudaMemcpy(out->data.get(), w.data, w.rows * w.cols * sizeof(float), cudaMemcpyHostToDevice),
                 "copying " + what, err);
  const size_t chunkRows = std::max<size_t>(1, (size_t(4) << 20) / w.cols);
  std::vector<float> staging(std::min<size_t>(chunkRows, w.rows) * w.cols);
  for (size_t r0 = 0; r0 < w.rows; r0 += chunkRows) {
    const size_t n = std::min<size_t>(chunkRows, w.rows - r0);
    for (size_t r = 0; r < n; ++r) weightRow(w, r0 + r, staging.data() + r * w.cols);
    if (!check(cudaMemcpy(out->data.get() + r0 * w.cols, staging.data(), n * w.cols * sizeof(float),
                          cudaMemcpyHostToDevice),
               "copying " + what, err))
      return false;
  }
  return true;
}

template <typename T>
bool uploadVector(const std::vector<T> &v, const std::string &what, DeviceArray<T> *out, std::string *err) {
  return out->allocate(v.size(), what, err) &&
         check(cudaMemcpy(out->get(), v.data(), v.size() * sizeof(T), cudaMemcpyHostToDevice), "copying " + what,
               err);
}

bool uploadAll(const ModelImpl &m, CudaModel &d, std::string *err) {
  const ModelConfig &c = m.cfg;
  if (c.headDim > kMaxHeadDim) {
    if (err) *err = "CUDA: head dimension " + std::to_string(c.headDim) + " exceeds the attention kernel's limit of " +
                    std::to_string(kMaxHeadDim);
    return false;
  }
  if (!check(cudaSetDevice(d.device), "cudaSetDevice(" + std::to_string(d.device) + ")", err) ||
      !d.stream.create(err) || !d.blas.init(d.stream.get(), err))
    return false;
  if (!uploadMatrix(m.tokEmbd, &d.tokEmbd, err) ||
      !uploadVector(m.outputNorm, "tensor 'output_norm.weight'", &d.outputNorm, err) ||
      !uploadVector(m.ropeInvFreq, "the RoPE frequencies", &d.ropeInvFreq, err))
    return false;
  if (c.tiedOutput) {
    d.head = &d.tokEmbd;
  } else {
    if (!uploadMatrix(m.output, &d.output, err)) return false;
    d.head = &d.output;
  }
  d.layers.resize(m.layers.size());
  for (size_t l = 0; l < m.layers.size(); ++l) {
    const LayerWeights &L = m.layers[l];
    DeviceLayer &D = d.layers[l];
    const std::string p = "tensor 'blk." + std::to_string(l) + ".";
    if (!uploadVector(L.attnNorm, p + "attn_norm.weight'", &D.attnNorm, err) ||
        !uploadVector(L.ffnNorm, p + "ffn_norm.weight'", &D.ffnNorm, err) || !uploadMatrix(L.q, &D.q, err) ||
        !uploadMatrix(L.k, &D.k, err) || !uploadMatrix(L.v, &D.v, err) || !uploadMatrix(L.o, &D.o, err) ||
        !uploadMatrix(L.gate, &D.gate, err) || !uploadMatrix(L.up, &D.up, err) || !uploadMatrix(L.down, &D.down, err))
      return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<DeviceModel> upload(const ModelImpl &m, int device, std::string *err) {
  if (!available(device, err)) return nullptr;
  auto d = std::make_unique<CudaModel>(m, device);
  if (!uploadAll(m, *d, err)) return nullptr;
  return d;
}

}  // namespace decc::model::cuda
