//===- SamplingStatsTest.cpp - sampled frequencies match the semantics ----===//
//
// For each filter, 20,000 draws with a fixed seed (steps 0..N-1) are compared
// with the exact renormalised distribution (finalDistribution): no draw may
// fall outside the support, Pearson's chi-square must not reject at the 0.1%
// level, and KL(empirical || exact) must stay below the chi-square 99.9%
// quantile / (2 N), the bound 2 N KL ~ chi-square(df) gives.
//
//===----------------------------------------------------------------------===//
#include "Stats.h"
#include "decc/reference.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace decc::ref;

namespace {
constexpr int64_t kDraws = 20000;
constexpr double kAlpha = 1e-3;

struct Case {
  const char *name;
  std::vector<RefOp> ops;
};

// A 24-token row with a smooth, skewed shape and one exact tie (tokens 3, 4).
std::vector<float> testRow() {
  std::vector<float> y(24);
  for (size_t i = 0; i < y.size(); ++i)
    y[i] = float(2.0 * std::cos(0.7 * double(i)) - 0.08 * double(i));
  y[4] = y[3];
  return y;
}

class SamplingMatchesDistribution : public ::testing::TestWithParam<Case> {};

TEST_P(SamplingMatchesDistribution, ChiSquareAndKL) {
  std::vector<float> y = testRow();
  std::vector<int32_t> history = {0, 0, 5, 7};
  RefPipeline p{GetParam().ops, DECC_SELECT_SAMPLE};
  RowInput in{y.data(), int64_t(y.size()), nullptr, history.data(),
              int64_t(history.size()), 0x5eed, 0};
  std::vector<double> exact = finalDistribution(p, in);
  ASSERT_EQ(exact.size(), y.size());
  std::vector<int64_t> counts(y.size(), 0);
  for (int64_t i = 0; i < kDraws; ++i) {
    in.step = uint64_t(i);
    RefResult r = run(p, in);
    ASSERT_EQ(r.status, DECC_OK);
    ++counts[size_t(r.token)];
    ASSERT_NEAR(r.logprob, std::log(exact[size_t(r.token)]), 1e-5);
  }
  decc::test::FitResult fit = decc::test::goodnessOfFit(counts, exact, kAlpha);
  EXPECT_EQ(fit.countsOutsideSupport, 0) << fit.describe();
  EXPECT_GT(fit.chiSquareP, kAlpha) << fit.describe();
  EXPECT_LT(fit.kl, fit.klBound) << fit.describe();
}

INSTANTIATE_TEST_SUITE_P(
    Filters, SamplingMatchesDistribution,
    ::testing::Values(
        Case{"plain", {}}, Case{"temperature", {temperature(0.6)}},
        Case{"top_k", {topK(5)}}, Case{"top_p", {topP(0.7)}},
        Case{"min_p", {minP(0.1)}}, Case{"typical_p", {typicalP(0.6)}},
        Case{"chain",
             {repetitionPenalty(1.3, 3), presencePenalty(0.2),
              frequencyPenalty(0.1), temperature(0.8), topK(12), topP(0.9),
              minP(0.02)}}),
    [](const ::testing::TestParamInfo<Case> &info) {
      return std::string(info.param.name);
    });

TEST(Stats, ChiSquareHelpersMatchTables) {
  // Standard table values: chi2(0.999, 1) = 10.828, chi2(0.95, 10) = 18.307.
  EXPECT_NEAR(decc::test::chiSquareQuantile(1e-3, 1), 10.828, 1e-3);
  EXPECT_NEAR(decc::test::chiSquareQuantile(0.05, 10), 18.307, 1e-3);
  EXPECT_NEAR(decc::test::chiSquareSurvival(18.307, 10), 0.05, 1e-4);
}

TEST(Stats, GoodnessOfFitRejectsAWrongDistribution) {
  // Counts drawn from (0.6, 0.4) must not pass as (0.5, 0.5).
  std::vector<int64_t> counts = {12000, 8000};
  decc::test::FitResult fit =
      decc::test::goodnessOfFit(counts, {0.5, 0.5}, kAlpha);
  EXPECT_LT(fit.chiSquareP, kAlpha);
  EXPECT_GT(fit.kl, fit.klBound);
}
} // namespace
