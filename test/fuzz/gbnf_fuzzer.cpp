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
  std::vector<std::string> tokens;
  for (int c = 0; c < 128; ++c)
    tokens.push_back(std::string(1, static_cast<char>(c)));
  for (const char *s : {"ab", "\"}", "{\"", "12", "\xC3\xA9", "\xE6\x97\xA5"})
    tokens.push_back(s);
  tokens.push_back("<eos>");
  std::vector<bool> special(tokens.size(), false);
  special.back() = true;
  auto vocab = std::make_shared<Vocabulary>(
      tokens, special, std::vector<int32_t>{static_cast<int32_t>(tokens.size() - 1)});
  Matcher m(g, vocab);
  std::vector<uint32_t> mask((tokens.size() + 31) / 32), expect(mask.size());
  m.forcedBytes();
  for (size_t i = 0; i < doc.size(); ++i) {
    m.fillMask(mask.data(), tokens.size());
    std::fill(expect.begin(), expect.end(), 0);
    for (size_t id = 0; id < tokens.size(); ++id)
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
