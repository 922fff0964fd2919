//===- Regex.h - ECMAScript regular expressions (a subset) -> GBNF -*- C++ -*-===//
//
// Supported: literals, `.`, classes `[...]` / `[^...]` with ranges and
// escapes, \d \D \w \W \s \S, \t \n \r \v \f \0 \xHH \uHHHH \u{H..} \cX,
// identity escapes of syntax characters, groups `(...)`, `(?:...)`,
// `(?<name>...)`, alternation, quantifiers * + ? {m} {m,} {m,n} (lazy forms
// too: same language), and `^` / `$` at the start / end of a top-level
// alternative. Matching is over code points (the `u` flag), as JSON Schema
// recommends. A pattern is unanchored: an alternative without `^` gets any
// prefix, one without `$` any suffix. Everything else (backreferences,
// lookaround, \b, \p{..}, anchors elsewhere) is an error.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_REGEX_H
#define DECC_JSONSCHEMA_REGEX_H

#include "Gbnf.h"

#include <functional>
#include <optional>
#include <string>

namespace decc::jsonschema {

struct RegexResult {
  gbnf::ExprP expr;   ///< set on success: the string content (no quotes)
  std::string error;  ///< otherwise: message naming the offset
};

/// `atom` turns a code-point set into the grammar of its spellings.
RegexResult regexToGbnf(const std::string &pattern,
                        const std::function<gbnf::ExprP(const CodePointSet &)> &atom,
                        uint64_t maxRepetition);

/// ECMAScript's \s.
CodePointSet regexWhitespace();

} // namespace decc::jsonschema

#endif
