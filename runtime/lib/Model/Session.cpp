// The forward pass over a chunk of tokens, with a per-layer KV cache. Sessions
// of a Device::Cuda model check their input here, then hand the chunk to the
// CUDA backend (Cuda/DeviceSession.cpp), which mirrors this pass.
#include <algorithm>
#include <cmath>
#include <mutex>

#include "Kernels.h"
#include "ModelImpl.h"

namespace decc::model {

class SessionImpl {
 public:
  SessionImpl(const ModelImpl &m, const SessionOptions &o);
  bool evaluate(const int32_t *tokens, size_t n, bool allLogits, std::string *err);

  const ModelImpl &m;
  uint32_t nLayers;
  bool causal;
  size_t maxTokens;
  size_t used = 0;  // positions in the cache
  std::vector<std::vector<float>> kCache, vCache;  // per layer [pos][nHeadKv * headDim]
  std::vector<float> logits;
  size_t logitRows = 0;
  // Activations of the current chunk, reused between calls.
  std::vector<float> x, xn, q, k, v, att, tmp, gate, up;
  // Device::Cuda models: the cache and activations live on the GPU.
  std::unique_ptr<cuda::DeviceSession> dev;

 private:
  void ensureCache(size_t positions);
  void attention(size_t layer, size_t T, size_t p0, size_t total);
};

SessionImpl::SessionImpl(const ModelImpl &mi, const SessionOptions &o) : m(mi) {
  const ModelConfig &c = m.cfg;
  nLayers = (o.exitLayer == 0 || o.exitLayer > c.nLayer) ? c.nLayer : o.exitLayer;
  causal = o.attention == SessionOptions::Attention::Default ? c.causal
                                                              : o.attention == SessionOptions::Attention::Causal;
  maxTokens = o.maxTokens ? o.maxTokens : c.nCtxTrain;
  kCache.resize(nLayers);
  vCache.resize(nLayers);
  if (m.cuda) dev = m.cuda->newSession(nLayers, maxTokens);
}

void SessionImpl::ensureCache(size_t positions) {
  const size_t kvDim = (size_t)m.cfg.nHeadKv * m.cfg.headDim;
  size_t have = kCache.empty() ? 0 : kCache[0].size() / kvDim;
  if (positions <= have) return;
  // Geometric growth keeps token-by-token decoding from reallocating each step.
  size_t want = std::min(maxTokens, std::max(positions, have * 2));
  want = std::max(want, positions);
  for (uint32_t l = 0; l < nLayers; ++l) {
    kCache[l].resize(want * kvDim);
    vCache[l].resize(want * kvDim);
  }
}

void SessionImpl::attention(size_t layer, size_t T, size_t p0, size_t total) {
  const ModelConfig &c = m.cfg;
  const size_t hd = c.headDim, nH = c.nHead, kvDim = (size_t)c.nHeadKv * hd, group = c.nHead / c.nHeadKv;
  const float scale = 1.0f / std::sqrt((float)hd);
  const float *K = kCache[layer].data(), *V = vCache[layer].data();
  m.pool->parallelFor(T * nH, 1, [&](size_t begin, size_t end) {
    thread_local std::vector<float> scores;
    if (scores.size() < total) scores.resize(total);
    for (size_t item = begin; item < end; ++item) {
      size_t t = item / nH, h = item % nH, kvh = h / group;
      const float *qv = q.data() + t * nH * hd + h * hd;
      size_t nk = causal ? p0 + t + 1 : total;
      float mx = -INFINITY;
      for (size_t j = 0; j < nk; ++j) {
        scores[j] = dot(qv, K + j * kvDim + kvh * hd, hd) * scale;
        mx = std::max(mx, scores[j]);
      }
      float sum = 0;
      for (size_t j = 0; j < nk; ++j) {
        scores[j] = std::exp(scores[j] - mx);
        sum += scores[j];
      }
      float inv = 1.0f / sum;
      float *out = att.data() + t * nH * hd + h * hd;
      std::fill(out, out + hd, 0.0f);
      for (size_t j = 0; j < nk; ++j) {
        const float *vv = V + j * kvDim + kvh * hd;
        float p = scores[j] * inv;
        for (size_t d = 0; d < hd; ++d) out[d] += p * vv[d];
      }
    }
  });
}

bool SessionImpl::evaluate(const int32_t *tokens, size_t T, bool allLogits, std::string *err) {
  const ModelConfig &c = m.cfg;
  auto fail = [&](const std::string &msg) {
    if (err) *err = msg;
    return false;
  };
  if (T == 0) return fail("evaluate: empty chunk");
  for (size_t t = 0; t < T; ++t)
    if (tokens[t] < 0 || (uint32_t)tokens[t] >= c.nVocab)
      return fail("evaluate: token " + std::to_string(tokens[t]) + " at chunk position " + std::to_string(t) +
                  " is outside the vocabulary [0, " + std::to_string(c.nVocab) + ")");
  const size_t p0 = causal ? used : 0;
  if (T > maxTokens - p0)
    return fail("evaluate: " + std::to_string(p0) + " cached + " + std::to_string(T) +
                " new tokens exceed the session capacity of " + std::to_string(maxTokens));

  std::lock_guard<std::mutex> lock(m.evalMutex);
  const size_t total = p0 + T;
  const size_t first = allLogits ? 0 : T - 1;
  if (dev) {
    if (!dev->forward(tokens, T, p0, causal, first, &logits, err)) return false;
    logitRows = T - first;
    if (causal) used = total;
    return true;
  }
  ThreadPool &pool = *m.pool;
  const size_t E = c.nEmbd, hd = c.headDim, qDim = (size_t)c.nHead * hd, kvDim = (size_t)c.nHeadKv * hd;
  ensureCache(total);
  x.resize(T * E);
  xn.resize(T * E);
  q.resize(T * qDim);
  k.resize(T * kvDim);
  v.resize(T * kvDim);
  att.resize(T * qDim);
  tmp.resize(T * E);
  gate.resize(T * c.nFF);
  up.resize(T * c.nFF);

  for (size_t t = 0; t < T; ++t) weightRow(m.tokEmbd, (size_t)tokens[t], x.data() + t * E);

  for (uint32_t l = 0; l < nLayers; ++l) {
    const LayerWeights &L = m.layers[l];
    for (size_t t = 0; t < T; ++t) rmsNorm(x.data() + t * E, L.attnNorm.data(), E, c.rmsEps, xn.data() + t * E);
    matmul(pool, L.q, xn.data(), T, q.data());
    matmul(pool, L.k, xn.data(), T, k.data());
    matmul(pool, L.v, xn.data(), T, v.data());
    for (size_t t = 0; t < T; ++t) {
      rope(q.data() + t * qDim, c.nHead, hd, c.ropeDim, m.ropeInvFreq.data(), p0 + t);
      rope(k.data() + t * kvDim, c.nHeadKv, hd, c.ropeDim, m.ropeInvFreq.data(), p0 + t);
    }
    std::copy(k.begin(), k.end(), kCache[l].begin() + p0 * kvDim);
    std::copy(v.begin(), v.end(), vCache[l].begin() + p0 * kvDim);
    attention(l, T, p0, total);
    matmul(pool, L.o, att.data(), T, tmp.data());
    for (size_t i = 0; i < T * E; ++i) x[i] += tmp[i];

    for (size_t t = 0; t < T; ++t) rmsNorm(x.data() + t * E, L.ffnNorm.data(), E, c.rmsEps, xn.data() + t * E);
    matmul(pool, L.gate, xn.data(), T, gate.data());
    matmul(pool, L.up, xn.data(), T, up.data());
    for (size_t i = 0; i < T * c.nFF; ++i) {
      float g = gate[i];
      gate[i] = g / (1.0f + std::exp(-g)) * up[i];  // SwiGLU: silu(gate) * up
    }
    matmul(pool, L.down, gate.data(), T, tmp.data());
    for (size_t i = 0; i < T * E; ++i) x[i] += tmp[i];
  }

  logitRows = T - first;
  for (size_t t = first; t < T; ++t)
    rmsNorm(x.data() + t * E, m.outputNorm.data(), E, c.rmsEps, xn.data() + (t - first) * E);
  logits.resize(logitRows * c.nVocab);
  matmul(pool, m.output, xn.data(), logitRows, logits.data());
  if (causal) used = total;
  return true;
}

Session::Session(const Model &model, const SessionOptions &opts)
    : impl_(std::make_unique<SessionImpl>(model.impl(), opts)) {}
Session::~Session() = default;

bool Session::evaluate(const int32_t *tokens, size_t n, bool allLogits, std::string *err) {
  return impl_->evaluate(tokens, n, allLogits, err);
}
size_t Session::logitsRows() const { return impl_->logitRows; }
const float *Session::logits(size_t row) const {
  return row < impl_->logitRows ? impl_->logits.data() + row * impl_->m.cfg.nVocab : nullptr;
}
const float *Session::lastLogits() const { return impl_->logitRows ? logits(impl_->logitRows - 1) : nullptr; }
size_t Session::vocab() const { return impl_->m.cfg.nVocab; }
size_t Session::size() const { return impl_->used; }
bool Session::truncate(size_t n) {
  if (n > impl_->used) return false;
  impl_->used = n;
  return true;
}
size_t Session::capacity() const { return impl_->maxTokens; }
bool Session::causal() const { return impl_->causal; }
uint32_t Session::layers() const { return impl_->nLayers; }

}  // namespace decc::model
