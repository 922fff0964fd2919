// The forward pass's own kernels (DeviceKernels.h). Straightforward rather
// than tuned: one block per row (embedding, RMSNorm, RoPE) or per (query,
// head) pair (attention), grid-stride loops for the element-wise ones.
#include <cmath>

#include "DeviceKernels.h"

namespace decc::model::cuda {
namespace {

constexpr int kRowThreads = 256;
constexpr int kAttnThreads = 128;  // also the attention's key tile
constexpr int kAttnAcc = (int)(kMaxHeadDim / kAttnThreads);

template <typename T>
__device__ T warpSum(T v) {
  for (int o = 16; o > 0; o /= 2) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
__device__ float warpMax(float v) {
  for (int o = 16; o > 0; o /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Block-wide reductions; every thread gets the result. `scratch` holds one
// slot per warp and may be reused right after the call returns.
template <typename T>
__device__ T blockSum(T v, T *scratch) {
  v = warpSum(v);
  const int warp = threadIdx.x / 32, warps = blockDim.x / 32;
  if (threadIdx.x % 32 == 0) scratch[warp] = v;
  __syncthreads();
  T r = scratch[0];
  for (int w = 1; w < warps; ++w) r += scratch[w];
  __syncthreads();
  return r;
}
__device__ float blockMax(float v, float *scratch) {
  v = warpMax(v);
  const int warp = threadIdx.x / 32, warps = blockDim.x / 32;
  if (threadIdx.x % 32 == 0) scratch[warp] = v;
  __syncthreads();
  float r = scratch[0];
  for (int w = 1; w < warps; ++w) r = fmaxf(r, scratch[w]);
  __syncthreads();
  return r;
}

__global__ void embedKernel(const float *table, const int32_t *tokens, size_t E, float *x) {
  const float *row = table + (size_t)tokens[blockIdx.x] * E;
  float *out = x + (size_t)blockIdx.x * E;
  for (size_t i = threadIdx.x; i < E; i += blockDim.x) out[i] = row[i];
}

__global__ void rmsNormKernel(const float *x, const float *weight, size_t E, float eps, float *out) {
  __shared__ double scratch[kRowThreads / 32];
  const float *row = x + (size_t)blockIdx.x * E;
  float *o = out + (size_t)blockIdx.x * E;
  double ss = 0;
  for (size_t i = threadIdx.x; i < E; i += blockDim.x) ss += (double)row[i] * row[i];
  ss = blockSum(ss, scratch);
  const float scale = (float)(1.0 / sqrt(ss / (double)E + (double)eps));
  for (size_t i = threadIdx.x; i < E; i += blockDim.x) o[i] = row[i] * scale * weight[i];
}

__global__ void ropeKernel(float *v, size_t nHeads, size_t headDim, size_t ropeDim, const double *invFreq,
                           size_t p0) {
  const size_t half = ropeDim / 2, pos = p0 + blockIdx.x;
  float *row = v + (size_t)blockIdx.x * nHeads * headDim;
  for (size_t idx = threadIdx.x; idx < nHeads * half; idx += blockDim.x) {
    const size_t h = idx / half, i = idx % half;
    const double theta = (double)pos * invFreq[i];
    const float c = (float)cos(theta), s = (float)sin(theta);
    float *p = row + h * headDim + 2 * i;
    const float a = p[0], b = p[1];
    p[0] = a * c - b * s;
    p[1] = a * s + b * c;
  }
}

// One block per (query t, head h). Keys are taken in tiles of kAttnThreads,
// one score per thread, with an online softmax: the running maximum m and
// denominator l, and each thread's output elements (d = tid + r * 128),
// are rescaled by exp(m_old - m_new) when a tile raises the maximum.
__global__ void attentionKernel(const float *q, const float *K, const float *V, float *out, size_t nHead,
                                size_t group, size_t hd, size_t kvDim, size_t p0, size_t total, bool causal,
                                float scale) {
  extern __shared__ float qs[];  // hd floats
  __shared__ float p[kAttnThreads];
  __shared__ float scratch[kAttnThreads / 32];
  const size_t t = blockIdx.x / nHead, h = blockIdx.x % nHead, kvh = h / group;
  const int tid = threadIdx.x;
  const float *qrow = q + (t * nHead + h) * hd;
  for (size_t d = tid; d < hd; d += blockDim.x) qs[d] = qrow[d];
  __syncthreads();

  const size_t nk = causal ? p0 + t + 1 : total;
  const float *Kh = K + kvh * hd, *Vh = V + kvh * hd;
  float m = -INFINITY, l = 0.0f;
  float acc[kAttnAcc];
  for (int r = 0; r < kAttnAcc; ++r) acc[r] = 0.0f;
  for (size_t j0 = 0; j0 < nk; j0 += kAttnThreads) {
    const size_t j = j0 + tid;
    float s = -INFINITY;
    if (j < nk) {
      const float *kr = Kh + j * kvDim;
      float d = 0.0f;
      for (size_t i = 0; i < hd; ++i) d += qs[i] * kr[i];
      s = d * scale;
    }
    // The tile's first key is always valid, so mNew is finite.
    const float mNew = fmaxf(m, blockMax(s, scratch));
    const float corr = expf(m - mNew);
    const float e = j < nk ? expf(s - mNew) : 0.0f;
    p[tid] = e;
    l = l * corr + blockSum(e, scratch);  // its barrier also publishes p[]
    const size_t n = nk - j0 < (size_t)kAttnThreads ? nk - j0 : (size_t)kAttnThreads;
    for (int r = 0; r < kAttnAcc; ++r) {
      const size_t d = tid + (size_t)r * kAttnThreads;
      if (d >= hd) break;
      float a = acc[r] * corr;
      for (size_t jj = 0; jj < n; ++jj) a += p[jj] * Vh[(j0 + jj) * kvDim + d];
      acc[r] = a;
    }
    m = mNew;
    // No barrier needed before the next tile rewrites p[]: it does so after
    // blockMax, whose barrier every thread reaches only after this loop.
  }
  const float inv = 1.0f / l;
  float *o = out + (t * nHead + h) * hd;
  for (int r = 0; r < kAttnAcc; ++r) {
    const size_t d = tid + (size_t)r * kAttnThreads;
    if (d < hd) o[d] = acc[r] * inv;
  }
}

__global__ void swiGluKernel(float *gate, const float *up, size_t n) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x) {
    const float g = gate[i];
    gate[i] = g / (1.0f + expf(-g)) * up[i];
  }
}

__global__ void addKernel(float *x, const float *y, size_t n) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x)
    x[i] += y[i];
}

unsigned elementwiseBlocks(size_t n) {
  const size_t b = (n + kRowThreads - 1) / kRowThreads;
  return (unsigned)(b < 4096 ? (b ? b : 1) : 4096);
}

}  // namespace

void embed(const float *table, const int32_t *tokens, size_t T, size_t E, float *x, cudaStream_t s) {
  embedKernel<<<(unsigned)T, kRowThreads, 0, s>>>(table, tokens, E, x);
}

void rmsNorm(const float *x, const float *weight, size_t T, size_t E, float eps, float *out, cudaStream_t s) {
  rmsNormKernel<<<(unsigned)T, kRowThreads, 0, s>>>(x, weight, E, eps, out);
}

void rope(float *v, size_t T, size_t nHeads, size_t headDim, size_t ropeDim, const double *invFreq, size_t p0,
          cudaStream_t s) {
  ropeKernel<<<(unsigned)T, kRowThreads, 0, s>>>(v, nHeads, headDim, ropeDim, invFreq, p0);
}

void attention(const float *q, const float *K, const float *V, float *out, size_t T, size_t nHead, size_t nHeadKv,
               size_t headDim, size_t p0, size_t total, bool causal, cudaStream_t s) {
  const float scale = 1.0f / std::sqrt((float)headDim);
  attentionKernel<<<(unsigned)(T * nHead), kAttnThreads, headDim * sizeof(float), s>>>(
      q, K, V, out, nHead, nHead / nHeadKv, headDim, nHeadKv * headDim, p0, total, causal, scale);
}

void swiGlu(float *gate, const float *up, size_t n, cudaStream_t s) {
  swiGluKernel<<<elementwiseBlocks(n), kRowThreads, 0, s>>>(gate, up, n);
}

void addInPlace(float *x, const float *y, size_t n, cudaStream_t s) {
  addKernel<<<elementwiseBlocks(n), kRowThreads, 0, s>>>(x, y, n);
}

}  // namespace decc::model::cuda
