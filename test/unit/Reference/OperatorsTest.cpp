//===- OperatorsTest.cpp - each reference operator on hand-computed rows --===//
#include "decc/philox.h"
#include "decc/reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace decc::ref;

namespace {
constexpr float kInf = std::numeric_limits<float>::infinity();

// Applies `ops` (no mask, given history) and returns the filtered row.
std::vector<float> apply(std::vector<RefOp> ops, const std::vector<float> &y,
                         const std::vector<int32_t> &history = {},
                         int32_t *status = nullptr) {
  RefPipeline p{std::move(ops), DECC_SELECT_GREEDY};
  std::vector<float> row;
  RowInput in{y.data(), int64_t(y.size()), nullptr, history.data(),
              int64_t(history.size()), 0, 0};
  int32_t st = applyPipeline(p, in, row);
  if (status)
    *status = st;
  else
    EXPECT_EQ(st, DECC_OK);
  return row;
}

// log of a distribution, as f32 logits.
std::vector<float> logsOf(std::vector<double> p) {
  std::vector<float> y;
  for (double v : p)
    y.push_back(float(std::log(v)));
  return y;
}

std::vector<bool> kept(const std::vector<float> &row) {
  std::vector<bool> k;
  for (float y : row)
    k.push_back(std::isfinite(y));
  return k;
}

const std::vector<double> kDyadic = {0.5, 0.25, 0.125, 0.125};
} // namespace

TEST(ReferenceInput, NaNAndPositiveInfinityAreInvalid) {
  int32_t st = 0;
  apply({}, {1.0f, std::nanf(""), 2.0f}, {}, &st);
  EXPECT_EQ(st, DECC_STATUS_INVALID_LOGITS);
  apply({}, {1.0f, kInf}, {}, &st);
  EXPECT_EQ(st, DECC_STATUS_INVALID_LOGITS);
  std::vector<float> y = {-kInf, 3.0f};
  RefResult r = run({{}, DECC_SELECT_GREEDY}, y.data(), 2, nullptr, nullptr, 0,
                    0, 0);
  EXPECT_EQ(r.status, DECC_OK);
  EXPECT_EQ(r.token, 1);
  EXPECT_FLOAT_EQ(r.logprob, 0.0f);
  RefResult bad = run({{}, DECC_SELECT_SAMPLE}, std::vector<float>{NAN}.data(),
                      1, nullptr, nullptr, 0, 0, 0);
  EXPECT_EQ(bad.status, DECC_STATUS_INVALID_LOGITS);
  EXPECT_EQ(bad.token, -1);
}

TEST(ReferenceInput, MaskExcludesClearedBitsAcrossWords) {
  std::vector<float> y(40, 0.0f);
  y[35] = 5.0f; // best token, masked out below
  y[33] = 1.0f;
  std::vector<uint32_t> mask = {0xffffffffu, 0u};
  mask[1] |= 1u << (33 - 32);
  RefResult r = run({{}, DECC_SELECT_GREEDY}, y.data(), 40, mask.data(),
                    nullptr, 0, 0, 0);
  EXPECT_EQ(r.token, 33);
}

TEST(ReferenceInput, AllMaskedReportsNoValidTokenForBothSelections) {
  std::vector<float> y = {1, 2, 3};
  uint32_t mask = 0;
  for (decc_selection sel : {DECC_SELECT_GREEDY, DECC_SELECT_SAMPLE}) {
    RefResult r = run({{}, sel}, y.data(), 3, &mask, nullptr, 0, 7, 1);
    EXPECT_EQ(r.status, DECC_STATUS_NO_VALID_TOKEN);
    EXPECT_EQ(r.token, -1);
  }
  std::vector<float> none = {-kInf, -kInf};
  EXPECT_EQ(run({{}, DECC_SELECT_SAMPLE}, none.data(), 2, nullptr, nullptr, 0,
                0, 0)
                .status,
            DECC_STATUS_NO_VALID_TOKEN);
}

TEST(ReferencePenalty, RepetitionDividesPositiveMultipliesNegative) {
  std::vector<float> y = {2.0f, -2.0f, 4.0f, -kInf, 1.0f};
  // Duplicates count once; ids outside [0, V) and excluded tokens are ignored.
  std::vector<float> row =
      apply({repetitionPenalty(2.0)}, y, {0, 1, 1, 3, 7, -1, 0});
  EXPECT_EQ(row, (std::vector<float>{1.0f, -4.0f, 4.0f, -kInf, 1.0f}));
}

TEST(ReferencePenalty, RepetitionWindowCoversOnlyTheLastEntries) {
  std::vector<float> y = {2.0f, 2.0f, 2.0f};
  EXPECT_EQ(apply({repetitionPenalty(2.0, 2)}, y, {0, 1, 2}),
            (std::vector<float>{2.0f, 1.0f, 1.0f}));
  EXPECT_EQ(apply({repetitionPenalty(2.0, 0)}, y, {0, 1, 2}),
            (std::vector<float>{1.0f, 1.0f, 1.0f}));
  EXPECT_EQ(apply({repetitionPenalty(2.0, 10)}, y, {0}),
            (std::vector<float>{1.0f, 2.0f, 2.0f}));
}

TEST(ReferencePenalty, RepetitionClampsTinyPenalty) {
  std::vector<float> row = apply({repetitionPenalty(0.0)}, {1.0f, 0.0f}, {0});
  EXPECT_FLOAT_EQ(row[0], 1.0f / 1e-6f);
}

TEST(ReferencePenalty, PresenceSubtractsOncePerDistinctToken) {
  std::vector<float> row =
      apply({presencePenalty(0.5)}, {1.0f, 1.0f, 1.0f}, {0, 0, 0, 2});
  EXPECT_EQ(row, (std::vector<float>{0.5f, 1.0f, 0.5f}));
}

TEST(ReferencePenalty, FrequencySubtractsPerOccurrenceInWindow) {
  std::vector<float> y = {1.0f, 1.0f, 1.0f};
  EXPECT_EQ(apply({frequencyPenalty(0.25)}, y, {0, 0, 0, 2}),
            (std::vector<float>{0.25f, 1.0f, 0.75f}));
  EXPECT_EQ(apply({frequencyPenalty(0.25, 2)}, y, {0, 0, 0, 2}),
            (std::vector<float>{0.75f, 1.0f, 0.75f}));
}

TEST(ReferenceBias, AddsBiasesBansAndIgnoresIdsPastVocab) {
  std::vector<float> row = apply(
      {logitBias({{0, 1.5f}, {2, -kInf}, {0, 1.0f}, {9, 100.0f}})},
      {0.0f, 0.0f, 0.0f});
  EXPECT_EQ(row, (std::vector<float>{2.5f, 0.0f, -kInf}));
}

TEST(ReferenceTemperature, DividesInF32) {
  std::vector<float> row = apply({temperature(0.7)}, {1.0f, -2.0f, -kInf});
  EXPECT_EQ(row[0], 1.0f / 0.7f);
  EXPECT_EQ(row[1], -2.0f / 0.7f);
  EXPECT_EQ(row[2], -kInf);
}

TEST(ReferenceTemperature, ZeroKeepsEveryTokenTiedAtTheMaximum) {
  std::vector<float> y = {1.0f, 3.0f, 3.0f, 2.0f};
  for (double t : {0.0, 1e-7, -5.0})
    EXPECT_EQ(apply({temperature(t)}, y),
              (std::vector<float>{-kInf, 3.0f, 3.0f, -kInf}));
}

TEST(ReferenceTopK, KeepsTiesAtTheKthValue) {
  std::vector<float> y = {5.0f, 3.0f, 4.0f, 3.0f, 1.0f};
  EXPECT_EQ(kept(apply({topK(3)}, y)),
            (std::vector<bool>{true, true, true, true, false}));
  EXPECT_EQ(kept(apply({topK(1)}, y)),
            (std::vector<bool>{true, false, false, false, false}));
  EXPECT_EQ(kept(apply({topK(2.9)}, y)), // truncated to 2
            (std::vector<bool>{true, false, true, false, false}));
}

TEST(ReferenceTopK, ZeroNegativeOrAtLeastFiniteCountIsIdentity) {
  std::vector<float> y = {5.0f, -kInf, 4.0f};
  for (double k : {0.0, -3.0, 2.0, 3.0, 1e9})
    EXPECT_EQ(apply({topK(k)}, y), y);
}

TEST(ReferenceTopP, KeepsSmallestPrefixReachingP) {
  std::vector<float> y = logsOf(kDyadic);
  EXPECT_EQ(kept(apply({topP(0.45)}, y)),
            (std::vector<bool>{true, false, false, false}));
  EXPECT_EQ(kept(apply({topP(0.6)}, y)),
            (std::vector<bool>{true, true, false, false}));
  // The third group is a tie: both tied tokens come in together.
  EXPECT_EQ(kept(apply({topP(0.8)}, y)),
            (std::vector<bool>{true, true, true, true}));
}

TEST(ReferenceTopP, ZeroKeepsMaximumOneIsIdentity) {
  std::vector<float> y = {1.0f, 2.0f, 2.0f, 0.0f};
  EXPECT_EQ(kept(apply({topP(0.0)}, y)),
            (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(apply({topP(1.0)}, y), y);
  EXPECT_EQ(apply({topP(7.0)}, y), y); // clamped to 1
}

TEST(ReferenceMinP, KeepsTokensAboveFractionOfMaxProbability) {
  std::vector<float> y = logsOf(kDyadic);
  EXPECT_EQ(kept(apply({minP(0.3)}, y)),
            (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(kept(apply({minP(0.6)}, y)),
            (std::vector<bool>{true, false, false, false}));
  EXPECT_EQ(apply({minP(0.0)}, y), y);
  EXPECT_EQ(kept(apply({minP(1.0)}, y)), // only the maximum survives
            (std::vector<bool>{true, false, false, false}));
}

TEST(ReferenceTypicalP, KeepsTokensClosestToTheEntropy) {
  // H = 1.75 ln 2; |-log p - H| = {0.75, 0.25, 1.25, 1.25} ln 2.
  std::vector<float> y = logsOf(kDyadic);
  EXPECT_EQ(kept(apply({typicalP(0.2)}, y)),
            (std::vector<bool>{false, true, false, false}));
  EXPECT_EQ(kept(apply({typicalP(0.5)}, y)),
            (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(kept(apply({typicalP(0.8)}, y)),
            (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(apply({typicalP(1.0)}, y), y);
}

TEST(ReferenceFeatures, EntropyDrivenTemperature) {
  std::vector<float> y = logsOf(kDyadic);
  double seenEntropy = -1, seenVocab = 0, seenMaxProb = 0, seenLen = 0;
  Arg t([&](const FeatureView &f) {
    seenEntropy = f.entropy();
    seenVocab = f.vocab();
    seenMaxProb = f.maxProb();
    seenLen = f.historyLen();
    return 0.7 * (1 + f.entropy() / std::log(f.vocab()));
  });
  std::vector<float> row = apply({temperature(t)}, y, {1, 2});
  EXPECT_NEAR(seenEntropy, 1.75 * std::log(2.0), 1e-6);
  EXPECT_NEAR(seenMaxProb, 0.5, 1e-6);
  EXPECT_EQ(seenVocab, 4.0);
  EXPECT_EQ(seenLen, 2.0);
  float tf = float(0.7 * (1 + seenEntropy / std::log(4.0)));
  EXPECT_EQ(row[0], y[0] / tf);
}

TEST(ReferenceFeatures, SeeTheRowAfterEarlierOperators) {
  // After top_k(1) a single token remains: entropy 0, max_prob 1.
  double h = -1, m = -1;
  Arg probe([&](const FeatureView &f) {
    h = f.entropy();
    m = f.maxProb();
    return 1.0;
  });
  apply({topK(1), temperature(probe)}, {1.0f, 2.0f, 3.0f});
  EXPECT_EQ(h, 0.0);
  EXPECT_EQ(m, 1.0);
}

TEST(ReferenceOrder, WrittenOrderChangesTheResult) {
  // top_k then penalty keeps {0, 1}; penalty first demotes 0 below 2.
  std::vector<float> y = {3.0f, 2.5f, 2.0f};
  EXPECT_EQ(kept(apply({topK(2), repetitionPenalty(2.0)}, y, {0})),
            (std::vector<bool>{true, true, false}));
  EXPECT_EQ(kept(apply({repetitionPenalty(2.0), topK(2)}, y, {0})),
            (std::vector<bool>{false, true, true}));
}

TEST(ReferenceErrors, NaNArgumentAndOverflowAreInvalid) {
  int32_t st = 0;
  apply({temperature(std::nan(""))}, {1.0f}, {}, &st);
  EXPECT_EQ(st, DECC_STATUS_INVALID_LOGITS);
  apply({temperature(1e-5)}, {3e38f, 0.0f}, {}, &st); // overflows to +inf
  EXPECT_EQ(st, DECC_STATUS_INVALID_LOGITS);
  apply({logitBias({{0, kInf}})}, {0.0f}, {}, &st);
  EXPECT_EQ(st, DECC_STATUS_INVALID_LOGITS);
}

TEST(ReferenceGreedy, LowestIdAmongTiesAndLogprob) {
  std::vector<float> y = {1.0f, 4.0f, 4.0f, 0.0f};
  RefResult r = run({{}, DECC_SELECT_GREEDY}, y.data(), 4, nullptr, nullptr, 0,
                    0, 0);
  EXPECT_EQ(r.token, 1);
  double lse = std::log(std::exp(1.0) + 2 * std::exp(4.0) + 1.0);
  EXPECT_NEAR(r.logprob, 4.0 - lse, 1e-6);
}

TEST(ReferenceGreedy, LogprobIsUnderTheFilteredDistribution) {
  std::vector<float> y = {1.0f, 4.0f, 4.0f, 0.0f};
  RefResult r = run({{topK(2)}, DECC_SELECT_GREEDY}, y.data(), 4, nullptr,
                    nullptr, 0, 0, 0);
  EXPECT_EQ(r.token, 1);
  EXPECT_NEAR(r.logprob, -std::log(2.0), 1e-6);
}

TEST(ReferenceSample, InverseCdfInIdOrder) {
  std::vector<float> y = logsOf(kDyadic);
  for (uint64_t step = 0; step < 64; ++step) {
    double u = decc::philox_uniform(99, step);
    int expected = u < 0.5 ? 0 : u < 0.75 ? 1 : u < 0.875 ? 2 : 3;
    RefResult r =
        run({{}, DECC_SELECT_SAMPLE}, y.data(), 4, nullptr, nullptr, 0, 99,
            step);
    ASSERT_EQ(r.status, DECC_OK);
    EXPECT_EQ(r.token, expected) << "step " << step << " u " << u;
    EXPECT_NEAR(r.logprob, std::log(kDyadic[size_t(expected)]), 1e-6);
  }
}

TEST(ReferenceSample, DeterministicInSeedAndStep) {
  std::vector<float> y(1000);
  for (size_t i = 0; i < y.size(); ++i)
    y[i] = float(std::sin(double(i)));
  RefPipeline p{{temperature(1.3)}, DECC_SELECT_SAMPLE};
  RefResult a = run(p, y.data(), 1000, nullptr, nullptr, 0, 5, 17);
  RefResult b = run(p, y.data(), 1000, nullptr, nullptr, 0, 5, 17);
  EXPECT_EQ(a.token, b.token);
  int differ = 0;
  for (uint64_t s = 0; s < 20; ++s)
    differ += run(p, y.data(), 1000, nullptr, nullptr, 0, s, 17).token !=
              a.token;
  EXPECT_GT(differ, 10);
}

TEST(ReferenceDistribution, SumsToOneOnTheSurvivors) {
  std::vector<float> y = logsOf(kDyadic);
  RefPipeline p{{topP(0.6)}, DECC_SELECT_SAMPLE};
  std::vector<double> pi =
      finalDistribution(p, RowInput{y.data(), 4, nullptr, nullptr, 0, 0, 0});
  ASSERT_EQ(pi.size(), 4u);
  EXPECT_NEAR(pi[0], 2.0 / 3, 1e-6);
  EXPECT_NEAR(pi[1], 1.0 / 3, 1e-6);
  EXPECT_EQ(pi[2], 0.0);
  EXPECT_EQ(pi[3], 0.0);
}
