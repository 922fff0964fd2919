//===- JsonStrings.h - JSON string spellings as grammars --------*- C++ -*-===//
//
// A JSON string spells each code point raw (except `"`, `\` and controls), as
// a short escape (\" \\ \/ \b \f \n \r \t), as \uXXXX (hex in either case), or
// for code points above U+FFFF as a surrogate pair. Decoding is a function, so
// replacing each code-point set of a code-point language by the grammar of
// all its spellings gives exactly the strings that decode into the language.
// Fixed strings (property names, const, enum) are matched in their canonical
// spelling only (see docs/json-schema.md).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_JSONSTRINGS_H
#define DECC_JSONSCHEMA_JSONSTRINGS_H

#include "Gbnf.h"

#include <map>
#include <string>
#include <vector>

namespace decc::jsonschema {

class StringSpeller {
public:
  explicit StringSpeller(gbnf::Grammar &g) : g_(g) {}
  /// One code point of `set`, any spelling; a named rule per distinct set.
  gbnf::ExprP codePoint(const CodePointSet &set);
  /// A whole JSON string (quotes included) whose decoded value is not one of
  /// `names` (UTF-8).
  gbnf::ExprP stringNotIn(const std::vector<std::string> &names);

private:
  gbnf::ExprP spell(const CodePointSet &set);
  gbnf::Grammar &g_;
  std::map<std::string, std::string> rules_;
};

/// The canonical JSON spelling (quotes included) of a UTF-8 string: escapes
/// only for `"`, `\` and controls (short forms where JSON has them, else
/// \u00xx lowercase).
std::string canonicalJsonString(const std::string &utf8);

/// Decodes UTF-8 into code points; invalid bytes decode as U+FFFD.
std::vector<uint32_t> decodeUtf8(const std::string &s);

} // namespace decc::jsonschema

#endif
