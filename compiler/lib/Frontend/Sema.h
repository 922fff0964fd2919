//===- Sema.h - Semantic checks: ParsedStrategy -> checked ast::Module ----===//
//
// Resolves names, types expressions (inserting explicit i32 -> f32 casts),
// folds constants to check them against operator domains, narrows parameter
// ranges and enforces the strategy rules. Establishes the invariants listed
// in decc/AST/AST.h.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_FRONTEND_SEMA_H
#define DECC_LIB_FRONTEND_SEMA_H

#include "Parsed.h"

#include "decc/Frontend/Diagnostics.h"

#include <memory>
#include <vector>

namespace decc::fe {

/// Returns the module; the caller discards it if any error was reported.
std::unique_ptr<ast::Module> checkModule(const std::string &fileName,
                                         ParsedProgram program,
                                         DiagnosticEngine &diags);

} // namespace decc::fe

#endif
