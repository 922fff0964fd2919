// The text stages around the model, as loaded from tokenizer.json:
// normalizers and pre-tokenizers (applied in order to the pieces of text
// between added tokens).
#ifndef DECC_TOKENIZER_PIPELINE_H
#define DECC_TOKENIZER_PIPELINE_H

#include "Splitting.h"
#include "Unicode.h"

#include <string>
#include <string_view>
#include <vector>

namespace decc::tok {

/// One normalizer; a "Sequence" is flattened into a list of these.
struct NormalizerStep {
  enum class Kind { Normalize, Replace, Prepend } kind = Kind::Normalize;
  NormalForm form = NormalForm::NFC; // Normalize
  std::string pattern;               // Replace: literal to find
  std::string content;               // Replace: replacement; Prepend: prefix
};

/// HF normalizers work on each piece separately; Prepend adds its prefix to
/// every non-empty piece.
std::string applyNormalizers(const std::vector<NormalizerStep> &steps,
                             std::string text);

/// One pre-tokenizer; a "Sequence" is flattened into a list of these.
struct PreTokenizerStep {
  enum class Kind { SplitRegex, SplitLiteral, ByteLevel, Metaspace } kind =
      Kind::ByteLevel;
  // Split
  std::optional<RegexSplitter> regex;
  std::string literal;
  SplitBehavior behavior = SplitBehavior::Isolated;
  bool invert = false;
  // ByteLevel
  bool addPrefixSpace = false;
  bool useRegex = false;
  // Metaspace
  std::string replacement; // UTF-8 of the replacement character
  enum class Prepend { Always, First, Never } prepend = Prepend::Always;
  bool split = true;
};

/// Receives each word the pre-tokenizers produce, in order.
class WordSink {
public:
  virtual ~WordSink() = default;
  virtual void word(std::string_view w) = 0;
};

/// Runs the steps over `piece` depth-first, handing each resulting word to
/// `sink` as soon as it exists (no list of all words of a long text).
void forEachWord(const std::vector<PreTokenizerStep> &steps, Piece piece,
                 WordSink &sink);

} // namespace decc::tok

#endif
