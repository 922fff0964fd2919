//===- ApproximateMath.cpp - Polynomial math for libm-free kernels --------===//
#include "decc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace decc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "decc/Conversion/Passes.h.inc"
} // namespace decc

using namespace mlir;

namespace {
struct ApproximateMathPass
    : decc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      return signalPassFailure();
    // The approximations use math.fma and math.floor, which become libm
    // calls on CPUs without FMA / SSE4.1: expand them into plain arithmetic.
    RewritePatternSet expand(&getContext());
    populateExpandFmaFPattern(expand);
    populateExpandFloorFPattern(expand);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(expand))))
      signalPassFailure();
  }
};
} // namespace
