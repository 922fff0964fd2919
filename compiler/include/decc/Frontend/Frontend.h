//===- Frontend.h - .dec source -> checked AST ------------------*- C++ -*-===//
//
// The only entry point of the front end. ANTLR stays behind this header: no
// generated or runtime type appears in it.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_FRONTEND_FRONTEND_H
#define DECC_FRONTEND_FRONTEND_H

#include "decc/AST/AST.h"
#include "decc/Frontend/Diagnostics.h"

#include <cstddef>
#include <memory>
#include <string>

namespace decc {

/// Resource bounds: hostile or generated input ends in a located error, never
/// in a crash, a stack overflow or unbounded memory.
struct FrontendLimits {
  size_t maxSourceBytes = 1 << 20;
  /// Brackets, unary minus chains and operator chains in one expression.
  unsigned maxNestingDepth = 200;
  unsigned maxStrategies = 1000;
  unsigned maxOpsPerStrategy = 4096;
};

/// Parses and semantically checks a .dec source. Returns null when any error
/// was reported.
std::unique_ptr<ast::Module> parseAndCheck(const std::string &fileName,
                                           const std::string &source,
                                           DiagnosticEngine &diags,
                                           const FrontendLimits &limits = {});

} // namespace decc

#endif // DECC_FRONTEND_FRONTEND_H
