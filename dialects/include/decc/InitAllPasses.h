//===- InitAllPasses.h - Every pass a decc tool can run ---------*- C++ -*-===//
//
// Registers the dec and gram passes, decc's conversions and the upstream passes the
// compilation pipeline is made of, so that decc-opt can replay any stage.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_INITALLPASSES_H
#define DECC_INITALLPASSES_H

#include "decc/Conversion/Passes.h"
#include "decc/Dialect/Dec/Transforms/Passes.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Func/Transforms/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

namespace decc {

inline void registerAllPasses() {
  registerDecPasses();
  registerGramPasses();
  registerConversionPasses();

  // canonicalize, cse, inline, sccp, symbol-dce, ...
  mlir::registerTransformsPasses();
  // convert-{arith,cf,func,index,math,memref,scf,ub,vector}-to-*,
  // convert-to-llvm, reconcile-unrealized-casts, ...
  mlir::registerArithToLLVMConversionPass();
  mlir::registerConvertControlFlowToLLVMPass();
  mlir::registerConvertFuncToLLVMPass();
  mlir::registerConvertIndexToLLVMPass();
  mlir::registerConvertMathToLLVMPass();
  mlir::registerFinalizeMemRefToLLVMConversionPass();
  mlir::registerSCFToControlFlow();
  mlir::registerConvertVectorToLLVMPass();
  mlir::registerConvertVectorToSCF();
  mlir::registerConvertToLLVMPass();
  mlir::registerReconcileUnrealizedCasts();
  mlir::registerUBToLLVMConversionPass();
  mlir::arith::registerArithPasses();
  mlir::func::registerFuncPasses();
  mlir::math::registerMathPasses();
  mlir::memref::registerMemRefPasses();
}

} // namespace decc

#endif // DECC_INITALLPASSES_H
