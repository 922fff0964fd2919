// examples/models/decc-tokenizer.json in the C++ tokenizer: the same ids as
// Hugging Face `tokenizers` on 300 strings (data/tokenizer-golden.json, from
// tools/train/tokenizer_golden.py), lossless decoding, and the same vocabulary
// as the tokenizer metadata inside the shipped GGUF files.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "decc/model.h"
#include "decc/tokenizer.h"

using namespace decc;

namespace {

const std::string kTokenizer = std::string(DECC_SHIPPED_MODELS_DIR) + "/decc-tokenizer.json";

std::unique_ptr<Tokenizer> load() {
  std::string err;
  auto t = Tokenizer::fromFile(kTokenizer, &err);
  EXPECT_NE(t, nullptr) << err;
  return t;
}

TEST(ShippedTokenizer, EncodesLikeHuggingFace) {
  auto tok = load();
  ASSERT_NE(tok, nullptr);
  std::ifstream in(std::string(DECC_SHIPPED_DATA_DIR) + "/tokenizer-golden.json");
  ASSERT_TRUE(in) << "missing tokenizer-golden.json";
  nlohmann::json golden = nlohmann::json::parse(in);
  ASSERT_GE(golden["cases"].size(), 300u);
  size_t mismatches = 0;
  for (const auto &c : golden["cases"]) {
    std::string text = c["text"];
    std::vector<int32_t> want = c["ids"].get<std::vector<int32_t>>();
    std::vector<int32_t> got = tok->encode(text, c["add_special"].get<bool>());
    if (got != want && ++mismatches <= 5) ADD_FAILURE() << "text: " << nlohmann::json(text).dump();
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(ShippedTokenizer, DecodesLosslessly) {
  auto tok = load();
  ASSERT_NE(tok, nullptr);
  for (const char *text : {"{\"name\": \"Zoe\", \"ok\": true}", "def f(x):\n    return x\n", "Grüße 😀\t\n"}) {
    std::vector<int32_t> ids = tok->encode(text, false);
    EXPECT_EQ(tok->decode(ids, false), text);
  }
}

TEST(ShippedTokenizer, SpecialTokens) {
  auto tok = load();
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->vocabSize(), 4096);
  ASSERT_TRUE(tok->bosId().has_value());
  EXPECT_EQ(*tok->bosId(), 0);  // the post-processor's <|bos|>
  const char *names[] = {"<|bos|>", "<|eos|>", "<|mask|>", "<|pad|>"};
  for (int32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(tok->tokenId(names[i]), i);
    EXPECT_TRUE(tok->isSpecial(i));
  }
  EXPECT_EQ(tok->encode("<|mask|>", false), std::vector<int32_t>{2});
  EXPECT_EQ(tok->encode("x", true).front(), 0);
}

TEST(ShippedTokenizer, MatchesGgufMetadata) {
  auto tok = load();
  ASSERT_NE(tok, nullptr);
  for (const char *name : {"decc-ar", "decc-diffusion", "decc-draft"}) {
    std::string err;
    auto m = model::Model::load(std::string(DECC_SHIPPED_MODELS_DIR) + "/" + name + ".gguf", &err);
    ASSERT_NE(m, nullptr) << err;
    const model::TokenizerData &t = m->tokenizer();
    ASSERT_EQ(t.tokens.size(), (size_t)tok->vocabSize()) << name;
    for (int32_t i = 0; i < tok->vocabSize(); ++i) {
      ASSERT_EQ(t.tokens[i], tok->tokenPiece(i)) << name << " token " << i;
      ASSERT_EQ(t.tokenTypes[i] == 3, tok->isSpecial(i)) << name << " token " << i;
    }
    EXPECT_EQ(t.merges.size(), 4096u - 4 - 256) << name;  // every non-byte, non-special token is a merge
  }
}

}  // namespace
