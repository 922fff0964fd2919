// Compares encode/decode with vectors produced by Hugging Face `tokenizers`
// (tools/gen_tokenizer_golden.py) for the four real tokenizers.
#include "TestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using decc::Tokenizer;
using nlohmann::json;

namespace {

class Golden : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    tok = decc::test::sharedTokenizer(GetParam());
    if (!tok)
      GTEST_SKIP() << "tokenizer not found: " << decc::test::tokenizerPath(GetParam())
                   << " (set DECC_TOKENIZERS_DIR)";
    std::string path =
        std::string(DECC_TOKENIZER_GOLDEN_DIR) + "/" + GetParam() + ".json";
    std::string text = decc::test::readFile(path);
    ASSERT_FALSE(text.empty()) << "missing golden file " << path;
    golden = json::parse(text);
  }
  static std::vector<int32_t> ids(const json &j) {
    return j.get<std::vector<int32_t>>();
  }
  const Tokenizer *tok = nullptr;
  json golden;
};

std::string show(const std::string &s) { return json(s).dump(); }

TEST_P(Golden, VocabSize) {
  EXPECT_EQ(tok->vocabSize(), golden["vocab_size_with_added"].get<int32_t>());
}

TEST_P(Golden, Encode) {
  size_t n = 0;
  for (const json &c : golden["cases"]) {
    std::string text = c["text"];
    EXPECT_EQ(tok->encode(text, false), ids(c["ids"])) << show(text);
    EXPECT_EQ(tok->encode(text, true), ids(c["ids_special"])) << show(text);
    EXPECT_EQ(tok->encode(text, false, /*parseSpecial=*/false),
              ids(c["ids_unparsed"]))
        << show(text);
    ++n;
  }
  EXPECT_GE(n, 200u);
}

TEST_P(Golden, DecodeOfEncoded) {
  for (const json &c : golden["cases"]) {
    std::vector<int32_t> v = ids(c["ids"]);
    EXPECT_EQ(tok->decodeLossy(v, false), c["decode"].get<std::string>())
        << show(c["text"]);
    EXPECT_EQ(tok->decodeLossy(v, true), c["decode_skip"].get<std::string>())
        << show(c["text"]);
    // Encoded text is valid UTF-8, so the raw decode agrees too.
    EXPECT_EQ(tok->decode(v, false), c["decode"].get<std::string>())
        << show(c["text"]);
  }
}

TEST_P(Golden, DecodeArbitraryIds) {
  const std::string replacement = "\xEF\xBF\xBD";
  size_t partial = 0;
  for (const json &c : golden["decode_cases"]) {
    std::vector<int32_t> v = ids(c["ids"]);
    std::string expect = c["text"], expectSkip = c["text_skip"];
    EXPECT_EQ(tok->decodeLossy(v, false), expect) << json(v).dump();
    EXPECT_EQ(tok->decodeLossy(v, true), expectSkip) << json(v).dump();
    std::string raw = tok->decode(v, false);
    if (expect.find(replacement) == std::string::npos)
      EXPECT_EQ(raw, expect) << json(v).dump();
    else
      ++partial;
  }
  // The vectors must exercise invalid/partial UTF-8.
  EXPECT_GT(partial, 0u);
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, Golden,
                         ::testing::Values("llama3", "qwen3", "gemma3", "llama2"),
                         [](const auto &info) { return info.param; });

} // namespace

namespace {

// The hand-made seed tokenizers of the fuzzer corpus, against HF.
TEST(SyntheticGolden, MatchesHuggingFace) {
  json doc = json::parse(decc::test::readFile(
      std::string(DECC_TOKENIZER_GOLDEN_DIR) + "/synthetic.json"));
  size_t tokenizers = 0;
  for (const json &t : doc["tokenizers"]) {
    std::string file = std::string(DECC_TOKENIZER_SEED_DIR) + "/" +
                       t["file"].get<std::string>();
    std::string error;
    auto tok = Tokenizer::fromFile(file, &error);
    ASSERT_NE(tok, nullptr) << error;
    ++tokenizers;
    for (const json &c : t["cases"]) {
      std::string text = c["text"];
      auto ids = c["ids"].get<std::vector<int32_t>>();
      auto withSpecial = c["ids_special"].get<std::vector<int32_t>>();
      EXPECT_EQ(tok->encode(text, false), ids) << file << " " << show(text);
      EXPECT_EQ(tok->encode(text, true), withSpecial) << file << " " << show(text);
      EXPECT_EQ(tok->decodeLossy(ids, false), c["decode"].get<std::string>())
          << file << " " << show(text);
      EXPECT_EQ(tok->decodeLossy(withSpecial, true),
                c["decode_skip"].get<std::string>())
          << file << " " << show(text);
    }
  }
  EXPECT_GE(tokenizers, 6u);
}

} // namespace
