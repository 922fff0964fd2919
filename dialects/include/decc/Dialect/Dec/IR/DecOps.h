//===- DecOps.h - Operations and types of the `dec` dialect -----*- C++ -*-===//
#ifndef DECC_DIALECT_DEC_IR_DECOPS_H
#define DECC_DIALECT_DEC_IR_DECOPS_H

#include "decc/Dialect/Dec/IR/DecDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "decc/Dialect/Dec/IR/DecEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "decc/Dialect/Dec/IR/DecAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "decc/Dialect/Dec/IR/DecOpsTypes.h.inc"

#define GET_OP_CLASSES
#include "decc/Dialect/Dec/IR/DecOps.h.inc"

#endif
