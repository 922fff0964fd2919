//===- GrammarToGram.h - Runtime grammar IR <-> `gram` dialect --*- C++ -*-===//
//
// The bridge between the runtime's grammar IR (decc/grammar.h, what every
// front end builds) and the `gram` dialect. Export exists so that the
// runtime's `grammar::compile` stays the one implementation of automata and
// tables: the dialect's passes transform rules, the runtime builds tables.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_CONVERSION_GRAMMARTOGRAM_GRAMMARTOGRAM_H
#define DECC_CONVERSION_GRAMMARTOGRAM_GRAMMARTOGRAM_H

#include "decc/Dialect/Gram/IR/GramOps.h"
#include "decc/grammar.h"

#include "mlir/IR/Builders.h"
#include "mlir/Support/LogicalResult.h"

#include <vector>

namespace decc {
namespace gram {

/// Builds `gram.grammar @name` from `g` at the builder's insertion point;
/// `Rule::lexeme` becomes the rule's `lexeme` attribute.
/// Each op is located at FileLineColLoc(sourceName, line, col) of its
/// expression (or rule), or at `fallback` when the IR has no position.
/// A rule that is referenced but not defined is an error at its first use
/// (emitted as an MLIR diagnostic); the result is then failure and nothing
/// is left at the insertion point.
mlir::FailureOr<GrammarOp> importGrammar(mlir::OpBuilder &builder,
                                         mlir::Location fallback,
                                         llvm::StringRef name,
                                         const grammar::Grammar &g,
                                         llvm::StringRef sourceName);

/// A `gram.grammar` as runtime grammar IR. Positions in `grammar` are handles,
/// not source positions: `Loc{i + 1, 1}` stands for `locations[i]`, so that
/// the diagnostics of `grammar::compile` map back to the ops they are about
/// (see `locationOf`).
struct ExportedGrammar {
  grammar::Grammar grammar;
  std::vector<mlir::Location> locations;

  /// The op location behind `loc`, or `fallback` for Loc{} / unknown.
  mlir::Location locationOf(grammar::Loc loc, mlir::Location fallback) const;
};

/// Exports `op` (which must verify); a rule's `lexeme` attribute becomes
/// `Rule::lexeme`. A `gram.terminal` becomes one helper rule per automaton
/// state (`RULE.tN.sK`, right-linear): the same language, so tables built
/// after `-gram-extract-lexer` accept the same strings. Those helper rules
/// loop, which a lexeme may not refer to, so a terminal inside a lexeme rule
/// is an error on the terminal (`-gram-extract-lexer` leaves lexemes alone).
/// Fails with a diagnostic on the op when an expression DAG would expand to
/// more than `maxNodes` tree nodes.
mlir::FailureOr<ExportedGrammar> exportGrammar(GrammarOp op,
                                               size_t maxNodes = 1u << 20);

/// The language of one expression without `gram.ref` and `gram.terminal`, as
/// a grammar of one rule (the root), e.g. to build its automaton. A ref or a
/// terminal below `expr` is an error on that op.
mlir::FailureOr<ExportedGrammar> exportExpression(mlir::Value expr,
                                                  size_t maxNodes = 1u << 20);

} // namespace gram
} // namespace decc

#endif // DECC_CONVERSION_GRAMMARTOGRAM_GRAMMARTOGRAM_H
