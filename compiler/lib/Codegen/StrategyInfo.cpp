//===- StrategyInfo.cpp - Strategy metadata for the ABI descriptor ------===//
#include "decc/Codegen/StrategyInfo.h"

#include "decc/Conversion/DecToGram/DecToGram.h"
#include "decc/Dialect/Dec/IR/DecOps.h"
#include "decc/abi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace decc {
namespace {

/// Renders an operator argument: its constant value when it folds to one,
/// `name` when it is a parameter, `expr` otherwise.
std::string describeValue(Value v, dec::StrategyOp strategy) {
  std::string s;
  llvm::raw_string_ostream os(s);
  FloatAttr f;
  IntegerAttr i;
  if (matchPattern(v, m_Constant(&f)))
    os << llvm::format("%g", f.getValueAsDouble());
  else if (matchPattern(v, m_Constant(&i)))
    os << i.getInt();
  else if (auto arg = dyn_cast<BlockArgument>(v))
    os << cast<StringAttr>(strategy.getParamNames()[arg.getArgNumber()])
              .getValue();
  else
    os << "expr";
  return s;
}

std::string describeOp(Operation *op, dec::StrategyOp strategy) {
  std::string name = op->getName().stripDialect().str();
  return llvm::TypeSwitch<Operation *, std::string>(op)
      .Case<dec::RepetitionPenaltyOp, dec::PresencePenaltyOp,
            dec::FrequencyPenaltyOp>([&](auto p) {
        std::string s = name + "(" + describeValue(p.getValue(), strategy);
        if (p.getWindow() != 0)
          s += ", window=" + std::to_string(p.getWindow());
        return s + ")";
      })
      .Case<dec::LogitBiasOp>([&](dec::LogitBiasOp b) {
        return name + "(" + std::to_string(b.getTokens().size()) +
               " tokens)";
      })
      .Case<dec::TemperatureOp, dec::TopKOp, dec::TopPOp, dec::MinPOp,
            dec::TypicalPOp>([&](auto t) {
        return name + "(" + describeValue(t.getValue(), strategy) + ")";
      })
      .Default([&](Operation *) { return name; });
}

/// The serialised table of `grammar`, built once per module by the gram
/// pipeline (import, check, normalize, build-table: the table itself comes
/// from the runtime's grammar::compile). An empty table means the pipeline
/// failed and reported why (the front end compiles every grammar first, so
/// only hand-written IR gets here with a broken one).
const std::vector<uint8_t> &
constraintTable(dec::GrammarOp grammar,
                llvm::StringMap<std::vector<uint8_t>> &cache) {
  auto [it, inserted] = cache.try_emplace(grammar.getSymName());
  if (!inserted)
    return it->second;
  FailureOr<std::vector<uint8_t>> table = gram::buildConstraintTable(grammar);
  if (succeeded(table))
    it->second = std::move(*table);
  else
    grammar.emitError("grammar '") << grammar.getSymName() << "' does not compile";
  return it->second;
}

} // namespace

std::vector<StrategyInfo> collectStrategies(ModuleOp module) {
  std::vector<StrategyInfo> result;
  llvm::StringMap<std::vector<uint8_t>> tables;
  for (auto strategy : module.getOps<dec::StrategyOp>()) {
    StrategyInfo info;
    info.name = strategy.getSymName().str();
    Block &body = strategy.getBodyBlock();
    for (unsigned i = 0, e = body.getNumArguments(); i < e; ++i) {
      ParamInfo p;
      p.name = cast<StringAttr>(strategy.getParamNames()[i]).getValue().str();
      p.type = body.getArgument(i).getType().isF32() ? DECC_TYPE_F32
                                                     : DECC_TYPE_I32;
      p.defaultValue = strategy.getParamDefaults()[i];
      p.minValue = strategy.getParamMins()[i];
      p.maxValue = strategy.getParamMaxs()[i];
      info.params.push_back(std::move(p));
    }
    info.stopOnEos = strategy.getStopEos();
    if (auto m = strategy.getMaxTokens())
      info.maxTokens = static_cast<int64_t>(*m);
    if (auto m = strategy.getMaxTokensParam())
      info.maxTokensParam = static_cast<int32_t>(*m);
    for (int64_t t : strategy.getStopTokens()) {
      info.stopTokens.push_back(static_cast<int32_t>(t));
      info.maxTokenId = std::max(info.maxTokenId, t);
    }

    std::vector<std::string> stages;
    for (Operation &op : body) {
      if (auto bias = dyn_cast<dec::LogitBiasOp>(op))
        for (int64_t t : bias.getTokens())
          info.maxTokenId = std::max(info.maxTokenId, t);
      if (isa<dec::RepetitionPenaltyOp, dec::PresencePenaltyOp,
              dec::FrequencyPenaltyOp, dec::LogitBiasOp, dec::TemperatureOp,
              dec::TopKOp, dec::TopPOp, dec::MinPOp, dec::TypicalPOp,
              dec::GreedyOp, dec::SampleOp>(op))
        stages.push_back(describeOp(&op, strategy));
    }
    info.selection = isa_and_nonnull<dec::SampleOp>(strategy.getSelection())
                         ? DECC_SELECT_SAMPLE
                         : DECC_SELECT_GREEDY;
    for (size_t i = 0; i < stages.size(); ++i)
      info.pipeline += (i ? " | " : "") + stages[i];
    if (FlatSymbolRefAttr ref = strategy.getConstraintAttr()) {
      // The verifier guarantees the symbol is a dec.grammar.
      auto grammar = SymbolTable::lookupNearestSymbolFrom<dec::GrammarOp>(
          strategy, ref.getAttr());
      info.constraintName = ref.getValue().str();
      info.constraintTable = constraintTable(grammar, tables);
    }
    result.push_back(std::move(info));
  }
  return result;
}

} // namespace decc
