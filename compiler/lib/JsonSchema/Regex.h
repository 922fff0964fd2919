//===- Regex.h - JSON Schema `pattern` -> GBNF expressions -------*- C++ -*-===//
//
// The pattern is parsed by the grammar compiler's regex front end
// (decc/Grammar/Regex.h) in its unanchored (search) mode, over code points
// as JSON Schema recommends; this adapter spells each code-point set of the
// result in every JSON string spelling (`atom`). The syntax and its errors
// are the front end's (docs/grammars.md, "Regular expressions").
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_REGEX_H
#define DECC_JSONSCHEMA_REGEX_H

#include "Gbnf.h"

#include <functional>
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

} // namespace decc::jsonschema

#endif
