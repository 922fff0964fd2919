// Pre-tokenization: splitting normalized text into words before the model
// sees them, as Hugging Face's Split, ByteLevel and Metaspace pre-tokenizers
// do. The regexes of the supported families are matched by hand-written
// matchers that reproduce Oniguruma's leftmost-first backtracking result
// for exactly those patterns; any other pattern is refused at load time.
#ifndef DECC_TOKENIZER_SPLITTING_H
#define DECC_TOKENIZER_SPLITTING_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decc::tok {

/// A piece of text travelling through normalization and pre-tokenization.
/// `atStart` says whether it begins at offset 0 of the input (Metaspace's
/// "first" prepend scheme needs it).
struct Piece {
  std::string text;
  bool atStart;
};

/// A span of a piece, and whether the split pattern matched it.
struct Range {
  uint32_t begin, end;
  bool match;
};

enum class SplitBehavior {
  Removed,
  Isolated,
  MergedWithPrevious,
  MergedWithNext,
  Contiguous
};
std::optional<SplitBehavior> parseSplitBehavior(std::string_view name);

/// The pre-tokenizer regexes of GPT-2 (also ByteLevel's use_regex) and of
/// Llama-3/Qwen2/Qwen3 (which differ only in how many digits group).
class RegexSplitter {
public:
  static std::optional<RegexSplitter> recognize(std::string_view pattern);
  static RegexSplitter gpt2();
  /// Spans covering all of `text` (matches and the gaps between them).
  void find(std::string_view text, std::vector<Range> &out) const;

private:
  enum class Family { Gpt2, Llama3 };
  RegexSplitter(Family f, int maxDigits) : family_(f), maxDigits_(maxDigits) {}
  Family family_;
  int maxDigits_; // Llama-3 family: \p{N}{1,maxDigits_}; 0 = unbounded
};

/// Spans of `text` around each non-overlapping occurrence of `literal`.
void findLiteral(std::string_view text, std::string_view literal,
                 std::vector<Range> &out);

/// HF NormalizedString::split: applies `behavior` (and `invert`) to the
/// spans, leaving in `ranges` the non-empty pieces to keep, in order.
void applySplitBehavior(std::vector<Range> &ranges, SplitBehavior behavior,
                        bool invert);

/// GPT-2's reversible byte <-> printable code point mapping.
const char32_t *byteToUnicode();  // 256 entries
int unicodeToByte(char32_t cp);   // -1 when cp is not in the image
/// Replaces each byte by the UTF-8 of its mapped code point.
std::string byteLevelEncode(std::string_view bytes);

} // namespace decc::tok

#endif
