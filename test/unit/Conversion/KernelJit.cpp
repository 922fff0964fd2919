//===- KernelJit.cpp - JIT-compiled row kernels for tests -----------------===//
#include "KernelJit.h"

#include "decc/Conversion/Passes.h"
#include "decc/Conversion/Pipelines.h"
#include "decc/Dialect/Dec/IR/DecDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

namespace decc::test {

template <typename T> struct Desc {
  T *alloc;
  T *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};
template <typename T> static Desc<T> desc(T *p, size_t n) {
  return {p, p, 0, int64_t(n), 1};
}

using RowFn = void (*)(RowResult *, Desc<float> *, Desc<int32_t> *, Desc<int32_t> *,
                       Desc<double> *, int64_t, int64_t, Desc<int8_t> *);
using WsFn = int64_t (*)(int64_t);

struct RowKernel::Impl {
  mlir::MLIRContext ctx;
  std::unique_ptr<mlir::ExecutionEngine> engine;
};

RowKernel::RowKernel(const std::string &ir, const std::string &name)
    : impl_(std::make_unique<Impl>()) {
  static bool once = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)once;
  mlir::DialectRegistry registry;
  registry.insert<decc::dec::DecDialect, mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::func::FuncDialect>();
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  impl_->ctx.appendDialectRegistry(registry);
  impl_->ctx.loadAllAvailableDialects();

  std::string diag;
  llvm::raw_string_ostream os(diag);
  mlir::ScopedDiagnosticHandler handler(&impl_->ctx, [&](mlir::Diagnostic &d) {
    os << d << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(ir, &impl_->ctx);
  if (!module) {
    error_ = "parse: " + diag;
    return;
  }
  mlir::PassManager kernel(&impl_->ctx);
  buildKernelPipeline(kernel, KernelOptions{});
  if (mlir::failed(kernel.run(*module))) {
    error_ = "kernel pipeline: " + diag;
    return;
  }
  for (auto f : module->getOps<mlir::func::FuncOp>()) {
    f->setAttr("llvm.emit_c_interface", mlir::UnitAttr::get(&impl_->ctx));
    if (auto p = f->getAttrOfType<mlir::StringAttr>("decc.plan"))
      plan_ = p.str();
  }
  mlir::PassManager llvmPm(&impl_->ctx);
  buildLLVMPipeline(llvmPm);
  if (mlir::failed(llvmPm.run(*module))) {
    error_ = "llvm pipeline: " + diag;
    return;
  }
  mlir::ExecutionEngineOptions opts;
  opts.transformer = mlir::makeOptimizingTransformer(3, 0, nullptr);
  auto engine = mlir::ExecutionEngine::create(*module, opts);
  if (!engine) {
    error_ = "jit: " + llvm::toString(engine.takeError());
    return;
  }
  impl_->engine = std::move(*engine);
  auto row = impl_->engine->lookup("_mlir_ciface_decc_row_" + name);
  auto ws = impl_->engine->lookup("_mlir_ciface_decc_workspace_" + name);
  if (!row || !ws) {
    if (!row)
      error_ = llvm::toString(row.takeError());
    else
      llvm::consumeError(row.takeError());
    if (!ws)
      error_ += llvm::toString(ws.takeError());
    else
      llvm::consumeError(ws.takeError());
    return;
  }
  fn_ = *row;
  wsFn_ = *ws;
}

RowKernel::~RowKernel() = default;

int64_t RowKernel::workspaceBytes(int64_t vocab) const {
  return reinterpret_cast<WsFn>(wsFn_)(vocab);
}

RowResult RowKernel::run(const std::vector<float> &logits, const std::vector<uint32_t> &mask,
                         const std::vector<int32_t> &history,
                         const std::vector<double> &params, uint64_t seed, uint64_t step) {
  size_t bytes = size_t(workspaceBytes(int64_t(logits.size()))) + 64;
  if (workspace_.size() < bytes)
    workspace_.assign(bytes, 0xA5); // garbage on purpose: kernels must not rely on zeroes
  auto *ws = reinterpret_cast<int8_t *>((reinterpret_cast<uintptr_t>(workspace_.data()) + 63) &
                                        ~uintptr_t(63));
  auto l = desc(const_cast<float *>(logits.data()), logits.size());
  auto m = desc(reinterpret_cast<int32_t *>(const_cast<uint32_t *>(mask.data())), mask.size());
  auto h = desc(const_cast<int32_t *>(history.data()), history.size());
  auto p = desc(const_cast<double *>(params.data()), params.size());
  auto w = desc(ws, bytes - 64);
  RowResult r{};
  reinterpret_cast<RowFn>(fn_)(&r, &l, &m, &h, &p, int64_t(seed), int64_t(step), &w);
  return r;
}

} // namespace decc::test
