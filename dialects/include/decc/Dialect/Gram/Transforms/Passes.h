//===- Passes.h - Passes over the `gram` dialect ----------------*- C++ -*-===//
#ifndef DECC_DIALECT_GRAM_TRANSFORMS_PASSES_H
#define DECC_DIALECT_GRAM_TRANSFORMS_PASSES_H

#include "decc/Dialect/Gram/IR/GramOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace decc {

#define GEN_PASS_DECL
#include "decc/Dialect/Gram/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "decc/Dialect/Gram/Transforms/Passes.h.inc"

namespace gram {

/// What `decc --emit=gram` prints: -gram-check (no unreachable warnings:
/// GBNF drops unused rules silently), then -gram-normalize, on every
/// gram.grammar of the module.
void buildGramNormalizePipeline(mlir::OpPassManager &pm);

/// The constraint table of a strategy: the normalize pipeline, then
/// -gram-build-table.
void buildGramTablePipeline(mlir::OpPassManager &pm);

} // namespace gram
} // namespace decc

#endif
