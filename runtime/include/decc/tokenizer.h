/*
 * decc/tokenizer.h - exact Hugging Face tokenizers (tokenizer.json) for the
 * runtime: encode, decode, and the token -> bytes table the grammar engine
 * needs.
 *
 * Supported: BPE models, byte-level (GPT-2/Llama-3/Qwen style) and
 * SentencePiece-style with byte fallback (Llama-2/Gemma style), with the
 * normalizers, pre-tokenizers, post-processors and decoders those families
 * use. Everything else in a tokenizer.json is refused at load time with an
 * error naming the file and the JSON field: a tokenizer that loads encodes
 * exactly as Hugging Face `tokenizers` does (docs/tokenizers.md).
 *
 * Thread safety: a loaded Tokenizer is immutable except for an internal,
 * mutex-protected word cache; every const method may be called concurrently.
 */
#ifndef DECC_TOKENIZER_H
#define DECC_TOKENIZER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decc {

namespace gguf {
class File;
} // namespace gguf

namespace tok {
struct TokenizerImpl;
} // namespace tok

class Tokenizer {
public:
  /// Loads a tokenizer.json file. On failure returns null and, when `error`
  /// is non-null, stores "<path>: error: <field>: <message>".
  static std::unique_ptr<Tokenizer> fromFile(const std::string &path,
                                             std::string *error);
  /// Same, from the JSON text; `name` stands for the file in messages.
  static std::unique_ptr<Tokenizer> fromJson(std::string_view json,
                                             const std::string &name,
                                             std::string *error);
  /// Builds the tokenizer a GGUF file embeds in its tokenizer.ggml.* metadata:
  /// model "gpt2" (byte-level BPE: tokens, merges, token_type, pre) or
  /// "llama" (SentencePiece-style BPE with <0xXX> byte fallback: tokens,
  /// token_type, and merges, else scores to rank merges), with the file's
  /// BOS/EOS ids and add_bos/add_eos flags (docs/tokenizers.md). On failure
  /// returns null and stores "<file>: error: <key>: <message>".
  static std::unique_ptr<Tokenizer> fromGguf(const gguf::File &file,
                                             std::string *error);
  /// Same, opening the GGUF file at `path` (no tensors are read).
  static std::unique_ptr<Tokenizer> fromGgufFile(const std::string &path,
                                                 std::string *error);
  ~Tokenizer();
  Tokenizer(const Tokenizer &) = delete;
  Tokenizer &operator=(const Tokenizer &) = delete;

  /// Token ids for `text`. Added tokens (special or not) in the text are
  /// recognised as Hugging Face does unless `parseSpecial` is false, in which
  /// case tokens marked special are tokenized as plain text (HF's
  /// `encode_special_tokens`). `addSpecial` applies the post-processor (BOS
  /// for Llama-2/Gemma; nothing for Llama-3/Qwen3 files whose post-processor
  /// is ByteLevel). Invalid UTF-8 in `text` is replaced by U+FFFD first.
  std::vector<int32_t> encode(std::string_view text, bool addSpecial,
                              bool parseSpecial = true) const;

  /// Raw bytes of the tokens, concatenated, after the decoder's whole-text
  /// steps (Llama-2 strips one leading space). Never replaces anything: a
  /// token that is half of a UTF-8 character contributes its bytes, so a
  /// sequence completed by later tokens comes out right. Unknown ids
  /// contribute nothing. `skipSpecial` drops tokens marked special.
  std::string decode(const int32_t *ids, size_t count, bool skipSpecial) const;
  std::string decode(const std::vector<int32_t> &ids, bool skipSpecial) const {
    return decode(ids.data(), ids.size(), skipSpecial);
  }
  /// Exactly Hugging Face's `decode`: invalid UTF-8 becomes U+FFFD with the
  /// decoder's rule (byte-level: one per maximal invalid subpart; byte
  /// fallback: one per byte of an invalid run of <0xXX> tokens).
  std::string decodeLossy(const int32_t *ids, size_t count,
                          bool skipSpecial) const;
  std::string decodeLossy(const std::vector<int32_t> &ids,
                          bool skipSpecial) const {
    return decodeLossy(ids.data(), ids.size(), skipSpecial);
  }

  /// The exact bytes token `id` stands for: byte-level tokens mapped back to
  /// bytes, "<0xXX>" byte-fallback tokens -> that single byte, "▁" -> space
  /// in SentencePiece-style vocabularies, added/special tokens -> their text.
  /// Empty for ids that name no token. O(1).
  const std::string &tokenBytes(int32_t id) const;
  /// The token's string as written in tokenizer.json ("Ġhello", "<0x0A>").
  const std::string &tokenPiece(int32_t id) const;
  /// Id of the token whose tokenizer.json string is `piece`, or -1.
  int32_t tokenId(std::string_view piece) const;
  bool isSpecial(int32_t id) const;
  /// True for the 256 (or fewer) "<0xXX>" byte-fallback tokens.
  bool isByteFallback(int32_t id) const;
  /// One past the largest id (model vocabulary and added tokens).
  int32_t vocabSize() const;
  /// BOS: the special token the post-processor puts first, else the first
  /// added token among <|begin_of_text|>, <s>, <bos>. EOS: the first added
  /// token among <|end_of_text|>, <|im_end|>, <end_of_turn>, </s>, <eos>,
  /// <|endoftext|> (what the four families' tokenizer_config.json name).
  std::optional<int32_t> bosId() const;
  std::optional<int32_t> eosId() const;

private:
  explicit Tokenizer(std::unique_ptr<tok::TokenizerImpl> impl);
  std::unique_ptr<tok::TokenizerImpl> impl_;
};

} // namespace decc

#endif // DECC_TOKENIZER_H
