//===- DecToKernel.cpp - dec.strategy -> fused row kernel ------------------===//
//
// For each strategy: order the operators (features right after the row they
// observe), plan the streaming passes, then emit @decc_row_S following the
// plan, cloning the scalar arith/math computations of the body on the way,
// and @decc_workspace_S.
//
//===----------------------------------------------------------------------===//
#include "RowKernelBuilder.h"
#include "decc/Conversion/KernelPlan.h"
#include "decc/Conversion/Passes.h"
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/TypeSwitch.h"

namespace decc {
#define GEN_PASS_DEF_CONVERTDECTOKERNEL
#include "decc/Conversion/Passes.h.inc"
} // namespace decc

using namespace mlir;
using namespace decc::kernel;
namespace dec = decc::dec;

namespace {

std::optional<OpKind> kindOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<OpKind>>(op)
      .Case([](dec::RepetitionPenaltyOp) { return OpKind::RepetitionPenalty; })
      .Case([](dec::PresencePenaltyOp) { return OpKind::PresencePenalty; })
      .Case([](dec::FrequencyPenaltyOp) { return OpKind::FrequencyPenalty; })
      .Case([](dec::LogitBiasOp) { return OpKind::LogitBias; })
      .Case([](dec::TemperatureOp) { return OpKind::Temperature; })
      .Case([](dec::TopKOp) { return OpKind::TopK; })
      .Case([](dec::TopPOp) { return OpKind::TopP; })
      .Case([](dec::MinPOp) { return OpKind::MinP; })
      .Case([](dec::TypicalPOp) { return OpKind::TypicalP; })
      .Case([](dec::EntropyOp) { return OpKind::Entropy; })
      .Case([](dec::MaxProbOp) { return OpKind::MaxProb; })
      .Case([](dec::GreedyOp) { return OpKind::Greedy; })
      .Case([](dec::SampleOp) { return OpKind::Sample; })
      .Default([](Operation *) { return std::nullopt; });
}

/// Row operators in emission order: the logits chain, each feature right
/// after the operator whose result it observes.
LogicalResult orderRowOps(dec::StrategyOp s, SmallVectorImpl<Operation *> &out) {
  Value current;
  auto addFeatures = [&](Value row) {
    for (Operation &op : s.getBodyBlock())
      if (isa<dec::EntropyOp, dec::MaxProbOp>(op) && op.getOperand(0) == row)
        out.push_back(&op);
  };
  for (Operation &op : s.getBodyBlock()) {
    if (isa<dec::LogitsOp>(op)) {
      if (current)
        return op.emitOpError("a strategy reads the logits row once");
      current = op.getResult(0);
      addFeatures(current);
      continue;
    }
    if (isa<dec::EntropyOp, dec::MaxProbOp>(op))
      continue;
    if (!kindOf(&op))
      continue;
    if (!current || op.getOperand(0) != current)
      return op.emitOpError("operators must form one chain from dec.logits");
    out.push_back(&op);
    if (op.getNumResults() == 1) {
      current = op.getResult(0);
      addFeatures(current);
    }
  }
  if (out.empty() || !isa<dec::GreedyOp, dec::SampleOp>(out.back()))
    return s.emitOpError("body must end with dec.greedy or dec.sample");
  return success();
}

struct ConvertDecToKernelPass
    : decc::impl::ConvertDecToKernelBase<ConvertDecToKernelPass> {
  using ConvertDecToKernelBase::ConvertDecToKernelBase;

  void runOnOperation() override {
    if (vectorWidth < 4 || vectorWidth > 32 || (vectorWidth & (vectorWidth - 1))) {
      getOperation().emitError("vector-width must be 4, 8, 16 or 32");
      return signalPassFailure();
    }
    SmallVector<dec::StrategyOp> strategies(getOperation().getOps<dec::StrategyOp>());
    for (dec::StrategyOp s : strategies)
      if (failed(lower(s)))
        return signalPassFailure();
    // A grammar is data for the runtime: code generation reads it before this
    // pass, and the kernel only applies the mask the caller passes in.
    for (dec::GrammarOp g :
         llvm::make_early_inc_range(getOperation().getOps<dec::GrammarOp>()))
      g.erase();
  }

  LogicalResult lower(dec::StrategyOp s) {
    SmallVector<Operation *> rowOps;
    if (failed(orderRowOps(s, rowOps)))
      return failure();
    std::vector<OpKind> kinds;
    for (Operation *op : rowOps)
      kinds.push_back(*kindOf(op));
    KernelPlan plan = planKernel(kinds);

    ModuleOp module = getOperation();
    Location loc = s.getLoc();
    OpBuilder b(s);
    MLIRContext *ctx = &getContext();
    Type f32 = b.getF32Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
    auto dyn = [&](Type t) { return MemRefType::get({ShapedType::kDynamic}, t); };
    std::string name = s.getSymName().str();

    auto wsFn = b.create<func::FuncOp>(loc, "decc_workspace_" + name,
                                       b.getFunctionType({i64}, {i64}));
    {
      OpBuilder::InsertionGuard g(b);
      Block *e = wsFn.addEntryBlock();
      b.setInsertionPointToStart(e);
      // Same formula as workspaceBytes(): 6 sections of ceil16(V + W) words,
      // then the histogram.
      Value v = e->getArgument(0);
      auto c = [&](int64_t x) { return b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(x)); };
      Value elems = b.create<arith::MulIOp>(
          loc, b.create<arith::DivSIOp>(loc, b.create<arith::AddIOp>(loc, v, c(vectorWidth + 15)), c(16)),
          c(16));
      // Then the per-chunk lane maxima and lane-set sums: (V / (16 W) + 1) * W
      // words each.
      Value laneMax = b.create<arith::MulIOp>(
          loc,
          b.create<arith::AddIOp>(loc, b.create<arith::DivSIOp>(loc, v, c(16 * vectorWidth)), c(1)),
          c(8 * vectorWidth));
      Value fixed = b.create<arith::AddIOp>(loc, b.create<arith::MulIOp>(loc, elems, c(24)),
                                            c(histogramBytes()));
      b.create<func::ReturnOp>(loc, ValueRange{b.create<arith::AddIOp>(loc, fixed, laneMax)});
    }

    auto rowFn = b.create<func::FuncOp>(
        loc, "decc_row_" + name,
        b.getFunctionType({dyn(f32), dyn(i32), dyn(i32), dyn(b.getF64Type()), i64, i64,
                           dyn(b.getI8Type())},
                          {i32, i32, f32}));
    rowFn->setAttr("decc.plan", StringAttr::get(ctx, plan.str()));
    rowFn.addEntryBlock();
    OpBuilder kb(ctx);
    RowKernelBuilder k(kb, loc, module, rowFn, vectorWidth, name);

    // A short parameter block is a caller bug: report invalid input.
    IRMapping map;
    Block &body = s.getBodyBlock();
    k.requireParams(body.getNumArguments());
    for (BlockArgument a : body.getArguments())
      map.map(a, k.param(a.getArgNumber(), a.getType()));

    unsigned next = 0; // next row operator / plan step
    auto emitRowOp = [&](Operation *op) -> LogicalResult {
      const PlanStep &st = plan.steps[next++];
      if (st.materialize)
        k.materialize();
      auto operand = [&](unsigned i) { return map.lookup(op->getOperand(i)); };
      switch (st.op) {
      case OpKind::RepetitionPenalty:
      case OpKind::PresencePenalty:
      case OpKind::FrequencyPenalty:
        k.penalty(st.op, operand(1),
                  op->getAttrOfType<IntegerAttr>("window").getInt());
        break;
      case OpKind::LogitBias: {
        auto lb = cast<dec::LogitBiasOp>(op);
        k.logitBias(lb.getTokens(), lb.getBiases());
        break;
      }
      case OpKind::Temperature:
        k.temperature(operand(1));
        break;
      case OpKind::TopK:
        k.topK(operand(1));
        break;
      case OpKind::TopP:
        k.topP(operand(1), next < plan.steps.size() && plan.steps[next].op == OpKind::Sample);
        break;
      case OpKind::MinP:
        k.minP(operand(1));
        break;
      case OpKind::TypicalP:
        k.typicalP(operand(1), st.reuseSoftmax);
        break;
      case OpKind::Entropy:
      case OpKind::MaxProb:
        map.map(op->getResult(0), k.feature(st.op, st.reuseSoftmax));
        break;
      case OpKind::Greedy:
        k.greedy();
        break;
      case OpKind::Sample:
        k.sample();
        break;
      }
      return success();
    };

    // Where an operator forks the row state (RowKernelBuilder::Fork), the
    // rest of the strategy is emitted once more from the other branch, with
    // the value mapping and plan position of the fork point.
    struct Continuation {
      RowKernelBuilder::Fork fork;
      Block::iterator after; // the forking operator
      IRMapping map;
      unsigned next;
    };
    SmallVector<Continuation> continuations;
    auto featuresOfResult = [&]() -> LogicalResult {
      while (next < rowOps.size() && isa<dec::EntropyOp, dec::MaxProbOp>(rowOps[next]))
        if (failed(emitRowOp(rowOps[next])))
          return failure();
      return success();
    };
    auto emitFrom = [&](Block::iterator it) -> LogicalResult {
      for (; it != body.end(); ++it) {
        Operation &op = *it;
        if (isa<dec::LogitsOp>(op)) {
          k.scan(plan.scanCopies, plan.scanSoftmax);
          while (next < rowOps.size() && isa<dec::EntropyOp, dec::MaxProbOp>(rowOps[next]) &&
                 rowOps[next]->getOperand(0) == op.getResult(0))
            if (failed(emitRowOp(rowOps[next])))
              return failure();
          continue;
        }
        if (isa<dec::EntropyOp, dec::MaxProbOp>(op))
          continue; // emitted with the row they observe
        if (isa<dec::StepOp>(op)) {
          map.map(op.getResult(0), k.stepFeature(0));
          continue;
        }
        if (isa<dec::VocabSizeOp>(op)) {
          map.map(op.getResult(0), k.stepFeature(1));
          continue;
        }
        if (isa<dec::HistoryLenOp>(op)) {
          map.map(op.getResult(0), k.stepFeature(2));
          continue;
        }
        if (kindOf(&op)) {
          if (failed(emitRowOp(&op)))
            return failure();
          if (std::optional<RowKernelBuilder::Fork> f = k.takeFork())
            continuations.push_back({*f, it, map, next});
          // Features of this operator's result.
          if (failed(featuresOfResult()))
            return failure();
          continue;
        }
        if (isa<arith::ArithDialect, math::MathDialect>(op.getDialect()) &&
            op.getNumRegions() == 0) {
          kb.clone(op, map);
          continue;
        }
        return op.emitOpError("cannot be lowered into a row kernel");
      }
      return success();
    };
    if (failed(emitFrom(body.begin())))
      return failure();
    while (!continuations.empty()) {
      Continuation c = continuations.pop_back_val();
      k.resume(c.fork);
      map = c.map;
      next = c.next;
      if (failed(featuresOfResult()) || failed(emitFrom(std::next(c.after))))
        return failure();
    }
    s.erase();
    return success();
  }
};

} // namespace
