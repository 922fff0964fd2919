//===- ModuleEmitter.h - C ABI entry points and descriptor table -*- C++ -*-===//
//
// Turns the LLVM IR of the lowered kernels into a module that implements
// runtime/include/decc/abi.h: a plain-pointer wrapper per strategy around the
// memref-convention kernel, the parameter/strategy/module tables as constant
// data, and the single exported entry `decc_module_v1`.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_CODEGEN_MODULEEMITTER_H
#define DECC_CODEGEN_MODULEEMITTER_H

#include "decc/Codegen/StrategyInfo.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

namespace decc {

struct ModuleIdentity {
  std::string producer;   ///< e.g. "decc 0.1.0"
  std::string sourceName; ///< the .dec file
};

/// Adds the ABI surface to `module`. Fails if a lowered kernel is missing or
/// has an unexpected signature (an internal error of the lowering).
llvm::Error emitAbiModule(llvm::Module &module,
                          const std::vector<StrategyInfo> &strategies,
                          const ModuleIdentity &identity);

} // namespace decc

#endif
