//===- Regex.h - ECMAScript-style regular expressions -> grammar IR -*- C++ -*-===//
//
// One regex front end for every place a regular expression names a language:
// `.regex` grammars and `regex "..."` declarations (a full match of the
// generated text), EBNF terminals (`/.../`), and JSON Schema `pattern`
// (unanchored). The result is an expression of the grammar IR over code
// points (`Expr::Class` ranges, UTF-8 `Expr::Literal`s); it references no
// rule, so callers can embed it anywhere.
//
// Syntax (docs/grammars.md, "Regular expressions"): literals, `.`, classes
// with ranges, negation and escapes, \d \D \w \W \s \S, \t \n \r \v \f \0
// \xHH \uHHHH (surrogate pairs joined) \u{H...} \cX, identity escapes of
// syntax characters, groups ( ) (?: ) (?<name> ), alternation, quantifiers
// * + ? {m} {m,} {m,n} and their lazy forms (the same language), `^` at the
// start and `$` at the end of a top-level alternative. Backreferences,
// lookaround, \b \B, \p{..}, octal escapes and anchors elsewhere are located
// errors. Matching is over code points (ECMAScript's `u` flag).
//
// The library (DeccRegex) needs only the grammar IR, not ANTLR: the JSON
// Schema translator links it without the GBNF/EBNF parsers.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMAR_REGEX_H
#define DECC_GRAMMAR_REGEX_H

#include "decc/grammar.h"

#include <optional>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {

struct RegexLimits {
  /// Longer patterns are refused before parsing.
  size_t maxSourceBytes = 1u << 20;
  /// Nested groups.
  uint32_t maxNesting = 256;
  /// Largest m or n in {m}, {m,}, {m,n} (grammar::Limits::maxRepeat).
  uint32_t maxRepeat = 2000;
};

enum class RegexMatch {
  /// The text is one match of the whole pattern (`.regex`, EBNF terminals).
  Full,
  /// The pattern matches somewhere in the text (JSON Schema `pattern`): a
  /// top-level alternative without `^` accepts any prefix, one without `$`
  /// any suffix.
  Search,
};

struct RegexOptions {
  RegexMatch match = RegexMatch::Full;
  /// Letters match both ASCII cases (EBNF's `/.../i` and `"..."i`). Only
  /// ASCII letters fold: a strictly smaller language than Python's
  /// Unicode-aware IGNORECASE (docs/grammars.md).
  bool ignoreCase = false;
  /// `.` also matches line terminators (EBNF's `/.../s`).
  bool dotAll = false;
  /// Location of the pattern's first character in the file it came from;
  /// diagnostics are at this line, at this column plus the code points
  /// before the error (a line break is an ordinary pattern character).
  Loc origin{1, 1};
  RegexLimits limits;
};

/// Parses `pattern` into an IR expression. On error returns nullopt and
/// appends located diagnostics (the first error only: a regex is one line and
/// later errors would mostly be consequences). Never throws.
std::optional<Expr> parseRegex(std::string_view pattern, std::vector<Diagnostic> &diags,
                               const RegexOptions &options = RegexOptions());

/// parseRegex, as a grammar of one rule, `root`.
std::optional<Grammar> parseRegexGrammar(std::string_view pattern,
                                         std::vector<Diagnostic> &diags,
                                         const RegexOptions &options = RegexOptions());

/// A `.regex` file: the pattern is the whole text without one trailing line
/// break; any other line break is an error. The grammar has one rule, `root`,
/// matching the pattern in full.
std::optional<Grammar> parseRegexFile(std::string_view source, std::vector<Diagnostic> &diags,
                                      const RegexLimits &limits = RegexLimits());

} // namespace grammar
} // namespace decc

#endif
