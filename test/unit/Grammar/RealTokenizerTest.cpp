// With the real tokenizers (skipped when absent): documents accepted token
// by token, masks against brute force on a 128k vocabulary, random walks
// along masks that must produce valid JSON.
#include "TestUtil.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <sstream>

using namespace decc;
using namespace decc::grammar;
using namespace decc::grammar::test;

namespace {

const char *kDocs[] = {
    R"({"name": "Alice", "age": 30, "tags": ["a", "b"], "ok": true, "none": null})",
    R"({"text": "caf\u00e9 日本語 emoji 😀 and \"quotes\" \\ slash", "n": -12.5e3, "z": 0})",
    ("{\n  \"items\": [\n    {\"id\": 1, \"score\": 0.25},\n    {\"id\": 2, \"score\": 1e-7}\n  ],\n"
     "  \"nested\": {\"a\": {\"b\": {\"c\": []}}}\n}"),
    R"({"k":[1,2,3,{"x":"y"},[],{}],"s":"      spaces   ","t":"tab\tand\nnewline"})",
};

std::string jsonGrammar() { return readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"); }

/// SentencePiece tokenizers with a Prepend("▁") normalizer (Llama-2) put a
/// space before the first word: the constrained text then starts with it.
std::string grammarFor(const Tokenizer &tok) {
  std::string g = jsonGrammar();
  std::vector<int32_t> ids = tok.encode("{", false, false);
  if (!ids.empty() && tok.tokenBytes(ids[0]).substr(0, 1) == " ")
    g.replace(g.find("root   ::= object"), 17, "root   ::= \" \" object");
  return g;
}

class RealTokenizer : public ::testing::TestWithParam<const char *> {};

} // namespace

TEST_P(RealTokenizer, JsonDocumentsAcceptedTokenByToken) {
  const Tokenizer *tok = realTokenizer(GetParam());
  if (!tok)
    GTEST_SKIP() << "tokenizer " << GetParam() << " not found (set DECC_TOKENIZERS_DIR)";
  auto g = compileOk(grammarFor(*tok));
  auto v = realVocab(GetParam());
  std::vector<uint32_t> mask((v->size() + 31) / 32);
  for (const char *doc : kDocs) {
    Matcher m(g, v);
    std::vector<int32_t> ids = tok->encode(doc, false, false);
    for (size_t i = 0; i < ids.size(); ++i) {
      m.fillMask(mask.data(), v->size());
      ASSERT_TRUE((mask[ids[i] >> 5] >> (ids[i] & 31)) & 1) << doc << " token " << i;
      ASSERT_TRUE(m.acceptToken(ids[i])) << doc << " token " << i;
    }
    EXPECT_TRUE(m.isComplete()) << doc;
    ASSERT_TRUE(tok->eosId().has_value());
    m.fillMask(mask.data(), v->size());
    EXPECT_TRUE((mask[*tok->eosId() >> 5] >> (*tok->eosId() & 31)) & 1);
    EXPECT_TRUE(m.acceptToken(*tok->eosId()));
    // A truncated document is a rejected one.
    std::string cut(doc);
    cut.pop_back();
    Matcher t(g, v);
    for (int32_t id : tok->encode(cut, false, false))
      ASSERT_TRUE(t.acceptToken(id));
    EXPECT_FALSE(t.isComplete());
  }
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, RealTokenizer,
                         ::testing::Values("llama3", "qwen3", "gemma3", "llama2"));

TEST(RealTokenizerMask, Llama3MasksMatchBruteForce) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found";
  auto g = compileOk(jsonGrammar());
  auto v = realVocab("llama3");
  std::vector<int32_t> ids = tok->encode(kDocs[1], false, false);
  std::vector<uint32_t> mask((v->size() + 31) / 32 + 2);
  // First pass fills the mask cache; the second compares, mostly on hits.
  for (int pass = 0; pass < 2; ++pass) {
    Matcher m(g, v);
    for (size_t i = 0; i <= ids.size(); ++i) {
      m.fillMask(mask.data(), v->size() + 64);
      if (pass == 1 && i % 3 == 0) {
        std::vector<uint32_t> expect = bruteForceByRollback(m, *v);
        expect.resize(mask.size(), 0);
        if (m.isComplete())
          expect[*tok->eosId() >> 5] |= 1u << (*tok->eosId() & 31);
        ASSERT_EQ(mask, expect) << "position " << i;
      }
      if (i < ids.size())
        ASSERT_TRUE(m.acceptToken(ids[i]));
    }
  }
}

TEST(RealTokenizerMask, RandomWalksYieldValidJson) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found";
  auto g = compileOk(jsonGrammar());
  auto v = realVocab("llama3");
  int32_t eos = *tok->eosId();
  std::vector<uint32_t> mask((v->size() + 31) / 32);
  // Tokens that close structures, tried in order once a walk is long.
  std::vector<int32_t> closers;
  for (const char *s : {"\"", "}", "]", ":", "0", ","})
    closers.push_back(tok->encode(s, false, false).at(0));
  int complete = 0;
  for (int walk = 0; walk < 20; ++walk) {
    std::mt19937 rng(walk);
    Matcher m(g, v);
    std::string text;
    bool terminated = false;
    for (int step = 0; step < 400 && !terminated; ++step) {
      m.fillMask(mask.data(), v->size());
      std::vector<int32_t> allowed;
      for (size_t id = 0; id < v->size(); ++id)
        if ((mask[id >> 5] >> (id & 31)) & 1)
          allowed.push_back(static_cast<int32_t>(id));
      ASSERT_FALSE(allowed.empty()) << "dead end after " << text;
      int32_t pick = allowed[rng() % allowed.size()];
      bool eosAllowed = (mask[eos >> 5] >> (eos & 31)) & 1;
      if (eosAllowed && (step > 30 || rng() % 4 == 0)) {
        pick = eos;
      } else if (step > 30) {
        for (int32_t c : closers)
          if ((mask[c >> 5] >> (c & 31)) & 1) {
            pick = c;
            break;
          }
      }
      ASSERT_TRUE(m.acceptToken(pick)) << "masked token " << pick << " rejected after " << text;
      if (pick == eos)
        terminated = true;
      else
        text += v->bytes(pick);
    }
    ASSERT_TRUE(terminated) << text;
    ++complete;
    EXPECT_TRUE(nlohmann::json::accept(text)) << text;
    EXPECT_TRUE(accepts(g, text)) << text;
  }
  EXPECT_EQ(complete, 20);
}

namespace {

std::string benchDir() { return std::string(DECC_GRAMMARS_DIR) + "/../test/data/grammar-bench/"; }

uint64_t maskHash(const std::vector<uint32_t> &mask) {
  uint64_t h = 1469598103934665603ull;
  for (uint32_t w : mask)
    h = (h ^ w) * 1099511628211ull;
  return h;
}

struct BruteForceCase {
  std::string grammar, doc;
};

/// Masks along `c.doc` (tokenized by `tok`) against brute force at every
/// position, twice: the first pass with the grammar's fresh cache (cold
/// fills), the second with the entries the first left (cache hits).
void expectMasksMatchBruteForceAlong(const Tokenizer &tok, const std::shared_ptr<const Vocabulary> &v,
                                     const BruteForceCase &c) {
  auto g = compileOk(c.grammar);
  std::vector<int32_t> ids = tok.encode(c.doc, false, false);
  std::vector<uint32_t> mask((v->size() + 31) / 32);
  for (int pass = 0; pass < 2; ++pass) {
    Matcher m(g, v);
    for (size_t i = 0; i <= ids.size(); ++i) {
      m.fillMask(mask.data(), v->size());
      std::vector<uint32_t> expect = bruteForceByRollback(m, *v);
      if (m.isComplete())
        expect[*tok.eosId() >> 5] |= 1u << (*tok.eosId() & 31);
      ASSERT_EQ(mask, expect) << c.grammar << "pass " << pass << ", position " << i;
      if (i < ids.size())
        ASSERT_TRUE(m.acceptToken(ids[i])) << c.grammar << "position " << i;
    }
  }
}

} // namespace

// The masks of a 26 KB JSON stream (8,003 positions), hashed, against the
// hashes that the engine wrote before its mask walk was optimised
// (test/data/grammar-bench/masks-llama3-json-compact.fnv, commit a9cdf8a):
// every later change to the walk or the cache must leave each mask as it was.
TEST(RealTokenizerMask, LongJsonStreamMasksAsBeforeOptimisation) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found";
  auto g = compileOk(jsonGrammar());
  auto v = realVocab("llama3");
  std::vector<int32_t> ids = tok->encode(readFile(benchDir() + "doc-compact.json"), false, false);
  std::istringstream golden(readFile(benchDir() + "masks-llama3-json-compact.fnv"));
  std::vector<uint32_t> mask((v->size() + 31) / 32);
  Matcher m(g, v);
  for (size_t i = 0; i <= ids.size(); ++i) {
    m.fillMask(mask.data(), v->size());
    uint64_t expect = 0;
    ASSERT_TRUE(golden >> std::hex >> expect) << "golden file ends at position " << i;
    ASSERT_EQ(maskHash(mask), expect) << "position " << i;
    if (i < ids.size())
      ASSERT_TRUE(m.acceptToken(ids[i])) << "position " << i;
  }
}

// Cache hits (a matcher that has filled every position before) against full
// walks (a fresh matcher, empty cache, replayed to the same position) along a
// pretty-printed stream.
TEST(RealTokenizerMask, LongJsonStreamCacheHitsMatchFullWalks) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found";
  auto g = compileOk(jsonGrammar());
  auto v = realVocab("llama3");
  std::vector<int32_t> ids = tok->encode(readFile(benchDir() + "doc-pretty.json"), false, false);
  ASSERT_GT(ids.size(), 10000u);
  std::vector<uint32_t> mask((v->size() + 31) / 32), fresh(mask.size());
  Matcher m(g, v);
  for (size_t i = 0; i <= ids.size(); ++i) {
    m.fillMask(mask.data(), v->size());
    if (i % 97 == 0 || i == ids.size()) {
      Matcher f(g, v);
      for (size_t j = 0; j < i; ++j)
        ASSERT_TRUE(f.acceptToken(ids[j]));
      f.fillMask(fresh.data(), v->size());
      ASSERT_EQ(mask, fresh) << "position " << i;
    }
    if (i < ids.size())
      ASSERT_TRUE(m.acceptToken(ids[i]));
  }
}

// A trie subtree is taken whole when every string below it is accepted
// (Matcher::walkNodesOf, ByteBuckets.h): loops over classes that split a
// bucket (e/f, E/F, 4/5 and | / ~ share one), a loop left through a byte of
// its own bucket's neighbour, a loop through a rule, and bounded repetitions
// near and far from their bound, against brute force at every position,
// cold and cached.
TEST(RealTokenizerMask, LoopsTakenWholeMatchBruteForce) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found";
  auto v = realVocab("llama3");
  const BruteForceCase cases[] = {
      {"root ::= [a-eA-E0-4 ]* \"!\"\n", "a bead dace ABBA DECADE 01234 cab!"},
      {"root ::= [a-z|]+ \"~\" [a-z]*\n", "foo|bar|bazooka~tail"},
      {"root ::= w* \".\"\nw ::= [a-z_] | \"-\"\n", "snake_case-and-kebab-case-words."},
      {"root ::= [^f.\\x00-\\x1F]* \".\"\n", "No letter between e and g here, \xc3\xa9 and no control."},
      {"root ::= [^~\\x00-\\x1F]* \"~\"\n", "pipes | and slashes / but no tilde until the end~"},
      // Bounded repetitions (a chain of sets, one per count): subtrees are
      // taken whole only as deep as the bound leaves room for (".setText"
      // after a dot fits in 8 letters, ".getString" does not).
      {"root ::= \"@\" [a-zA-Z]{1,8} (\".\" [a-zA-Z]{1,8})* \"!\"\n", "@example.setText.com!"},
      {"root ::= \"\\\"\" [a-z0-9]+ \"@\" l (\".\" l)* \"\\\"\"\n"
       "l ::= [a-zA-Z0-9] ([a-zA-Z0-9-]{0,61} [a-zA-Z0-9])?\n",
       "\"ops@example.com\""},
      {"root ::= [a-z ]{0,30} \".\"\n", "a short bounded sentence here."},
  };
  for (const BruteForceCase &c : cases)
    expectMasksMatchBruteForceAlong(*tok, v, c);
}

// Token slices (runtime/lib/Grammar/TokenSlices.h) take whole blocks of the
// vocabulary where a check proves the grammar accepts them: cold fills (a
// fresh grammar, so a fresh mask cache) and cache hits against brute force,
// at every position, for strings through rules, bounded strings (tiers
// passing and failing, tiers left out near the bound), nesting deeper than
// the check follows, classes narrower than the slice's, rules whose end the
// context decides, and left recursion.
TEST(RealTokenizerMask, SlicedMasksMatchBruteForce) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found";
  auto v = realVocab("llama3");
  const char *chr = "chr ::= [^\"\\\\\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})\n";
  const BruteForceCase cases[] = {
      {std::string("root ::= \"\\\"\" chr* \"\\\"\"\n") + chr,
       "\"An unbounded string, caf\\u00e9 \xe6\x97\xa5\xe6\x9c\xac and spaces   \""},
      {std::string("root ::= \"\\\"\" chr{0,5} \"\\\" \\\"\" chr{2,30} \"\\\" \\\"\" chr{0,60} \"\\\"\"\n") + chr,
       "\"abc\" \"twenty-something chars\" \"a longer string that runs to fifty characters\""},
      {"root ::= \"<\" a* \">\"\na ::= b\nb ::= c\nc ::= d\nd ::= e\ne ::= f\nf ::= [a-z ]\n",
       "<deeply nested rules>"},
      {"root ::= \"\\\"\" [^\"\\\\\\x00-\\x1F\\u00e9]* \"\\\"\"\n", "\"no e-acute here, only ascii\""},
      {"root ::= \"'\" s \"'\"\ns ::= s [^'\\\\\\x00-\\x1F] | \"\"\n", "'left recursive string body'"},
      {"root ::= \"\\\"\" [^\"\\\\\\x00-\\x1F]{0,40} \"\\\" x\"\n", "\"bounded class, no rule\" x"},
      // The narrower classes: lowercase words, words with capitals.
      {"root ::= [a-z0-9._-]+ \"@\" [a-z0-9-]+ (\".\" [a-z]+)*\n", "john.doe42@mail-host.example.co.uk"},
      {"root ::= \"x\" [A-Z]{0,10} [a-z]* \" \" [A-Za-z0-9]{0,12}\n", "xABCdefghij HelloWorld42"},
      // Tiers left out near a bound: multi-byte characters count once, a
      // lower bound, bounded items of a bounded array (a new state per item).
      {std::string("root ::= \"\\\"\" chr{0,9} \"\\\" \\\"\" chr{4,6} \"\\\"\"\n") + chr,
       "\"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\" \"tokens\""},
      {std::string("root ::= \"[\" (s (\",\" s (\",\" s)?)?)? \"]\"\ns ::= \"\\\"\" chr{0,12} \"\\\"\"\n") + chr,
       "[\"math\",\"poetry\",\"engines\"]"},
      // A bounded rule whose end the context decides: after "ab" the first
      // w may end and a second begin, so long words are not left out.
      {"root ::= w w? \".\"\nw ::= [a-z]{1,3}\n", "abcde."},
      {"root ::= \"(\" w \")\"\nw ::= [a-z]{1,3} | [a-z]{1,3} w\n", "(abcdefgh)"},
  };
  for (const BruteForceCase &c : cases)
    expectMasksMatchBruteForceAlong(*tok, v, c);
}
