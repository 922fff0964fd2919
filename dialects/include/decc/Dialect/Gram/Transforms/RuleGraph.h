//===- RuleGraph.h - Rule-level analyses of a gram.grammar ------*- C++ -*-===//
//
// Shared by -gram-normalize and -gram-check so that "derives no finite
// string", "reachable" and "recursive" mean the same in both.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DIALECT_GRAM_TRANSFORMS_RULEGRAPH_H
#define DECC_DIALECT_GRAM_TRANSFORMS_RULEGRAPH_H

#include "decc/Dialect/Gram/IR/GramOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace decc {
namespace gram {

/// Rules in order and the references between them (one entry per gram.ref
/// op, so a rule referenced twice appears twice).
struct RuleGraph {
  llvm::SmallVector<RuleOp> rules;
  llvm::DenseMap<mlir::StringAttr, unsigned> index;
  std::vector<std::vector<unsigned>> refs;
  unsigned root = 0;

  explicit RuleGraph(GrammarOp grammar);

  /// Rules reachable from the root (the root included).
  std::vector<bool> reachable() const;
  /// Rules that derive at least one finite string.
  std::vector<bool> productive() const;
  /// Rules on a cycle of references (a rule that refers to itself included).
  std::vector<bool> recursive() const;
  /// Occurrences of each rule in the bodies: the uses of the values of the
  /// gram.ref ops naming it.
  std::vector<unsigned> useCounts() const;
};

/// Height of the expression tree below `expr` (what compile()'s nesting
/// limit counts), memoised in `memo` across calls.
unsigned expressionHeight(mlir::Value expr, llvm::DenseMap<mlir::Value, unsigned> &memo);

/// Does the expression derive some finite string, given which rules do?
bool derivesSomething(mlir::Value expr, const RuleGraph &graph,
                      const std::vector<bool> &productiveRules);

} // namespace gram
} // namespace decc

#endif
