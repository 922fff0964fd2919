//===- Escapes.h - Backslash escapes of grammar string literals -*- C++ -*-===//
//
// GBNF and EBNF literals share the hexadecimal escapes (\xHH \uHHHH
// \UHHHHHHHH, naming code points) and differ in their one-letter escapes.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_GRAMMAR_ESCAPES_H
#define DECC_LIB_GRAMMAR_ESCAPES_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace decc {
namespace grammar {

struct EscapeSyntax {
  /// `\n` -> U+000A, ...
  std::map<char, uint32_t> single;
  /// Listed in the "unknown escape" message.
  std::string known;
};

/// Decodes the escape whose backslash is text[i]: sets `cp` and moves `i`
/// past it, or returns the error message (the caller locates it at the
/// backslash).
std::optional<std::string> decodeEscape(std::string_view text, size_t &i,
                                        const EscapeSyntax &syntax, uint32_t &cp);

} // namespace grammar
} // namespace decc

#endif
