// The BPE model: splits a word into characters (falling back to <0xXX>
// byte tokens or <unk>), then applies merges lowest rank first with a
// priority queue, exactly as Hugging Face's `tokenizers` (models/bpe).
#ifndef DECC_TOKENIZER_BPE_H
#define DECC_TOKENIZER_BPE_H

#include "HashMaps.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace decc::tok {

struct BpeModel {
  StringIdMap vocab; // piece -> id
  PairMap merges;    // (left id, right id) -> (rank, merged id)
  int32_t unkId = -1;
  bool fuseUnk = false;
  bool byteFallback = false;
  bool ignoreMerges = false;
  std::array<int32_t, 256> byteTokens; // id of "<0xXX>", -1 when absent

  BpeModel() { byteTokens.fill(-1); }
  /// Appends the ids of `word` to `out`.
  void encodeWord(std::string_view word, std::vector<int32_t> &out) const;

private:
  void mergeWord(std::string_view word, std::vector<int32_t> &out) const;
  // Words repeat a lot in text; their merges do not change.
  mutable std::mutex cacheMutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

} // namespace decc::tok

#endif
