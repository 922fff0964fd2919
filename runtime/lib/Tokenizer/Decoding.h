// The decoder of a tokenizer.json, reduced to what it does to the bytes:
// a per-token transformation (computed once into the token -> bytes table),
// whole-text strips applied after Fuse, and the rule for replacing invalid
// UTF-8 that Hugging Face's decode() follows.
#ifndef DECC_TOKENIZER_DECODING_H
#define DECC_TOKENIZER_DECODING_H

#include <cstdint>
#include <string>
#include <vector>

namespace decc::tok {

struct DecoderSpec {
  /// Per-token steps, in chain order, before any Fuse.
  struct TokenStep {
    enum class Kind { Replace, Metaspace, ByteFallback, ByteLevel } kind =
        Kind::Replace;
    std::string from, to;    // Replace; Metaspace: from = replacement
    bool stripFirst = false; // Metaspace: first token loses its replacements
  };
  std::vector<TokenStep> tokenSteps;
  /// Strip steps after Fuse, applied to the whole decoded text.
  struct Strip {
    std::string content; // UTF-8 of one character
    size_t start, stop;
  };
  std::vector<Strip> textStrips;

  enum class Lossy {
    None,        // every token is valid UTF-8 text
    WholeText,   // ByteLevel: from_utf8_lossy over the whole output
    ByteRuns     // ByteFallback: one U+FFFD per byte of an invalid run
  } lossy = Lossy::None;
  /// A Metaspace step decodes the first token differently.
  bool firstTokenDiffers = false;
};

/// Bytes of one token under the per-token steps. `first` selects the
/// Metaspace rule for the first token. `isByte` reports a <0xXX> token
/// turned into its byte by ByteFallback.
std::string tokenBytesOf(const DecoderSpec &d, const std::string &piece,
                         bool first, bool *isByte);

/// Applies the whole-text strips.
void applyTextStrips(const DecoderSpec &d, std::string &text);

} // namespace decc::tok

#endif
