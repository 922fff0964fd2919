//===- GramDialect.h - The `gram` dialect -----------------------*- C++ -*-===//
#ifndef DECC_DIALECT_GRAM_IR_GRAMDIALECT_H
#define DECC_DIALECT_GRAM_IR_GRAMDIALECT_H

#include "mlir/IR/Dialect.h"

#include "decc/Dialect/Gram/IR/GramOpsDialect.h.inc"

#endif
