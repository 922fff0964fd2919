//===- TokenCheck.h - Checks on the token stream before parsing -----------===//
//
// Runs between the lexer and the parser. It rejects what the parser should
// never see: stray characters, unterminated comments, reserved keywords of
// features not implemented yet, and nesting deep enough to exhaust the stack
// of the recursive-descent parser or of the passes after it.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_FRONTEND_TOKENCHECK_H
#define DECC_LIB_FRONTEND_TOKENCHECK_H

#include "decc/Frontend/Diagnostics.h"
#include "decc/Frontend/Frontend.h"

#include <vector>

namespace antlr4 {
class Token;
}

namespace decc::fe {

/// Reports the first problem found; returns false if there was one.
bool checkTokens(const std::vector<antlr4::Token *> &tokens, const FrontendLimits &limits,
                 DiagnosticEngine &diags);

/// Location of a token (ANTLR columns are 0-based).
ast::SourceLoc tokenLoc(const antlr4::Token *t);

} // namespace decc::fe

#endif
