//===- differential_test.cpp - decc-compiled kernels vs the reference -----===//
//
// Inputs/differential.dec is compiled by decc at build time and loaded through
// libdecrt; every strategy runs on the same rows as its reference spelling
// (decc::ref, docs/semantics.md):
//  - greedy strategies must pick identical tokens on every row;
//  - sampling strategies must pick identical tokens for identical (seed, step)
//    on at least 99% of rows (the kernel may sum probabilities in another
//    order and with a polynomial exp, so a draw within rounding of a bucket
//    boundary may land in the neighbour; semantics.md, "Precision");
//  - 20,000 draws of the compiled kernel on one row (seeds 0..N-1) must match
//    the reference's exact distribution: no draw outside the support, chi-square
//    not rejected at the 0.1% level, KL below the matching bound;
//  - invalid rows and fully masked rows give the same statuses.
//
//===----------------------------------------------------------------------===//
#include "../Reference/Stats.h"
#include "TestModules.h"
#include "decc/reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

namespace ref = decc::ref;
using decc::test::ModulePtr;
using decc::test::SamplerPtr;

namespace {
constexpr double kAlpha = 1e-3;
constexpr double kMaxSampleMismatch = 0.01;

struct Spec {
  const char *name;
  std::function<ref::RefPipeline(const double *params)> pipeline;
};

ref::RefPipeline sample(std::vector<ref::RefOp> ops) {
  return {std::move(ops), DECC_SELECT_SAMPLE};
}

std::vector<Spec> specs() {
  using namespace ref;
  return {
      {"g_plain", [](const double *) { return RefPipeline{{}, DECC_SELECT_GREEDY}; }},
      {"g_penalties",
       [](const double *p) {
         return RefPipeline{{repetitionPenalty(p[0], 8), presencePenalty(0.5, 4),
                             frequencyPenalty(0.25)},
                            DECC_SELECT_GREEDY};
       }},
      {"g_bias",
       [](const double *) {
         return RefPipeline{
             {logitBias({{3, 2.5f}, {7, -INFINITY}, {50, 1.0f}})},
             DECC_SELECT_GREEDY};
       }},
      {"s_plain", [](const double *) { return sample({}); }},
      {"s_temp", [](const double *p) { return sample({temperature(p[0])}); }},
      {"s_topk", [](const double *p) { return sample({topK(p[0])}); }},
      {"s_topp", [](const double *p) { return sample({topP(p[0])}); }},
      {"s_minp", [](const double *p) { return sample({minP(p[0])}); }},
      {"s_typical", [](const double *p) { return sample({typicalP(p[0])}); }},
      {"s_chain",
       [](const double *) {
         return sample({repetitionPenalty(1.2, 16), temperature(0.9), topK(12),
                        topP(0.9), minP(0.02)});
       }},
      {"s_entropy",
       [](const double *) {
         return sample({temperature(Arg([](const FeatureView &f) {
                          return 0.6 * (1 + f.entropy() / std::log(f.vocab()));
                        })),
                        topP(0.9)});
       }},
      {"s_features",
       [](const double *) {
         return sample(
             {temperature(Arg([](const FeatureView &f) {
                return std::clamp(0.5 + f.step() / 100.0 +
                                      f.historyLen() / 50.0 - 0.2 * f.maxProb(),
                                  0.1, 2.0);
              })),
              topK(Arg([](const FeatureView &f) {
                return std::min(3 + f.step(), 50.0);
              }))});
       }},
  };
}

struct Rows {
  int64_t n, vocab;
  std::vector<float> logits;
  std::vector<uint32_t> mask;
  std::vector<std::vector<int32_t>> histories;
  std::vector<const int32_t *> historyPtrs;
  std::vector<int64_t> lens;
  std::vector<uint64_t> seeds, steps;
};

Rows randomRows(int64_t n, int64_t vocab, unsigned seed) {
  Rows r{n, vocab, {}, {}, {}, {}, {}, {}, {}};
  std::mt19937_64 gen(seed);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::uniform_int_distribution<int32_t> id(-2, int32_t(vocab) + 2);
  int64_t words = (vocab + 31) / 32;
  r.logits.resize(size_t(n * vocab));
  r.mask.assign(size_t(n * words), 0);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t t = 0; t < vocab; ++t) {
      r.logits[size_t(i * vocab + t)] = normal(gen);
      if (gen() % 10 != 0)
        r.mask[size_t(i * words + t / 32)] |= 1u << (t % 32);
    }
    std::vector<int32_t> h(size_t(gen() % 40));
    for (int32_t &x : h)
      x = id(gen);
    r.histories.push_back(std::move(h));
    r.seeds.push_back(gen());
    r.steps.push_back(gen() % 200);
  }
  for (auto &h : r.histories) {
    r.historyPtrs.push_back(h.empty() ? nullptr : h.data());
    r.lens.push_back(int64_t(h.size()));
  }
  return r;
}

struct StepOut {
  std::vector<int32_t> tokens, status;
  std::vector<float> logprobs;
};

StepOut step(decrt_sampler *s, const Rows &r) {
  StepOut o{std::vector<int32_t>(size_t(r.n)), std::vector<int32_t>(size_t(r.n)),
            std::vector<float>(size_t(r.n))};
  EXPECT_EQ(decrt_sampler_step(s, r.logits.data(), r.n, r.vocab, r.mask.data(),
                               r.historyPtrs.data(), r.lens.data(),
                               r.seeds.data(), r.steps.data(), o.tokens.data(),
                               o.logprobs.data(), o.status.data()),
            DECRT_OK)
      << decrt_last_error();
  return o;
}

class Differential : public ::testing::TestWithParam<Spec> {
protected:
  void SetUp() override {
    decrt_module *m = nullptr;
    ASSERT_EQ(decrt_module_load(DECRT_DIFFERENTIAL_SO, &m), DECRT_OK)
        << decrt_last_error();
    module.reset(m);
  }
  SamplerPtr sampler(int64_t vocab) {
    decrt_sampler *s = nullptr;
    EXPECT_EQ(decrt_sampler_new(module.get(), GetParam().name, vocab, &s),
              DECRT_OK)
        << decrt_last_error();
    return SamplerPtr(s);
  }
  ModulePtr module;
};

TEST_P(Differential, TokensMatchTheReference) {
  SamplerPtr s = sampler(1000);
  ASSERT_TRUE(s);
  ASSERT_EQ(decrt_sampler_set_threads(s.get(), 2), DECRT_OK);
  ref::RefPipeline p = GetParam().pipeline(decrt_sampler_params(s.get()));
  Rows rows = randomRows(400, 1000, 7);
  StepOut o = step(s.get(), rows);
  int64_t words = (rows.vocab + 31) / 32, mismatches = 0;
  for (int64_t i = 0; i < rows.n; ++i) {
    ref::RefResult e =
        ref::run(p, &rows.logits[size_t(i * rows.vocab)], rows.vocab,
                 &rows.mask[size_t(i * words)], rows.historyPtrs[size_t(i)],
                 rows.lens[size_t(i)], rows.seeds[size_t(i)],
                 rows.steps[size_t(i)]);
    ASSERT_EQ(o.status[size_t(i)], e.status) << "row " << i;
    if (o.tokens[size_t(i)] != e.token) {
      ++mismatches;
      continue;
    }
    EXPECT_NEAR(o.logprobs[size_t(i)], e.logprob, 2e-3) << "row " << i;
  }
  if (p.selection == DECC_SELECT_GREEDY)
    EXPECT_EQ(mismatches, 0);
  else
    EXPECT_LE(double(mismatches), kMaxSampleMismatch * double(rows.n))
        << mismatches << " of " << rows.n << " rows differ";
}

TEST_P(Differential, SampledDistributionMatchesTheReference) {
  const int64_t vocab = 64, draws = 20000;
  SamplerPtr s = sampler(vocab);
  ASSERT_TRUE(s);
  ref::RefPipeline p = GetParam().pipeline(decrt_sampler_params(s.get()));
  Rows one = randomRows(1, vocab, 11);
  Rows rows = one;
  rows.n = draws;
  rows.logits.clear();
  rows.mask.clear();
  for (int64_t i = 0; i < draws; ++i) {
    rows.logits.insert(rows.logits.end(), one.logits.begin(), one.logits.end());
    rows.mask.insert(rows.mask.end(), one.mask.begin(), one.mask.end());
  }
  rows.historyPtrs.assign(size_t(draws), one.historyPtrs[0]);
  rows.lens.assign(size_t(draws), one.lens[0]);
  rows.seeds.resize(size_t(draws));
  for (int64_t i = 0; i < draws; ++i)
    rows.seeds[size_t(i)] = uint64_t(i);
  rows.steps.assign(size_t(draws), 5);
  StepOut o = step(s.get(), rows);
  std::vector<int64_t> counts(size_t(vocab), 0);
  for (int64_t i = 0; i < draws; ++i) {
    ASSERT_EQ(o.status[size_t(i)], DECC_OK);
    ++counts[size_t(o.tokens[size_t(i)])];
  }
  std::vector<double> exact = ref::finalDistribution(
      p, ref::RowInput{one.logits.data(), vocab, one.mask.data(),
                       one.historyPtrs[0], one.lens[0], 0, 5});
  decc::test::FitResult fit = decc::test::goodnessOfFit(counts, exact, kAlpha);
  EXPECT_EQ(fit.countsOutsideSupport, 0) << fit.describe();
  if (p.selection == DECC_SELECT_SAMPLE) {
    EXPECT_GT(fit.chiSquareP, kAlpha) << fit.describe();
    EXPECT_LT(fit.kl, fit.klBound) << fit.describe();
  }
}

TEST_P(Differential, InvalidAndFullyMaskedRows) {
  SamplerPtr s = sampler(100);
  ASSERT_TRUE(s);
  Rows rows = randomRows(2, 100, 13);
  rows.logits[17] = NAN;
  std::fill(rows.mask.begin() + 4, rows.mask.end(), 0u);
  StepOut o = step(s.get(), rows);
  EXPECT_EQ(o.status[0], DECC_STATUS_INVALID_LOGITS);
  EXPECT_EQ(o.status[1], DECC_STATUS_NO_VALID_TOKEN);
  EXPECT_EQ(o.tokens[0], -1);
  EXPECT_EQ(o.tokens[1], -1);
}

INSTANTIATE_TEST_SUITE_P(Compiled, Differential, ::testing::ValuesIn(specs()),
                         [](const ::testing::TestParamInfo<Spec> &info) {
                           return std::string(info.param.name);
                         });

TEST(DifferentialOverrides, ParameterOverrideReachesTheKernel) {
  decrt_module *m = nullptr;
  ASSERT_EQ(decrt_module_load(DECRT_DIFFERENTIAL_SO, &m), DECRT_OK)
      << decrt_last_error();
  ModulePtr module(m);
  decrt_sampler *raw = nullptr;
  ASSERT_EQ(decrt_sampler_new(m, "s_topk", 500, &raw), DECRT_OK);
  SamplerPtr s(raw);
  ASSERT_EQ(decrt_sampler_set_param_str(s.get(), "k=1"), DECRT_OK);
  Rows rows = randomRows(50, 500, 17);
  std::fill(rows.mask.begin(), rows.mask.end(), ~0u);
  StepOut o = step(s.get(), rows);
  for (int64_t i = 0; i < rows.n; ++i) // top_k(1): the argmax, whatever u
    EXPECT_EQ(o.tokens[size_t(i)],
              ref::selectGreedy(std::vector<float>(
                                    rows.logits.begin() + i * 500,
                                    rows.logits.begin() + (i + 1) * 500))
                  .token);
}
} // namespace
