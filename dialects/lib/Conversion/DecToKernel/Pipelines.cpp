//===- Pipelines.cpp - From `dec` to kernels and to LLVM -------------------===//
#include "decc/Conversion/Pipelines.h"
#include "decc/Conversion/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void decc::buildKernelPipeline(OpPassManager &pm, const KernelOptions &options) {
  ConvertDecToKernelOptions convOpts;
  convOpts.vectorWidth = options.vectorWidth;
  pm.addPass(createConvertDecToKernel(convOpts));
  if (options.approximateMath)
    pm.addNestedPass<func::FuncOp>(createApproximateMath());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void decc::buildLLVMPipeline(OpPassManager &pm) {
  // memref.view / subviews first become plain pointer arithmetic (affine.apply
  // is lowered right after), so the memref lowering sees only descriptors.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  ConvertVectorToLLVMPassOptions vecOpts;
  // Our reductions are written with reassociation in mind (fastmath reassoc
  // on the accumulators); let the final horizontal reductions be trees too.
  vecOpts.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vecOpts));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

namespace decc {
namespace {
#define GEN_PASS_REGISTRATION
#include "decc/Conversion/Passes.h.inc"
} // namespace

void registerConversionPasses() {
  registerDeccConversionPasses();
  PassPipelineRegistration<>(
      "decc-lower-to-llvm",
      "Lower dec strategies to fused row kernels, then to the llvm dialect",
      [](OpPassManager &pm) {
        buildKernelPipeline(pm, KernelOptions{});
        buildLLVMPipeline(pm);
      });
  PassPipelineRegistration<>(
      "decc-lower-to-kernel",
      "Lower dec strategies to fused row kernels (the --emit=lowered stage)",
      [](OpPassManager &pm) { buildKernelPipeline(pm, KernelOptions{}); });
}
} // namespace decc
