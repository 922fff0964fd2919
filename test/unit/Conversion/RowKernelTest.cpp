//===- RowKernelTest.cpp - Lowered row kernels vs the plain semantics -----===//
#include "KernelJit.h"
#include "ReferenceRow.h"
#include "decc/philox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

using namespace decc::test;

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr size_t kV = 32000;

std::vector<float> randomRow(uint32_t seed, size_t n = kV, float scale = 3.f) {
  std::mt19937 g(seed);
  std::normal_distribution<float> d(0.f, scale);
  std::vector<float> y(n);
  for (float &v : y)
    v = d(g);
  return y;
}

std::unique_ptr<RowKernel> compile(const std::string &ir, const std::string &name) {
  auto k = std::make_unique<RowKernel>(ir, name);
  EXPECT_TRUE(k->ok()) << k->error();
  return k;
}

void expectSameGreedy(RowKernel &k, const RefRow &row, const std::vector<RefOp> &ops,
                      const std::vector<double> &params = {}) {
  RowResult got = k.run(row.logits, row.mask, row.history, params, 1, 0);
  RowResult want = refGreedy(row, ops);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.token, want.token);
  if (want.status == 0)
    EXPECT_NEAR(got.logprob, want.logprob, 2e-3f + 1e-4f * std::fabs(want.logprob));
}

/// Sampling: same u for both; tokens must agree in nearly every trial.
void expectSameSamples(RowKernel &k, const RefRow &row, const std::vector<RefOp> &ops,
                       const std::vector<double> &params = {}, int trials = 1000) {
  int same = 0;
  for (int s = 0; s < trials; ++s) {
    uint64_t seed = 12345, step = uint64_t(s);
    RowResult got = k.run(row.logits, row.mask, row.history, params, seed, step);
    RowResult want = refSample(row, ops, decc::philox_uniform(seed, step));
    ASSERT_EQ(got.status, 0);
    same += got.token == want.token;
    if (got.token == want.token)
      EXPECT_NEAR(got.logprob, want.logprob, 2e-3f + 1e-4f * std::fabs(want.logprob));
  }
  EXPECT_GE(same, trials * 99 / 100);
}

} // namespace

TEST(RowKernel, GreedyIsArgmaxWithLogprob) {
  auto k = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n  dec.greedy %l0\n}\n", "g");
  RefRow row{randomRow(1), {}, {}};
  expectSameGreedy(*k, row, {});
  EXPECT_EQ(k->workspaceBytes(kV) % 64, 0);
  EXPECT_GE(k->workspaceBytes(kV), int64_t(kV * 4));
}

TEST(RowKernel, GreedyTiesTakeTheLowestId) {
  auto k = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n  dec.greedy %l0\n}\n", "g");
  RefRow row{std::vector<float>(1000, 0.f), {}, {}};
  row.logits[700] = row.logits[41] = row.logits[999] = 5.f;
  RowResult r = k->run(row.logits, {}, {}, {}, 0, 0);
  EXPECT_EQ(r.token, 41);
  expectSameGreedy(*k, row, {});
}

// The argmax comes from the scan's chunk lane maxima (256 entries a chunk at
// W = 16): ties in different lanes of one chunk, in later chunks, behind the
// mask, and ties that only the division by T creates.
TEST(RowKernel, GreedyArgmaxFromLaneMaxima) {
  auto g = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n  dec.greedy %l0\n}\n", "g");
  RefRow row{randomRow(11, 5000), {}, {}};
  row.logits[4999] = row.logits[3001] = row.logits[2050] = row.logits[2047] = 20.f;
  expectSameGreedy(*g, row, {});
  EXPECT_EQ(g->run(row.logits, {}, {}, {}, 0, 0).token, 2047);
  // The lowest tie masked out: the next one in id order.
  row.mask.assign((5000 + 31) / 32, ~0u);
  row.mask[2047 / 32] &= ~(1u << (2047 % 32));
  expectSameGreedy(*g, row, {});
  EXPECT_EQ(g->run(row.logits, row.mask, {}, {}, 0, 0).token, 2050);
  // Distinct logits whose quotients by T round to the same float: the lower
  // id wins even though the other one is larger as stored.
  auto gt = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n"
                    "  %t = arith.constant 1.24 : f32\n"
                    "  %1 = dec.temperature %l0, %t : f32\n  dec.greedy %1\n}\n", "g");
  RefRow near{randomRow(12, 5000), {}, {}};
  // Two neighbouring floats above 20 (a T whose mantissa is just under the
  // logits' leaves the quotients' ulp larger than their distance).
  float lo = 20.f;
  while (lo / 1.24f != std::nextafter(lo, 30.f) / 1.24f)
    lo = std::nextafter(lo, 30.f);
  near.logits[900] = lo;
  near.logits[4000] = std::nextafter(lo, 30.f);
  expectSameGreedy(*gt, near, {{RefOp::Temperature, 1.24f}});
  EXPECT_EQ(gt->run(near.logits, {}, {}, {}, 0, 0).token, 900);
}

TEST(RowKernel, MaskExcludesTokens) {
  auto k = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n  dec.greedy %l0\n}\n", "g");
  RefRow row{randomRow(2, 1000), std::vector<uint32_t>((1000 + 31) / 32, 0), {}};
  for (int t : {3, 64, 65, 500, 999})
    row.mask[t / 32] |= 1u << (t % 32);
  expectSameGreedy(*k, row, {});
  RowResult r = k->run(row.logits, row.mask, {}, {}, 0, 0);
  EXPECT_TRUE(r.token == 3 || r.token == 64 || r.token == 65 || r.token == 500 || r.token == 999);
}

TEST(RowKernel, AllMaskedIsStatusOne) {
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n  dec.sample %l0\n}\n", "s");
  std::vector<float> y = randomRow(3, 100);
  RowResult r = k->run(y, std::vector<uint32_t>(4, 0), {}, {}, 0, 0);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.token, -1);
  std::vector<float> allInf(77, kNegInf);
  EXPECT_EQ(k->run(allInf, {}, {}, {}, 0, 0).status, 1);
}

TEST(RowKernel, NanAndPlusInfAreStatusTwo) {
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n  dec.sample %l0\n}\n", "s");
  std::vector<float> y = randomRow(4);
  y[12345] = std::nanf("");
  EXPECT_EQ(k->run(y, {}, {}, {}, 0, 0).status, 2);
  y[12345] = std::numeric_limits<float>::infinity();
  RowResult r = k->run(y, {}, {}, {}, 0, 0);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.token, -1);
  y[12345] = kNegInf; // -inf is an excluded token, not an error
  EXPECT_EQ(k->run(y, {}, {}, {}, 0, 0).status, 0);
  // A mask shorter than ceil(V/32) words is invalid input.
  EXPECT_EQ(k->run(y, std::vector<uint32_t>(3, ~0u), {}, {}, 0, 0).status, 2);
}

TEST(RowKernel, PhiloxKnownAnswerThroughAFlatRow) {
  // 4096 equal logits: the sampled token is the top 12 bits of Philox word 0.
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n  dec.sample %l0\n}\n", "s");
  std::vector<float> flat(4096, 1.f);
  EXPECT_EQ(k->run(flat, {}, {}, {}, 0, 0).token, int32_t(0x6627e8d5u >> 20));
  for (uint64_t seed : {1ull, 0xFFFFFFFFFFFFFFFFull, 0x123456789ABCDEFull})
    for (uint64_t step : {0ull, 7ull, 0xFFFFFFFF00000001ull})
      EXPECT_EQ(k->run(flat, {}, {}, {}, seed, step).token,
                int32_t(decc::philox_block(seed, step)[0] >> 20));
}

TEST(RowKernel, TemperatureSample) {
  auto k = compile("dec.strategy @s(%t: f32 = 0.7) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.temperature %l0, %t : f32\n  dec.sample %1\n}\n", "s");
  RefRow row{randomRow(5), {}, {}};
  expectSameSamples(*k, row, {{RefOp::Temperature, 0.7f}}, {0.7});
  expectSameSamples(*k, row, {{RefOp::Temperature, 2.5f}}, {2.5}, 200);
}

TEST(RowKernel, TemperatureZeroKeepsOnlyTheMax) {
  auto k = compile("dec.strategy @s(%t: f32 = 0.0) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.temperature %l0, %t : f32\n  dec.sample %1\n}\n", "s");
  RefRow row{randomRow(6), {}, {}};
  RowResult g = refGreedy(row, {});
  for (uint64_t s = 0; s < 50; ++s) {
    RowResult r = k->run(row.logits, {}, {}, {0.0}, 9, s);
    EXPECT_EQ(r.token, g.token);
    EXPECT_NEAR(r.logprob, 0.f, 1e-6f);
  }
}

TEST(RowKernel, TopKSample) {
  auto k = compile("dec.strategy @s(%k: i32 = 40) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %c = arith.constant 0.8 : f32\n"
                   "  %1 = dec.temperature %l0, %c : f32\n  %2 = dec.top_k %1, %k : i32\n"
                   "  dec.sample %2\n}\n", "s");
  EXPECT_NE(k->plan().find("lane-max-pivots@chunks"), std::string::npos) << k->plan();
  RefRow row{randomRow(7), {}, {}};
  std::vector<RefOp> ops{{RefOp::Temperature, 0.8f}, {RefOp::TopK, 0, 40}};
  expectSameSamples(*k, row, ops, {40});
  // k <= 0 and k >= V leave the row unchanged.
  ops[1].k = 0;
  expectSameSamples(*k, row, ops, {0}, 200);
  ops[1].k = int32_t(kV);
  expectSameSamples(*k, row, ops, {double(kV)}, 200);
}

TEST(RowKernel, TopKKeepsTiesAtTheThreshold) {
  auto k = compile("dec.strategy @g(%k: i32 = 5) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.top_k %l0, %k : i32\n  dec.greedy %1\n}\n", "g");
  // Quantised logits: many exact ties everywhere.
  RefRow row{randomRow(8), {}, {}};
  for (float &v : row.logits)
    v = std::round(v * 2.f) / 2.f;
  for (int kk : {1, 5, 37, 1000})
    expectSameGreedy(*k, row, {{RefOp::TopK, 0, kk}}, {double(kk)});
  // Under a temperature the survivors are first tested on the stored logits
  // against a bound below k-th value * T: ties at the threshold (x / T
  // equal to it, x within an ulp of the bound) must all survive.
  auto kt = compile("dec.strategy @s(%t: f32 = 0.7, %k: i32 = 5) {\n"
                    "  %l0 = dec.logits : !dec.logits\n"
                    "  %1 = dec.temperature %l0, %t : f32\n  %2 = dec.top_k %1, %k : i32\n"
                    "  dec.sample %2\n}\n", "s");
  for (float t : {0.7f, 3.f})
    for (int kk : {1, 5, 37, 1000, 20000})
      expectSameSamples(*kt, row, {{RefOp::Temperature, t}, {RefOp::TopK, 0, kk}},
                        {double(t), double(kk)}, 100);
}

TEST(RowKernel, TopKPathsAgree) {
  // One kernel, three ways to the threshold: few lane sets above a pivot
  // (peaked row, small k), too many (flat row or large k: the histogram),
  // and a list input (after min_p: pivots over the list). A mask and
  // excluded entries must never count.
  auto k = compile("dec.strategy @g(%k: i32 = 40) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %c = arith.constant 0.7 : f32\n"
                   "  %1 = dec.temperature %l0, %c : f32\n  %2 = dec.top_k %1, %k : i32\n"
                   "  dec.sample %2\n}\n", "g");
  auto kl = compile("dec.strategy @l(%k: i32 = 40) {\n  %l0 = dec.logits : !dec.logits\n"
                    "  %q = arith.constant 0.0001 : f32\n  %1 = dec.min_p %l0, %q : f32\n"
                    "  %2 = dec.top_k %1, %k : i32\n  dec.sample %2\n}\n", "l");
  EXPECT_NE(kl->plan().find("top_k: pivots@list"), std::string::npos) << kl->plan();
  RefRow peaked{randomRow(21), {}, {}};
  for (size_t i = 0; i < 30; ++i)
    peaked.logits[(i * 7919) % kV] += 12.f;
  peaked.mask.assign((kV + 31) / 32, ~0u);
  peaked.mask[3] = 0x0f0f0f0f;
  peaked.logits[5] = kNegInf;
  RefRow flat{randomRow(22, kV, 0.05f), {}, {}};
  for (int kk : {1, 40, 700, 20000}) {
    expectSameSamples(*k, peaked, {{RefOp::Temperature, 0.7f}, {RefOp::TopK, 0, kk}},
                      {double(kk)}, 200);
    expectSameSamples(*k, flat, {{RefOp::Temperature, 0.7f}, {RefOp::TopK, 0, kk}},
                      {double(kk)}, 200);
    expectSameSamples(*kl, peaked, {{RefOp::MinP, 0.0001f}, {RefOp::TopK, 0, kk}},
                      {double(kk)}, 200);
    expectSameSamples(*kl, flat, {{RefOp::MinP, 0.0001f}, {RefOp::TopK, 0, kk}},
                      {double(kk)}, 200);
  }
}

TEST(RowKernel, TopPOnShortAndLongLists) {
  // After top_k: rounds on a short list, the histogram on a long one.
  auto k = compile("dec.strategy @s(%k: i32 = 40) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.top_k %l0, %k : i32\n"
                   "  %p = arith.constant 0.9 : f32\n  %2 = dec.top_p %1, %p : f32\n"
                   "  dec.sample %2\n}\n", "s");
  RefRow row{randomRow(23, kV, 1.f), {}, {}};
  for (int kk : {40, 3000, 9000})
    expectSameSamples(*k, row, {{RefOp::TopK, 0, kk}, {RefOp::TopP, 0.9f}}, {double(kk)}, 300);
}

TEST(RowKernel, TopPSample) {
  auto k = compile("dec.strategy @s(%p: f32 = 0.9) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.top_p %l0, %p : f32\n  dec.sample %1\n}\n", "s");
  RefRow row{randomRow(9), {}, {}};
  expectSameSamples(*k, row, {{RefOp::TopP, 0.9f}}, {0.9});
  expectSameSamples(*k, row, {{RefOp::TopP, 0.3f}}, {0.3}, 300);
  expectSameGreedy(*k, row, {{RefOp::TopP, 0.0f}}, {0.0}); // the max ties survive
  // p >= 1 skips the histogram but leaves the same copied, weighed row.
  expectSameSamples(*k, row, {{RefOp::TopP, 1.0f}}, {1.0}, 300);
}

/// A language-model-like row: a N(0, 2.5^2) tail with a few strong tokens
/// `lift` nats above it (one of them tied with another, both in one chunk).
RefRow peakedRow(uint32_t seed, size_t n, int peaks, float lift) {
  RefRow row{randomRow(seed, n, 2.5f), {}, {}};
  std::mt19937 g(seed + 1);
  for (int i = 0; i < peaks; ++i)
    row.logits[g() % n] += lift + float(i % 5);
  row.logits[n / 2] = row.logits[n / 2 + 17] = lift + 9.f;
  return row;
}

/// `row` with a mask: the strongest token's word and a chunk's worth of the
/// tail (words 40-47, every other nibble) masked out.
RefRow maskedStrongest(const RefRow &row) {
  RefRow masked = row;
  const size_t n = row.logits.size();
  size_t best = size_t(std::max_element(row.logits.begin(), row.logits.end()) - row.logits.begin());
  masked.mask.assign((n + 31) / 32, ~0u);
  masked.mask[best / 32] = 0;
  for (size_t w = 40; w < 48; ++w)
    masked.mask[w] = 0x0f0f0f0fu;
  return masked;
}

/// A top_p just above the share of the k + 1 strongest tokens of x / t.
float nucleusMassOf(const std::vector<float> &x, float t, int k) {
  std::vector<double> y(x.begin(), x.end());
  std::sort(y.begin(), y.end(), std::greater<double>());
  double z = 0, top = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    double w = std::exp((y[i] - y[0]) / t);
    z += w;
    if (i <= size_t(k))
      top += w;
  }
  return float(std::min(top / z * (1 + 1e-3), 0.999));
}

TEST(RowKernel, TopPOnPeakedRowsVisitsLaneSets) {
  // On the row, top_p bounds the mass above pivots from the scan's chunk
  // lane maxima; when a bound reaches p * Z only the chunks of those sets
  // are read (no histogram). Peaked rows take that path, flat ones the
  // histogram; both must select exactly the reference's nucleus.
  auto kt = compile("dec.strategy @s(%t: f32 = 0.7, %p: f32 = 0.9) {\n"
                    "  %l0 = dec.logits : !dec.logits\n"
                    "  %1 = dec.temperature %l0, %t : f32\n  %2 = dec.top_p %1, %p : f32\n"
                    "  dec.sample %2\n}\n", "s");
  auto ke = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n"
                    "  %e = dec.entropy %l0 : f32\n  %c = arith.constant 0.3 : f32\n"
                    "  %t = arith.mulf %e, %c : f32\n"
                    "  %1 = dec.temperature %l0, %t : f32\n"
                    "  %p = arith.constant 0.9 : f32\n  %2 = dec.top_p %1, %p : f32\n"
                    "  dec.sample %2\n}\n", "s");
  for (uint32_t seed : {31u, 32u, 33u}) {
    size_t n = 20000 + seed; // a partial last chunk and block
    RefRow row = peakedRow(seed, n, 4 + int(seed % 3) * 10, 9.f);
    for (float t : {0.f, 0.5f, 1.3f})
      for (float p : {0.f, 0.5f, 0.9f, 0.999f})
        expectSameSamples(*kt, row, {{RefOp::Temperature, t}, {RefOp::TopP, p}},
                          {double(t), double(p)}, 100);
    // p just above the mass of the k strongest tokens: the nucleus is k + 1
    // tokens, and a threshold off by one token changes the log-probabilities.
    for (float t : {0.5f, 1.3f})
      for (int k : {0, 2, 6, 30}) {
        float p = nucleusMassOf(row.logits, t, k);
        expectSameSamples(*kt, row, {{RefOp::Temperature, t}, {RefOp::TopP, p}},
                          {double(t), double(p)}, 100);
      }
    expectSameSamples(*ke, row, {{RefOp::TemperatureByEntropy, 0.3f}, {RefOp::TopP, 0.9f}}, {},
                      200);
    // Masked: the strongest token's word and a chunk's worth of the tail.
    RefRow masked = maskedStrongest(row);
    expectSameSamples(*kt, masked, {{RefOp::Temperature, 0.7f}, {RefOp::TopP, 0.9f}},
                      {0.7, 0.9}, 200);
  }
}

TEST(RowKernel, TopPFromLaneSetBoundsAlone) {
  // With a feature of the caller's row, the scan keeps each lane set's
  // sum exp(x - set max), and top_p first tries to decide the nucleus from
  // the lane sets' bounds on Z (no weight pass; the rest of the strategy is
  // emitted for both outcomes). The temperature here is the parameter
  // (0 * entropy added), so the same grid as above runs through that path:
  // the floor (t = 0), T < 1 (set bound S), T > 1 (bound 16 per set), p at
  // the mass of the k strongest tokens, masks, and a feature after top_p's
  // fork (max_prob of the filtered row, in both branches).
  auto kz = compile("dec.strategy @s(%t: f32 = 0.7, %p: f32 = 0.9) {\n"
                    "  %l0 = dec.logits : !dec.logits\n"
                    "  %e = dec.entropy %l0 : f32\n  %c = arith.constant 0.0 : f32\n"
                    "  %z = arith.mulf %e, %c : f32\n  %t2 = arith.addf %t, %z : f32\n"
                    "  %1 = dec.temperature %l0, %t2 : f32\n  %2 = dec.top_p %1, %p : f32\n"
                    "  %m = dec.max_prob %2 : f32\n  %h = arith.constant 1.0e-30 : f32\n"
                    "  %mz = arith.mulf %m, %h : f32\n  %one = arith.constant 1.0 : f32\n"
                    "  %u = arith.addf %one, %mz : f32\n"
                    "  %3 = dec.temperature %2, %u : f32\n  dec.sample %3\n}\n", "s");
  for (uint32_t seed : {41u, 42u}) {
    size_t n = 20000 + seed;
    RefRow row = peakedRow(seed, n, 4 + int(seed % 3) * 10, 12.f);
    for (float t : {0.f, 0.5f, 0.8f, 1.3f})
      for (float p : {0.f, 0.9f, 0.999f, 1.f})
        expectSameSamples(*kz, row, {{RefOp::Temperature, t}, {RefOp::TopP, p}},
                          {double(t), double(p)}, 60);
    for (float t : {0.5f, 1.3f})
      for (int k : {0, 1, 2, 6, 30}) {
        float p = nucleusMassOf(row.logits, t, k);
        expectSameSamples(*kz, row, {{RefOp::Temperature, t}, {RefOp::TopP, p}},
                          {double(t), double(p)}, 60);
      }
    RefRow masked = maskedStrongest(row);
    expectSameSamples(*kz, masked, {{RefOp::Temperature, 0.7f}, {RefOp::TopP, 0.9f}},
                      {0.7, 0.9}, 200);
  }
}

TEST(RowKernel, TopPOnFlatRowsFromTheSubsampleBracket) {
  // A flat row's nucleus spans too many lane sets for the lane-set pivots:
  // every 16th entry predicts a bracket of weights, one exact pass checks it
  // and compacts its entries, the rounds finish on those. A row whose
  // subsampled entries are unlike the rest (every 16th token strong, the
  // others 3 nats lower) fails the check at p = 0.9 and takes the value
  // histogram. Ties (values on a 0.25 grid) must stay on one side of the
  // bracket. Every case must select the reference's nucleus exactly.
  auto kt = compile("dec.strategy @s(%t: f32 = 1.0, %p: f32 = 0.9) {\n"
                    "  %l0 = dec.logits : !dec.logits\n"
                    "  %1 = dec.temperature %l0, %t : f32\n  %2 = dec.top_p %1, %p : f32\n"
                    "  dec.sample %2\n}\n", "s");
  const size_t n = 50007;
  RefRow flat{randomRow(51, n, 2.f), {}, {}};
  RefRow tied = flat;
  for (float &v : tied.logits)
    v = std::round(v * 4.f) / 4.f;
  RefRow misleading{randomRow(52, n, 0.5f), {}, {}};
  for (size_t j = 0; j < n; ++j)
    misleading.logits[j] = j % 16 == 0 ? misleading.logits[j] * 0.2f : misleading.logits[j] - 3.f;
  for (const RefRow *row : {&flat, &tied, &misleading})
    for (float t : {0.6f, 1.f, 1.4f})
      for (float p : {0.5f, 0.9f, 0.99f})
        expectSameSamples(*kt, *row, {{RefOp::Temperature, t}, {RefOp::TopP, p}},
                          {double(t), double(p)}, 100);
  expectSameSamples(*kt, maskedStrongest(flat), {{RefOp::Temperature, 0.8f}, {RefOp::TopP, 0.9f}},
                    {0.8, 0.9}, 200);
  // After a penalty the lane maxima are stale, so top_p goes to the bracket
  // directly, on rows of any length: fewer entries than one subsample group
  // or one block, a partial last block, a partial last group.
  auto kp = compile("dec.strategy @s(%p: f32 = 0.9) {\n  %l0 = dec.logits : !dec.logits\n"
                    "  %a = arith.constant 0.5 : f32\n"
                    "  %1 = dec.presence_penalty %l0, %a : f32\n"
                    "  %2 = dec.top_p %1, %p : f32\n  dec.sample %2\n}\n", "s");
  for (size_t len : {size_t(1), size_t(5), size_t(16), size_t(17), size_t(100), size_t(4099)}) {
    RefRow row{randomRow(53 + uint32_t(len), len, 2.f), {}, {0, int32_t(len - 1), int32_t(len / 2)}};
    for (float p : {0.5f, 0.9f})
      expectSameSamples(*kp, row, {{RefOp::Presence, 0.5f}, {RefOp::TopP, p}}, {double(p)}, 60);
  }
}

TEST(RowKernel, TopPMatchesTheReferenceOnRandomRows) {
  // Rows of random length and shape (a Gaussian tail of random spread, a few
  // strong tokens or none, values on a grid for ties, masked words) under a
  // random temperature and p: whichever path top_p takes (lane-set bounds,
  // lane-set pivots, the subsample bracket, the value histogram), the nucleus
  // must be the reference's (same tokens and log-probabilities).
  auto kt = compile("dec.strategy @s(%t: f32 = 1.0, %p: f32 = 0.9) {\n"
                    "  %l0 = dec.logits : !dec.logits\n"
                    "  %1 = dec.temperature %l0, %t : f32\n  %2 = dec.top_p %1, %p : f32\n"
                    "  dec.sample %2\n}\n", "s");
  std::mt19937 g(2026);
  auto uni = [&](float a, float b) { return std::uniform_real_distribution<float>(a, b)(g); };
  for (int c = 0; c < 40; ++c) {
    size_t n = 1 + g() % 70000;
    RefRow row{randomRow(1000 + uint32_t(c), n, uni(0.3f, 4.f)), {}, {}};
    int peaks = int(g() % 4) * int(g() % 12);
    for (int i = 0; i < peaks; ++i)
      row.logits[g() % n] += uni(3.f, 15.f);
    if (g() % 3 == 0)
      for (float &v : row.logits)
        v = std::round(v * 2.f) / 2.f;
    if (g() % 3 == 0) {
      row.mask.assign((n + 31) / 32, ~0u);
      for (size_t w = 0; w < row.mask.size(); ++w)
        if (g() % 4 == 0)
          row.mask[w] = uint32_t(g());
    }
    float t = uni(0.3f, 1.5f), p = uni(0.05f, 0.999f);
    SCOPED_TRACE("case " + std::to_string(c) + ": n=" + std::to_string(n) + " t=" + std::to_string(t) +
                 " p=" + std::to_string(p));
    expectSameSamples(*kt, row, {{RefOp::Temperature, t}, {RefOp::TopP, p}}, {double(t), double(p)},
                      30);
  }
}

TEST(RowKernel, TopPFloorFeedsPenaltyAndTopK) {
  // top_p leaves its threshold pending: the penalty must materialise the
  // filtered row, and top_k must count only the nucleus.
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %p = arith.constant 0.8 : f32\n  %1 = dec.top_p %l0, %p : f32\n"
                   "  %a = arith.constant 0.5 : f32\n"
                   "  %2 = dec.presence_penalty %1, %a : f32\n"
                   "  %k = arith.constant 2000 : i32\n  %3 = dec.top_k %2, %k : i32\n"
                   "  dec.sample %3\n}\n", "s");
  EXPECT_NE(k->plan().find("presence_penalty: materialize"), std::string::npos) << k->plan();
  RefRow row{randomRow(19), {}, {}};
  for (int32_t t = 0; t < 3000; t += 3)
    row.history.push_back(t);
  expectSameSamples(*k, row, {{RefOp::TopP, 0.8f}, {RefOp::Presence, 0.5f}, {RefOp::TopK, 0, 2000}},
                    {}, 300);
}

TEST(RowKernel, MinPGreedyLogprob) {
  auto k = compile("dec.strategy @g(%p: f32 = 0.1) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.min_p %l0, %p : f32\n  dec.greedy %1\n}\n", "g");
  RefRow row{randomRow(10), {}, {}};
  for (double p : {0.0, 0.001, 0.1, 0.9, 1.0})
    expectSameGreedy(*k, row, {{RefOp::MinP, float(p)}}, {p});
}

TEST(RowKernel, TypicalPSample) {
  auto k = compile("dec.strategy @s(%p: f32 = 0.5) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.typical_p %l0, %p : f32\n  dec.sample %1\n}\n", "s");
  RefRow row{randomRow(11, kV, 1.5f), {}, {}};
  expectSameSamples(*k, row, {{RefOp::Typical, 0.5f}}, {0.5});
  expectSameSamples(*k, row, {{RefOp::Typical, 0.95f}}, {0.95}, 300);
}

TEST(RowKernel, RepetitionPenaltyWithDuplicatesAndWindow) {
  auto k = compile("dec.strategy @g(%r: f32 = 1.3) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.repetition_penalty %l0, %r {window = 6} : f32\n"
                   "  dec.greedy %1\n}\n", "g");
  RefRow row{randomRow(12), {}, {}};
  RowResult plain = refGreedy(row, {});
  // The argmax appears twice in the window, plus out-of-range ids.
  row.history = {plain.token, 5, -3, 40000, plain.token, 17, plain.token, 17, 900};
  row.logits[17] = -2.f;
  std::vector<RefOp> ops{{RefOp::Repetition, 1.3f, 0, 6}};
  expectSameGreedy(*k, row, ops, {1.3});
  ops[0].value = 50.f;
  expectSameGreedy(*k, row, ops, {50.0});
  EXPECT_NE(k->run(row.logits, {}, row.history, {50.0}, 0, 0).token, plain.token);
}

TEST(RowKernel, PresenceAndFrequencyPenalties) {
  auto k = compile("dec.strategy @s(%a: f32 = 0.5, %f: f32 = 0.7) {\n"
                   "  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.presence_penalty %l0, %a : f32\n"
                   "  %2 = dec.frequency_penalty %1, %f {window = 0} : f32\n"
                   "  dec.sample %2\n}\n", "s");
  EXPECT_NE(k->plan().find("scan+copy"), std::string::npos) << k->plan();
  RefRow row{randomRow(13, kV, 1.f), {}, {}};
  std::vector<float> sorted = row.logits;
  std::sort(sorted.begin(), sorted.end());
  for (int t = 0; t < 200; ++t)
    row.history.push_back(int32_t((t * 7919) % 64)); // many duplicates
  for (size_t t = 0; t < kV; ++t)
    if (row.logits[t] > sorted[kV - 10])
      row.history.push_back(int32_t(t));
  expectSameSamples(*k, row, {{RefOp::Presence, 0.5f}, {RefOp::Frequency, 0.7f}}, {0.5, 0.7}, 300);
}

TEST(RowKernel, LogitBiasBansAndBoosts) {
  auto k = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.logit_bias %l0 [7, 99999, 123], [2.5, 1.0, 0xFF800000]\n"
                   "  dec.greedy %1\n}\n", "g");
  RefRow row{randomRow(14), {}, {}};
  std::vector<RefOp> ops{{RefOp::Bias}};
  ops[0].bias = {{7, 2.5f}, {99999, 1.f}, {123, kNegInf}};
  row.logits[123] = 100.f; // banned
  row.logits[7] = 12.f;    // boosted past the rest
  expectSameGreedy(*k, row, ops);
  EXPECT_EQ(k->run(row.logits, {}, {}, {}, 0, 0).token, 7);
}

TEST(RowKernel, EntropyAndMaxProbDriveTemperature) {
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %e = dec.entropy %l0 : f32\n  %c = arith.constant 0.25 : f32\n"
                   "  %t = arith.mulf %e, %c : f32\n"
                   "  %1 = dec.temperature %l0, %t : f32\n"
                   "  %m = dec.max_prob %1 : f32\n  %c2 = arith.constant 3.0 : f32\n"
                   "  %t2 = arith.mulf %m, %c2 : f32\n"
                   "  %2 = dec.temperature %1, %t2 : f32\n  dec.sample %2\n}\n", "s");
  RefRow row{randomRow(15, kV, 2.f), {}, {}};
  std::vector<RefOp> ops{{RefOp::TemperatureByEntropy, 0.25f},
                         {RefOp::TemperatureByMaxProb, 3.f}};
  expectSameSamples(*k, row, ops, {}, 300);
}

TEST(RowKernel, EntropyFromTheScanSeesMaskTailAndExcludedLanes) {
  // The scan's online sums: a length that leaves a partial chunk and a
  // partial block, a mask, whole lanes of excluded tokens, and the max in
  // the last chunk (every lane's sums are rescaled at the end).
  constexpr size_t n = 4 * 256 + 37;
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %e = dec.entropy %l0 : f32\n  %c = arith.constant 0.5 : f32\n"
                   "  %t = arith.mulf %e, %c : f32\n"
                   "  %1 = dec.temperature %l0, %t : f32\n  dec.sample %1\n}\n", "s");
  RefRow row{randomRow(17, n, 3.f), {}, {}};
  for (size_t t = 0; t < n; t += 16)
    row.logits[t] = kNegInf;
  row.logits[n - 3] = 9.f;
  row.mask.assign((n + 31) / 32, ~0u);
  row.mask[5] = 0x00ff00ffu;
  expectSameSamples(*k, row, {{RefOp::TemperatureByEntropy, 0.5f}}, {}, 300);
}

TEST(RowKernel, AllOnesMaskMatchesNoMask) {
  // Raw passes are emitted twice (with and without mask tests); the two
  // copies must agree exactly when the mask allows every token.
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %e = dec.entropy %l0 : f32\n  %c = arith.constant 0.5 : f32\n"
                   "  %t = arith.mulf %e, %c : f32\n"
                   "  %1 = dec.temperature %l0, %t : f32\n"
                   "  %p = arith.constant 0.9 : f32\n  %2 = dec.top_p %1, %p : f32\n"
                   "  dec.sample %2\n}\n", "s");
  std::vector<float> y = randomRow(18, 5000 + 11, 2.5f);
  std::vector<uint32_t> ones((y.size() + 31) / 32, ~0u);
  for (uint64_t step = 0; step < 50; ++step) {
    RowResult a = k->run(y, {}, {}, {}, 9, step);
    RowResult b = k->run(y, ones, {}, {}, 9, step);
    ASSERT_EQ(a.status, 0);
    EXPECT_EQ(a.token, b.token) << "step " << step;
    EXPECT_EQ(a.logprob, b.logprob) << "step " << step;
  }
}

TEST(RowKernel, StepFeatures) {
  // temperature = (vocab_size + history_len) / (step + 1000): all three read.
  auto k = compile("dec.strategy @s() {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %v = dec.vocab_size : i32\n  %h = dec.history_len : i32\n"
                   "  %s = dec.step : i32\n  %a = arith.addi %v, %h : i32\n"
                   "  %c = arith.constant 1000 : i32\n  %b = arith.addi %s, %c : i32\n"
                   "  %af = arith.sitofp %a : i32 to f32\n  %bf = arith.sitofp %b : i32 to f32\n"
                   "  %t = arith.divf %af, %bf : f32\n"
                   "  %1 = dec.temperature %l0, %t : f32\n  dec.sample %1\n}\n", "s");
  RefRow row{randomRow(16, 3000), {}, {1, 2, 3, 4, 5}};
  for (uint64_t step : {0ull, 500ull, 100000ull}) {
    float t = float(3000 + 5) / float(step + 1000);
    RowResult got = k->run(row.logits, {}, row.history, {}, 77, step);
    RowResult want = refSample(row, {{RefOp::Temperature, t}}, decc::philox_uniform(77, step));
    EXPECT_EQ(got.token, want.token) << "step " << step;
  }
}

TEST(RowKernel, FullChain) {
  auto k = compile(
      "dec.strategy @chat(%t: f32 = 0.7, %k: i32 = 40) {\n  %l0 = dec.logits : !dec.logits\n"
      "  %r = arith.constant 1.1 : f32\n"
      "  %0 = dec.repetition_penalty %l0, %r {window = 64} : f32\n"
      "  %1 = dec.temperature %0, %t : f32\n  %2 = dec.top_k %1, %k : i32\n"
      "  %p = arith.constant 0.95 : f32\n  %3 = dec.top_p %2, %p : f32\n"
      "  %q = arith.constant 0.05 : f32\n  %4 = dec.min_p %3, %q : f32\n"
      "  dec.sample %4\n}\n", "chat");
  RefRow row{randomRow(17), {}, {}};
  RowResult plain = refGreedy(row, {});
  row.history = {plain.token, 1, 2, 3, plain.token};
  row.mask.assign((kV + 31) / 32, ~0u);
  row.mask[10] = 0;
  std::vector<RefOp> ops{{RefOp::Repetition, 1.1f, 0, 64}, {RefOp::Temperature, 0.7f},
                         {RefOp::TopK, 0, 40}, {RefOp::TopP, 0.95f}, {RefOp::MinP, 0.05f}};
  expectSameSamples(*k, row, ops, {0.7, 40});
}

TEST(RowKernel, ShortParameterBlockIsInvalid) {
  auto k = compile("dec.strategy @s(%t: f32 = 0.7) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.temperature %l0, %t : f32\n  dec.sample %1\n}\n", "s");
  EXPECT_EQ(k->run(randomRow(18, 100), {}, {}, {}, 0, 0).status, 2);
}

// Not a test: prints the time per row at Llama-3's vocabulary. Run with
// --gtest_also_run_disabled_tests --gtest_filter=*Throughput*.
TEST(RowKernel, DISABLED_Throughput) {
  constexpr size_t V = 128256;
  RefRow row{randomRow(99, V), {}, {}};
  struct Case {
    const char *name, *ir;
    std::vector<double> params;
  } cases[] = {
      {"greedy", "dec.strategy @s() {\n %l0 = dec.logits : !dec.logits\n dec.greedy %l0\n}\n", {}},
      {"temperature+sample", "dec.strategy @s(%t: f32 = 0.7) {\n %l0 = dec.logits : !dec.logits\n"
       " %1 = dec.temperature %l0, %t : f32\n dec.sample %1\n}\n", {0.7}},
      {"temperature+top_k+top_p+sample", "dec.strategy @s(%t: f32 = 0.7) {\n %l0 = dec.logits : !dec.logits\n"
       " %1 = dec.temperature %l0, %t : f32\n %k = arith.constant 40 : i32\n %2 = dec.top_k %1, %k : i32\n"
       " %p = arith.constant 0.95 : f32\n %3 = dec.top_p %2, %p : f32\n dec.sample %3\n}\n", {0.7}},
      {"top_p+sample", "dec.strategy @s() {\n %l0 = dec.logits : !dec.logits\n"
       " %p = arith.constant 0.9 : f32\n %1 = dec.top_p %l0, %p : f32\n dec.sample %1\n}\n", {}},
      {"min_p+sample", "dec.strategy @s() {\n %l0 = dec.logits : !dec.logits\n"
       " %p = arith.constant 0.05 : f32\n %1 = dec.min_p %l0, %p : f32\n dec.sample %1\n}\n", {}},
  };
  std::vector<float> copy(V);
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 2000; ++i) {
    std::memcpy(copy.data(), row.logits.data(), V * 4);
    asm volatile("" ::"r"(copy.data()) : "memory");
  }
  double memcpyUs = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / 2000;
  std::printf("memcpy of the row: %.1f us\n", memcpyUs);
  for (const Case &c : cases) {
    RowKernel k(c.ir, "s");
    ASSERT_TRUE(k.ok()) << k.error();
    for (int i = 0; i < 20; ++i)
      k.run(row.logits, {}, {}, c.params, 1, i);
    auto t = std::chrono::steady_clock::now();
    for (int i = 0; i < 500; ++i)
      k.run(row.logits, {}, {}, c.params, 1, i);
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t).count() / 500;
    std::printf("%-34s %8.1f us  (%.1fx memcpy)  plan: %s\n", c.name, us, us / memcpyUs, k.plan().c_str());
  }
}

// typical_p can drop the most likely token (a dominant token over a flat
// tail: the tail is the typical set). Later operators that read the max
// (greedy's argmax, min_p's bound, the point updates of a penalty) must see
// the max of what survived.
TEST(RowKernel, TypicalPDropsTheMaxThenMaxReaders) {
  RefRow row{randomRow(16, kV, 0.05f), {}, {}};
  row.logits[5] = 10.f;
  auto greedyAfter = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n"
                             "  %c = arith.constant 0.5 : f32\n"
                             "  %1 = dec.typical_p %l0, %c : f32\n  dec.greedy %1\n}\n", "g");
  std::vector<RefOp> ops{{RefOp::Typical, 0.5f}};
  EXPECT_NE(refGreedy(row, ops).token, 5);
  expectSameGreedy(*greedyAfter, row, ops);

  auto minPAfter = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n"
                           "  %c = arith.constant 0.5 : f32\n  %m = arith.constant 0.97 : f32\n"
                           "  %1 = dec.typical_p %l0, %c : f32\n  %2 = dec.min_p %1, %m : f32\n"
                           "  dec.sample %2\n}\n", "g");
  expectSameSamples(*minPAfter, row, {{RefOp::Typical, 0.5f}, {RefOp::MinP, 0.97f}}, {}, 200);

  auto penaltyAfter = compile("dec.strategy @g() {\n  %l0 = dec.logits : !dec.logits\n"
                              "  %c = arith.constant 0.5 : f32\n  %a = arith.constant 0.01 : f32\n"
                              "  %1 = dec.typical_p %l0, %c : f32\n"
                              "  %2 = dec.presence_penalty %1, %a : f32\n  dec.greedy %2\n}\n", "g");
  row.history = {1, 2, 3};
  expectSameGreedy(*penaltyAfter, row, {{RefOp::Typical, 0.5f}, {RefOp::Presence, 0.01f}});
}

// Point updates that do not touch the max keep it without a pass; one that
// lowers the only maximal entry, or raises another above it, moves it.
TEST(RowKernel, PenaltiesMoveTheMaxOnlyWhenTheyTouchIt) {
  auto k = compile("dec.strategy @g(%a: f32 = 0.5) {\n  %l0 = dec.logits : !dec.logits\n"
                   "  %1 = dec.presence_penalty %l0, %a : f32\n"
                   "  %2 = dec.min_p %1, %a : f32\n  dec.greedy %2\n}\n", "g");
  RefRow row{randomRow(17), {}, {}};
  int32_t top = refGreedy(row, {}).token;
  for (double a : {0.5, 3.0, -3.0, 40.0}) {
    for (std::vector<int32_t> h : {std::vector<int32_t>{1, 2, 3}, std::vector<int32_t>{top},
                                   std::vector<int32_t>{7, top, 7}}) {
      row.history = h;
      expectSameGreedy(*k, row, {{RefOp::Presence, float(a)}, {RefOp::MinP, float(a)}}, {a});
    }
  }
}
