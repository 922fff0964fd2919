//===- DecToGram.h - dec.grammar (any kind) -> gram.grammar -----*- C++ -*-===//
//
// A `dec.grammar` carries its grammar as text in the language its `kind`
// names; this parses it with that language's front end (GBNF, EBNF, regex:
// decc/Grammar/Source.h; JSON Schema: decc/JsonSchema) and imports the result
// into the `gram` dialect, where the constraint pipeline (check, normalize,
// build-table) runs. A library of its own because it links those front ends
// (ANTLR among them), which decc-opt does not need.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_CONVERSION_DECTOGRAM_DECTOGRAM_H
#define DECC_CONVERSION_DECTOGRAM_DECTOGRAM_H

#include "decc/Dialect/Dec/IR/DecOps.h"
#include "decc/Dialect/Gram/IR/GramOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace decc {
namespace gram {

/// Builds `gram.grammar @Name` for `grammar` at the builder's insertion
/// point. Op locations are FileLineColLoc(Name, line, col): positions in the
/// grammar's source text, where its front end records them. Errors in the
/// source (only hand-written IR can have them: the front end checks every
/// grammar file) are an error at the dec.grammar with one note per
/// diagnostic of the kind's front end.
mlir::FailureOr<GrammarOp> importDecGrammar(dec::GrammarOp grammar,
                                            mlir::OpBuilder &builder);

/// A new module with one gram.grammar per dec.grammar of `module`, in order;
/// null after a reported error.
mlir::OwningOpRef<mlir::ModuleOp> importDecGrammars(mlir::ModuleOp module);

/// The serialised table of `grammar` built by the gram pipeline
/// (import, -gram-check, -gram-normalize, -gram-build-table); failure after
/// reported errors.
mlir::FailureOr<std::vector<uint8_t>> buildConstraintTable(dec::GrammarOp grammar);

} // namespace gram
} // namespace decc

#endif // DECC_CONVERSION_DECTOGRAM_DECTOGRAM_H
