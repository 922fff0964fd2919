//===- ModuleEmitter.cpp - C ABI entry points and descriptor table ------===//
#include "decc/Codegen/ModuleEmitter.h"

#include "decc/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Verifier.h"

using namespace llvm;

namespace decc {
namespace {

/// Number of scalar arguments a 1-D memref expands to in MLIR's default LLVM
/// calling convention: allocated ptr, aligned ptr, offset, size, stride.
constexpr unsigned kMemRefArgs = 5;

class AbiEmitter {
public:
  AbiEmitter(Module &m) : m(m), ctx(m.getContext()) {
    i32 = Type::getInt32Ty(ctx);
    i64 = Type::getInt64Ty(ctx);
    f64 = Type::getDoubleTy(ctx);
    ptr = PointerType::getUnqual(ctx);
    // Mirrors decc_param_desc.
    paramTy = StructType::create(ctx, {ptr, i32, i32, f64, f64, f64},
                                 "decc_param_desc");
    // Mirrors decc_strategy_desc.
    strategyTy = StructType::create(
        ctx,
        {ptr, i32, i32, i32, i32, ptr, i64, i32, i32, ptr, i64, i64, ptr,
         ptr, ptr, ptr, ptr, i64},
        "decc_strategy_desc");
    // Mirrors decc_module_desc.
    moduleTy = StructType::create(ctx, {i32, i32, ptr, ptr, i32, i32, ptr},
                                  "decc_module_desc");
  }

  Error run(const std::vector<StrategyInfo> &strategies,
            const ModuleIdentity &id) {
    std::vector<Constant *> descs;
    for (const StrategyInfo &s : strategies) {
      auto desc = emitStrategy(s);
      if (!desc)
        return desc.takeError();
      descs.push_back(*desc);
    }
    auto *arrTy = ArrayType::get(strategyTy, descs.size());
    auto *table = new GlobalVariable(m, arrTy, true, GlobalValue::PrivateLinkage,
                                     ConstantArray::get(arrTy, descs),
                                     "decc.strategies");
    Constant *moduleDesc = ConstantStruct::get(
        moduleTy, {ConstantInt::get(i32, DECC_ABI_VERSION),
                   ConstantInt::get(i32, 0), str(id.producer),
                   str(id.sourceName), ConstantInt::get(i32, descs.size()),
                   ConstantInt::get(i32, 0), table});
    auto *moduleGlobal =
        new GlobalVariable(m, moduleTy, true, GlobalValue::PrivateLinkage,
                           moduleDesc, "decc.module");

    // const decc_module_desc *decc_module_v1(void)
    auto *entry = Function::Create(FunctionType::get(ptr, false),
                                   GlobalValue::ExternalLinkage,
                                   DECC_MODULE_SYMBOL, m);
    entry->setVisibility(GlobalValue::DefaultVisibility);
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", entry));
    b.CreateRet(moduleGlobal);

    std::string err;
    raw_string_ostream os(err);
    if (verifyModule(m, &os))
      return createStringError(inconvertibleErrorCode(),
                               "internal error: invalid ABI module: " + err);
    return Error::success();
  }

private:
  Constant *str(StringRef s) {
    auto it = strings.find(s);
    if (it != strings.end())
      return it->second;
    Constant *c = IRBuilder<>(ctx).CreateGlobalStringPtr(s, "decc.str", 0, &m);
    strings[s] = c;
    return c;
  }

  static Error internal(const Twine &msg) {
    return createStringError(inconvertibleErrorCode(),
                             "internal error: " + msg.str());
  }

  Function *getKernel(StringRef name, Error &err) {
    Function *f = m.getFunction(name);
    if (!f) {
      err = internal("lowering produced no function '" + name + "'");
      return nullptr;
    }
    f->setLinkage(GlobalValue::InternalLinkage);
    return f;
  }

  /// Emits `int32_t decc.kernel.S(...)` with the decc_row_kernel_fn signature,
  /// forwarding to the lowered `decc_row_S(memref..., i64, i64, memref)`.
  Expected<Function *> emitRowWrapper(const StrategyInfo &s,
                                      Function *workspace) {
    Error err = Error::success();
    Function *kernel = getKernel("decc_row_" + s.name, err);
    if (err)
      return std::move(err);
    FunctionType *kty = kernel->getFunctionType();
    auto *retTy = dyn_cast<StructType>(kty->getReturnType());
    if (kty->getNumParams() != 5 * kMemRefArgs + 2 || !retTy ||
        retTy->getNumElements() != 3)
      return internal("'" + kernel->getName() +
                      "' does not have the lowered row-kernel signature");

    // int32_t (const float*, int64_t, const uint32_t*, const int32_t*,
    //          int64_t, const double*, uint64_t, uint64_t, void*, int32_t*,
    //          float*)
    auto *fty = FunctionType::get(
        i32, {ptr, i64, ptr, ptr, i64, ptr, i64, i64, ptr, ptr, ptr}, false);
    auto *f = Function::Create(fty, GlobalValue::InternalLinkage,
                               "decc.kernel." + s.name, m);
    Argument *a = f->arg_begin();
    Value *logits = a++, *vocab = a++, *mask = a++, *history = a++,
          *historyLen = a++, *params = a++, *seed = a++, *step = a++,
          *ws = a++, *outToken = a++, *outLogprob = a++;

    IRBuilder<> b(BasicBlock::Create(ctx, "entry", f));
    Value *zero = b.getInt64(0), *one = b.getInt64(1);
    Value *hasMask = b.CreateIsNotNull(mask);
    Value *maskWords = b.CreateSelect(
        hasMask, b.CreateLShr(b.CreateAdd(vocab, b.getInt64(31)), 5), zero);
    Value *wsBytes = b.CreateCall(workspace, {vocab});

    SmallVector<Value *> args;
    auto memref = [&](Value *p, Value *size) {
      args.append({p, p, zero, size, one});
    };
    memref(logits, vocab);
    memref(mask, maskWords);
    memref(history, historyLen);
    memref(params, b.getInt64(s.params.size()));
    args.push_back(seed);
    args.push_back(step);
    memref(ws, wsBytes);
    for (unsigned i = 0; i < args.size(); ++i)
      if (args[i]->getType() != kty->getParamType(i))
        return internal("argument " + Twine(i) + " of '" +
                        kernel->getName() + "' has an unexpected type");

    Value *res = b.CreateCall(kernel, args);
    Value *status = b.CreateExtractValue(res, 0);
    b.CreateStore(b.CreateExtractValue(res, 1), outToken);
    BasicBlock *storeLp = BasicBlock::Create(ctx, "logprob", f);
    BasicBlock *done = BasicBlock::Create(ctx, "done", f);
    b.CreateCondBr(b.CreateIsNotNull(outLogprob), storeLp, done);
    b.SetInsertPoint(storeLp);
    b.CreateStore(b.CreateExtractValue(res, 2), outLogprob);
    b.CreateBr(done);
    b.SetInsertPoint(done);
    b.CreateRet(status);
    return f;
  }

  /// The serialised grammar as a private constant byte array, or null.
  Constant *constraintTable(const StrategyInfo &s) {
    if (s.constraintTable.empty())
      return ConstantPointerNull::get(ptr);
    Constant *bytes = ConstantDataArray::get(ctx, ArrayRef<uint8_t>(
                                                      s.constraintTable));
    auto *g = new GlobalVariable(m, bytes->getType(), true,
                                 GlobalValue::PrivateLinkage, bytes,
                                 "decc.constraint." + s.name);
    g->setAlignment(Align(8));
    return g;
  }

  Expected<Constant *> emitStrategy(const StrategyInfo &s) {
    Error err = Error::success();
    Function *workspace = getKernel("decc_workspace_" + s.name, err);
    if (err)
      return std::move(err);
    if (workspace->getFunctionType() != FunctionType::get(i64, {i64}, false))
      return internal("'" + workspace->getName() +
                      "' does not have the signature i64(i64)");
    auto wrapper = emitRowWrapper(s, workspace);
    if (!wrapper)
      return wrapper.takeError();

    std::vector<Constant *> params;
    for (const ParamInfo &p : s.params)
      params.push_back(ConstantStruct::get(
          paramTy, {str(p.name), ConstantInt::get(i32, p.type),
                    ConstantInt::get(i32, 0), ConstantFP::get(f64, p.defaultValue),
                    ConstantFP::get(f64, p.minValue),
                    ConstantFP::get(f64, p.maxValue)}));
    Constant *paramTable = ConstantPointerNull::get(ptr);
    if (!params.empty()) {
      auto *ty = ArrayType::get(paramTy, params.size());
      paramTable = new GlobalVariable(m, ty, true, GlobalValue::PrivateLinkage,
                                      ConstantArray::get(ty, params),
                                      "decc.params." + s.name);
    }
    Constant *stopTable = ConstantPointerNull::get(ptr);
    if (!s.stopTokens.empty()) {
      auto *ty = ArrayType::get(i32, s.stopTokens.size());
      std::vector<Constant *> toks;
      for (int32_t t : s.stopTokens)
        toks.push_back(ConstantInt::get(i32, t));
      stopTable = new GlobalVariable(m, ty, true, GlobalValue::PrivateLinkage,
                                     ConstantArray::get(ty, toks),
                                     "decc.stop_tokens." + s.name);
    }
    return ConstantStruct::get(
        strategyTy,
        {str(s.name), ConstantInt::get(i32, DECC_KIND_AUTOREGRESSIVE),
         ConstantInt::get(i32, s.selection),
         ConstantInt::get(i32, s.params.size()),
         ConstantInt::get(i32, s.stopOnEos ? 1 : 0), paramTable,
         ConstantInt::get(i64, s.maxTokens),
         ConstantInt::get(i32, s.maxTokensParam),
         ConstantInt::get(i32, s.stopTokens.size()), stopTable,
         ConstantInt::get(i64, s.maxTokenId), ConstantInt::get(i64, 0),
         workspace, *wrapper, str(s.pipeline),
         s.constraintName.empty() ? ConstantPointerNull::get(ptr)
                                  : str(s.constraintName),
         constraintTable(s), ConstantInt::get(i64, s.constraintTable.size())});
  }

  Module &m;
  LLVMContext &ctx;
  Type *i32, *i64, *f64;
  PointerType *ptr;
  StructType *paramTy, *strategyTy, *moduleTy;
  StringMap<Constant *> strings;
};

} // namespace

Error emitAbiModule(Module &module, const std::vector<StrategyInfo> &strategies,
                    const ModuleIdentity &identity) {
  return AbiEmitter(module).run(strategies, identity);
}

} // namespace decc
