// Input: GBNF text, optionally followed by a NUL byte and a document. A
// grammar that compiles drives a matcher over the document byte by byte,
// with masks over a small vocabulary, rollback and forced bytes; every mask
// is checked against trying each token on a clone.
#include "FuzzInput.h"
#include "decc/Grammar/Gbnf.h"
#include "decc/grammar.h"

#include <cstdlib>
#include <cstring>
#include <string>

using namespace decc::grammar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto [source, doc] = splitFuzzInput(data, size);

  Limits limits;
  limits.maxStates = 100000; // keeps each run well under the fuzzer's timeout
  std::vector<Diagnostic> diags;
  auto g = compileGbnf(source, diags, limits);
  if (!g) {
    if (diags.empty())
      std::abort(); // a failure must say why
    return 0;
  }
  auto vocab = asciiVocabulary({"ab", "\"}", "{\"", "12", "\xC3\xA9", "\xE6\x97\xA5"});
  const size_t vocabSize = vocab->size();
  Matcher m(g, vocab);
  std::vector<uint32_t> mask((vocabSize + 31) / 32), expect(mask.size());
  m.forcedBytes();
  for (size_t i = 0; i < doc.size(); ++i) {
    m.fillMask(mask.data(), vocabSize);
    std::fill(expect.begin(), expect.end(), 0);
    for (size_t id = 0; id < vocabSize; ++id)
      if (Matcher(m).acceptToken(static_cast<int32_t>(id)))
        expect[id >> 5] |= 1u << (id & 31);
    if (mask != expect)
      std::abort();
    if (!m.acceptBytes(doc.substr(i, 1)))
      break;
  }
  if (m.numAccepted() > 2 && !m.rollback(2))
    std::abort();
  m.isComplete();
  return 0;
}
