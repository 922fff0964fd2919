//===- TokenSuiteTest.cpp - The JSON Schema Test Suite, token by token ----===//
//
// The suite again, through the path a constrained decoder takes: the schema's
// grammar IR compiled by the grammar compiler (checked equal to compiling its
// printed GBNF), the Earley matcher, and every
// instance tokenized by the real Llama-3 tokenizer. An instance is accepted
// when, before each of its tokens, the mask allows that token and the
// matcher takes it, and at the end the mask allows EOS. That verdict must
// equal the byte-level recogniser's (SuiteTest.cpp, an independent
// implementation) for every instance and variant (compact text under the
// compact grammar; compact and indented text under the flexible one), so
// the committed baseline and "no false positive" carry over to real tokens.
// Prints `json-schema-suite (llama3 tokens, DRAFT): pass=N false_negative=N
// unsupported=N false_positive=N excluded=N` per draft.
//
//===----------------------------------------------------------------------===//
#include "SuiteExclusions.h"
#include "TestSupport.h"
#include "TokenizersDir.h"

#include "decc/Grammar/Gbnf.h"
#include "decc/grammar.h"
#include "decc/tokenizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>

using namespace decc;
using namespace decc::test;

namespace {

struct Engines {
  std::unique_ptr<Tokenizer> tokenizer;
  std::shared_ptr<const grammar::Vocabulary> vocab;
};

const Engines *llama3() {
  static Engines *e = [] {
    auto *out = new Engines;
    std::string path = tokenizerJsonPath("llama3");
    if (std::ifstream(path).good())
      out->tokenizer = Tokenizer::fromFile(path, nullptr);
    if (out->tokenizer)
      out->vocab = grammar::Vocabulary::fromTokenizer(*out->tokenizer);
    return out;
  }();
  return e->vocab ? e : nullptr;
}

bool maskAllows(const std::vector<uint32_t> &mask, int32_t id) {
  return (mask[size_t(id) / 32] >> (id % 32)) & 1u;
}

/// Token by token, each token checked against the mask first.
bool acceptsTokens(const std::shared_ptr<const grammar::CompiledGrammar> &g, const Engines &e,
                   const std::string &text) {
  grammar::Matcher m(g, e.vocab);
  size_t padded = (e.vocab->size() + 31) / 32 * 32;
  std::vector<uint32_t> mask(padded / 32);
  for (int32_t id : e.tokenizer->encode(text, /*addSpecial=*/false, /*parseSpecial=*/false)) {
    m.fillMask(mask.data(), padded);
    bool allowed = maskAllows(mask, id);
    bool taken = m.acceptToken(id);
    EXPECT_EQ(allowed, taken) << "mask and acceptToken disagree on token " << id << " of " << text;
    if (!taken)
      return false;
  }
  m.fillMask(mask.data(), padded);
  bool eosAllowed = maskAllows(mask, e.vocab->eosIds().at(0));
  EXPECT_EQ(eosAllowed, m.isComplete()) << text;
  return eosAllowed;
}

/// The translator's IR, compiled; it must compile to the same automata as
/// the GBNF text it prints.
std::shared_ptr<const grammar::CompiledGrammar> compileTokens(const Compiled &c) {
  if (!c.result.ok)
    return nullptr;
  std::vector<grammar::Diagnostic> diags;
  auto g = grammar::compile(*c.result.grammar, diags);
  auto fromText = grammar::compileGbnf(c.result.gbnf, diags);
  EXPECT_TRUE(g && fromText) << "the schema's grammar does not compile:\n"
                             << c.result.gbnf << (diags.empty() ? "" : diags[0].message);
  if (g && fromText)
    EXPECT_EQ(g->dump(), fromText->dump()) << c.result.gbnf;
  return g;
}

void runDraft(const std::string &draft, const Engines &e) {
  std::map<std::string, unsigned> counts;
  forEachSuiteGroup(draft, [&](const SuiteGroup &g) {
    auto compactTokens = compileTokens(g.compact);
    auto flexibleTokens = compileTokens(g.flexible);
    for (const SuiteInstance &inst : g.instances) {
      if (!compactTokens || !flexibleTokens) {
        ++counts["unsupported"];
        continue;
      }
      struct Variant {
        const Compiled &bytes;
        const std::shared_ptr<const grammar::CompiledGrammar> &tokens;
        const std::string &text;
      } variants[] = {{g.compact, compactTokens, inst.compactText},
                      {g.flexible, flexibleTokens, inst.compactText},
                      {g.flexible, flexibleTokens, inst.prettyText}};
      bool falsePositive = false, falseNegative = false;
      for (const Variant &v : variants) {
        bool byTokens = acceptsTokens(v.tokens, e, v.text);
        EXPECT_EQ(byTokens, v.bytes.accepts(v.text))
            << draft << " " << inst.id << ": token-by-token and byte-level verdicts differ on "
            << v.text;
        falsePositive |= byTokens && !inst.valid;
        falseNegative |= !byTokens && inst.valid;
      }
      // Exclusions are checked exact by SuiteTest.cpp; the verdicts here
      // equal its verdicts (above).
      bool excluded = falsePositive && suiteExclusionReason(draft, inst.id);
      EXPECT_TRUE(!falsePositive || excluded) << draft << " " << inst.id << " accepts an invalid instance";
      ++counts[excluded        ? "excluded"
               : falsePositive ? "false_positive"
               : falseNegative ? "false_negative"
                               : "pass"];
    }
  });
  std::cout << "json-schema-suite (llama3 tokens, " << draft << "): pass=" << counts["pass"]
            << " false_negative=" << counts["false_negative"]
            << " unsupported=" << counts["unsupported"]
            << " false_positive=" << counts["false_positive"] << " excluded=" << counts["excluded"] << "\n";
}

} // namespace

TEST(JsonSchemaSuiteTokens, Draft2020_12) {
  const Engines *e = llama3();
  if (!e)
    GTEST_SKIP() << "llama3 tokenizer not found at " << tokenizerJsonPath("llama3")
                 << " (set DECC_TOKENIZERS_DIR)";
  runDraft("draft2020-12", *e);
}

TEST(JsonSchemaSuiteTokens, Draft7) {
  const Engines *e = llama3();
  if (!e)
    GTEST_SKIP() << "llama3 tokenizer not found at " << tokenizerJsonPath("llama3")
                 << " (set DECC_TOKENIZERS_DIR)";
  runDraft("draft7", *e);
}
