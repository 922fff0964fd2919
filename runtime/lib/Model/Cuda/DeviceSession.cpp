// The forward pass on the GPU: Session.cpp's CPU pass step for step, with
// cuBLAS for the projections and the output head and Kernels.cu for the rest.
// The KV cache is per layer [position][nHeadKv * headDim] in device memory;
// K and V projections are written straight into it.
#include <algorithm>
#include <climits>

#include "CudaModel.h"
#include "DeviceKernels.h"

namespace decc::model::cuda {
namespace {

class CudaSession final : public DeviceSession {
 public:
  CudaSession(const CudaModel &m, uint32_t nLayers, size_t maxTokens)
      : m_(m), nLayers_(nLayers), maxTokens_(maxTokens), kCache_(nLayers), vCache_(nLayers) {}
  ~CudaSession() override { cudaSetDevice(m_.device); }

  bool forward(const int32_t *tokens, size_t T, size_t p0, bool causal, size_t first, std::vector<float> *logits,
               std::string *err) override {
    if (!check(cudaSetDevice(m_.device), "cudaSetDevice", err)) return false;
    if (run(tokens, T, p0, causal, first, logits, err)) return true;
    // Work queued before the failure must not outlive this call: the next one
    // may reallocate the buffers it uses.
    cudaStreamSynchronize(m_.stream.get());
    cudaGetLastError();
    return false;
  }

 private:
  bool run(const int32_t *tokens, size_t T, size_t p0, bool causal, size_t first, std::vector<float> *logits,
           std::string *err);
  bool ensureCache(size_t positions, std::string *err);
  bool ensureActivations(size_t T, size_t rows, std::string *err);

  const CudaModel &m_;
  const uint32_t nLayers_;
  const size_t maxTokens_;
  size_t capacity_ = 0;  // positions every layer's cache holds
  std::vector<DeviceArray<float>> kCache_, vCache_;
  DeviceArray<int32_t> tokens_;
  DeviceArray<float> x_, xn_, q_, att_, tmp_, gate_, up_, logits_;
  std::vector<float> hostLogits_;
};

// Geometric growth as on the CPU; the cached rows move to the new buffers.
bool CudaSession::ensureCache(size_t positions, std::string *err) {
  if (positions <= capacity_) return true;
  const size_t kvDim = (size_t)m_.host.cfg.nHeadKv * m_.host.cfg.headDim;
  const size_t want = std::max(positions, std::min(maxTokens_, capacity_ * 2));
  std::vector<DeviceArray<float>> old;
  bool ok = true;
  for (uint32_t l = 0; l < nLayers_ && ok; ++l) {
    for (auto *cache : {&kCache_[l], &vCache_[l]}) {
      if (cache->size() >= want * kvDim) continue;  // grown by an earlier, failed attempt
      DeviceArray<float> grown;
      ok = grown.allocate(want * kvDim, "the KV cache of layer " + std::to_string(l), err) &&
           (!capacity_ || check(cudaMemcpyAsync(grown.get(), cache->get(), capacity_ * kvDim * sizeof(float),
                                                cudaMemcpyDeviceToDevice, m_.stream.get()),
                                "growing the KV cache", err));
      if (!ok) break;
      old.push_back(std::move(*cache));
      *cache = std::move(grown);
    }
  }
  // The copies must finish before `old` frees their sources, failure or not.
  ok = check(cudaStreamSynchronize(m_.stream.get()), "growing the KV cache", ok ? err : nullptr) && ok;
  if (ok) capacity_ = want;
  return ok;
}

bool CudaSession::ensureActivations(size_t T, size_t rows, std::string *err) {
  const ModelConfig &c = m_.host.cfg;
  const size_t E = c.nEmbd, qDim = (size_t)c.nHead * c.headDim;
  return tokens_.reserve(T, "the chunk's tokens", err) && x_.reserve(T * E, "activations", err) &&
         xn_.reserve(T * E, "activations", err) && q_.reserve(T * qDim, "activations", err) &&
         att_.reserve(T * qDim, "activations", err) && tmp_.reserve(T * E, "activations", err) &&
         gate_.reserve(T * c.nFF, "activations", err) && up_.reserve(T * c.nFF, "activations", err) &&
         logits_.reserve(rows * c.nVocab, "logits", err);
}

bool CudaSession::run(const int32_t *tokens, size_t T, size_t p0, bool causal, size_t first,
                      std::vector<float> *logits, std::string *err) {
  const ModelConfig &c = m_.host.cfg;
  const size_t E = c.nEmbd, hd = c.headDim, kvDim = (size_t)c.nHeadKv * hd, total = p0 + T, rows = T - first;
  const cudaStream_t s = m_.stream.get();
  if (T * c.nHead > INT_MAX) {
    if (err) *err = "CUDA: a chunk of " + std::to_string(T) + " tokens is too large for one pass";
    return false;
  }
  if (!ensureCache(total, err) || !ensureActivations(T, rows, err)) return false;
  auto launched = [&](const char *kernel) { return check(cudaGetLastError(), std::string("launching ") + kernel, err); };
  auto mm = [&](const DeviceMatrix &w, const float *x, size_t n, float *y) {
    return m_.blas.matmul(w.data.get(), w.rows, w.cols, x, n, y, "tensor '" + w.name + "'", err);
  };

  if (!check(cudaMemcpyAsync(tokens_.get(), tokens, T * sizeof(int32_t), cudaMemcpyHostToDevice, s),
             "copying the tokens", err))
    return false;
  embed(m_.tokEmbd.data.get(), tokens_.get(), T, E, x_.get(), s);
  if (!launched("embed")) return false;

  for (uint32_t l = 0; l < nLayers_; ++l) {
    const DeviceLayer &L = m_.layers[l];
    float *K = kCache_[l].get(), *V = vCache_[l].get();
    rmsNorm(x_.get(), L.attnNorm.get(), T, E, c.rmsEps, xn_.get(), s);
    if (!launched("rmsNorm") || !mm(L.q, xn_.get(), T, q_.get()) || !mm(L.k, xn_.get(), T, K + p0 * kvDim) ||
        !mm(L.v, xn_.get(), T, V + p0 * kvDim))
      return false;
    rope(q_.get(), T, c.nHead, hd, c.ropeDim, m_.ropeInvFreq.get(), p0, s);
    rope(K + p0 * kvDim, T, c.nHeadKv, hd, c.ropeDim, m_.ropeInvFreq.get(), p0, s);
    if (!launched("rope")) return false;
    attention(q_.get(), K, V, att_.get(), T, c.nHead, c.nHeadKv, hd, p0, total, causal, s);
    if (!launched("attention") || !mm(L.o, att_.get(), T, tmp_.get())) return false;
    addInPlace(x_.get(), tmp_.get(), T * E, s);
    if (!launched("addInPlace")) return false;

    rmsNorm(x_.get(), L.ffnNorm.get(), T, E, c.rmsEps, xn_.get(), s);
    if (!launched("rmsNorm") || !mm(L.gate, xn_.get(), T, gate_.get()) || !mm(L.up, xn_.get(), T, up_.get()))
      return false;
    swiGlu(gate_.get(), up_.get(), T * c.nFF, s);
    if (!launched("swiGlu") || !mm(L.down, gate_.get(), T, tmp_.get())) return false;
    addInPlace(x_.get(), tmp_.get(), T * E, s);
    if (!launched("addInPlace")) return false;
  }

  rmsNorm(x_.get() + first * E, m_.outputNorm.get(), rows, E, c.rmsEps, xn_.get(), s);
  if (!launched("rmsNorm") || !mm(*m_.head, xn_.get(), rows, logits_.get())) return false;
  hostLogits_.resize(rows * c.nVocab);
  if (!check(cudaMemcpyAsync(hostLogits_.data(), logits_.get(), rows * c.nVocab * sizeof(float),
                             cudaMemcpyDeviceToHost, s),
             "copying the logits", err) ||
      !check(cudaStreamSynchronize(s), "the forward pass", err))
    return false;
  logits->swap(hostLogits_);
  return true;
}

}  // namespace

std::unique_ptr<DeviceSession> CudaModel::newSession(uint32_t nLayers, size_t maxTokens) const {
  return std::make_unique<CudaSession>(*this, nLayers, maxTokens);
}

}  // namespace decc::model::cuda
