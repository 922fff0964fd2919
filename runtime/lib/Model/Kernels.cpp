

#include "Kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace decc::model {

// Sixteen independent accumulators let the compiler vectorise the loop
// without reassociating (no -ffast-math needed) and keep the order fixed.
// dotN computes the dots of one vector `a` with N vectors using exactly the
// arithmetic of dot(), so a result never depends on how work is grouped (and
// so not on how it is split between threads).
template <int N>
static inline __attribute__((always_inline)) void dotN(const float *a, const float *const *bs, size_t n,
                                                       float *out) {
  float acc[N][16] = {};
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int r = 0; r < N; ++r)
      for (int j = 0; j < 16; ++j) acc[r][j] += a[i + j] * bs[r][i + j];
  for (int r = 0; r < N; ++r) {
    size_t k = i;
    for (int j = 0; k < n; ++k, ++j) acc[r][j] += a[k] * bs[r][k];
    for (int s = 8; s > 0; s /= 2)
      for (int j = 0; j < s; ++j) acc[r][j] += acc[r][j + s];
    out[r] = acc[r][0];
  }
}

float dot(const float *a, const float *b, size_t n) {
  float out;
  dotN<1>(a, &b, n, &out);
  return out;
}

void weightRow(const Weight &w, size_t row, float *out) {
  gguf::decodeRow(w.type, w.data + row * w.rowBytes, w.cols, out);
}

// Row r of w as f32, inlined into the multiversioned matmul so that the
// conversions vectorise (F16C for f16 in the AVX2 clone). Same values as
// gguf::decodeRow.
static inline __attribute__((always_inline)) void decodeRowInline(const Weight &w, size_t r,
                                                                   float *__restrict out) {
  const uint8_t *src = w.data + r * w.rowBytes;
  const size_t K = w.cols;
  switch (w.type) {
    case gguf::TensorType::F16:
      for (size_t i = 0; i < K; ++i) {
        _Float16 h;
        std::memcpy(&h, src + 2 * i, 2);
        out[i] = (float)h;
      }
      return;
    case gguf::TensorType::BF16:
      for (size_t i = 0; i < K; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        uint32_t bits = (uint32_t)h << 16;
        std::memcpy(out + i, &bits, 4);
      }
      return;
    case gguf::TensorType::Q8_0:
      for (size_t b = 0; b < K / 32; ++b) {
        const uint8_t *blk = src + 34 * b;
        _Float16 dh;
        std::memcpy(&dh, blk, 2);
        const float d = (float)dh;
        // A local copy tells the compiler the int8 source cannot alias `out`.
        int8_t q[32];
        std::memcpy(q, blk + 2, 32);
        for (int j = 0; j < 32; ++j) out[32 * b + j] = d * (float)q[j];
      }
      return;
    default:
      gguf::decodeRow(w.type, src, K, out);
  }
}

// Rows [begin, end) of y = W x for T inputs. Each weight row is read once, as
// one sequential stream (decoding is memory-bound), and applied to the inputs
// four at a time while it sits in L1. Compiled twice (AVX2+FMA and baseline
// x86-64) and picked at load time, so one binary runs everywhere.
__attribute__((target_clones("arch=x86-64-v3", "default")))
static void matmulRows(const Weight &w, bool inPlace, const float *x, size_t T, float *y, size_t begin, size_t end,
                       float *buf) {
  const size_t K = w.cols, N = w.rows;
  constexpr size_t G = 4;
  for (size_t r = begin; r < end; ++r) {
    const float *row;
    if (inPlace) {
      row = reinterpret_cast<const float *>(w.data + r * w.rowBytes);
    } else {
      decodeRowInline(w, r, buf);
      row = buf;
    }
    size_t t = 0;
    for (; t + G <= T; t += G) {
      const float *xs[G] = {x + t * K, x + (t + 1) * K, x + (t + 2) * K, x + (t + 3) * K};
      float out[G];
      dotN<G>(row, xs, K, out);
      for (size_t i = 0; i < G; ++i) y[(t + i) * N + r] = out[i];
    }
    for (; t < T; ++t) {
      const float *xt = x + t * K;
      dotN<1>(row, &xt, K, &y[t * N + r]);
    }
  }
}

void matmul(ThreadPool &pool, const Weight &w, const float *x, size_t T, float *y) {
  // f32 rows are read in place when the tensor is 4-byte aligned (always, for
  // alignments >= 4); files with general.alignment 1 or 2 take the copy path.
  const bool inPlace = w.type == gguf::TensorType::F32 && (reinterpret_cast<uintptr_t>(w.data) & 3) == 0;
  // Waking the pool costs tens of microseconds; give each part at least ~128K
  // multiply-adds so small models (and decode steps, T = 1) stay on one thread
  // instead of paying more for the hand-off than for the arithmetic.
  const size_t grain = std::max<size_t>(16, (size_t(1) << 17) / std::max<size_t>(1, w.cols * T));
  pool.parallelFor(w.rows, grain, [&](size_t begin, size_t end) {
    thread_local std::vector<float> buf;
    if (buf.size() < w.cols) buf.resize(w.cols);
    matmulRows(w, inPlace, x, T, y, begin, end, buf.data());
  });
}

void rmsNorm(const float *x, const float *weight, size_t n, float eps, float *out) {
  double ss = 0;
  for (size_t i = 0; i < n; ++i) ss += (double)x[i] * x[i];
  float scale = (float)(1.0 / std::sqrt(ss / n + eps));
  for (size_t i = 0; i < n; ++i) out[i] = x[i] * scale * weight[i];
}

void rope(float *v, size_t nHeads, size_t headDim, size_t ropeDim, const double *invFreq, size_t pos) {
  for (size_t i = 0; i < ropeDim / 2; ++i) {
    double theta = (double)pos * invFreq[i];
    float c = (float)std::cos(theta), s = (float)std::sin(theta);
    for (size_t h = 0; h < nHeads; ++h) {
      float *p = v + h * headDim + 2 * i;
      float a = p[0], b = p[1];
      p[0] = a * c - b * s;
      p[1] = a * s + b * c;
    }
  }
}

}  // namespace decc::model
