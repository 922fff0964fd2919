//===- decc.cpp - The decc compiler driver -------------------------------===//
//
//   .dec --front end--> AST --MLIRGen--> dec dialect --canonicalize-->
//   --kernel pipeline--> func/scf/arith/memref --LLVM pipeline--> llvm dialect
//   --translate--> LLVM IR (+ ABI wrappers and descriptor) --opt--> object
//   --lld--> shared object
//
//   Constraints: dec.grammar (GBNF text) --import--> gram dialect --check,
//   normalize, build-table--> serialised table in the strategy descriptor.
//
// Every arrow can be stopped at with --emit=, so each stage is inspectable.
//
//===----------------------------------------------------------------------===//
#include "decc/AST/AST.h"
#include "decc/Codegen/Backend.h"
#include "decc/Codegen/ModuleEmitter.h"
#include "decc/Codegen/StrategyInfo.h"
#include "decc/Conversion/DecToGram/DecToGram.h"
#include "decc/Conversion/Pipelines.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Frontend/Diagnostics.h"
#include "decc/Frontend/Frontend.h"
#include "decc/Frontend/GrammarFiles.h"
#include "decc/InitAllDialects.h"
#include "decc/InitAllPasses.h"
#include "decc/MLIRGen/MLIRGen.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Target/TargetMachine.h"

#include <iostream>

using namespace llvm;

namespace {

enum class Emit { Ast, Mlir, Gram, Lowered, LLVMDialect, LLVM, Obj, So };

cl::OptionCategory deccCat("decc options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input .dec file>"),
                               cl::Required, cl::cat(deccCat));
cl::opt<std::string> outputFile("o", cl::desc("Output file ('-' for stdout)"),
                                cl::value_desc("file"), cl::cat(deccCat));
cl::opt<Emit> emit(
    "emit", cl::desc("Stop after a stage and write its output"),
    cl::values(
        clEnumValN(Emit::Ast, "ast", "typed AST after semantic checks"),
        clEnumValN(Emit::Mlir, "mlir", "dec dialect as produced by MLIRGen"),
        clEnumValN(Emit::Gram, "gram",
                   "gram dialect of every grammar, checked and normalised"),
        clEnumValN(Emit::Lowered, "lowered",
                   "fused kernels in func/scf/arith/math/memref"),
        clEnumValN(Emit::LLVMDialect, "llvm-dialect",
                   "kernels in the MLIR llvm dialect"),
        clEnumValN(Emit::LLVM, "llvm",
                   "optimised LLVM IR with the C ABI descriptor"),
        clEnumValN(Emit::Obj, "obj", "ELF object file"),
        clEnumValN(Emit::So, "so", "shared object (default)")),
    cl::init(Emit::So), cl::cat(deccCat));
cl::opt<unsigned> optLevel("O", cl::Prefix, cl::init(3),
                           cl::desc("Optimisation level 0-3 (default 3)"),
                           cl::cat(deccCat));
// Not "mcpu": lld, linked in process, registers LLVM's codegen flags.
cl::opt<std::string> cpu("target-cpu", cl::init("native"),
                         cl::desc("Target CPU (default: the host, 'native'); "
                                  "e.g. x86-64-v3 for portable objects"),
                         cl::cat(deccCat));
cl::opt<bool> warningsAsErrors("Werror", cl::desc("Treat warnings as errors"),
                               cl::cat(deccCat));
cl::opt<bool> noCanonicalize(
    "no-canonicalize",
    cl::desc("Keep identity operators and unfolded expressions"),
    cl::cat(deccCat));

int fail(const Twine &msg) {
  WithColor::error(errs(), "decc") << msg << "\n";
  return 1;
}

std::string defaultOutput() {
  if (emit != Emit::So && emit != Emit::Obj)
    return "-";
  SmallString<128> p(sys::path::filename(inputFile.getValue()));
  sys::path::replace_extension(p, emit == Emit::So ? "so" : "o");
  return std::string(p);
}

/// Writes text or bytes to the output file, keeping it only on success.
int writeOutput(StringRef data) {
  std::error_code ec;
  auto out = std::make_unique<ToolOutputFile>(outputFile, ec,
                                              sys::fs::OF_None);
  if (ec)
    return fail("cannot open '" + outputFile + "': " + ec.message());
  out->os() << data;
  out->keep();
  return 0;
}

int runPasses(mlir::ModuleOp module,
              function_ref<void(mlir::OpPassManager &)> build) {
  mlir::PassManager pm(module->getContext());
  if (mlir::failed(mlir::applyPassManagerCLOptions(pm)))
    return 1;
  build(pm);
  return mlir::failed(pm.run(module)) ? 1 : 0;
}

std::string print(mlir::ModuleOp module) {
  std::string s;
  raw_string_ostream os(s);
  module->print(os);
  return s;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(deccCat);
  cl::ParseCommandLineOptions(
      argc, argv,
      "decc: compiles a decoding program (.dec) into a shared object with the "
      "decc C ABI\n\n  decc chat.dec -o chat.so\n  decc --emit=mlir chat.dec\n\n"
      "  MLIR's pass-manager options (e.g. --mlir-print-ir-after-all,\n"
      "  --mlir-timing) are accepted too; see docs/architecture.md.\n");
  if (optLevel > 3)
    return fail("invalid optimisation level -O" + Twine(optLevel) +
                " (expected 0-3)");
  if (outputFile.empty())
    outputFile = defaultOutput();

  // Front end.
  auto buffer = MemoryBuffer::getFile(inputFile, /*IsText=*/true);
  if (!buffer)
    return fail("cannot read '" + inputFile +
                "': " + buffer.getError().message());
  std::string source = (*buffer)->getBuffer().str();
  decc::DiagnosticEngine diags(inputFile, source, std::cerr);
  diags.setWarningsAsErrors(warningsAsErrors);
  std::unique_ptr<decc::ast::Module> ast =
      decc::parseAndCheck(inputFile, source, diags);
  if (!ast || !decc::loadGrammarFiles(*ast, diags))
    return 1;
  if (emit == Emit::Ast)
    return writeOutput(decc::ast::dump(*ast));

  // MLIR. Diagnostics from passes point into the .dec file with a caret.
  mlir::DialectRegistry registry;
  decc::registerAllDialects(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  mlir::SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);

  mlir::OwningOpRef<mlir::ModuleOp> module = decc::mlirGen(context, *ast);
  if (!module || mlir::failed(mlir::verify(*module)))
    return fail("internal error: MLIRGen produced invalid IR");
  if (emit == Emit::Mlir)
    return writeOutput(print(*module));
  if (emit == Emit::Gram) {
    mlir::OwningOpRef<mlir::ModuleOp> grammars =
        decc::gram::importDecGrammars(*module);
    if (!grammars || runPasses(*grammars, [](mlir::OpPassManager &pm) {
          decc::gram::buildGramNormalizePipeline(pm);
        }))
      return 1;
    return writeOutput(print(*grammars));
  }

  if (!noCanonicalize &&
      runPasses(*module, [](mlir::OpPassManager &pm) {
        pm.addPass(mlir::createCanonicalizerPass());
      }))
    return 1;
  // Building a constraint's table (the gram pipeline) reports failure as an
  // MLIR error.
  bool collectFailed = false;
  std::vector<decc::StrategyInfo> strategies;
  {
    mlir::ScopedDiagnosticHandler seeErrors(&context, [&](mlir::Diagnostic &d) {
      collectFailed |= d.getSeverity() == mlir::DiagnosticSeverity::Error;
      return mlir::failure(); // still printed by the source-manager handler
    });
    strategies = decc::collectStrategies(*module);
  }
  if (collectFailed)
    return 1;

  if (runPasses(*module, [](mlir::OpPassManager &pm) {
        decc::buildKernelPipeline(pm, decc::KernelOptions());
      }))
    return 1;
  if (emit == Emit::Lowered)
    return writeOutput(print(*module));

  if (runPasses(*module,
                [](mlir::OpPassManager &pm) { decc::buildLLVMPipeline(pm); }))
    return 1;
  if (emit == Emit::LLVMDialect)
    return writeOutput(print(*module));

  // LLVM.
  LLVMContext llvmContext;
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(*module, llvmContext, inputFile);
  if (!llvmModule)
    return fail("internal error: translation to LLVM IR failed");
  if (Error e = decc::emitAbiModule(
          *llvmModule, strategies,
          {"decc " DECC_VERSION, sys::path::filename(inputFile).str()}))
    return fail(toString(std::move(e)));

  decc::BackendOptions backend;
  backend.optLevel = optLevel;
  backend.cpu = cpu;
  auto tm = decc::createTargetMachine(backend);
  if (!tm)
    return fail(toString(tm.takeError()));
  decc::optimizeModule(*llvmModule, **tm, backend);
  if (emit == Emit::LLVM) {
    std::string s;
    raw_string_ostream os(s);
    llvmModule->print(os, nullptr);
    return writeOutput(s);
  }

  SmallVector<char, 0> object;
  if (Error e = decc::emitObject(*llvmModule, **tm, object))
    return fail(toString(std::move(e)));
  if (emit == Emit::Obj)
    return writeOutput(StringRef(object.data(), object.size()));

  if (outputFile == "-")
    return fail("a shared object cannot be written to stdout; use -o FILE");
  SmallString<128> objPath;
  int fd;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("decc", "o", fd, objPath))
    return fail("cannot create a temporary file: " + ec.message());
  FileRemover removeObj(objPath);
  {
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << StringRef(object.data(), object.size());
  }
  if (Error e = decc::linkSharedObject(objPath, outputFile))
    return fail(toString(std::move(e)));
  return 0;
}
