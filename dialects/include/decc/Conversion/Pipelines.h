//===- Pipelines.h - From `dec` to kernels and to LLVM ----------*- C++ -*-===//
#ifndef DECC_CONVERSION_PIPELINES_H
#define DECC_CONVERSION_PIPELINES_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace decc {

struct KernelOptions {
  /// Expand math.exp/log/... into polynomial approximations so the kernel
  /// vectorises and needs no libm. Turning this off leaves math ops for the
  /// LLVM lowering (calls to libm), which is only useful for debugging.
  bool approximateMath = true;
  /// f32 lanes per vector block of the streaming loops.
  unsigned vectorWidth = 16;
};

/// dec -> func/scf/arith/math/memref/vector (the `--emit=lowered` stage).
void buildKernelPipeline(mlir::OpPassManager &pm, const KernelOptions &options);

/// The output of buildKernelPipeline -> llvm dialect, ready for
/// mlir::translateModuleToLLVMIR.
void buildLLVMPipeline(mlir::OpPassManager &pm);

} // namespace decc

#endif // DECC_CONVERSION_PIPELINES_H
