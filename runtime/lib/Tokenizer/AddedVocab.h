// Added tokens (special or not) are cut out of the text before
// normalization and pre-tokenization, leftmost-longest, honouring their
// lstrip/rstrip/single_word flags, as Hugging Face's AddedVocabulary does.
#ifndef DECC_TOKENIZER_ADDEDVOCAB_H
#define DECC_TOKENIZER_ADDEDVOCAB_H

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decc::tok {

struct AddedToken {
  std::string content;
  int32_t id;
  bool special, lstrip, rstrip, singleWord, normalized;
};

/// A span of text: an added token (id >= 0) or plain text (id == -1).
struct Segment {
  uint32_t begin, end;
  int32_t id;
};

/// Byte trie over the patterns of one matching set (HF keeps one for
/// non-normalized tokens, matched on raw text, and one for normalized
/// tokens, matched on normalized text).
class AddedTokenMatcher {
public:
  AddedTokenMatcher();
  /// `pattern` is what is searched for; `token` indexes the token list.
  void add(std::string_view pattern, uint32_t token);
  bool empty() const { return nodes_.size() == 1; }
  /// Splits `text` into segments. Special tokens are left as text when
  /// `parseSpecial` is false (their match still consumes the span, as HF's
  /// aho-corasick iteration does).
  void split(std::string_view text, const std::vector<AddedToken> &tokens,
             bool parseSpecial, std::vector<Segment> &out) const;

private:
  struct Node {
    std::vector<std::pair<uint8_t, uint32_t>> children;
    int32_t token = -1;
  };
  uint32_t child(uint32_t node, uint8_t b) const;
  std::vector<Node> nodes_;
  std::array<uint32_t, 256> rootChildren_;
};

} // namespace decc::tok

#endif
