//===- GeneratedStringsTest.cpp - Grammar-derived strings, real tokens ----===//
//
// Property: a string the grammar derives is accepted token by token when a
// real tokenizer splits it, whatever the split. For each shipped grammar and
// a JSON schema, under the Llama-3, Qwen3, Llama-2 and Gemma3 tokenizers
// (skipped when absent): 40 random derivations, tokenized as the model would
// see them; every token must be taken by the matcher and EOS allowed at the
// end. The first draws of each pair also check each token against the mask.
// Tokenizers that prepend a space (SentencePiece's "▁", Llama-2) get the
// grammar `" " root`. Draws the tokenizer does not spell back byte for byte
// (Qwen3's NFC normalisation of a random combining sequence) are counted and
// skipped; at least three quarters of the draws must be usable.
//
//===----------------------------------------------------------------------===//
#include "GrammarSampler.h"
#include "TokenizersDir.h"

#include "decc/Grammar/Gbnf.h"
#include "decc/JsonSchema/JsonSchema.h"
#include "decc/grammar.h"
#include "decc/tokenizer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

using namespace decc;
using namespace decc::grammar;
using namespace decc::test;

namespace {

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Loaded {
  std::unique_ptr<Tokenizer> tokenizer;
  std::shared_ptr<const Vocabulary> vocab;
  bool prependsSpace = false;
};

const Loaded *loadTokenizer(const std::string &family) {
  static std::map<std::string, std::unique_ptr<Loaded>> cache;
  auto &slot = cache[family];
  if (!slot) {
    slot = std::make_unique<Loaded>();
    std::string path = tokenizerJsonPath(family);
    if (std::ifstream(path).good())
      slot->tokenizer = Tokenizer::fromFile(path, nullptr);
    if (slot->tokenizer) {
      slot->vocab = Vocabulary::fromTokenizer(*slot->tokenizer);
      std::vector<int32_t> ids = slot->tokenizer->encode("a", false, false);
      slot->prependsSpace = !ids.empty() && slot->tokenizer->tokenBytes(ids[0]).substr(0, 1) == " ";
    }
  }
  return slot->vocab ? slot.get() : nullptr;
}

/// The GBNF of a grammar case: a shipped file, or a JSON schema's grammar.
std::string gbnfOf(const std::string &name) {
  if (name == "person.schema") {
    jsonschema::Options o;
    o.whitespace = jsonschema::Whitespace::Flexible;
    jsonschema::Result r =
        jsonschema::toGbnf(readFile(std::string(DECC_EXAMPLES_DIR) + "/schemas/person.json"), o,
                           "person.json");
    EXPECT_TRUE(r.ok) << r.render();
    return r.gbnf;
  }
  return readFile(std::string(DECC_GRAMMARS_DIR) + "/" + name);
}

std::shared_ptr<const CompiledGrammar> compileCase(const std::string &name, bool spaceFirst) {
  std::vector<Diagnostic> diags;
  std::optional<Grammar> g = parseGbnf(gbnfOf(name), diags);
  EXPECT_TRUE(g) << name << ": " << (diags.empty() ? "" : diags[0].message);
  if (!g)
    return nullptr;
  if (spaceFirst) {
    uint32_t root = g->root;
    uint32_t prefixed = g->ruleId("decc-test-space-root");
    g->rules[prefixed].body = Expr::seq({Expr::literal(" "), Expr::ref(root)});
    g->rules[prefixed].defined = true;
    g->root = prefixed;
  }
  auto c = compile(*g, diags);
  EXPECT_TRUE(c) << name << ": " << (diags.empty() ? "" : diags[0].message);
  return c;
}

bool allowed(const std::vector<uint32_t> &mask, int32_t id) {
  return (mask[size_t(id) / 32] >> (id % 32)) & 1u;
}

using Case = std::tuple<const char *, const char *>; // grammar, tokenizer family

class GeneratedStrings : public ::testing::TestWithParam<Case> {};

TEST_P(GeneratedStrings, AcceptedTokenByToken) {
  auto [grammarName, family] = GetParam();
  const Loaded *t = loadTokenizer(family);
  if (!t)
    GTEST_SKIP() << family << " tokenizer not found at " << tokenizerJsonPath(family)
                 << " (set DECC_TOKENIZERS_DIR)";
  // Derivations come from the plain grammar; the matcher gets the one the
  // tokenizer's spelling needs.
  auto plain = compileCase(grammarName, false);
  auto matched = t->prependsSpace ? compileCase(grammarName, true) : plain;
  ASSERT_TRUE(plain && matched);
  GrammarSampler sampler(*plain);
  std::mt19937_64 rng(20261130);
  const int draws = 40, maskChecked = 3;
  int usable = 0, unspelled = 0;
  size_t bytes = 0, tokens = 0;
  size_t padded = (t->vocab->size() + 31) / 32 * 32;
  std::vector<uint32_t> mask(padded / 32);
  for (int d = 0; d < draws; ++d) {
    std::optional<std::string> text = sampler.sample(rng, 8 + int64_t(rng() % 120));
    ASSERT_TRUE(text) << "draw " << d << " outgrew the sampler's caps";
    std::vector<int32_t> ids = t->tokenizer->encode(*text, false, false);
    std::string spelled;
    for (int32_t id : ids)
      spelled += t->tokenizer->tokenBytes(id);
    if (spelled != (t->prependsSpace ? " " + *text : *text)) {
      ++unspelled;
      continue;
    }
    ++usable;
    bytes += text->size();
    tokens += ids.size();
    Matcher m(matched, t->vocab);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (usable <= maskChecked) {
        m.fillMask(mask.data(), padded);
        ASSERT_TRUE(allowed(mask, ids[i]))
            << "token " << i << " (" << ids[i] << ") masked out in " << *text;
      }
      ASSERT_TRUE(m.acceptToken(ids[i]))
          << "token " << i << " (" << ids[i] << ") rejected in " << *text;
    }
    ASSERT_TRUE(m.isComplete()) << *text;
    ASSERT_TRUE(m.acceptToken(t->vocab->eosIds().at(0))) << *text;
  }
  std::printf("%s/%s: %d draws usable (%zu bytes, %zu tokens), %d not spelled back\n", grammarName,
              family, usable, bytes, tokens, unspelled);
  EXPECT_GE(usable, draws * 3 / 4) << unspelled << " draws not spelled back by " << family;
}

INSTANTIATE_TEST_SUITE_P(
    ShippedGrammars, GeneratedStrings,
    ::testing::Combine(::testing::Values("json.gbnf", "arithmetic.gbnf", "c.gbnf", "person.schema"),
                       ::testing::Values("llama3", "qwen3", "llama2", "gemma3")),
    [](const ::testing::TestParamInfo<Case> &info) {
      std::string name = std::string(std::get<0>(info.param)) + "_" + std::get<1>(info.param);
      for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
          c = '_';
      return name;
    });

} // namespace
