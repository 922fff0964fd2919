// A dec.grammar's `kind` picks the front end DecToGram compiles its source
// with: the same text means different languages under different kinds, and a
// source that is invalid in its kind is an error naming that kind, with the
// front end's diagnostics as notes.
#include "GramTestUtil.h"

#include "decc/Conversion/DecToGram/DecToGram.h"
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace decc;
using namespace decc::gram::test;

namespace {

struct Built {
  std::shared_ptr<const grammar::CompiledGrammar> grammar; ///< null on failure
  std::vector<std::string> diagnostics;                    ///< errors, then their notes
};

Built viaTable(dec::GrammarKind kind, const std::string &source) {
  mlir::MLIRContext ctx;
  ctx.loadDialect<dec::DecDialect, gram::GramDialect>();
  Built out;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    out.diagnostics.push_back(d.str());
    for (const mlir::Diagnostic &n : d.getNotes())
      out.diagnostics.push_back(n.str());
    return mlir::success();
  });
  mlir::OpBuilder b(&ctx);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(b.getUnknownLoc());
  b.setInsertionPointToEnd(module->getBody());
  auto op = b.create<dec::GrammarOp>(b.getUnknownLoc(), "G", kind, source);
  mlir::FailureOr<std::vector<uint8_t>> table = gram::buildConstraintTable(op);
  if (mlir::failed(table))
    return out;
  std::string error;
  out.grammar = grammar::deserialize(table->data(), table->size(), &error);
  EXPECT_TRUE(out.grammar) << error;
  return out;
}

TEST(DecGrammarKinds, RegexIsCompiledAsAPattern) {
  Built g = viaTable(dec::GrammarKind::Regex, "[0-9]{2}-[a-z]+");
  ASSERT_TRUE(g.grammar);
  EXPECT_TRUE(accepts(g.grammar, "12-ab"));
  EXPECT_FALSE(accepts(g.grammar, "1-ab"));
  EXPECT_FALSE(accepts(g.grammar, "12-"));
}

TEST(DecGrammarKinds, RegexFileTextKeepsItsTrailingLineBreakOutOfTheLanguage) {
  Built g = viaTable(dec::GrammarKind::Regex, "a+\n");
  ASSERT_TRUE(g.grammar);
  EXPECT_TRUE(accepts(g.grammar, "aaa"));
  EXPECT_FALSE(accepts(g.grammar, "aaa\n"));
}

TEST(DecGrammarKinds, EbnfIsCompiledWithLarksNotation) {
  Built g = viaTable(dec::GrammarKind::Ebnf, "start: \"a\"+ NAME\nNAME: /[xy]/\n%ignore \" \"\n");
  ASSERT_TRUE(g.grammar);
  EXPECT_TRUE(accepts(g.grammar, "aax"));
  EXPECT_TRUE(accepts(g.grammar, "a a y"));
  EXPECT_FALSE(accepts(g.grammar, "x"));
}

// The table keeps EBNF's lexer: under the default (contextual, greedy)
// "intmain" is one NAME, under dynamic_complete it may split after "int".
TEST(DecGrammarKinds, EbnfKeepsItsLexer) {
  const std::string rules = "start: type NAME \";\"\ntype: \"int\" | NAME\n"
                            "NAME: /[a-z]+/\n%ignore \" \"\n";
  Built greedy = viaTable(dec::GrammarKind::Ebnf, rules);
  Built split = viaTable(dec::GrammarKind::Ebnf, "%lexer dynamic_complete\n" + rules);
  ASSERT_TRUE(greedy.grammar && split.grammar);
  EXPECT_TRUE(greedy.grammar->hasLexemes);
  EXPECT_FALSE(split.grammar->hasLexemes);
  EXPECT_FALSE(accepts(greedy.grammar, "intmain;"));
  EXPECT_TRUE(accepts(split.grammar, "intmain;"));
  for (const Built *b : {&greedy, &split}) {
    EXPECT_TRUE(accepts(b->grammar, "int main;"));
    EXPECT_TRUE(accepts(b->grammar, "foo bar ;"));
  }
}

TEST(DecGrammarKinds, JsonSchemaIsTranslatedWithBoundedWhitespace) {
  Built g = viaTable(dec::GrammarKind::JsonSchema,
                     R"({"type": "array", "items": {"type": "boolean"}, "maxItems": 2})");
  ASSERT_TRUE(g.grammar);
  EXPECT_TRUE(accepts(g.grammar, "[true,false]"));
  EXPECT_TRUE(accepts(g.grammar, "[\n  true, false]"));
  EXPECT_FALSE(accepts(g.grammar, "[true,false,true]"));
  // Bounded: at most one space between tokens.
  EXPECT_FALSE(accepts(g.grammar, "[true,  false]"));
}

TEST(DecGrammarKinds, GbnfTextIsNotARegex) {
  // Valid GBNF, but under kind regex it is a pattern of its own characters.
  Built g = viaTable(dec::GrammarKind::Regex, "root ::= \"a\"");
  ASSERT_TRUE(g.grammar);
  EXPECT_TRUE(accepts(g.grammar, "root ::= \"a\""));
  EXPECT_FALSE(accepts(g.grammar, "a"));
}

TEST(DecGrammarKinds, ErrorsNameTheKindAndCarryTheFrontEndsDiagnostics) {
  struct Case {
    dec::GrammarKind kind;
    std::string source, error, notePrefix;
  };
  for (const Case &c : std::vector<Case>{
           {dec::GrammarKind::Gbnf, "root ::= (", "grammar 'G' is not valid GBNF", "GBNF 1:"},
           {dec::GrammarKind::Ebnf, "start: UNDEFINED\n", "grammar 'G' is not valid EBNF",
            "EBNF 1:"},
           {dec::GrammarKind::Regex, "a(b", "grammar 'G' is not valid regex", "regex 1:"},
           {dec::GrammarKind::JsonSchema, R"({"type": "nope"})",
            "grammar 'G' is not valid JSON Schema", "JSON Schema /"},
       }) {
    SCOPED_TRACE(c.source);
    Built g = viaTable(c.kind, c.source);
    EXPECT_FALSE(g.grammar);
    ASSERT_GE(g.diagnostics.size(), 2u);
    EXPECT_EQ(g.diagnostics[0], c.error);
    // MLIR adds a note of its own (the op); one note is the front end's.
    EXPECT_TRUE(std::any_of(g.diagnostics.begin() + 1, g.diagnostics.end(),
                            [&](const std::string &n) { return n.rfind(c.notePrefix, 0) == 0; }))
        << "no note starts with '" << c.notePrefix << "'";
  }
}

} // namespace
