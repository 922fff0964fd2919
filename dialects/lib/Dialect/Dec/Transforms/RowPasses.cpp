//===- RowPasses.cpp - Streaming-pass plan of a logits pipeline ----------===//
#include "decc/Dialect/Dec/Transforms/RowPasses.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>

using namespace mlir;

namespace decc::dec {

StringRef stringifyRowAccess(RowAccess a) {
  switch (a) {
  case RowAccess::Sparse:
    return "sparse";
  case RowAccess::Map:
    return "map";
  case RowAccess::Max:
    return "max";
  case RowAccess::Softmax:
    return "softmax";
  case RowAccess::Rank:
    return "rank";
  case RowAccess::Mass:
    return "mass";
  }
  llvm_unreachable("unknown RowAccess");
}

std::optional<RowAccess> getRowAccess(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<RowAccess>>(op)
      .Case<RepetitionPenaltyOp, PresencePenaltyOp, FrequencyPenaltyOp,
            LogitBiasOp>([](auto) { return RowAccess::Sparse; })
      .Case<TemperatureOp>([](auto) { return RowAccess::Map; })
      // min_p keeps x >= max + log(p): only the maximum is needed.
      .Case<MinPOp, GreedyOp>([](auto) { return RowAccess::Max; })
      .Case<EntropyOp, MaxProbOp, SampleOp>(
          [](auto) { return RowAccess::Softmax; })
      .Case<TopKOp>([](auto) { return RowAccess::Rank; })
      .Case<TopPOp, TypicalPOp>([](auto) { return RowAccess::Mass; })
      .Default([](Operation *) { return std::nullopt; });
}

static bool endsPass(RowAccess a) {
  return a != RowAccess::Sparse && a != RowAccess::Map;
}

RowPassPlan planRowPasses(StrategyOp strategy) {
  RowPassPlan plan;
  // ready: the first pass in which the elements of a logits value can be
  // produced on the fly. avail: the first pass in which a scalar is known.
  llvm::DenseMap<Value, unsigned> ready, avail;
  auto lookup = [](const llvm::DenseMap<Value, unsigned> &m, Value v) {
    auto it = m.find(v);
    return it == m.end() ? 0u : it->second;
  };

  // The body is in SSA order, so a single forward walk sees every operand
  // before its users.
  for (Operation &op : strategy.getBodyBlock()) {
    std::optional<RowAccess> access = getRowAccess(&op);
    if (!access) {
      // Scalars: known once all operands are; the row itself is ready at 0.
      unsigned a = 0;
      for (Value operand : op.getOperands())
        a = std::max(a, lookup(avail, operand));
      for (Value result : op.getResults())
        avail[result] = a;
      continue;
    }
    unsigned rowReady = 0, argsKnown = 0;
    for (Value operand : op.getOperands()) {
      if (isa<LogitsType>(operand.getType()))
        rowReady = std::max(rowReady, lookup(ready, operand));
      else
        argsKnown = std::max(argsKnown, lookup(avail, operand));
    }
    unsigned pass = std::max(rowReady, argsKnown);
    plan.passOf[&op] = pass;
    for (Value result : op.getResults()) {
      unsigned after = endsPass(*access) ? pass + 1 : pass;
      if (isa<LogitsType>(result.getType()))
        ready[result] = after;
      else
        avail[result] = after;
    }
    if (isa<GreedyOp, SampleOp>(op))
      plan.numPasses = pass + 1;
  }
  return plan;
}

} // namespace decc::dec
