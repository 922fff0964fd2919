// The forward pass's own CUDA kernels (Kernels.cu); the projections and the
// output head are cuBLAS calls (Cublas.h). Activations are row-major f32,
// one row per chunk position, as on the CPU (Kernels.h); each launcher
// mirrors the CPU kernel named in its comment. Launch errors are left for the
// caller's cudaGetLastError.
#ifndef DECC_MODEL_CUDA_DEVICEKERNELS_H
#define DECC_MODEL_CUDA_DEVICEKERNELS_H

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace decc::model::cuda {

// The largest head dimension the attention kernel handles (each of its 128
// threads accumulates up to 8 output elements).
constexpr size_t kMaxHeadDim = 1024;

// x[t] = table[tokens[t]] (rows of E floats).
void embed(const float *table, const int32_t *tokens, size_t T, size_t E, float *x, cudaStream_t s);
// rmsNorm over T rows of E: squares summed in double, as on the CPU.
void rmsNorm(const float *x, const float *weight, size_t T, size_t E, float eps, float *out, cudaStream_t s);
// rope() on T rows of nHeads heads (row stride nHeads * headDim), row t at
// position p0 + t; invFreq has ropeDim / 2 entries (double, as on the CPU).
void rope(float *v, size_t T, size_t nHeads, size_t headDim, size_t ropeDim, const double *invFreq, size_t p0,
          cudaStream_t s);
// Scaled dot-product attention of T queries (rows of nHead * headDim) over
// cached keys/values (rows of nHeadKv * headDim): query t attends to
// positions 0..p0+t (causal) or 0..total-1; query head h reads KV head
// h / (nHead / nHeadKv). headDim <= kMaxHeadDim.
void attention(const float *q, const float *K, const float *V, float *out, size_t T, size_t nHead, size_t nHeadKv,
               size_t headDim, size_t p0, size_t total, bool causal, cudaStream_t s);
// gate[i] = silu(gate[i]) * up[i]
void swiGlu(float *gate, const float *up, size_t n, cudaStream_t s);
// x[i] += y[i]
void addInPlace(float *x, const float *y, size_t n, cudaStream_t s);

}  // namespace decc::model::cuda

#endif  // DECC_MODEL_CUDA_DEVICEKERNELS_H
