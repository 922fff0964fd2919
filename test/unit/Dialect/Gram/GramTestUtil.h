// Helpers of the gram dialect tests.
#ifndef DECC_TEST_UNIT_DIALECT_GRAM_GRAMTESTUTIL_H
#define DECC_TEST_UNIT_DIALECT_GRAM_GRAMTESTUTIL_H

#include "decc/Dialect/Gram/IR/GramOps.h"
#include "decc/grammar.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>
#include <string>
#include <vector>

namespace decc {
namespace gram {
namespace test {

/// The GBNF grammars shipped in grammars/ (path relative to it, text).
std::vector<std::pair<std::string, std::string>> shippedGrammars();
/// Parses GBNF text; fails the current test on errors.
grammar::Grammar parseOk(const std::string &gbnf);
/// compile() that fails the current test on errors.
std::shared_ptr<const grammar::CompiledGrammar> compileOk(const grammar::Grammar &g);
/// A context with the gram dialect loaded.
std::unique_ptr<mlir::MLIRContext> makeContext();
/// A module holding `gram.grammar @name` imported from `g` (null on failure).
mlir::OwningOpRef<mlir::ModuleOp> importToModule(mlir::MLIRContext &ctx,
                                                 const grammar::Grammar &g,
                                                 const std::string &name = "G");
/// Does `g` derive exactly `text`?
bool accepts(const std::shared_ptr<const grammar::CompiledGrammar> &g,
             const std::string &text);

} // namespace test
} // namespace gram
} // namespace decc

#endif
