//===- Utf8Decode.cpp -----------------------------------------------------===//

#include "Utf8Decode.h"

#include <cstdio>
#include <string>

namespace decc {
namespace grammar {

size_t decodeUtf8(std::string_view s, size_t i, uint32_t &cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size())
    return 0;
  cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  static const uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < minimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

bool checkUtf8(std::string_view source, Loc origin, std::vector<Diagnostic> &diags) {
  Loc at = origin;
  for (size_t i = 0; i < source.size();) {
    uint32_t cp;
    size_t len = decodeUtf8(source, i, cp);
    if (len == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(source[i]));
      diags.push_back({at, std::string("invalid UTF-8 (byte ") + hex + ")"});
      return false;
    }
    if (cp == '\n')
      ++at.line, at.col = 1;
    else
      ++at.col;
    i += len;
  }
  return true;
}

} // namespace grammar
} // namespace decc
