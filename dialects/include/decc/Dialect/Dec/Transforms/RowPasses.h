//===- RowPasses.h - How pipeline ops stream over the logits row -*- C++ -*-===//
//
// The facts a fusion planner needs about each op of a `dec.strategy`: what kind
// of access to the logits row it makes, and in which streaming pass over the
// row it can run. The `dec-annotate-passes` pass prints this plan as
// attributes; lowerings call planRowPasses() directly.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DIALECT_DEC_TRANSFORMS_ROWPASSES_H
#define DECC_DIALECT_DEC_TRANSFORMS_ROWPASSES_H

#include "decc/Dialect/Dec/IR/DecOps.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace decc::dec {

enum class RowAccess {
  Sparse,  ///< point updates at history / listed tokens
  Map,     ///< elementwise
  Max,     ///< max or argmax reduction
  Softmax, ///< max + sum of exp (online, one pass)
  Rank,    ///< order statistic over logits (k-th largest)
  Mass,    ///< order statistic over probability mass (needs the normaliser)
};

llvm::StringRef stringifyRowAccess(RowAccess a);

/// The row access of a pipeline op, or nullopt for ops that do not touch the
/// row (dec.logits itself, step features, arith/math).
std::optional<RowAccess> getRowAccess(mlir::Operation *op);

struct RowPassPlan {
  /// Streaming pass (0-based) executing each op that touches the row.
  llvm::DenseMap<mlir::Operation *, unsigned> passOf;
  /// Number of streaming passes: the selection's pass + 1.
  unsigned numPasses = 0;
};

/// Plans the strategy's pipeline; the strategy must verify.
RowPassPlan planRowPasses(StrategyOp strategy);

} // namespace decc::dec

#endif
