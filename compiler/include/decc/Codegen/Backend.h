//===- Backend.h - LLVM IR -> optimised object -> shared object -*- C++ -*-===//
#ifndef DECC_CODEGEN_BACKEND_H
#define DECC_CODEGEN_BACKEND_H

#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class TargetMachine;
}

namespace decc {

struct BackendOptions {
  unsigned optLevel = 3;        ///< -O0 .. -O3
  std::string cpu = "native";   ///< "native" = the host CPU; or e.g. x86-64-v3
  std::string features;         ///< extra target features, e.g. "+avx2"
};

/// A TargetMachine for the host triple (position-independent code).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const BackendOptions &opts);

/// Runs LLVM's standard optimisation pipeline at opts.optLevel.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                    const BackendOptions &opts);

/// Emits an ELF object into `out`.
llvm::Error emitObject(llvm::Module &module, llvm::TargetMachine &tm,
                       llvm::SmallVectorImpl<char> &out);

/// Links one object into a shared object at `outputPath` with lld, in
/// process. Only `decc_module_v1` is exported.
llvm::Error linkSharedObject(llvm::StringRef objectPath,
                             llvm::StringRef outputPath);

} // namespace decc

#endif
