//===- Backend.cpp - Target machine, optimisation, object emission ------===//
#include "decc/Codegen/Backend.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;

namespace decc {

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const BackendOptions &opts) {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  std::string triple = sys::getDefaultTargetTriple();
  std::string err;
  const Target *target = TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return createStringError(inconvertibleErrorCode(),
                             "no target for '" + triple + "': " + err);

  std::string cpu = opts.cpu;
  std::string features = opts.features;
  if (cpu == "native") {
    cpu = sys::getHostCPUName().str();
    StringMap<bool> host = sys::getHostCPUFeatures();
    for (auto &f : host) {
      if (!features.empty())
        features += ",";
      features += (f.second ? "+" : "-") + f.first().str();
    }
  }
  // LLVM only warns about an unknown CPU and may then abort deep inside the
  // optimiser (e.g. a CPU without 64-bit support): refuse it up front.
  std::unique_ptr<MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!sti || !sti->isCPUStringValid(cpu))
    return createStringError(inconvertibleErrorCode(),
                             "unknown target CPU '" + cpu + "' for " + triple);
  std::unique_ptr<MCSubtargetInfo> cpuInfo(
      target->createMCSubtargetInfo(triple, cpu, features));
  if (Triple(triple).getArch() == Triple::x86_64 &&
      !cpuInfo->checkFeatures("+64bit"))
    return createStringError(inconvertibleErrorCode(),
                             "target CPU '" + cpu + "' cannot run 64-bit code");
  TargetOptions to;
  CodeGenOptLevel level = opts.optLevel == 0   ? CodeGenOptLevel::None
                          : opts.optLevel == 1 ? CodeGenOptLevel::Less
                          : opts.optLevel == 2 ? CodeGenOptLevel::Default
                                               : CodeGenOptLevel::Aggressive;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, to, Reloc::PIC_, std::nullopt, level));
  if (!tm)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for cpu '" + cpu +
                                 "'");
  return std::move(tm);
}

void optimizeModule(Module &module, TargetMachine &tm,
                    const BackendOptions &opts) {
  module.setDataLayout(tm.createDataLayout());
  module.setTargetTriple(tm.getTargetTriple().str());
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions pto;
  pto.LoopVectorization = opts.optLevel >= 2;
  pto.SLPVectorization = opts.optLevel >= 2;
  PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = opts.optLevel == 0   ? OptimizationLevel::O0
                            : opts.optLevel == 1 ? OptimizationLevel::O1
                            : opts.optLevel == 2 ? OptimizationLevel::O2
                                                 : OptimizationLevel::O3;
  ModulePassManager mpm = level == OptimizationLevel::O0
                              ? pb.buildO0DefaultPipeline(level)
                              : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
}

Error emitObject(Module &module, TargetMachine &tm,
                 SmallVectorImpl<char> &out) {
  module.setDataLayout(tm.createDataLayout());
  module.setTargetTriple(tm.getTargetTriple().str());
  raw_svector_ostream os(out);
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit object files");
  pm.run(module);
  return Error::success();
}

} // namespace decc
