//===- Escapes.cpp --------------------------------------------------------===//

#include "Escapes.h"

#include "Utf8Decode.h"

#include "decc/grammar.h"

namespace decc {
namespace grammar {

std::optional<std::string> decodeEscape(std::string_view text, size_t &i,
                                        const EscapeSyntax &syntax, uint32_t &cp) {
  if (i + 1 >= text.size())
    return std::string("incomplete escape sequence");
  char e = text[i + 1];
  size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
  if (digits == 0) {
    auto it = syntax.single.find(e);
    if (it == syntax.single.end()) {
      uint32_t shown = 0;
      size_t len = decodeUtf8(text, i + 1, shown);
      std::string s;
      if (len)
        appendUtf8(s, shown);
      else
        s = std::string(1, e);
      return "unknown escape sequence '\\" + s + "' (known: " + syntax.known + ")";
    }
    cp = it->second;
    i += 2;
    return std::nullopt;
  }
  size_t at = i + 2;
  uint64_t v = 0;
  for (size_t k = 0; k < digits; ++k, ++at) {
    char c = at < text.size() ? text[at] : '\0';
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0)
      return "escape '\\" + std::string(1, e) + "' needs " + std::to_string(digits) +
             " hexadecimal digits";
    v = v * 16 + static_cast<uint64_t>(d);
  }
  if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return std::string("escape denotes no Unicode scalar value (surrogate or above U+10FFFF)");
  cp = static_cast<uint32_t>(v);
  i = at;
  return std::nullopt;
}

} // namespace grammar
} // namespace decc
