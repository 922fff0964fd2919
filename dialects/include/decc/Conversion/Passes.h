//===- Passes.h - Conversions out of the `dec` dialect ----------*- C++ -*-===//
#ifndef DECC_CONVERSION_PASSES_H
#define DECC_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace decc {

#define GEN_PASS_DECL
#include "decc/Conversion/Passes.h.inc"

/// Registers the conversion passes and the `decc-lower-to-llvm` pipeline
/// (convert-dec-to-kernel, then everything down to the llvm dialect) with the
/// global registry, for decc-opt.
void registerConversionPasses();

} // namespace decc

#endif // DECC_CONVERSION_PASSES_H
