//===- Ebnf.h - EBNF in Lark's notation -> grammar IR ------------*- C++ -*-===//
//
// Rules (lower-case names) and terminals (upper-case names, regular: strings,
// `/regex/` through the regex front end, other terminals), `%ignore` and
// `%import common.X`, `%lexer`; the start rule is `start`. Terminals are
// compiled into the same byte-level IR as rules; by default (`%lexer
// contextual`) the terminals rules use are lexemes, which the matcher matches
// greedily among those the parser accepts, and with `%lexer dynamic_complete`
// the grammar accepts the union of all ways to split the text into terminals.
// `%ignore`d terminals may appear before the first terminal, between any two
// terminals of the parser rules, and after the last (docs/grammars.md,
// "EBNF", lists every difference from Lark's and llguidance's lexers).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMAR_EBNF_H
#define DECC_GRAMMAR_EBNF_H

#include "decc/grammar.h"

#include <optional>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {

struct EbnfLimits {
  /// Larger sources are refused before lexing.
  size_t maxSourceBytes = 16u << 20;
  /// Nested parentheses, brackets and braces (also bounds regex groups).
  uint32_t maxNesting = 256;
  /// Largest repetition count (`x~n`, regex `{m,n}`).
  uint32_t maxRepeat = 2000;
};

/// Parses an EBNF grammar into the IR (root = `start`, behind the leading
/// `%ignore` terminals when there are any). On error returns nullopt and
/// appends located diagnostics (the first syntax error only; every semantic
/// one). Never throws.
std::optional<Grammar> parseEbnf(std::string_view source, std::vector<Diagnostic> &diags,
                                 const EbnfLimits &limits = EbnfLimits());

} // namespace grammar
} // namespace decc

#endif
