#include "GramTestUtil.h"

#include "decc/Conversion/GrammarToGram/GrammarToGram.h"
#include "decc/Grammar/Gbnf.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace decc {
namespace gram {
namespace test {

static std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::pair<std::string, std::string>> shippedGrammars() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char *p : {"json.gbnf", "examples/json.gbnf", "examples/arithmetic.gbnf",
                        "examples/c.gbnf"})
    out.push_back({p, readFile(std::string(DECC_GRAMMARS_DIR) + "/" + p)});
  return out;
}

grammar::Grammar parseOk(const std::string &gbnf) {
  std::vector<grammar::Diagnostic> diags;
  std::optional<grammar::Grammar> g = grammar::parseGbnf(gbnf, diags);
  for (const auto &d : diags)
    ADD_FAILURE() << d.loc.line << ":" << d.loc.col << ": " << d.message;
  return g ? std::move(*g) : grammar::Grammar();
}

std::shared_ptr<const grammar::CompiledGrammar> compileOk(const grammar::Grammar &g) {
  std::vector<grammar::Diagnostic> diags;
  auto c = grammar::compile(g, diags);
  for (const auto &d : diags)
    ADD_FAILURE() << d.loc.line << ":" << d.loc.col << ": " << d.message;
  return c;
}

std::unique_ptr<mlir::MLIRContext> makeContext() {
  auto ctx = std::make_unique<mlir::MLIRContext>();
  ctx->loadDialect<GramDialect>();
  return ctx;
}

mlir::OwningOpRef<mlir::ModuleOp> importToModule(mlir::MLIRContext &ctx,
                                                 const grammar::Grammar &g,
                                                 const std::string &name) {
  mlir::OpBuilder b(&ctx);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(b.getUnknownLoc());
  b.setInsertionPointToEnd(module->getBody());
  if (mlir::failed(importGrammar(b, b.getUnknownLoc(), name, g, name + ".gbnf")))
    return nullptr;
  return module;
}

bool accepts(const std::shared_ptr<const grammar::CompiledGrammar> &g,
             const std::string &text) {
  auto vocab = std::make_shared<grammar::Vocabulary>(
      std::vector<std::string>{"x"}, std::vector<bool>{false}, std::vector<int32_t>{});
  grammar::Matcher m(g, vocab);
  return m.acceptBytes(text) && m.isComplete();
}

} // namespace test
} // namespace gram
} // namespace decc
