// Serialised grammar tables: round trips keep the matcher's behaviour, and
// corrupt tables are errors naming the field.
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstring>

namespace decc {
namespace grammar {
namespace test {
namespace {

std::shared_ptr<const CompiledGrammar> roundTrip(const CompiledGrammar &g) {
  std::vector<uint8_t> bytes = serialize(g);
  std::string err;
  auto back = deserialize(bytes.data(), bytes.size(), &err);
  EXPECT_TRUE(back) << err;
  return back;
}

std::string loadError(const std::vector<uint8_t> &bytes) {
  std::string err;
  auto g = deserialize(bytes.data(), bytes.size(), &err);
  EXPECT_FALSE(g);
  return err;
}

void putU32(std::vector<uint8_t> &b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

const char *kSmall = "root ::= \"a\" x* \"z\"\nx ::= [b-d] | \"(\" x \")\"\n";

TEST(Serialize, RoundTripIsIdentical) {
  auto g = compileOk(kSmall);
  ASSERT_TRUE(g);
  auto back = roundTrip(*g);
  ASSERT_TRUE(back);
  EXPECT_EQ(g->dump(), back->dump());
  EXPECT_EQ(serialize(*g), serialize(*back));
  EXPECT_TRUE(accepts(back, "a(b)cz"));
  EXPECT_FALSE(accepts(back, "a(bz"));
}

// The loader's structural checks accept everything compile() produces.
TEST(Serialize, ShippedGrammarsRoundTrip) {
  const std::string dir = DECC_GRAMMARS_DIR;
  for (const char *name : {"/json.gbnf", "/examples/arithmetic.gbnf", "/examples/c.gbnf",
                           "/examples/json.gbnf"}) {
    std::string text = readFile(dir + name);
    ASSERT_FALSE(text.empty()) << name;
    auto g = compileOk(text);
    ASSERT_TRUE(g) << name;
    auto back = roundTrip(*g);
    ASSERT_TRUE(back) << name;
    EXPECT_EQ(g->dump(), back->dump()) << name;
  }
}

TEST(Serialize, HeaderIsMagicAndVersion) {
  auto g = compileOk(kSmall);
  ASSERT_TRUE(g);
  std::vector<uint8_t> b = serialize(*g);
  ASSERT_GE(b.size(), 8u);
  EXPECT_EQ(0, std::memcmp(b.data(), "DGRM", 4));
  EXPECT_EQ(2u, b[4] | b[5] << 8 | b[6] << 16 | b[7] << 24);
}

TEST(Serialize, CorruptTablesNameTheField) {
  auto g = compileOk(kSmall);
  ASSERT_TRUE(g);
  const std::vector<uint8_t> good = serialize(*g);

  std::vector<uint8_t> b = good;
  b[0] = 'X';
  EXPECT_NE(std::string::npos, loadError(b).find("magic"));
  b = good;
  putU32(b, 4, 7);
  EXPECT_NE(std::string::npos, loadError(b).find("version 7"));
  b = good;
  putU32(b, 12, 1000); // root
  EXPECT_NE(std::string::npos, loadError(b).find("'root'"));
  b = good;
  putU32(b, 8, 0x7fffffff); // rule count
  EXPECT_NE(std::string::npos, loadError(b).find("'rules' count"));
  b = good;
  putU32(b, 16, 0xffffff); // rules[0].start
  EXPECT_NE(std::string::npos, loadError(b).find("rules[0].start"));
  b = good;
  b.push_back(0);
  EXPECT_NE(std::string::npos, loadError(b).find("trailing"));
  // Every proper prefix is truncated somewhere, never read past its end.
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> prefix(good.begin(), good.begin() + n);
    EXPECT_FALSE(deserialize(prefix.data(), prefix.size(), nullptr)) << n;
  }
  // The last edge's target, past the number of states.
  b = good;
  putU32(b, b.size() - 6, 0x00ffffff);
  EXPECT_NE(std::string::npos, loadError(b).find(".target' out of range"));
}

TEST(Serialize, EveryByteFlipIsRejectedOrSafe) {
  auto g = compileOk(kSmall);
  ASSERT_TRUE(g);
  const std::vector<uint8_t> good = serialize(*g);
  auto vocab = smallVocab({"a", "b", "(", ")", "z"});
  for (size_t i = 0; i < good.size(); ++i)
    for (uint8_t x : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xff)}) {
      std::vector<uint8_t> b = good;
      b[i] ^= x;
      std::string err;
      auto back = deserialize(b.data(), b.size(), &err);
      if (!back) {
        EXPECT_FALSE(err.empty());
        continue;
      }
      // Accepted tables are structurally valid: the matcher runs on them.
      Matcher m(back, vocab);
      std::vector<uint32_t> mask(1);
      m.fillMask(mask.data(), 32);
      m.acceptBytes("a(b)z");
    }
}

TEST(Serialize, JsonGrammarMasksIdenticalOnRealTokenizer) {
  auto g = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  ASSERT_TRUE(g);
  auto back = roundTrip(*g);
  ASSERT_TRUE(back);
  std::shared_ptr<const Vocabulary> vocab = realVocab("llama3");
  if (!vocab)
    GTEST_SKIP() << "llama3 tokenizer not found (set DECC_TOKENIZERS_DIR)";
  const Tokenizer *tok = realTokenizer("llama3");
  const std::string doc = "{\"name\": \"decc\", \"n\": [1, -2.5e3, true, null], \"o\": {}}";
  std::vector<int32_t> ids = tok->encode(doc, false);
  ASSERT_FALSE(ids.empty());
  Matcher a(g, vocab), b(back, vocab);
  const size_t padded = (vocab->size() + 31) / 32 * 32;
  std::vector<uint32_t> ma(padded / 32), mb(padded / 32);
  for (int32_t id : ids) {
    a.fillMask(ma.data(), padded);
    b.fillMask(mb.data(), padded);
    ASSERT_EQ(ma, mb);
    ASSERT_TRUE(a.acceptToken(id));
    ASSERT_TRUE(b.acceptToken(id));
  }
  a.fillMask(ma.data(), padded);
  b.fillMask(mb.data(), padded);
  EXPECT_EQ(ma, mb);
  EXPECT_TRUE(b.isComplete());
}

} // namespace
} // namespace test
} // namespace grammar
} // namespace decc
