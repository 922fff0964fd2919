//===- DecToGram.cpp - dec.grammar (GBNF text) -> gram.grammar -----------===//
#include "decc/Conversion/DecToGram/DecToGram.h"

#include "decc/Conversion/GrammarToGram/GrammarToGram.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Grammar/Gbnf.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

namespace decc {
namespace gram {

FailureOr<GrammarOp> importDecGrammar(dec::GrammarOp grammar, OpBuilder &builder) {
  grammar.getContext()->getOrLoadDialect<GramDialect>();
  std::vector<decc::grammar::Diagnostic> diags;
  std::optional<decc::grammar::Grammar> g =
      decc::grammar::parseGbnf(grammar.getSource(), diags);
  if (!g) {
    InFlightDiagnostic d = grammar.emitError("grammar '")
                           << grammar.getSymName() << "' is not valid GBNF";
    for (const decc::grammar::Diagnostic &e : diags)
      d.attachNote() << "GBNF " << e.loc.line << ":" << e.loc.col << ": " << e.message;
    return failure();
  }
  return importGrammar(builder, grammar.getLoc(), grammar.getSymName(), *g,
                       grammar.getSymName());
}

OwningOpRef<ModuleOp> importDecGrammars(ModuleOp module) {
  OpBuilder b(module.getContext());
  OwningOpRef<ModuleOp> out = ModuleOp::create(module.getLoc());
  b.setInsertionPointToEnd(out->getBody());
  for (auto grammar : module.getOps<dec::GrammarOp>())
    if (failed(importDecGrammar(grammar, b)))
      return nullptr;
  return out;
}

FailureOr<std::vector<uint8_t>> buildConstraintTable(dec::GrammarOp grammar) {
  OpBuilder b(grammar.getContext());
  OwningOpRef<ModuleOp> module = ModuleOp::create(grammar.getLoc());
  b.setInsertionPointToEnd(module->getBody());
  FailureOr<GrammarOp> g = importDecGrammar(grammar, b);
  if (failed(g))
    return failure();
  PassManager pm(grammar.getContext());
  buildGramTablePipeline(pm);
  if (failed(pm.run(*module)))
    return failure();
  StringRef table = g->getTableAttr().getValue();
  return std::vector<uint8_t>(table.begin(), table.end());
}

} // namespace gram
} // namespace decc
