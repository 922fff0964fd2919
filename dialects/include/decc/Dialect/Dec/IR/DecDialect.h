//===- DecDialect.h - The `dec` dialect -------------------------*- C++ -*-===//
#ifndef DECC_DIALECT_DEC_IR_DECDIALECT_H
#define DECC_DIALECT_DEC_IR_DECDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Dialect.h"

#include "decc/Dialect/Dec/IR/DecOpsDialect.h.inc"

#endif
