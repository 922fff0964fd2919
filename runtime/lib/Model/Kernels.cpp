#include "Kernels.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace decc::model {

// Sixteen independent accumulators let the compiler vectorise the loop
// without reassociating (no -ffast-math needed) and keep the order fixed.
float dot(const float *a, const float *b, size_t n) {
  float acc[16] = {};
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int j = 0; j < 16; ++j) acc[j] += a[i + j] * b[i + j];
  for (int j = 0; i < n; ++i, ++j) acc[j] += a[i] * b[i];
  for (int s = 8; s > 0; s /= 2)
    for (int j = 0; j < s; ++j) acc[j] += acc[j + s];
  return acc[0];
}

void weightRow(const Weight &w, size_t row, float *out) {
  gguf::decodeRow(w.type, w.data + row * w.rowBytes, w.cols, out);
}

void matmul(ThreadPool &pool, const Weight &w, const float *x, size_t T, float *y) {
  const size_t K = w.cols, N = w.rows;
  // f32 rows are read in place when the tensor is 4-byte aligned (always, for
  // alignments >= 4); files with general.alignment 1 or 2 take the copy path.
  const bool inPlace = w.type == gguf::TensorType::F32 && (reinterpret_cast<uintptr_t>(w.data) & 3) == 0;
  pool.parallelFor(N, 16, [&](size_t begin, size_t end) {
    thread_local std::vector<float> buf;
    if (buf.size() < K) buf.resize(K);
    for (size_t r = begin; r < end; ++r) {
      const float *row;
      if (inPlace) {
        row = reinterpret_cast<const float *>(w.data + r * w.rowBytes);
      } else {
        weightRow(w, r, buf.data());
        row = buf.data();
      }
      for (size_t t = 0; t < T; ++t) y[t * N + r] = dot(row, x + t * K, K);
    }
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
