// The CUDA backend's own kernels (runtime/lib/Model/Cuda/Kernels.cu), run on
// the host through CudaEmulation/Shim.h, against the CPU kernels and a
// double-precision attention: index arithmetic, causal/bidirectional masks,
// grouped-query heads, several key tiles and output elements per thread, and
// barrier placement are checked on machines without a GPU. Real-device
// behaviour (and cuBLAS) is CudaSessionTest.cpp's job.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <random>
#include <vector>

#include "DeviceKernels.h"
#include "Kernels.h"

namespace cu = decc::model::cuda;
namespace cpu = decc::model;

namespace {

std::vector<float> normal(size_t n, float sigma, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, sigma);
  std::vector<float> v(n);
  for (float &x : v) x = d(rng);
  return v;
}

float maxDiff(const std::vector<float> &a, const std::vector<float> &b) {
  float m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

TEST(CudaKernelEmulation, RmsNormMatchesTheCpuBitForBit) {
  const size_t T = 3, E = 300;  // E not a multiple of the block
  auto x = normal(T * E, 1, 1), w = normal(E, 1, 2);
  std::vector<float> got(T * E), want(T * E);
  cu::rmsNorm(x.data(), w.data(), T, E, 1e-5f, got.data(), nullptr);
  for (size_t t = 0; t < T; ++t) cpu::rmsNorm(x.data() + t * E, w.data(), E, 1e-5f, want.data() + t * E);
  EXPECT_EQ(got, want);
}

TEST(CudaKernelEmulation, RopeMatchesTheCpu) {
  const size_t T = 4, nHeads = 3, hd = 16, ropeDim = 12, p0 = 37;  // partial rotation, offset positions
  std::vector<double> invFreq(ropeDim / 2);
  for (size_t i = 0; i < invFreq.size(); ++i) invFreq[i] = std::pow(10000.0, -2.0 * i / ropeDim) / (1.5 + i);
  auto got = normal(T * nHeads * hd, 1, 3), want = got;
  cu::rope(got.data(), T, nHeads, hd, ropeDim, invFreq.data(), p0, nullptr);
  for (size_t t = 0; t < T; ++t) cpu::rope(want.data() + t * nHeads * hd, nHeads, hd, ropeDim, invFreq.data(), p0 + t);
  EXPECT_LE(maxDiff(got, want), 1e-6f);
}

TEST(CudaKernelEmulation, EmbedSwiGluAdd) {
  const size_t E = 33;
  auto table = normal(10 * E, 1, 4);
  const int32_t tokens[3] = {7, 0, 9};
  std::vector<float> x(3 * E), want(3 * E);
  cu::embed(table.data(), tokens, 3, E, x.data(), nullptr);
  for (int t = 0; t < 3; ++t) std::copy_n(table.begin() + tokens[t] * E, E, want.begin() + t * E);
  EXPECT_EQ(x, want);

  const size_t n = 1000;
  auto gate = normal(n, 2, 5), up = normal(n, 1, 6), g = gate;
  cu::swiGlu(g.data(), up.data(), n, nullptr);
  std::vector<float> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
  EXPECT_LE(maxDiff(g, w), 1e-6f);
  auto sum = gate;
  cu::addInPlace(sum.data(), up.data(), n, nullptr);
  for (size_t i = 0; i < n; ++i) w[i] = gate[i] + up[i];
  EXPECT_EQ(sum, w);
}

struct AttnCase {
  size_t T, nHead, nHeadKv, hd, p0;
  bool causal;
};
void PrintTo(const AttnCase &c, std::ostream *os) {
  *os << "T=" << c.T << " nHead=" << c.nHead << " nHeadKv=" << c.nHeadKv << " headDim=" << c.hd << " p0=" << c.p0
      << (c.causal ? " causal" : " bidirectional");
}

class CudaAttentionEmulation : public ::testing::TestWithParam<AttnCase> {};

TEST_P(CudaAttentionEmulation, MatchesSoftmaxAttentionInDouble) {
  const AttnCase c = GetParam();
  const size_t total = c.p0 + c.T, kvDim = c.nHeadKv * c.hd, group = c.nHead / c.nHeadKv;
  auto q = normal(c.T * c.nHead * c.hd, 1, 7), K = normal(total * kvDim, 2, 8), V = normal(total * kvDim, 1, 9);
  std::vector<float> got(q.size()), want(q.size());
  cu::attention(q.data(), K.data(), V.data(), got.data(), c.T, c.nHead, c.nHeadKv, c.hd, c.p0, total, c.causal,
                nullptr);
  const double scale = 1.0 / std::sqrt((double)c.hd);
  for (size_t t = 0; t < c.T; ++t)
    for (size_t h = 0; h < c.nHead; ++h) {
      const size_t kvh = h / group, nk = c.causal ? c.p0 + t + 1 : total;
      std::vector<double> p(nk);
      double mx = -INFINITY, sum = 0;
      for (size_t j = 0; j < nk; ++j) {
        double d = 0;
        for (size_t i = 0; i < c.hd; ++i) d += (double)q[(t * c.nHead + h) * c.hd + i] * K[j * kvDim + kvh * c.hd + i];
        p[j] = d * scale;
        mx = std::max(mx, p[j]);
      }
      for (double &x : p) sum += (x = std::exp(x - mx));
      for (size_t d = 0; d < c.hd; ++d) {
        double a = 0;
        for (size_t j = 0; j < nk; ++j) a += p[j] * V[j * kvDim + kvh * c.hd + d];
        want[(t * c.nHead + h) * c.hd + d] = (float)(a / sum);
      }
    }
  EXPECT_LE(maxDiff(got, want), 1e-5f);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CudaAttentionEmulation,
    ::testing::Values(AttnCase{3, 4, 2, 16, 5, true},       // causal over a cached prefix, grouped heads
                      AttnCase{6, 4, 2, 16, 0, false},      // bidirectional
                      AttnCase{2, 2, 1, 256, 290, true},    // three key tiles, two outputs per thread
                      AttnCase{2, 2, 2, 8, 130, false},     // every query sees two tiles, the last partial
                      AttnCase{3, 1, 1, 40, 126, true},     // queries on both sides of a tile boundary
                      AttnCase{1, 2, 2, 1024, 129, true}),  // the largest head dimension
    [](const auto &info) { return "case" + std::to_string(info.index); });

}  // namespace
