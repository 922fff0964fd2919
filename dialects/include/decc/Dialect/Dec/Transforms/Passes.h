//===- Passes.h - Passes over the `dec` dialect -----------------*- C++ -*-===//
#ifndef DECC_DIALECT_DEC_TRANSFORMS_PASSES_H
#define DECC_DIALECT_DEC_TRANSFORMS_PASSES_H

#include "decc/Dialect/Dec/IR/DecOps.h"
#include "mlir/Pass/Pass.h"

namespace decc {

#define GEN_PASS_DECL
#include "decc/Dialect/Dec/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "decc/Dialect/Dec/Transforms/Passes.h.inc"

} // namespace decc

#endif
