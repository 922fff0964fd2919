//===- AnnotatePasses.cpp - Print the streaming-pass plan as attributes --===//
#include "decc/Dialect/Dec/Transforms/Passes.h"
#include "decc/Dialect/Dec/Transforms/RowPasses.h"

#include "mlir/IR/Builders.h"

namespace decc {
#define GEN_PASS_DEF_DECANNOTATEPASSES
#include "decc/Dialect/Dec/Transforms/Passes.h.inc"
} // namespace decc

using namespace mlir;
using namespace decc::dec;

namespace {
struct AnnotatePasses
    : decc::impl::DecAnnotatePassesBase<AnnotatePasses> {
  void runOnOperation() override {
    StrategyOp strategy = getOperation();
    Builder b(strategy.getContext());
    RowPassPlan plan = planRowPasses(strategy);
    for (Operation &op : strategy.getBodyBlock()) {
      std::optional<RowAccess> access = getRowAccess(&op);
      if (!access)
        continue;
      op.setAttr("dec.row_access", b.getStringAttr(stringifyRowAccess(*access)));
      op.setAttr("dec.row_pass", b.getI64IntegerAttr(plan.passOf.lookup(&op)));
    }
    strategy->setAttr("dec.row_passes", b.getI64IntegerAttr(plan.numPasses));
    markAllAnalysesPreserved();
  }
};
} // namespace
