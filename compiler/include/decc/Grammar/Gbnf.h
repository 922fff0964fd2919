//===- Gbnf.h - GBNF (llama.cpp's grammar format) -> grammar IR -*- C++ -*-===//
//
// The grammar compiler's front end for GBNF. It links ANTLR and is a
// separate library (DeccGrammarCompiler) from the runtime matcher
// (decrt_grammar), which a server links alone when its grammars were
// compiled ahead of time.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMAR_GBNF_H
#define DECC_GRAMMAR_GBNF_H

#include "decc/grammar.h"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {

struct GbnfLimits {
  /// Larger sources are refused before lexing.
  size_t maxSourceBytes = 16u << 20;
  /// Nested parentheses plus stacked quantifiers.
  uint32_t maxNesting = 256;
};

/// Parses GBNF text into the IR (root = the rule named `root`). On error
/// returns nullopt and appends located diagnostics (only the first syntax
/// error; every semantic one). Never throws.
std::optional<Grammar> parseGbnf(std::string_view source, std::vector<Diagnostic> &diags,
                                 const GbnfLimits &limits = GbnfLimits());

/// parseGbnf + compile.
std::shared_ptr<const CompiledGrammar> compileGbnf(std::string_view source,
                                                   std::vector<Diagnostic> &diags,
                                                   const Limits &limits = Limits());

/// Prints `FILE:LINE:COL: error: message`, the source line and a caret.
void printDiagnostics(const std::string &fileName, const std::string &source,
                      const std::vector<Diagnostic> &diags, std::ostream &os);

} // namespace grammar
} // namespace decc

#endif
