//===- StrategyInfo.h - What the ABI descriptor says about a strategy -*- C++ -*-===//
//
// Collected from the `dec` dialect before lowering (the lowering erases the
// dec.strategy ops), then written into the shared object's descriptor table.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_CODEGEN_STRATEGYINFO_H
#define DECC_CODEGEN_STRATEGYINFO_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace decc {

struct ParamInfo {
  std::string name;
  int32_t type = 0; ///< decc_type
  double defaultValue = 0, minValue = 0, maxValue = 0;
};

struct StrategyInfo {
  std::string name;
  int32_t selection = 0; ///< decc_selection
  std::vector<ParamInfo> params;
  bool stopOnEos = false;
  int64_t maxTokens = 0;
  int32_t maxTokensParam = -1;
  std::vector<int32_t> stopTokens;
  int64_t maxTokenId = -1;
  std::string pipeline; ///< "op | op | selection", for humans
  /// The grammar constraint (ABI v2), empty when unconstrained.
  std::string constraintName;
  std::vector<uint8_t> constraintTable;
};

/// Reads every dec.strategy of `module`, in order.
std::vector<StrategyInfo> collectStrategies(mlir::ModuleOp module);

} // namespace decc

#endif
