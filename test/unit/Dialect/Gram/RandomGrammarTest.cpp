// Property test: on random grammars, -gram-normalize and
// -gram-extract-lexer keep the language. Each grammar is compiled directly
// and after the passes (exported back to the runtime IR), and both must
// agree on every string over {a, b, c} up to length 6: whether it is a
// prefix of the language (what masks depend on) and whether it is in it.
#include "GramTestUtil.h"

#include "decc/Conversion/GrammarToGram/GrammarToGram.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <random>

using namespace decc;
using namespace decc::gram::test;

namespace {

class RandomGrammar {
public:
  explicit RandomGrammar(unsigned seed) : rng_(seed) {}

  /// With `lexemes`, each rule other than the root becomes a lexeme with
  /// probability 3/4 unless compile() then refuses the grammar (a lexeme
  /// that reaches a recursive rule, which random references often make).
  grammar::Grammar make(bool lexemes) {
    grammar::Grammar g;
    unsigned n = 1 + pick(5);
    for (unsigned r = 0; r < n; ++r)
      g.ruleId("r" + std::to_string(r));
    for (unsigned r = 0; r < n; ++r) {
      g.rules[r].body = expr(n, 0);
      g.rules[r].defined = true;
    }
    g.root = 0;
    for (unsigned r = 1; lexemes && r < n; ++r) {
      if (pick(4) == 0)
        continue;
      g.rules[r].lexeme = true;
      std::vector<grammar::Diagnostic> diags;
      if (!grammar::compile(g, diags))
        g.rules[r].lexeme = false;
    }
    return g;
  }

private:
  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }

  grammar::Expr expr(unsigned rules, unsigned depth) {
    unsigned kind = pick(depth >= 3 ? 3 : 7);
    switch (kind) {
    case 0: {
      const char *lits[] = {"a", "b", "ab", "", "ca"};
      return grammar::Expr::literal(lits[pick(5)]);
    }
    case 1: {
      switch (pick(3)) {
      case 0:
        return grammar::Expr::cls({{'a', 'b'}}, false);
      case 1:
        return grammar::Expr::cls({{'c', 'c'}}, false);
      default:
        return grammar::Expr::cls({{'a', 'a'}}, true);
      }
    }
    case 2:
      return grammar::Expr::ref(pick(rules));
    case 3:
    case 4: {
      std::vector<grammar::Expr> items;
      for (unsigned i = pick(4); i > 0; --i)
        items.push_back(expr(rules, depth + 1));
      return kind == 3 ? grammar::Expr::seq(std::move(items))
                       : grammar::Expr::alt(std::move(items));
    }
    default: {
      uint32_t min = pick(3);
      uint32_t max = pick(3) == 0 ? grammar::kUnbounded : min + pick(3);
      return grammar::Expr::repeat(expr(rules, depth + 1), min, max);
    }
    }
  }

  std::mt19937 rng_;
};

/// (is a prefix, is complete) for every string over {a, b, c} up to `len`.
std::vector<std::pair<bool, bool>>
profile(const std::shared_ptr<const grammar::CompiledGrammar> &g, size_t len) {
  auto vocab = std::make_shared<grammar::Vocabulary>(
      std::vector<std::string>{"a"}, std::vector<bool>{false}, std::vector<int32_t>{});
  std::vector<std::pair<bool, bool>> out;
  std::vector<std::string> layer{""};
  for (size_t l = 0; l <= len; ++l) {
    std::vector<std::string> next;
    for (const std::string &s : layer) {
      grammar::Matcher m(g, vocab);
      bool prefix = m.acceptBytes(s);
      out.push_back({prefix, prefix && m.isComplete()});
      for (char c : {'a', 'b', 'c'})
        next.push_back(s + c);
    }
    layer = std::move(next);
  }
  return out;
}

/// Runs `pass` on the module's grammar and compiles the result (null with
/// the compiler's diagnostics in `diags`).
std::shared_ptr<const grammar::CompiledGrammar>
runAndCompile(mlir::ModuleOp module, std::unique_ptr<mlir::Pass> pass,
              std::vector<grammar::Diagnostic> &diags) {
  mlir::PassManager pm(module.getContext());
  pm.nest<gram::GrammarOp>().addPass(std::move(pass));
  if (mlir::failed(pm.run(module)) || mlir::failed(mlir::verify(module))) {
    ADD_FAILURE() << "pass failed";
    return nullptr;
  }
  auto exported = gram::exportGrammar(*module.getOps<gram::GrammarOp>().begin());
  if (mlir::failed(exported)) {
    ADD_FAILURE() << "export failed";
    return nullptr;
  }
  return grammar::compile(exported->grammar, diags);
}

// Seeds past 400 mark some rules as lexemes: the passes must then follow
// the runtime's rules for them (greedy completion changes which prefixes
// are accepted, so inlining a lexeme or merging it with a plain rule shows).
TEST(GramRandomGrammars, PassesKeepTheLanguage) {
  unsigned compared = 0, comparedWithLexemes = 0;
  for (unsigned seed = 1; seed <= 1200; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    bool lexemes = seed > 400;
    grammar::Grammar g = RandomGrammar(seed).make(lexemes);
    std::vector<grammar::Diagnostic> diags;
    auto direct = grammar::compile(g, diags);
    bool hasLexemes = direct && direct->hasLexemes;
    // Lexemes were kept only where compile() accepts them; a grammar it
    // refuses for other reasons may still hold one that reaches a recursive
    // rule, which is invalid gram IR (the verifier reports what compile()
    // does), so there is nothing to run.
    if (lexemes && !direct)
      continue;
    auto ctx = makeContext();
    // Diagnostics are expected for grammars the runtime refuses.
    mlir::ScopedDiagnosticHandler quiet(ctx.get(), [](mlir::Diagnostic &) {
      return mlir::success();
    });
    auto module = importToModule(*ctx, g);
    ASSERT_TRUE(module);
    std::vector<grammar::Diagnostic> errors;
    auto normalized = runAndCompile(*module, createGramNormalize(), errors);
    // Normalisation removes rules without finite derivations, so it may
    // accept what compile() refuses, never the other way round.
    if (!direct)
      continue;
    ASSERT_TRUE(normalized) << (errors.empty() ? "" : errors[0].message);
    auto expected = profile(direct, 6);
    EXPECT_EQ(profile(normalized, 6), expected) << "after -gram-normalize";
    auto lexed = runAndCompile(*module, createGramExtractLexer(), errors);
    ASSERT_TRUE(lexed) << (errors.empty() ? "" : errors[0].message);
    EXPECT_EQ(profile(lexed, 6), expected) << "after -gram-extract-lexer";
    ++compared;
    comparedWithLexemes += hasLexemes;
  }
  // Most random grammars compile; the property must have been exercised.
  EXPECT_GT(compared, 300u);
  EXPECT_GT(comparedWithLexemes, 60u);
}

} // namespace
