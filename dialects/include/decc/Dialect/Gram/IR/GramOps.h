//===- GramOps.h - Operations and types of the `gram` dialect ---*- C++ -*-===//
#ifndef DECC_DIALECT_GRAM_IR_GRAMOPS_H
#define DECC_DIALECT_GRAM_IR_GRAMOPS_H

#include "decc/Dialect/Gram/IR/GramDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_TYPEDEF_CLASSES
#include "decc/Dialect/Gram/IR/GramOpsTypes.h.inc"

namespace decc {
namespace gram {
class RuleOp;
/// Largest code point a class may name.
constexpr int32_t kMaxCodePoint = 0x10FFFF;
/// Deepest expression a rule body may hold (the verifier's bound; imported
/// grammars stay within the runtime's nesting limit of 256).
constexpr int64_t kMaxExprHeight = 10000;
} // namespace gram
} // namespace decc

#define GET_OP_CLASSES
#include "decc/Dialect/Gram/IR/GramOps.h.inc"

#endif
