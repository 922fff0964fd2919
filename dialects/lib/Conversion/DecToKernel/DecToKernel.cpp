//===- DecToKernel.cpp - dec.strategy -> fused row kernel ------------------===//
#include "decc/Conversion/Passes.h"
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace decc {
#define GEN_PASS_DEF_CONVERTDECTOKERNEL
#include "decc/Conversion/Passes.h.inc"
} // namespace decc

using namespace mlir;

namespace {
struct ConvertDecToKernelPass
    : decc::impl::ConvertDecToKernelBase<ConvertDecToKernelPass> {
  using ConvertDecToKernelBase::ConvertDecToKernelBase;
  void runOnOperation() override {
    getOperation().walk([&](decc::dec::StrategyOp s) {
      s.emitOpError("lowering to a row kernel is being implemented");
      signalPassFailure();
    });
  }
};
} // namespace
