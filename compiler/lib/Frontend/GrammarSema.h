//===- GrammarSema.h - `grammar` declarations and `constrain` -------------===//
//
// Names and kinds only: reading and compiling the grammar files is
// loadGrammarFiles' job (decc/Frontend/GrammarFiles.h), which keeps this
// library free of the grammar compiler.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_FRONTEND_GRAMMARSEMA_H
#define DECC_LIB_FRONTEND_GRAMMARSEMA_H

#include "Parsed.h"

#include "decc/Frontend/Diagnostics.h"

#include <set>
#include <string>
#include <vector>

namespace decc::fe {

/// Checks the declarations and appends the valid ones to `module.grammars`.
/// Returns every declared name, valid or not, so that `constrain` of a
/// declaration with a bad kind is not reported a second time as unknown.
std::set<std::string> checkGrammars(const std::vector<ParsedGrammar> &grammars,
                                    ast::Module &module, DiagnosticEngine &diags);

/// Resolves the strategy's `constrain` statements (at most one).
void checkConstrain(const std::vector<ParsedConstrain> &constrains,
                    const std::set<std::string> &declared, ast::Module &module,
                    ast::Strategy &strategy, DiagnosticEngine &diags);

/// Grammars and strategies are symbols of one namespace in the IR: a grammar
/// named like a strategy is an error.
void checkGrammarStrategyNames(const ast::Module &module, DiagnosticEngine &diags);

/// Warns about grammars no strategy uses.
void warnUnusedGrammars(const ast::Module &module, DiagnosticEngine &diags);

} // namespace decc::fe

#endif
