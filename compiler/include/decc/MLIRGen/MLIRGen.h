//===- MLIRGen.h - Checked AST -> `dec` dialect -----------------*- C++ -*-===//
//
// The only bridge between the AST (which knows nothing of MLIR) and the
// dialects. One `dec.strategy` per AST strategy, operators in written order.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_MLIRGEN_MLIRGEN_H
#define DECC_MLIRGEN_MLIRGEN_H

#include "decc/AST/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace decc {

/// Builds the `dec` module of an AST that passed Sema. Loads the dialects it
/// emits into `ctx`. Every op carries the FileLineColLoc of the source
/// construct it comes from. Returns null only if the result fails to verify,
/// which means the AST broke one of Sema's invariants (AST.h); the verifier's
/// diagnostics go to `ctx`'s handler.
mlir::OwningOpRef<mlir::ModuleOp> mlirGen(mlir::MLIRContext &ctx,
                                          const ast::Module &m);

} // namespace decc

#endif // DECC_MLIRGEN_MLIRGEN_H
