// The forward pass against golden logits from an independent numpy
// transcription of Hugging Face's Llama (tools/gguf_make_test_model.py).
// The model files store the exact weights the reference used (dequantised), so
// only activation arithmetic differs (f32 here, f64 there): one tolerance,
// 1e-4 absolute, holds for the f32, f16 and q8_0 files alike.
#include <gtest/gtest.h>

#include <cmath>

#include "TestUtil.h"
#include "decc/model.h"

using namespace decc;

namespace {

constexpr float kTol = 1e-4f;

struct Golden {
  std::unique_ptr<gguf::File> file;
  std::vector<int32_t> tokens, tokensBidir;
  const gguf::TensorInfo *causal = nullptr, *bidir = nullptr, *exit1 = nullptr;
  const float *row(const gguf::TensorInfo *t, size_t pos) const {
    return reinterpret_cast<const float *>(t->data) + pos * t->dims[0];
  }
};

class GoldenTest : public ::testing::TestWithParam<const char *> {
 protected:
  void SetUp() override {
    std::string err;
    model_ = model::Model::load(test::dataPath(std::string(GetParam()) + ".gguf"), &err);
    ASSERT_NE(model_, nullptr) << err;
    g_.file = gguf::File::open(test::dataPath(std::string(GetParam()) + ".golden.gguf"), &err);
    ASSERT_NE(g_.file, nullptr) << err;
    for (auto [key, out] : {std::pair{"golden.tokens", &g_.tokens}, {"golden.tokens_bidirectional", &g_.tokensBidir}}) {
      const gguf::Value *v = g_.file->find(key);
      ASSERT_NE(v, nullptr) << key;
      for (uint64_t i = 0; i < v->count; ++i) out->push_back((int32_t)v->intAt(i));
    }
    g_.causal = g_.file->tensor("logits.causal");
    g_.bidir = g_.file->tensor("logits.bidirectional");
    g_.exit1 = g_.file->tensor("logits.exit1");
    ASSERT_TRUE(g_.causal && g_.bidir && g_.exit1);
    ASSERT_EQ(g_.causal->dims[0], model_->config().nVocab);
    ASSERT_EQ(g_.causal->dims[1], g_.tokens.size());
  }

  // Max |a - b| over one row, reported with the position.
  void expectRow(const float *got, const float *want, size_t pos, const char *what) {
    ASSERT_NE(got, nullptr) << what << " pos " << pos;
    float worst = 0;
    size_t at = 0;
    for (size_t i = 0; i < model_->config().nVocab; ++i) {
      float d = std::fabs(got[i] - want[i]);
      if (!(d <= worst)) { worst = d; at = i; }
    }
    EXPECT_LE(worst, kTol) << what << ": position " << pos << ", token " << at << ": got " << got[at]
                           << ", want " << want[at];
  }

  std::unique_ptr<model::Model> model_;
  Golden g_;
};

TEST_P(GoldenTest, WholeSequenceAllPositions) {
  model::Session s(*model_);
  std::string err;
  ASSERT_TRUE(s.evaluate(g_.tokens, true, &err)) << err;
  ASSERT_EQ(s.logitsRows(), g_.tokens.size());
  EXPECT_EQ(s.size(), g_.tokens.size());
  for (size_t p = 0; p < g_.tokens.size(); ++p) expectRow(s.logits(p), g_.row(g_.causal, p), p, "chunk");
}

TEST_P(GoldenTest, TokenByTokenWithCache) {
  model::Session s(*model_);
  std::string err;
  for (size_t p = 0; p < g_.tokens.size(); ++p) {
    ASSERT_TRUE(s.evaluate(&g_.tokens[p], 1, false, &err)) << err;
    ASSERT_EQ(s.logitsRows(), 1u);
    expectRow(s.lastLogits(), g_.row(g_.causal, p), p, "token by token");
  }
}

TEST_P(GoldenTest, UnevenChunks) {
  model::Session s(*model_);
  std::string err;
  size_t p = 0;
  for (size_t len : {5, 1, 7, 3}) {
    ASSERT_TRUE(s.evaluate(&g_.tokens[p], len, true, &err)) << err;
    for (size_t i = 0; i < len; ++i) expectRow(s.logits(i), g_.row(g_.causal, p + i), p + i, "chunked");
    p += len;
  }
  EXPECT_EQ(p, g_.tokens.size());
}

TEST_P(GoldenTest, LastLogitsOnly) {
  model::Session s(*model_);
  std::string err;
  ASSERT_TRUE(s.evaluate(g_.tokens, false, &err)) << err;
  ASSERT_EQ(s.logitsRows(), 1u);
  EXPECT_EQ(s.logits(1), nullptr);
  expectRow(s.lastLogits(), g_.row(g_.causal, g_.tokens.size() - 1), g_.tokens.size() - 1, "last");
}

// Speculative decoding: draft tokens are appended, rejected ones rolled back.
TEST_P(GoldenTest, TruncateThenReplay) {
  model::Session s(*model_);
  std::string err;
  ASSERT_TRUE(s.evaluate(g_.tokens.data(), 9, false, &err)) << err;
  std::vector<int32_t> wrong = {7, 8, 9, 10};
  ASSERT_TRUE(s.evaluate(wrong, true, &err)) << err;
  EXPECT_EQ(s.size(), 13u);
  ASSERT_TRUE(s.truncate(9));
  EXPECT_EQ(s.size(), 9u);
  ASSERT_TRUE(s.evaluate(&g_.tokens[9], g_.tokens.size() - 9, true, &err)) << err;
  for (size_t i = 9; i < g_.tokens.size(); ++i) expectRow(s.logits(i - 9), g_.row(g_.causal, i), i, "replayed");
  // Back to the start: the cache is fully reusable.
  ASSERT_TRUE(s.truncate(0));
  ASSERT_TRUE(s.evaluate(g_.tokens.data(), 4, true, &err)) << err;
  expectRow(s.logits(3), g_.row(g_.causal, 3), 3, "after truncate(0)");
}

TEST_P(GoldenTest, BidirectionalWithMaskTokens) {
  EXPECT_EQ(model_->config().maskTokenId, 3);
  model::SessionOptions o;
  o.attention = model::SessionOptions::Attention::Bidirectional;
  model::Session s(*model_, o);
  EXPECT_FALSE(s.causal());
  std::string err;
  ASSERT_TRUE(s.evaluate(g_.tokensBidir, true, &err)) << err;
  EXPECT_EQ(s.size(), 0u);  // no cache kept
  for (size_t p = 0; p < g_.tokensBidir.size(); ++p) expectRow(s.logits(p), g_.row(g_.bidir, p), p, "bidirectional");
  // A second call is a fresh sequence, not a continuation.
  ASSERT_TRUE(s.evaluate(g_.tokensBidir, true, &err)) << err;
  expectRow(s.logits(0), g_.row(g_.bidir, 0), 0, "bidirectional again");
}

TEST_P(GoldenTest, EarlyExitAfterFirstLayer) {
  model::SessionOptions o;
  o.exitLayer = 1;
  model::Session s(*model_, o);
  EXPECT_EQ(s.layers(), 1u);
  std::string err;
  ASSERT_TRUE(s.evaluate(g_.tokens.data(), 10, true, &err)) << err;
  ASSERT_TRUE(s.evaluate(&g_.tokens[10], g_.tokens.size() - 10, true, &err)) << err;
  for (size_t p = 10; p < g_.tokens.size(); ++p) expectRow(s.logits(p - 10), g_.row(g_.exit1, p), p, "exit 1");
}

TEST_P(GoldenTest, ResultsDoNotDependOnThreadCount) {
  std::string err;
  std::vector<std::vector<float>> results;
  for (unsigned threads : {1u, 2u, 3u, 7u}) {
    model::LoadOptions lo;
    lo.threads = threads;
    auto m = model::Model::load(test::dataPath(std::string(GetParam()) + ".gguf"), &err, lo);
    ASSERT_NE(m, nullptr) << err;
    EXPECT_EQ(m->threads(), threads);
    model::Session s(*m);
    ASSERT_TRUE(s.evaluate(g_.tokens, true, &err)) << err;
    results.emplace_back(s.logits(0), s.logits(0) + g_.tokens.size() * m->config().nVocab);
  }
  for (size_t i = 1; i < results.size(); ++i) EXPECT_EQ(results[i], results[0]) << "thread setting " << i;
}

INSTANTIATE_TEST_SUITE_P(TinyModels, GoldenTest, ::testing::Values("tiny-f32", "tiny-f16", "tiny-q8_0"),
                         [](const auto &info) {
                           std::string n = info.param;
                           for (char &c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
