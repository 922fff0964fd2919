// Hyper-parameters, tokenizer metadata and the load-time checks of weights
// against metadata.
#include <gtest/gtest.h>

#include "RandomModel.h"
#include "TestUtil.h"
#include "decc/model.h"

using namespace decc;

namespace {

std::unique_ptr<model::Model> loadBytes(const std::vector<uint8_t> &bytes, std::string *err) {
  // fromMemory does not own the bytes: callers keep `bytes` alive as long as the model.
  auto f = gguf::File::fromMemory(bytes.data(), bytes.size(), "m.gguf", err);
  if (!f) return nullptr;
  return model::Model::fromFile(std::move(f), err);
}

// Builds a random model, lets `edit` change the writer, and returns the load
// error (empty when it loads).
template <typename Edit>
std::string loadError(Edit edit, model::RandomModelSpec spec = {}) {
  gguf::Writer w;
  std::string err;
  EXPECT_TRUE(model::buildRandomLlama(spec, &w, &err)) << err;
  edit(w);
  std::vector<uint8_t> bytes = w.serialize();
  auto m = loadBytes(bytes, &err);
  if (m) return "";
  EXPECT_EQ(err.rfind("m.gguf: ", 0), 0u) << err;
  return err;
}

TEST(ModelLoad, ConfigFromTinyFiles) {
  std::string err;
  auto f32 = model::Model::load(test::dataPath("tiny-f32.gguf"), &err);
  ASSERT_NE(f32, nullptr) << err;
  const model::ModelConfig &c = f32->config();
  EXPECT_EQ(c.architecture, "llama");
  EXPECT_EQ(c.nVocab, 512u);
  EXPECT_EQ(c.nEmbd, 64u);
  EXPECT_EQ(c.nLayer, 2u);
  EXPECT_EQ(c.nHead, 4u);
  EXPECT_EQ(c.nHeadKv, 2u);
  EXPECT_EQ(c.headDim, 16u);
  EXPECT_EQ(c.nFF, 128u);
  EXPECT_EQ(c.nCtxTrain, 128u);
  EXPECT_FLOAT_EQ(c.rmsEps, 1e-5f);
  EXPECT_TRUE(c.ropeFreqFactors);
  EXPECT_FALSE(c.tiedOutput);
  EXPECT_TRUE(c.causal);
  EXPECT_EQ(c.weightType, gguf::TensorType::F32);

  auto f16 = model::Model::load(test::dataPath("tiny-f16.gguf"), &err);
  ASSERT_NE(f16, nullptr) << err;
  EXPECT_TRUE(f16->config().tiedOutput);
  EXPECT_EQ(f16->config().ropeScaling, model::RopeScaling::Linear);
  EXPECT_FLOAT_EQ(f16->config().ropeScaleFactor, 2.0f);
  EXPECT_EQ(f16->config().weightType, gguf::TensorType::F16);
}

TEST(ModelLoad, TokenizerMetadata) {
  std::string err;
  auto m = model::Model::load(test::dataPath("tiny-q8_0.gguf"), &err);
  ASSERT_NE(m, nullptr) << err;
  const model::TokenizerData &t = m->tokenizer();
  EXPECT_EQ(t.model, "gpt2");
  ASSERT_EQ(t.tokens.size(), 512u);
  EXPECT_EQ(t.tokens[3], "<mask>");
  EXPECT_EQ(t.tokens[511], "t511");
  ASSERT_EQ(t.scores.size(), 512u);
  EXPECT_FLOAT_EQ(t.scores[10], -10.0f);
  ASSERT_EQ(t.tokenTypes.size(), 512u);
  EXPECT_EQ(t.tokenTypes[0], 3);
  EXPECT_EQ(t.tokenTypes[3], 4);
  EXPECT_EQ(t.tokenTypes[4], 1);
  EXPECT_EQ(t.merges, (std::vector<std::string>{"t 1", "t1 0", "t 2"}));
  EXPECT_EQ(t.bosId, 1);
  EXPECT_EQ(t.eosId, 2);
  EXPECT_EQ(t.maskId, 3);
  EXPECT_EQ(t.unkId, -1);
  EXPECT_EQ(t.addBos, 1);
  EXPECT_EQ(t.addEos, -1);
}

TEST(ModelLoad, ShapeMismatchNamesTensorAndMetadata) {
  std::string err = loadError([](gguf::Writer &w) { w.addUInt32("llama.attention.head_count_kv", 4); });
  EXPECT_NE(err.find("tensor 'blk.0.attn_k.weight': shape [64, 32] does not match the metadata [n_embd=64, "
                     "n_head_kv*head_dim=64]"),
            std::string::npos)
      << err;
  err = loadError([](gguf::Writer &w) { w.addUInt32("llama.feed_forward_length", 100); });
  EXPECT_NE(err.find("tensor 'blk.0.ffn_gate.weight': shape [64, 128]"), std::string::npos) << err;
}

TEST(ModelLoad, MissingTensor) {
  std::string err = loadError([](gguf::Writer &w) { w.addUInt32("llama.block_count", 3); });
  EXPECT_NE(err.find("m.gguf: missing tensor 'blk.2.attn_norm.weight'"), std::string::npos) << err;
}

TEST(ModelLoad, MissingAndMistypedMetadata) {
  std::string err = loadError([](gguf::Writer &w) { w.addString("llama.embedding_length", "64"); });
  EXPECT_NE(err.find("metadata 'llama.embedding_length': expected an integer, found string"), std::string::npos)
      << err;
  err = loadError([](gguf::Writer &w) { w.addString("general.architecture", "llada"); });
  EXPECT_NE(err.find("metadata 'llada.context_length': missing"), std::string::npos) << err;
  err = loadError([](gguf::Writer &w) { w.addString("general.architecture", "gpt2"); });
  EXPECT_NE(err.find("architecture 'gpt2' is not supported"), std::string::npos) << err;
  err = loadError([](gguf::Writer &w) { w.addUInt32("llama.attention.head_count_kv", 3); });
  EXPECT_NE(err.find("metadata 'llama.attention.head_count_kv': 3 does not divide head_count 4"), std::string::npos)
      << err;
  err = loadError([](gguf::Writer &w) { w.addUInt32("llama.block_count", 0); });
  EXPECT_NE(err.find("metadata 'llama.block_count': value 0 is outside 1..4096"), std::string::npos) << err;
  err = loadError([](gguf::Writer &w) { w.addString("llama.rope.scaling.type", "yarn"); });
  EXPECT_NE(err.find("rope scaling 'yarn' is not supported"), std::string::npos) << err;
}

TEST(ModelLoad, UnsupportedTensorTypeIsNamed) {
  std::string err = loadError([](gguf::Writer &w) {
    std::string e;
    // rope_freqs for 8 pairs as q4_0 needs a block of 32: use a q4_0 [32] tensor.
    ASSERT_TRUE(w.addTensor("rope_freqs.weight", gguf::TensorType::Q4_0, {32}, std::vector<uint8_t>(18), &e)) << e;
  });
  EXPECT_NE(err.find("tensor 'rope_freqs.weight': type q4_0 is not supported (supported: f32, f16, bf16, q8_0)"),
            std::string::npos)
      << err;
}

TEST(ModelLoad, TokenizerArraysMustMatchVocabulary) {
  std::string err = loadError([](gguf::Writer &w) { w.addStringArray("tokenizer.ggml.tokens", {"a", "b", "c"}); });
  EXPECT_NE(err.find("metadata 'tokenizer.ggml.tokens': has 3 entries, the vocabulary has 512"), std::string::npos)
      << err;
  err = loadError([](gguf::Writer &w) { w.addInt32Array("tokenizer.ggml.scores", std::vector<int32_t>(512)); });
  EXPECT_NE(err.find("expected an array of float32, found array of int32"), std::string::npos) << err;
  err = loadError([](gguf::Writer &w) { w.addUInt32("tokenizer.ggml.eos_token_id", 512); });
  EXPECT_NE(err.find("metadata 'tokenizer.ggml.eos_token_id': value 512 is outside 0..511"), std::string::npos) << err;
}

TEST(ModelLoad, LladaIsBidirectionalByDefault) {
  std::string err = loadError([](gguf::Writer &w) {
    w.addString("general.architecture", "llada");
    for (auto [k, v] : {std::pair{"context_length", 256u}, {"embedding_length", 64u}, {"block_count", 2u},
                        {"feed_forward_length", 128u}, {"attention.head_count", 4u}, {"attention.head_count_kv", 2u}})
      w.addUInt32(std::string("llada.") + k, v);
    w.addUInt32("tokenizer.ggml.mask_token_id", 5);
  });
  EXPECT_EQ(err, "");
  gguf::Writer w;
  ASSERT_TRUE(model::buildRandomLlama({}, &w, &err)) << err;
  w.addBool("llama.attention.causal", false);
  std::vector<uint8_t> bytes = w.serialize();
  auto m = loadBytes(bytes, &err);
  ASSERT_NE(m, nullptr) << err;
  EXPECT_FALSE(m->config().causal);
  model::Session s(*m);
  EXPECT_FALSE(s.causal());
}

}  // namespace
