// Input: a serialised grammar table (as decrun reads it from a compiled
// module). A table that loads must write back to the same bytes (the format
// has one encoding per grammar) and must drive a matcher safely: masks over a
// small vocabulary, greedy steps through the first allowed token, rollback.
#include "FuzzInput.h"
#include "decc/grammar.h"

#include <cstdlib>
#include <cstring>
#include <string>

using namespace decc::grammar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string error;
  auto g = deserialize(data, size, &error);
  if (!g) {
    if (error.empty())
      std::abort(); // a refusal must say why
    return 0;
  }
  std::vector<uint8_t> again = serialize(*g);
  if (again.size() != size || std::memcmp(again.data(), data, size) != 0)
    std::abort();

  auto vocab = asciiVocabulary({"ab", "\"}", "{\"", "\xC3\xA9"});
  const size_t vocabSize = vocab->size();
  Matcher m(g, vocab);
  const size_t padded = (vocabSize + 31) / 32 * 32;
  std::vector<uint32_t> mask(padded / 32);
  for (int step = 0; step < 16; ++step) {
    m.fillMask(mask.data(), padded);
    int32_t pick = -1;
    for (size_t t = 0; t < vocabSize && pick < 0; ++t)
      if (mask[t / 32] >> (t % 32) & 1)
        pick = static_cast<int32_t>(t);
    if (pick < 0)
      break;
    if (!m.acceptToken(pick))
      std::abort(); // the mask allowed it
    (void)m.forcedBytes();
  }
  m.rollback(m.numAccepted() / 2);
  (void)m.isComplete();
  return 0;
}
