// CPU kernels of the forward pass. Each reduction has a fixed summation order
// so results are bit-identical whatever the thread count.
#ifndef DECC_MODEL_KERNELS_H
#define DECC_MODEL_KERNELS_H

#include <cstddef>

#include "ModelImpl.h"

namespace decc::model {

float dot(const float *a, const float *b, size_t n);
// y[t * w.rows + r] = dot(row r of w, x + t * w.cols) for t < T, rows
// converted to f32 on the fly (q8_0 blocks of 32 with their scale).
void matmul(ThreadPool &pool, const Weight &w, const float *x, size_t T, float *y);
// Row `row` of w converted to f32.
void weightRow(const Weight &w, size_t row, float *out);
void rmsNorm(const float *x, const float *weight, size_t n, float eps, float *out);
// Rotates adjacent pairs (v[2i], v[2i+1]), i < ropeDim/2, of each head by
// pos * invFreq[i] (ggml's "normal" rope, the layout llama.cpp's converter
// produces by permuting Q/K rows).
void rope(float *v, size_t nHeads, size_t headDim, size_t ropeDim, const double *invFreq, size_t pos);

}  // namespace decc::model

#endif  // DECC_MODEL_KERNELS_H
