//===- ShippedTokenizerTest.cpp - the default models' own tokenizer ------===//
//
// examples/models/decc-tokenizer.json is the byte-level BPE the project
// trained for its default models (tools/train): its special tokens must be
// recognised by name, since decrun falls back to them without GGUF metadata.
#include "decc/tokenizer.h"

#include <gtest/gtest.h>

namespace {

TEST(ShippedTokenizer, SpecialTokensAreRecognised) {
  std::string error;
  auto tok = decc::Tokenizer::fromFile(DECC_SHIPPED_TOKENIZER, &error);
  ASSERT_TRUE(tok) << error;
  EXPECT_EQ(tok->vocabSize(), 4096);
  EXPECT_EQ(tok->bosId(), 0);
  EXPECT_EQ(tok->eosId(), 1);
  EXPECT_TRUE(tok->isSpecial(1));
  std::vector<int32_t> ids = tok->encode("{\"name\": \"Ada\"}", false);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(tok->decode(ids, false), "{\"name\": \"Ada\"}");
}

} // namespace
