//===- Builder.h - ANTLR parse tree -> ParsedStrategy ---------------------===//
//
// The only code that walks generated parser types. It runs only on a tree
// that parsed without syntax errors, and reports what the grammar cannot
// express: literal ranges, missing defaults, expression depth, operator count.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_FRONTEND_BUILDER_H
#define DECC_LIB_FRONTEND_BUILDER_H

#include "Parsed.h"

#include "decc/Frontend/Diagnostics.h"
#include "decc/Frontend/Frontend.h"

#include "DecParser.h"

#include <vector>

namespace decc::fe {

/// Appends one ParsedGrammar per `grammar` and one ParsedStrategy per
/// `strategy` declaration. Returns false if an error was reported (the output
/// is then incomplete).
bool buildProgram(decc_antlr::DecParser::ProgramContext *program,
                  const FrontendLimits &limits, DiagnosticEngine &diags, ParsedProgram &out);

} // namespace decc::fe

#endif
