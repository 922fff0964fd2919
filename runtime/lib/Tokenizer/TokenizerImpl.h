// Everything a loaded tokenizer holds; built by the loader (Loader.cpp),
// used by the public class (Tokenizer.cpp).
#ifndef DECC_TOKENIZER_TOKENIZERIMPL_H
#define DECC_TOKENIZER_TOKENIZERIMPL_H

#include "AddedVocab.h"
#include "Bpe.h"
#include "Decoding.h"
#include "Pipeline.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decc::tok {

struct TokenizerImpl {
  BpeModel model;
  std::vector<AddedToken> added;
  StringIdMap addedIds; // content -> id
  AddedTokenMatcher rawMatcher;        // normalized == false
  AddedTokenMatcher normalizedMatcher; // normalized == true
  std::vector<NormalizerStep> normalizers;
  std::vector<PreTokenizerStep> preTokenizers;
  std::vector<int32_t> prefixIds, suffixIds; // post-processor, single input
  DecoderSpec decoder;

  // Per id tables, sized vocabSize().
  std::vector<std::string> pieces; // as HF's id_to_token: added, else model
  std::vector<std::string> bytes;
  enum : uint8_t { kSpecial = 1, kByte = 2 };
  std::vector<uint8_t> flags;

  std::optional<int32_t> bos, eos;

  /// Fills pieces/bytes/flags/bos/eos once the parts are loaded.
  void buildTables();
  void encode(std::string_view text, bool addSpecial, bool parseSpecial,
              std::vector<int32_t> &out) const;
  std::string decode(const int32_t *ids, size_t n, bool skipSpecial,
                     bool lossy) const;
};

} // namespace decc::tok

#endif
