// UTF-8 and Unicode character classes for the tokenizer: decoding to code
// points, the classes the pre-tokenizer regexes use (\p{L}, \p{N}, \s with
// Oniguruma's Unicode definitions), normalization forms, and the two
// replacement policies Hugging Face uses for invalid UTF-8.
#ifndef DECC_TOKENIZER_UNICODE_H
#define DECC_TOKENIZER_UNICODE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decc::tok {

/// One decoded code point and where it sits in the UTF-8 text.
struct CodePoint {
  char32_t cp;
  uint32_t offset; // byte offset of its first byte
};

/// Code points of valid UTF-8 `s` (callers sanitize first).
std::vector<CodePoint> decodeUtf8(std::string_view s);
void appendUtf8(std::string &out, char32_t cp);
/// Length of the well-formed UTF-8 sequence at s[i], or 0 if ill-formed.
size_t utf8SequenceLength(std::string_view s, size_t i);
bool isValidUtf8(std::string_view s);

/// Replaces each maximal ill-formed subpart by U+FFFD (Rust's
/// String::from_utf8_lossy, the policy of the byte-level decoder).
std::string utf8Lossy(std::string_view s);

/// Bit set of the classes below, for callers that test several.
enum : uint8_t { kClassLetter = 1, kClassNumber = 2, kClassSpace = 4 };
uint8_t charClasses(char32_t cp);
bool isLetter(char32_t cp);     // General_Category L
bool isNumber(char32_t cp);     // General_Category N
bool isWhitespace(char32_t cp); // White_Space (Oniguruma \s, Rust is_whitespace)

enum class NormalForm { NFC, NFD, NFKC, NFKD };
/// `s` must be valid UTF-8.
std::string normalize(std::string_view s, NormalForm form);

} // namespace decc::tok

#endif
