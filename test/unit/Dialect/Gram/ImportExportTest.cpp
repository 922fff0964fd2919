// Runtime grammar IR -> gram -> runtime grammar IR keeps the grammar: the
// runtime compiles both to the same table, and positions survive as op
// locations.
#include "GramTestUtil.h"

#include "decc/Conversion/GrammarToGram/GrammarToGram.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace decc;
using namespace decc::gram;
using namespace decc::gram::test;

namespace {

GrammarOp onlyGrammar(mlir::ModuleOp m) { return *m.getOps<GrammarOp>().begin(); }

TEST(GramImportExport, ShippedGrammarsCompileToTheSameTable) {
  for (const auto &[path, text] : shippedGrammars()) {
    SCOPED_TRACE(path);
    auto ctx = makeContext();
    grammar::Grammar g = parseOk(text);
    auto direct = compileOk(g);
    auto module = importToModule(*ctx, g);
    ASSERT_TRUE(module);
    ASSERT_TRUE(mlir::succeeded(mlir::verify(*module)));
    GrammarOp op = onlyGrammar(*module);
    EXPECT_EQ(size_t(std::distance(op.getRules().begin(), op.getRules().end())),
              g.rules.size());
    auto exported = exportGrammar(op);
    ASSERT_TRUE(mlir::succeeded(exported));
    auto again = compileOk(exported->grammar);
    ASSERT_TRUE(direct && again);
    EXPECT_EQ(grammar::serialize(*direct), grammar::serialize(*again));
  }
}

// Rule::lexeme survives the round trip as the rules' `lexeme` attribute, so
// the runtime compiles the exported grammar to the same table (format 2
// carries the flag per rule).
TEST(GramImportExport, LexemeFlagsSurviveTheRoundTrip) {
  auto ctx = makeContext();
  grammar::Grammar g = parseOk("root ::= name \";\"\nname ::= letter+\nletter ::= [a-z]\n");
  g.rules[*g.findRule("name")].lexeme = true;
  auto direct = compileOk(g);
  auto module = importToModule(*ctx, g);
  ASSERT_TRUE(module);
  ASSERT_TRUE(mlir::succeeded(mlir::verify(*module)));
  GrammarOp op = onlyGrammar(*module);
  EXPECT_TRUE(op.lookupRule("name").getLexeme());
  EXPECT_FALSE(op.lookupRule("letter").getLexeme());
  auto exported = exportGrammar(op);
  ASSERT_TRUE(mlir::succeeded(exported));
  EXPECT_TRUE(exported->grammar.rules[*exported->grammar.findRule("name")].lexeme);
  auto again = compileOk(exported->grammar);
  ASSERT_TRUE(direct && again);
  EXPECT_TRUE(again->hasLexemes);
  EXPECT_EQ(grammar::serialize(*direct), grammar::serialize(*again));
}

TEST(GramImportExport, OpsCarryTheSourcePositions) {
  auto ctx = makeContext();
  auto module = importToModule(*ctx, parseOk("root ::= \"a\" b\nb ::= [0-9]+\n"));
  ASSERT_TRUE(module);
  GrammarOp op = onlyGrammar(*module);
  ClassOp cls;
  op.walk([&](ClassOp c) { cls = c; });
  ASSERT_TRUE(cls);
  auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(cls.getLoc());
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc.getFilename().str(), "G.gbnf");
  EXPECT_EQ(loc.getLine(), 2u);
  EXPECT_EQ(loc.getColumn(), 7u);
}

TEST(GramImportExport, UndefinedRuleIsAnErrorAtItsFirstUse) {
  auto ctx = makeContext();
  grammar::Grammar g;
  uint32_t root = g.ruleId("root");
  uint32_t missing = g.ruleId("missing", {3, 9});
  g.rules[root].body = grammar::Expr::ref(missing, {3, 9});
  g.rules[root].defined = true;
  g.root = root;
  std::string seen;
  mlir::ScopedDiagnosticHandler handler(ctx.get(), [&](mlir::Diagnostic &d) {
    llvm::raw_string_ostream os(seen);
    os << d.getLocation() << ": " << d.str() << "\n";
    return mlir::success();
  });
  EXPECT_FALSE(importToModule(*ctx, g));
  EXPECT_EQ(seen, "loc(\"G.gbnf\":3:9): undefined rule 'missing'\n");
}

TEST(GramImportExport, CompileErrorsMapBackToOps) {
  auto ctx = makeContext();
  grammar::Grammar g;
  uint32_t root = g.ruleId("root");
  g.rules[root].body =
      grammar::Expr::repeat(grammar::Expr::literal("a", {1, 10}), 0, 5000, {1, 9});
  g.rules[root].defined = true;
  auto module = importToModule(*ctx, g);
  ASSERT_TRUE(module);
  auto exported = exportGrammar(onlyGrammar(*module));
  ASSERT_TRUE(mlir::succeeded(exported));
  std::vector<grammar::Diagnostic> diags;
  EXPECT_FALSE(grammar::compile(exported->grammar, diags));
  ASSERT_EQ(diags.size(), 1u);
  auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(
      exported->locationOf(diags[0].loc, mlir::UnknownLoc::get(ctx.get())));
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc.getLine(), 1u);
  EXPECT_EQ(loc.getColumn(), 9u);
}

TEST(GramImportExport, TerminalsExportToTheSameLanguage) {
  auto ctx = makeContext();
  // [0-9]+ ("." [0-9]+)? and one byte above ASCII.
  const char *src = R"(gram.grammar @G root(@root) {
    gram.rule @root {
      %0 = gram.terminal states 4 final [1, 3] edges [0: "0" to "9" -> 1, 1: "0" to "9" -> 1, 1: "." -> 2, 2: "0" to "9" -> 3, 3: "0" to "9" -> 3, 1: 0xC3 to 0xC4 -> 1]
      gram.yield %0
    }
  })";
  auto module = mlir::parseSourceString<mlir::ModuleOp>(src, ctx.get());
  ASSERT_TRUE(module);
  auto exported = exportGrammar(onlyGrammar(*module));
  ASSERT_TRUE(mlir::succeeded(exported));
  auto c = compileOk(exported->grammar);
  ASSERT_TRUE(c);
  for (const char *yes : {"0", "42", "3.14", "1\xC3\xC4"})
    EXPECT_TRUE(accepts(c, yes)) << yes;
  for (const char *no : {"", ".", "1.", "a", "1.2.3", "\xC3"})
    EXPECT_FALSE(accepts(c, no)) << no;
}

} // namespace
