#include "Unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>

namespace decc::tok {

size_t utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) -> unsigned { return (unsigned char)s[k]; };
  unsigned b0 = byte(i);
  size_t n = s.size() - i;
  if (b0 < 0x80)
    return 1;
  // Ranges of the second byte follow Unicode Table 3-7 (no overlongs, no
  // surrogates, nothing above U+10FFFF).
  unsigned lo = 0x80, hi = 0xBF;
  size_t len;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0)
      lo = 0xA0;
    if (b0 == 0xED)
      hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0)
      lo = 0x90;
    if (b0 == 0xF4)
      hi = 0x8F;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi)
    return 0;
  for (size_t k = 2; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
  return len;
}

bool isValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8SequenceLength(s, i);
    if (!len)
      return false;
    i += len;
  }
  return true;
}

std::vector<CodePoint> decodeUtf8(std::string_view s) {
  std::vector<CodePoint> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned b0 = (unsigned char)s[i];
    size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    if (i + len > s.size())
      len = s.size() - i;
    char32_t cp = len == 1 ? b0 : b0 & (0x7F >> len);
    for (size_t k = 1; k < len; ++k)
      cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
    out.push_back({cp, (uint32_t)i});
    i += len;
  }
  return out;
}

void appendUtf8(std::string &out, char32_t cp) {
  if (cp < 0x80) {
    out += (char)cp;
  } else if (cp < 0x800) {
    out += (char)(0xC0 | (cp >> 6));
    out += (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += (char)(0xE0 | (cp >> 12));
    out += (char)(0x80 | ((cp >> 6) & 0x3F));
    out += (char)(0x80 | (cp & 0x3F));
  } else {
    out += (char)(0xF0 | (cp >> 18));
    out += (char)(0x80 | ((cp >> 12) & 0x3F));
    out += (char)(0x80 | ((cp >> 6) & 0x3F));
    out += (char)(0x80 | (cp & 0x3F));
  }
}

// Length of the longest prefix of s[i..] that could still start a
// well-formed sequence: the "maximal subpart" replaced by one U+FFFD.
static size_t maximalSubpart(std::string_view s, size_t i) {
  unsigned b0 = (unsigned char)s[i];
  unsigned lo = 0x80, hi = 0xBF;
  size_t len;
  if (b0 >= 0xC2 && b0 <= 0xDF)
    len = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF)
    len = 3, lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
  else if (b0 >= 0xF0 && b0 <= 0xF4)
    len = 4, lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
  else
    return 1;
  size_t k = 1;
  for (; k < len && i + k < s.size(); ++k) {
    unsigned b = (unsigned char)s[i + k];
    if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
      break;
  }
  return k;
}

std::string utf8Lossy(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8SequenceLength(s, i);
    if (len) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      i += maximalSubpart(s, i);
    }
  }
  return out;
}

namespace {
constexpr uint8_t kLetter = kClassLetter, kNumber = kClassNumber,
                  kSpace = kClassSpace;

uint8_t classify(char32_t cp) {
  uint8_t f = 0;
  uint32_t mask = U_MASK(u_charType((UChar32)cp));
  if (mask & U_GC_L_MASK)
    f |= kLetter;
  if (mask & U_GC_N_MASK)
    f |= kNumber;
  if (u_hasBinaryProperty((UChar32)cp, UCHAR_WHITE_SPACE))
    f |= kSpace;
  return f;
}

// The Basic Multilingual Plane covers nearly all text; one table lookup there
// keeps the pre-tokenizer off ICU's slower property API.
const std::array<uint8_t, 0x10000> &bmpTable() {
  static const auto table = [] {
    auto t = std::make_unique<std::array<uint8_t, 0x10000>>();
    for (char32_t c = 0; c < 0x10000; ++c)
      (*t)[c] = classify(c);
    return t;
  }();
  return *table;
}

} // namespace

uint8_t charClasses(char32_t cp) {
  static const uint8_t *bmp = bmpTable().data();
  return cp < 0x10000 ? bmp[cp] : classify(cp);
}
static uint8_t flags(char32_t cp) { return charClasses(cp); }

bool isLetter(char32_t cp) { return flags(cp) & kLetter; }
bool isNumber(char32_t cp) { return flags(cp) & kNumber; }
bool isWhitespace(char32_t cp) { return flags(cp) & kSpace; }

std::string normalize(std::string_view s, NormalForm form) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2 *n = nullptr;
  switch (form) {
  case NormalForm::NFC:
    n = icu::Normalizer2::getNFCInstance(status);
    break;
  case NormalForm::NFD:
    n = icu::Normalizer2::getNFDInstance(status);
    break;
  case NormalForm::NFKC:
    n = icu::Normalizer2::getNFKCInstance(status);
    break;
  case NormalForm::NFKD:
    n = icu::Normalizer2::getNFKDInstance(status);
    break;
  }
  if (U_FAILURE(status))
    return std::string(s);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), (int32_t)s.size()));
  // Most text is already normalized; the quick check avoids a copy.
  if (n->isNormalized(in, status) && U_SUCCESS(status))
    return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString outU = n->normalize(in, status);
  if (U_FAILURE(status))
    return std::string(s);
  std::string out;
  outU.toUTF8String(out);
  return out;
}

} // namespace decc::tok
