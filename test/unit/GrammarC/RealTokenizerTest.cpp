// With the Llama-3 tokenizer (skipped when absent): a document accepted
// token by token while batched rows (GBNF, JSON Schema, unconstrained) on 2
// threads equal single fills, padded ids stay 0 and EOS comes at the end;
// random walks of 8 matchers stepped through batched masks.
#include "Harness.h"

#include "decc/tokenizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

using namespace decgram_test;

namespace {

constexpr size_t kPadded = 128320;

const char *kSchema = R"({"type": "object", "properties": {
  "name": {"type": "string"}, "age": {"type": "integer", "minimum": 0},
  "tags": {"type": "array", "items": {"type": "string"}}},
  "required": ["name", "age", "tags"], "additionalProperties": false})";
const char *kDoc = R"({"name": "Zoë \"Z\" Ålund", "age": 42, "tags": ["a", "caf\u00e9", "日本"]})";

class DecgramLlama3 : public ::testing::Test {
protected:
  void SetUp() override {
    std::string path = tokenizersDir() + "/llama3/tokenizer.json";
    if (!std::ifstream(path).good())
      GTEST_SKIP() << "tokenizer " << path << " not found (set DECC_TOKENIZERS_DIR)";
    decgram_vocab *v = nullptr;
    ASSERT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), nullptr, 0, kPadded, &v),
              DECGRAM_OK)
        << decgram_last_error();
    vocab_.reset(v);
    decgram_compiler *c = nullptr;
    ASSERT_EQ(decgram_compiler_new(v, nullptr, &c), DECGRAM_OK);
    compiler_.reset(c);
    tok_ = decc::Tokenizer::fromFile(path, nullptr);
    ASSERT_TRUE(tok_);
    words_ = decgram_vocab_mask_words(v);
    eos_ = *tok_->eosId();
  }
  Vocab vocab_;
  Compiler compiler_;
  std::unique_ptr<decc::Tokenizer> tok_;
  size_t words_ = 0;
  int32_t eos_ = -1;
};

TEST_F(DecgramLlama3, DocumentThroughBatchedMasks) {
  Grammar json = compile(compiler_.get(), DECGRAM_KIND_GBNF,
                         readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  decgram_compile_options o = decgram_compile_options_default();
  o.json_whitespace = DECGRAM_JSON_WS_BOUNDED;
  Grammar schema = compile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kSchema, &o);
  Matcher a = newMatcher(json.get()), b = newMatcher(schema.get());
  decgram_pool *p = nullptr;
  ASSERT_EQ(decgram_pool_new(2, &p), DECGRAM_OK);
  Pool pool(p);

  std::vector<int32_t> ids = tok_->encode(kDoc, false, false);
  ids.push_back(eos_);
  decgram_matcher *batch[3] = {a.get(), nullptr, b.get()};
  std::vector<uint32_t> buf(3 * words_);
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(decgram_fill_masks(p, batch, nullptr, 3, buf.data(), words_, words_), DECGRAM_OK);
    std::vector<uint32_t> rowA(buf.begin(), buf.begin() + words_);
    std::vector<uint32_t> rowB(buf.begin() + 2 * words_, buf.end());
    ASSERT_EQ(rowA, mask(a.get(), words_)) << "token " << i;
    ASSERT_EQ(rowB, mask(b.get(), words_)) << "token " << i;
    for (size_t w = words_; w < 2 * words_; ++w)
      ASSERT_EQ(buf[w], 0xFFFFFFFFu);
    for (size_t t = 128256; t < kPadded; ++t)
      ASSERT_FALSE(allowed(rowA, static_cast<int32_t>(t)) || allowed(rowB, static_cast<int32_t>(t)));
    ASSERT_TRUE(allowed(rowA, ids[i])) << "token " << i;
    ASSERT_TRUE(allowed(rowB, ids[i])) << "token " << i;
    ASSERT_EQ(allowed(rowB, eos_), i + 1 == ids.size());
    bool ok1 = false, ok2 = false;
    ASSERT_EQ(decgram_matcher_accept_token(a.get(), ids[i], &ok1), DECGRAM_OK);
    ASSERT_EQ(decgram_matcher_accept_token(b.get(), ids[i], &ok2), DECGRAM_OK);
    ASSERT_TRUE(ok1 && ok2) << "token " << i;
  }
  EXPECT_TRUE(decgram_matcher_is_terminated(b.get()));
  ASSERT_EQ(decgram_matcher_rollback(b.get(), 1), DECGRAM_OK);
  EXPECT_TRUE(decgram_matcher_is_complete(b.get()));
  EXPECT_FALSE(decgram_matcher_is_terminated(b.get()));
}

TEST_F(DecgramLlama3, RandomWalksInBatches) {
  Grammar json = compile(compiler_.get(), DECGRAM_KIND_GBNF,
                         readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  Grammar schema = compile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kSchema);
  std::vector<Matcher> ms;
  for (int i = 0; i < 8; ++i)
    ms.push_back(newMatcher((i % 2 ? schema : json).get()));
  std::vector<decgram_matcher *> ptrs;
  for (Matcher &m : ms)
    ptrs.push_back(m.get());
  decgram_pool *p = nullptr;
  ASSERT_EQ(decgram_pool_new(2, &p), DECGRAM_OK);
  Pool pool(p);
  std::mt19937 rng(7);
  std::vector<uint32_t> buf(8 * words_);
  for (int step = 0; step < 24; ++step) {
    ASSERT_EQ(decgram_fill_masks(p, ptrs.data(), nullptr, 8, buf.data(), words_, words_),
              DECGRAM_OK);
    for (size_t i = 0; i < 8; ++i) {
      std::vector<uint32_t> row(buf.begin() + i * words_, buf.begin() + (i + 1) * words_);
      ASSERT_EQ(row, mask(ptrs[i], words_)) << "matcher " << i << " step " << step;
      std::vector<int32_t> ok = allowedTokens(row);
      if (ok.empty() || decgram_matcher_is_terminated(ptrs[i]))
        continue;
      bool accepted = false;
      ASSERT_EQ(decgram_matcher_accept_token(ptrs[i], ok[rng() % ok.size()], &accepted),
                DECGRAM_OK);
      ASSERT_TRUE(accepted);
    }
  }
}

} // namespace
