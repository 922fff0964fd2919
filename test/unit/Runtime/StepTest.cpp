//===- StepTest.cpp - batched steps against the reference, any threads ----===//
#include "TestModules.h"
#include "decc/reference.h"

#include <cmath>
#include <random>
#include <vector>

using namespace decc::test;
namespace ref = decc::ref;

namespace {
struct Batch {
  int64_t rows, vocab, stride;
  std::vector<float> logits;
  std::vector<uint32_t> mask;
  std::vector<std::vector<int32_t>> histories;
  std::vector<const int32_t *> historyPtrs;
  std::vector<int64_t> historyLens;
  std::vector<uint64_t> seeds, steps;
};

Batch makeBatch(int64_t rows, int64_t vocab, int64_t stride, unsigned seed) {
  Batch b{rows, vocab, stride, {}, {}, {}, {}, {}, {}, {}};
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::uniform_int_distribution<int32_t> id(-3, int32_t(vocab) + 3);
  int64_t words = (vocab + 31) / 32;
  b.logits.assign(size_t(rows * stride), NAN); // padding must never be read
  b.mask.assign(size_t(rows * words), 0);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t t = 0; t < vocab; ++t)
      b.logits[size_t(r * stride + t)] = normal(gen);
    for (int64_t t = 0; t < vocab; ++t)
      if (gen() % 4 != 0)
        b.mask[size_t(r * words + t / 32)] |= 1u << (t % 32);
    std::vector<int32_t> h(size_t(gen() % 50));
    for (int32_t &x : h)
      x = id(gen);
    b.histories.push_back(std::move(h));
    b.seeds.push_back(gen());
    b.steps.push_back(uint64_t(r) * 1000003u);
  }
  for (auto &h : b.histories) {
    b.historyPtrs.push_back(h.empty() ? nullptr : h.data());
    b.historyLens.push_back(int64_t(h.size()));
  }
  return b;
}

struct Out {
  std::vector<int32_t> tokens, status;
  std::vector<float> logprobs;
};

Out step(decrt_sampler *s, const Batch &b) {
  Out o{std::vector<int32_t>(size_t(b.rows), -7),
        std::vector<int32_t>(size_t(b.rows), -7),
        std::vector<float>(size_t(b.rows), NAN)};
  EXPECT_EQ(decrt_sampler_step(s, b.logits.data(), b.rows, b.stride,
                               b.mask.data(), b.historyPtrs.data(),
                               b.historyLens.data(), b.seeds.data(),
                               b.steps.data(), o.tokens.data(),
                               o.logprobs.data(), o.status.data()),
            DECRT_OK)
      << decrt_last_error();
  return o;
}

ref::RefPipeline chatPipeline(double t, double k, double p) {
  return {{ref::repetitionPenalty(1.1, 64), ref::temperature(t), ref::topK(k),
           ref::topP(p)},
          DECC_SELECT_SAMPLE};
}
} // namespace

TEST(Step, GreedyMatchesReferenceWithMaskAndLogprob) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "greedy", 300);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "top_k", 5), DECRT_OK);
  Batch b = makeBatch(4, 300, 300, 1);
  Out o = step(s.get(), b);
  ref::RefPipeline p{{ref::temperature(1.0), ref::topK(5)}, DECC_SELECT_GREEDY};
  for (int64_t r = 0; r < b.rows; ++r) {
    ref::RefResult e = ref::run(p, &b.logits[size_t(r * 300)], 300,
                                &b.mask[size_t(r * 10)], nullptr, 0, 0, 0);
    EXPECT_EQ(o.status[size_t(r)], e.status);
    EXPECT_EQ(o.tokens[size_t(r)], e.token);
    EXPECT_EQ(o.logprobs[size_t(r)], e.logprob);
  }
}

TEST(Step, BatchedEqualsPerRowForAnyThreadCount) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 1000);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "temperature", 1.3), DECRT_OK);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "k", 200), DECRT_OK);
  Batch b = makeBatch(37, 1000, 1024, 2); // stride > vocab: padded rows
  ref::RefPipeline p = chatPipeline(1.3, 200, 0.95);
  std::vector<int32_t> expected;
  for (int64_t r = 0; r < b.rows; ++r) {
    ref::RefResult e = ref::run(
        p, &b.logits[size_t(r * b.stride)], b.vocab, &b.mask[size_t(r * 32)],
        b.historyPtrs[size_t(r)], b.historyLens[size_t(r)],
        b.seeds[size_t(r)], b.steps[size_t(r)]);
    ASSERT_EQ(e.status, DECC_OK);
    expected.push_back(e.token);
  }
  for (int32_t threads : {1, 2, 3, 8, 0}) {
    ASSERT_EQ(decrt_sampler_set_threads(s.get(), threads), DECRT_OK);
    for (int repeat = 0; repeat < 3; ++repeat) {
      Out o = step(s.get(), b);
      EXPECT_EQ(o.tokens, expected) << threads << " threads";
      EXPECT_EQ(o.status, std::vector<int32_t>(size_t(b.rows), DECC_OK));
    }
  }
}

TEST(Step, RowsReportTheirOwnStatus) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 64);
  ASSERT_EQ(decrt_sampler_set_threads(s.get(), 2), DECRT_OK);
  Batch b = makeBatch(3, 64, 64, 3);
  b.logits[5] = NAN;                             // row 0: invalid logits
  std::fill(b.mask.begin() + 2, b.mask.begin() + 4, 0u); // row 1: all masked
  Out o = step(s.get(), b);
  EXPECT_EQ(o.status, (std::vector<int32_t>{DECC_STATUS_INVALID_LOGITS,
                                            DECC_STATUS_NO_VALID_TOKEN,
                                            DECC_OK}));
  EXPECT_EQ(o.tokens[0], -1);
  EXPECT_EQ(o.tokens[1], -1);
  EXPECT_GE(o.tokens[2], 0);
  EXPECT_EQ(o.logprobs[0], 0.0f);
}

TEST(Step, NullOptionalArgumentsMeanNoMaskHistoryOrSeed) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 50);
  Batch b = makeBatch(2, 50, 50, 4);
  std::vector<int32_t> tokens(2), status(2);
  ASSERT_EQ(decrt_sampler_step(s.get(), b.logits.data(), 2, 50, nullptr,
                               nullptr, nullptr, nullptr, nullptr,
                               tokens.data(), nullptr, status.data()),
            DECRT_OK);
  ref::RefPipeline p = chatPipeline(0.7, 40, 0.95);
  for (int r = 0; r < 2; ++r)
    EXPECT_EQ(tokens[size_t(r)],
              ref::run(p, &b.logits[size_t(r * 50)], 50, nullptr, nullptr, 0,
                       0, 0)
                  .token);
}

TEST(Step, ArgumentErrorsBeforeAnyRowRuns) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "greedy", 10);
  float logits[20] = {};
  int32_t tok[2] = {-7, -7}, st[2] = {-7, -7};
  EXPECT_EQ(decrt_sampler_step(s.get(), logits, 2, 9, nullptr, nullptr,
                               nullptr, nullptr, nullptr, tok, nullptr, st),
            DECRT_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(decrt_last_error()).find("row_stride 9"),
            std::string::npos);
  EXPECT_EQ(decrt_sampler_step(s.get(), logits, -1, 10, nullptr, nullptr,
                               nullptr, nullptr, nullptr, tok, nullptr, st),
            DECRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decrt_sampler_step(s.get(), logits, 2, 10, nullptr, nullptr,
                               nullptr, nullptr, nullptr, nullptr, nullptr, st),
            DECRT_ERR_INVALID_ARGUMENT);
  const int32_t *hist[2] = {nullptr, nullptr};
  EXPECT_EQ(decrt_sampler_step(s.get(), logits, 2, 10, nullptr, hist, nullptr,
                               nullptr, nullptr, tok, nullptr, st),
            DECRT_ERR_INVALID_ARGUMENT);
  int64_t lens[2] = {0, 3};
  EXPECT_EQ(decrt_sampler_step(s.get(), logits, 2, 10, nullptr, hist, lens,
                               nullptr, nullptr, tok, nullptr, st),
            DECRT_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(decrt_last_error()).find("row 1"), std::string::npos);
  EXPECT_EQ(tok[0], -7); // nothing ran
  EXPECT_EQ(decrt_sampler_step(s.get(), nullptr, 0, 10, nullptr, nullptr,
                               nullptr, nullptr, nullptr, nullptr, nullptr,
                               nullptr),
            DECRT_OK); // an empty batch is a valid no-op
}

TEST(Step, SampledTokensFollowTheSeedNotTheRow) {
  // The same sequence (logits, history, seed, step) in different batch rows
  // and batch sizes samples the same token.
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 200);
  Batch b = makeBatch(8, 200, 200, 5);
  for (int64_t r = 0; r < 8; ++r) {
    b.seeds[size_t(r)] = 1234;
    b.steps[size_t(r)] = 9;
    std::copy(b.logits.begin(), b.logits.begin() + 200,
              b.logits.begin() + r * 200);
    std::copy(b.mask.begin(), b.mask.begin() + 7, b.mask.begin() + r * 7);
    b.historyPtrs[size_t(r)] = b.historyPtrs[0];
    b.historyLens[size_t(r)] = b.historyLens[0];
  }
  Out o = step(s.get(), b);
  for (int64_t r = 1; r < 8; ++r)
    EXPECT_EQ(o.tokens[size_t(r)], o.tokens[0]);
}
