// Masks against brute force (every token tried on a clone), padded rows,
// and the UTF-8 expansion of code-point classes.
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <random>

using namespace decc::grammar;
using namespace decc::grammar::test;

namespace {

std::vector<std::string> testTokens() {
  std::vector<std::string> t;
  for (int c = 0; c < 256; ++c)
    t.push_back(std::string(1, static_cast<char>(c)));
  for (const char *s : {"{\"", "\":", "\": ", "\",", "\"}", "true", "false", "null", "nu", "12",
                        "-1", ".5", "e+", "ab", "abc", "\\n", "\\u00", "日本", "\xE6\x97", " {",
                        "}}", "]}", "[1", ", ", "\n  ", "+", "*(", "1+", "))", "(((", "é\""})
    t.push_back(s);
  t.push_back(""); // an empty token is never allowed
  return t;
}

/// Walks `text` token by token (greedy longest match in the vocabulary) and
/// checks the mask against brute force at every position.
void checkMasksAlong(const std::string &gbnf, const std::string &text) {
  auto g = compileOk(gbnf);
  ASSERT_NE(g, nullptr);
  auto tokens = testTokens();
  auto v = smallVocab(tokens);
  Matcher m(g, v);
  size_t padded = v->size() + 45;
  std::vector<uint32_t> mask((padded + 31) / 32);
  size_t pos = 0;
  for (;;) {
    m.fillMask(mask.data(), padded);
    EXPECT_EQ(mask, bruteForceMask(m, *v, padded)) << "at byte " << pos << " of " << text;
    if (pos == text.size())
      break;
    size_t best = 0, bestLen = 0;
    for (size_t id = 0; id < tokens.size(); ++id)
      if (tokens[id].size() > bestLen && text.compare(pos, tokens[id].size(), tokens[id]) == 0 &&
          Matcher(m).acceptToken(static_cast<int32_t>(id)))
        best = id, bestLen = tokens[id].size();
    ASSERT_GT(bestLen, 0u) << "no token continues at byte " << pos;
    ASSERT_TRUE(m.acceptToken(static_cast<int32_t>(best)));
    pos += bestLen;
  }
  EXPECT_TRUE(m.isComplete());
  int32_t eos = static_cast<int32_t>(v->size() - 1);
  EXPECT_TRUE((mask[eos >> 5] >> (eos & 31)) & 1);
}

} // namespace

TEST(Mask, JsonMatchesBruteForce) {
  checkMasksAlong(readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"),
                  "{\"ab\": [1, -1.5e+3, true, null, \"日本\\n\\u00e9\"], \"abc\": {\"x\": \"é\"}}");
}

TEST(Mask, LeftRecursiveArithmeticMatchesBruteForce) {
  checkMasksAlong(readFile(std::string(DECC_GRAMMARS_DIR) + "/examples/arithmetic.gbnf"),
                  "1+2*(((3-4)))/-5.5");
}

TEST(Mask, AmbiguousNullableGrammarMatchesBruteForce) {
  checkMasksAlong("root ::= s\ns ::= s s | \"a\" | \"b\" | \"\" | \"(\" s \")\"\n", "ab(ba)((a))");
}

TEST(Mask, PaddedIdsAreZeroAndEosOnlyWhenComplete) {
  auto g = compileOk("root ::= \"a\"*");
  auto v = smallVocab({"a", "b"});
  Matcher m(g, v);
  std::vector<uint32_t> mask(4, ~0u);
  m.fillMask(mask.data(), 100);
  EXPECT_EQ(mask[0], 0b101u); // "a" and EOS (the empty input is complete)
  EXPECT_EQ(mask[1], 0u);
  EXPECT_EQ(mask[2], 0u);
  EXPECT_EQ(mask[3], 0u);

  auto h = compileOk("root ::= \"a\"+");
  Matcher n(h, v);
  n.fillMask(mask.data(), 100);
  EXPECT_EQ(mask[0], 0b001u);
}

TEST(Mask, RowShorterThanVocabulary) {
  auto g = compileOk("root ::= [a-z]");
  std::vector<std::string> toks;
  for (char c = 'a'; c <= 'z'; ++c)
    toks.push_back(std::string(1, c));
  for (int i = 0; i < 40; ++i)
    toks.push_back("z");
  auto v = smallVocab(toks);
  Matcher m(g, v);
  uint32_t mask[1];
  m.fillMask(mask, 20);
  EXPECT_EQ(mask[0], (1u << 20) - 1);
}

TEST(Mask, CachedMasksFollowTheContext) {
  // The same Earley set content under different stacks: the cache must
  // not reuse the context-dependent part ("]" vs "}" after a value).
  auto g = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  auto v = smallVocab({"{\"a\":", "[", "\"x\"", "]", "}", "\"", ",", "{\"b\":{\"c\":"});
  Matcher m(g, v);
  std::vector<uint32_t> mask(1);
  for (int32_t id : {0, 1, 1, 2})
    ASSERT_TRUE(m.acceptToken(id));
  m.fillMask(mask.data(), v->size());
  EXPECT_EQ(mask, bruteForceMask(m, *v, v->size()));
  m.reset();
  for (int32_t id : {7, 2})
    ASSERT_TRUE(m.acceptToken(id));
  m.fillMask(mask.data(), v->size());
  EXPECT_EQ(mask, bruteForceMask(m, *v, v->size()));
  EXPECT_TRUE((mask[0] >> 4) & 1);  // "}"
  EXPECT_FALSE((mask[0] >> 3) & 1); // not "]"
}

TEST(Mask, KeptWalkTablesForgetRolledBackSets) {
  // A cache miss's walk keeps the sets and steps of earlier misses (WalkSets
  // begin(keep)); they name the matcher's older sets by index. After "x" and
  // after "y" the string's items are the same (state, origin 1) pairs, but
  // closing the string reads set 1, which expects "1" after "x" and "2"
  // after "y" (s stays a rule). The walk at "x\"ab" steps `cd"1` through the string's
  // fourth position and its closing quote; rolled back past set 1, that
  // step must be forgotten, or the miss at "y\"abcd" accepts "\"1".
  auto g = compileOk("root ::= \"x\" s \"1\" | \"y\" s \"2\"\n"
                     "s ::= \"\\\"\" [a-z]{0,80} \"\\\"\"\n"); // too big to inline
  ASSERT_NE(g, nullptr);
  auto v = smallVocab({"x", "y", "\"", "ab", "cd", "cd\"1", "\"1", "\"2", "1", "2"});
  std::vector<uint32_t> mask(1);
  Matcher m(g, v);
  auto along = [&](std::initializer_list<int32_t> ids) {
    for (int32_t id : ids) {
      ASSERT_TRUE(m.acceptToken(id)) << id;
      m.fillMask(mask.data(), v->size());
      ASSERT_EQ(mask, bruteForceMask(m, *v, v->size())) << "after token " << id;
    }
  };
  along({0, 2, 3});
  EXPECT_TRUE((mask[0] >> 5) & 1); // `cd"1`
  ASSERT_TRUE(m.rollback(3));
  along({1, 2, 3, 4});
  EXPECT_TRUE((mask[0] >> 7) & 1);  // "\"2"
  EXPECT_FALSE((mask[0] >> 6) & 1); // not "\"1"
}

TEST(Mask, SubtreesTakenWholeStopAtABucketThatFailed) {
  // A subtree is taken whole when every byte below it steps its set, each
  // level, to one same set (WalkSets::acceptsAll). `|` and `~` share a byte
  // bucket: below "x" the bucket fails ("~" is rejected as the second
  // character only), and that answer, remembered for the set, must also
  // refuse the subtree below "y", whose "y~ " is rejected. (The spaces keep
  // the tokens out of the word slices, in the trie the walk visits.)
  auto g = compileOk("root ::= [a-z |~] [a-z |] [a-z |~]{0,40}\n");
  ASSERT_NE(g, nullptr);
  std::vector<std::string> tokens = {"|", "~", " "};
  for (char c = 'a'; c <= 'z'; ++c)
    tokens.push_back(std::string(1, c));
  for (const char *prefix : {"x", "y"})
    for (char c = 'a'; c <= 'z'; ++c)
      tokens.push_back(std::string(prefix) + c + " ");
  tokens.push_back("x~ ");
  tokens.push_back("y~ ");
  auto v = smallVocab(tokens);
  Matcher m(g, v);
  std::vector<uint32_t> mask((v->size() + 31) / 32);
  m.fillMask(mask.data(), v->size());
  ASSERT_EQ(mask, bruteForceMask(m, *v, v->size()));
  const int32_t yTilde = static_cast<int32_t>(tokens.size() - 1);
  EXPECT_FALSE((mask[yTilde >> 5] >> (yTilde & 31)) & 1);
}

TEST(Mask, MatchersOfOneGrammarShareTheCacheSafely) {
  // Two separate matchers (not clones) of one grammar and vocabulary use one
  // cache: entries the first records under its stack serve the second under
  // another, and every mask still equals brute force.
  auto g = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  auto v = smallVocab({"{\"a\":", "[", "\"x\"", "]", "}", "\"", ",", "{\"b\":{\"c\":", " "});
  std::vector<uint32_t> mask(1);
  Matcher a(g, v);
  for (int32_t id : {0, 1, 1, 2, 3, 6, 2, 3, 4}) {
    a.fillMask(mask.data(), v->size());
    ASSERT_EQ(mask, bruteForceMask(a, *v, v->size()));
    ASSERT_TRUE(a.acceptToken(id));
  }
  Matcher b(g, v);
  for (int32_t id : {7, 1, 8, 2, 6, 2, 3, 4, 4}) {
    b.fillMask(mask.data(), v->size());
    ASSERT_EQ(mask, bruteForceMask(b, *v, v->size()));
    ASSERT_TRUE(b.acceptToken(id)) << id;
  }
  b.fillMask(mask.data(), v->size());
  EXPECT_EQ(mask, bruteForceMask(b, *v, v->size()));
}

TEST(Utf8, SequencesEncodeExactlyTheClass) {
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    std::vector<CodepointRange> ranges;
    for (int i = 0; i < 4; ++i) {
      uint32_t a = rng() % 0x110000, b = a + rng() % (round < 3 ? 300 : 70000);
      ranges.push_back({a, std::min<uint32_t>(b, 0x10FFFF)});
    }
    ranges.push_back({0x7F, 0x81});
    ranges.push_back({0xFFFF, 0x10000});
    auto seqs = utf8Sequences(ranges);
    for (uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF)
        continue;
      bool in = false;
      for (const CodepointRange &r : ranges)
        in |= cp >= r.lo && cp <= r.hi;
      std::string enc;
      appendUtf8(enc, cp);
      bool matched = false;
      for (const auto &s : seqs) {
        if (s.size() != enc.size())
          continue;
        bool ok = true;
        for (size_t i = 0; i < s.size() && ok; ++i)
          ok = static_cast<uint8_t>(enc[i]) >= s[i].first &&
               static_cast<uint8_t>(enc[i]) <= s[i].second;
        matched |= ok;
      }
      ASSERT_EQ(in, matched) << "code point " << cp;
    }
  }
}

TEST(Utf8, SurrogatesAreExcluded) {
  auto seqs = utf8Sequences({{0xD000, 0xE000}});
  for (const auto &s : seqs)
    if (s.size() == 3 && s[0].first == 0xED)
      EXPECT_LE(s[1].second, 0x9F);
}
