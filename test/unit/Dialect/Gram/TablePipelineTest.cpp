// The constraint table decc embeds comes from the gram pipeline (import,
// check, normalize, build-table). Normalisation changes the rules, not the
// language, so the masks must be exactly those of the grammar compiled
// directly (what decc embedded before): checked along random walks that
// follow the masks, for the shipped grammars, on a vocabulary made of every
// byte and the grammar's own text, and on Llama-3's when it is available.
#include "GramTestUtil.h"

#include "decc/Conversion/DecToGram/DecToGram.h"
#include "decc/Dialect/Dec/IR/DecOps.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Grammar/Source.h"
#include "decc/tokenizer.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

using namespace decc;
using namespace decc::gram::test;

namespace {

std::shared_ptr<const grammar::CompiledGrammar>
viaGramPipeline(const std::string &source, dec::GrammarKind kind = dec::GrammarKind::Gbnf) {
  mlir::MLIRContext ctx;
  ctx.loadDialect<dec::DecDialect, gram::GramDialect>();
  mlir::OpBuilder b(&ctx);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(b.getUnknownLoc());
  b.setInsertionPointToEnd(module->getBody());
  auto op = b.create<dec::GrammarOp>(b.getUnknownLoc(), "G", kind, source);
  mlir::FailureOr<std::vector<uint8_t>> table = gram::buildConstraintTable(op);
  EXPECT_TRUE(mlir::succeeded(table));
  if (mlir::failed(table))
    return nullptr;
  std::string error;
  auto g = grammar::deserialize(table->data(), table->size(), &error);
  EXPECT_TRUE(g) << error;
  return g;
}

/// Every byte, and every 2-5 byte window of the grammar's text (its
/// literals, so walks reach deep into the grammar); the last id is EOS.
std::shared_ptr<const grammar::Vocabulary> vocabFor(const std::string &text) {
  std::set<std::string> tokens;
  for (int b = 0; b < 256; ++b)
    tokens.insert(std::string(1, char(b)));
  for (size_t len = 2; len <= 5; ++len)
    for (size_t i = 0; i + len <= text.size(); ++i)
      tokens.insert(text.substr(i, len));
  std::vector<std::string> all(tokens.begin(), tokens.end());
  all.push_back("<eos>");
  std::vector<bool> special(all.size(), false);
  special.back() = true;
  return std::make_shared<grammar::Vocabulary>(
      all, special, std::vector<int32_t>{int32_t(all.size() - 1)});
}

/// Random walks along the masks of `a`; at every step the masks of `a` and
/// `b` must be equal. Returns the number of steps compared.
size_t compareWalks(std::shared_ptr<const grammar::CompiledGrammar> a,
                    std::shared_ptr<const grammar::CompiledGrammar> b,
                    std::shared_ptr<const grammar::Vocabulary> vocab, unsigned walks,
                    unsigned maxSteps) {
  size_t padded = (vocab->size() + 31) / 32 * 32;
  std::vector<uint32_t> ma(padded / 32), mb(padded / 32);
  std::mt19937 rng(12345);
  size_t steps = 0;
  for (unsigned w = 0; w < walks; ++w) {
    grammar::Matcher x(a, vocab), y(b, vocab);
    for (unsigned s = 0; s < maxSteps; ++s, ++steps) {
      x.fillMask(ma.data(), padded);
      y.fillMask(mb.data(), padded);
      if (ma != mb) {
        ADD_FAILURE() << "masks differ at walk " << w << " step " << s;
        return steps;
      }
      std::vector<int32_t> allowed;
      for (size_t t = 0; t < vocab->size(); ++t)
        if (ma[t / 32] >> (t % 32) & 1)
          allowed.push_back(int32_t(t));
      if (allowed.empty())
        break;
      int32_t tok = allowed[rng() % allowed.size()];
      EXPECT_TRUE(x.acceptToken(tok));
      EXPECT_TRUE(y.acceptToken(tok));
      if (x.isTerminated())
        break;
    }
  }
  return steps;
}

TEST(GramTablePipeline, ShippedGrammarsGiveIdenticalMasks) {
  for (const auto &[path, text] : shippedGrammars()) {
    SCOPED_TRACE(path);
    auto direct = compileOk(parseOk(text));
    auto viaGram = viaGramPipeline(text);
    ASSERT_TRUE(direct && viaGram);
    EXPECT_GT(compareWalks(direct, viaGram, vocabFor(text), 20, 200), 200u);
  }
}

// EBNF terminals are lexemes (greedy) under the default lexer: the table the
// pipeline builds must keep them, or its masks allow splits ("intmain" as
// "int" "main") that the runtime's compile of the same source refuses.
TEST(GramTablePipeline, ShippedEbnfGrammarsGiveTheRuntimesMasks) {
  for (const char *name : {"arithmetic.ebnf", "c.ebnf"}) {
    SCOPED_TRACE(name);
    std::ifstream in(std::string(DECC_GRAMMARS_DIR) + "/examples/" + name);
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_FALSE(text.str().empty());
    std::vector<grammar::Diagnostic> diags;
    auto direct = grammar::compileSource(grammar::SourceKind::Ebnf, text.str(), diags);
    auto viaGram = viaGramPipeline(text.str(), dec::GrammarKind::Ebnf);
    ASSERT_TRUE(direct && viaGram);
    EXPECT_TRUE(viaGram->hasLexemes);
    EXPECT_EQ(std::count_if(viaGram->rules.begin(), viaGram->rules.end(),
                            [](const auto &r) { return r.lexeme; }),
              std::count_if(direct->rules.begin(), direct->rules.end(),
                            [](const auto &r) { return r.lexeme; }));
    EXPECT_GT(compareWalks(direct, viaGram, vocabFor(text.str()), 20, 200), 200u);
  }
}

TEST(GramTablePipeline, EbnfLexemeTableEqualsTheRuntimes) {
  const char *src = "start: type NAME \";\"\ntype: \"int\" | NAME\nNAME: /[a-z]+/\n%ignore \" \"\n";
  std::vector<grammar::Diagnostic> diags;
  auto direct = grammar::compileSource(grammar::SourceKind::Ebnf, src, diags);
  auto viaGram = viaGramPipeline(src, dec::GrammarKind::Ebnf);
  ASSERT_TRUE(direct && viaGram);
  EXPECT_EQ(grammar::serialize(*viaGram), grammar::serialize(*direct));
  EXPECT_FALSE(accepts(viaGram, "intmain;"));
  EXPECT_TRUE(accepts(viaGram, "int main;"));
}

TEST(GramTablePipeline, JsonMasksIdenticalOnLlama3) {
  std::string path = std::string(DECC_TOKENIZERS_DIR) + "/llama3/tokenizer.json";
  std::string error;
  auto tok = Tokenizer::fromFile(path, &error);
  if (!tok)
    GTEST_SKIP() << "llama3 tokenizer not found: " << error;
  std::string text = shippedGrammars()[0].second;
  auto direct = compileOk(parseOk(text));
  auto viaGram = viaGramPipeline(text);
  ASSERT_TRUE(direct && viaGram);
  EXPECT_GT(compareWalks(direct, viaGram, grammar::Vocabulary::fromTokenizer(*tok), 4, 60),
            60u);
}

TEST(GramTablePipeline, NormalisationRemovesRulesOfTheShippedGrammars) {
  // Each shipped grammar has a single-use rule (or an unused one) that
  // -gram-normalize removes before the runtime sees the grammar.
  for (const auto &[path, text] : shippedGrammars()) {
    SCOPED_TRACE(path);
    mlir::MLIRContext ctx;
    ctx.loadDialect<dec::DecDialect, gram::GramDialect>();
    mlir::OpBuilder b(&ctx);
    auto module = mlir::ModuleOp::create(b.getUnknownLoc());
    b.setInsertionPointToEnd(module.getBody());
    b.create<dec::GrammarOp>(b.getUnknownLoc(), "G", dec::GrammarKind::Gbnf, text);
    mlir::OwningOpRef<mlir::ModuleOp> grammars = gram::importDecGrammars(module);
    module.erase();
    ASSERT_TRUE(grammars);
    mlir::PassManager pm(&ctx);
    gram::buildGramNormalizePipeline(pm);
    ASSERT_TRUE(mlir::succeeded(pm.run(*grammars)));
    auto g = *grammars->getOps<gram::GrammarOp>().begin();
    size_t rules = std::distance(g.getRules().begin(), g.getRules().end());
    EXPECT_LT(rules, parseOk(text).rules.size());
  }
}

} // namespace
