// Fuzzes the tokenizer.json loader; whatever loads is also exercised
// (encode, decode, the token tables) so that accepted input is safe to use.
#include "decc/tokenizer.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view json(reinterpret_cast<const char *>(data), size);
  std::string error;
  auto tok = decc::Tokenizer::fromJson(json, "fuzz.json", &error);
  if (!tok) {
    if (error.empty())
      __builtin_trap(); // a refusal must say why
    return 0;
  }
  // The input doubles as text to encode: it is full of the vocabulary.
  std::vector<int32_t> ids = tok->encode(json.substr(0, 512), true);
  ids.push_back(-1);
  ids.push_back(tok->vocabSize());
  ids.push_back(0);
  (void)tok->decode(ids, false);
  (void)tok->decodeLossy(ids, true);
  for (int32_t id = 0; id < tok->vocabSize() && id < 4096; ++id) {
    (void)tok->tokenBytes(id);
    (void)tok->tokenId(tok->tokenPiece(id));
  }
  return 0;
}
