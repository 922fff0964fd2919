//===- ParseJson.h - Schema text to a document, numbers exact ---*- C++ -*-===//
#ifndef DECC_JSONSCHEMA_PARSEJSON_H
#define DECC_JSONSCHEMA_PARSEJSON_H

#include "Document.h"

#include <optional>
#include <string>
#include <string_view>

namespace decc::jsonschema {

struct ParsedJson {
  std::optional<Json> value;      ///< set on success
  std::string error;              ///< otherwise the reason ("invalid JSON: ...")
  std::optional<size_t> offset;   ///< byte offset of the error, when known
};

/// Calls `visit(i)` for each byte offset of JSON `text` that lies outside
/// strings (quotes and escapes skipped); `visit` returns the next offset to
/// look at: i + 1 to go on, past a token to skip it, text.size() to stop.
template <class Visit> void scanOutsideStrings(std::string_view text, Visit &&visit) {
  bool inString = false;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (inString) {
      i += c == '\\' ? 2 : 1;
      inString = c != '"';
    } else if (c == '"') {
      inString = true;
      ++i;
    } else {
      i = visit(i);
    }
  }
}

/// Parses JSON text; every number becomes a number node holding its source
/// spelling (Numbers.h), so no value passes through a double: 1e400 and
/// 1e-400 are kept as written. A number whose exponent would write out more
/// than Decimal::kMaxAddedZeros zeros (1e4001) is an error naming it.
ParsedJson parseJsonExact(std::string_view text);

} // namespace decc::jsonschema

#endif
