// Session API behaviour: errors, capacity, rollback, storage types.
#include <gtest/gtest.h>

#include <cmath>

#include "RandomModel.h"
#include "TestUtil.h"
#include "decc/model.h"

using namespace decc;

namespace {

// A random model kept in memory together with the bytes it maps.
struct MemModel {
  std::vector<uint8_t> bytes;
  std::unique_ptr<model::Model> model;
  explicit MemModel(const model::RandomModelSpec &spec, unsigned threads = 2) {
    gguf::Writer w;
    std::string err;
    EXPECT_TRUE(model::buildRandomLlama(spec, &w, &err)) << err;
    bytes = w.serialize();
    auto f = gguf::File::fromMemory(bytes.data(), bytes.size(), "mem.gguf", &err);
    EXPECT_NE(f, nullptr) << err;
    model::LoadOptions lo;
    lo.threads = threads;
    model = model::Model::fromFile(std::move(f), &err, lo);
    EXPECT_NE(model, nullptr) << err;
  }
};

std::vector<int32_t> someTokens(size_t n, uint32_t vocab) {
  std::vector<int32_t> t(n);
  for (size_t i = 0; i < n; ++i) t[i] = (int32_t)((i * 37 + 11) % vocab);
  return t;
}

std::vector<float> allLogits(const model::Model &m, const std::vector<int32_t> &toks) {
  model::Session s(m);
  std::string err;
  EXPECT_TRUE(s.evaluate(toks, true, &err)) << err;
  return std::vector<float>(s.logits(0), s.logits(0) + toks.size() * s.vocab());
}

TEST(Session, RejectsBadTokensAndStaysUnchanged) {
  MemModel mm({});
  model::Session s(*mm.model);
  std::string err;
  ASSERT_TRUE(s.evaluate({1, 2, 3}, false, &err)) << err;
  std::vector<float> before(s.lastLogits(), s.lastLogits() + s.vocab());
  EXPECT_FALSE(s.evaluate({4, 512}, false, &err));
  EXPECT_EQ(err, "evaluate: token 512 at chunk position 1 is outside the vocabulary [0, 512)");
  EXPECT_FALSE(s.evaluate({-1}, false, &err));
  EXPECT_FALSE(s.evaluate(nullptr, 0, false, &err));
  EXPECT_EQ(err, "evaluate: empty chunk");
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(std::vector<float>(s.lastLogits(), s.lastLogits() + s.vocab()), before);
}

TEST(Session, CapacityAndTruncate) {
  MemModel mm({});
  model::SessionOptions o;
  o.maxTokens = 8;
  model::Session s(*mm.model, o);
  EXPECT_EQ(s.capacity(), 8u);
  std::string err;
  ASSERT_TRUE(s.evaluate(someTokens(6, 512), false, &err)) << err;
  EXPECT_FALSE(s.evaluate(someTokens(3, 512), false, &err));
  EXPECT_EQ(err, "evaluate: 6 cached + 3 new tokens exceed the session capacity of 8");
  EXPECT_FALSE(s.truncate(7));
  EXPECT_TRUE(s.truncate(5));
  EXPECT_TRUE(s.evaluate(someTokens(3, 512), false, &err)) << err;
  EXPECT_EQ(s.size(), 8u);
  // The default capacity is the model's context length.
  model::Session d(*mm.model);
  EXPECT_EQ(d.capacity(), 256u);
}

TEST(Session, CacheGrowthKeepsEarlierPositions) {
  // Token by token past several reallocations equals one chunk.
  MemModel mm({});
  auto toks = someTokens(70, 512);
  std::vector<float> full = allLogits(*mm.model, toks);
  model::Session s(*mm.model);
  std::string err;
  for (size_t i = 0; i < toks.size(); ++i) ASSERT_TRUE(s.evaluate(&toks[i], 1, false, &err)) << err;
  const float *last = s.lastLogits();
  for (size_t v = 0; v < 512; ++v) ASSERT_NEAR(last[v], full[69 * 512 + v], 1e-5f) << v;
}

TEST(Session, HalfAndBfloatWeightsMatchF32OfTheSameValues) {
  // Weights rounded through f16 (or bf16) and stored as f32 or as f16 (bf16)
  // must give identical logits: the conversion is exact and the arithmetic the same.
  for (gguf::TensorType t : {gguf::TensorType::F16, gguf::TensorType::BF16}) {
    model::RandomModelSpec a;
    a.roundThrough = t;
    model::RandomModelSpec b = a;
    b.type = t;
    MemModel ma(a), mb(b);
    EXPECT_EQ(mb.model->config().weightType, t);
    auto toks = someTokens(9, 512);
    EXPECT_EQ(allLogits(*ma.model, toks), allLogits(*mb.model, toks)) << gguf::tensorTypeName(t);
  }
}

TEST(Session, Q8WeightsCloseToF32) {
  model::RandomModelSpec a, b;
  b.type = gguf::TensorType::Q8_0;
  MemModel ma(a), mb(b);
  auto toks = someTokens(9, 512);
  auto x = allLogits(*ma.model, toks), y = allLogits(*mb.model, toks);
  float worst = 0;
  for (size_t i = 0; i < x.size(); ++i) worst = std::max(worst, std::fabs(x[i] - y[i]));
  // q8_0 keeps ~8 bits per weight: logits move, but only a little.
  EXPECT_LT(worst, 0.1f);
  EXPECT_GT(worst, 0.0f);
}

TEST(Session, TiedOutputUsesTokenEmbedding) {
  model::RandomModelSpec spec;
  spec.tied = true;
  MemModel mm(spec);
  EXPECT_TRUE(mm.model->config().tiedOutput);
  auto x = allLogits(*mm.model, someTokens(4, 512));
  EXPECT_EQ(x.size(), 4u * 512u);
}

TEST(Session, InterleavedSessionsAreIndependent) {
  MemModel mm({});
  auto a = someTokens(12, 512), b = someTokens(12, 300);
  auto wantA = allLogits(*mm.model, a), wantB = allLogits(*mm.model, b);
  model::Session sa(*mm.model), sb(*mm.model);
  std::string err;
  for (size_t i = 0; i < 12; ++i) {
    ASSERT_TRUE(sa.evaluate(&a[i], 1, false, &err)) << err;
    ASSERT_TRUE(sb.evaluate(&b[i], 1, false, &err)) << err;
  }
  for (size_t v = 0; v < 512; ++v) {
    ASSERT_NEAR(sa.lastLogits()[v], wantA[11 * 512 + v], 1e-5f);
    ASSERT_NEAR(sb.lastLogits()[v], wantB[11 * 512 + v], 1e-5f);
  }
}

TEST(Session, BidirectionalSeesFutureTokens) {
  MemModel mm({});
  model::SessionOptions o;
  o.attention = model::SessionOptions::Attention::Bidirectional;
  model::Session s(*mm.model, o);
  std::string err;
  ASSERT_TRUE(s.evaluate({5, 6, 7}, true, &err)) << err;
  std::vector<float> first(s.logits(0), s.logits(0) + 512);
  ASSERT_TRUE(s.evaluate({5, 6, 8}, true, &err)) << err;
  EXPECT_NE(std::vector<float>(s.logits(0), s.logits(0) + 512), first);  // position 0 saw the change
  // A causal session's position 0 does not.
  model::Session c(*mm.model);
  ASSERT_TRUE(c.evaluate({5, 6, 7}, true, &err)) << err;
  std::vector<float> c0(c.logits(0), c.logits(0) + 512);
  ASSERT_TRUE(c.truncate(0));
  ASSERT_TRUE(c.evaluate({5, 6, 8}, true, &err)) << err;
  EXPECT_EQ(std::vector<float>(c.logits(0), c.logits(0) + 512), c0);
}

}  // namespace
