//===- Utf8Stream.cpp -----------------------------------------------------===//
#include "Utf8Stream.h"

#include <cstdint>

namespace decc::decrun {

namespace {
// Length of the character a lead byte starts, or 0 for a byte that cannot
// start one (a continuation byte or 0xC0/0xC1/0xF5..0xFF).
size_t sequenceLength(uint8_t b) {
  if (b < 0x80)
    return 1;
  if (b >= 0xC2 && b <= 0xDF)
    return 2;
  if (b >= 0xE0 && b <= 0xEF)
    return 3;
  if (b >= 0xF0 && b <= 0xF4)
    return 4;
  return 0;
}

bool isContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// Whether s[i..] starts a well-formed character of `len` bytes (the second
// byte ranges exclude overlong forms, surrogates and code points past
// U+10FFFF, as the Unicode standard's table 3-7).
bool wellFormed(std::string_view s, size_t i, size_t len) {
  if (i + len > s.size())
    return false;
  uint8_t b0 = uint8_t(s[i]);
  for (size_t k = 1; k < len; ++k)
    if (!isContinuation(uint8_t(s[i + k])))
      return false;
  if (len < 3)
    return true;
  uint8_t b1 = uint8_t(s[i + 1]);
  if (b0 == 0xE0)
    return b1 >= 0xA0;
  if (b0 == 0xED)
    return b1 <= 0x9F;
  if (b0 == 0xF0)
    return b1 >= 0x90;
  if (b0 == 0xF4)
    return b1 <= 0x8F;
  return true;
}
} // namespace

std::string Utf8Stream::push(std::string_view bytes) {
  pending_.append(bytes);
  // Hold back a final lead byte whose character is not complete yet: look
  // at most three bytes back for it.
  size_t cut = pending_.size();
  for (size_t back = 1; back <= 3 && back <= pending_.size(); ++back) {
    uint8_t b = uint8_t(pending_[pending_.size() - back]);
    if (isContinuation(b))
      continue;
    size_t len = sequenceLength(b);
    if (len > back)
      cut = pending_.size() - back;
    break;
  }
  std::string ready = pending_.substr(0, cut);
  pending_.erase(0, cut);
  return ready;
}

std::string Utf8Stream::finish() {
  std::string rest;
  rest.swap(pending_);
  return rest;
}

std::string validUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = sequenceLength(uint8_t(s[i]));
    if (len && wellFormed(s, i, len)) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    out += "\xEF\xBF\xBD"; // one per byte that starts no valid character
    i += 1;
  }
  return out;
}

} // namespace decc::decrun
