//===- FuzzInput.h - One fuzzer input as a grammar and a document ----------===//
//
// The grammar fuzzers read "SOURCE\0DOCUMENT": the grammar (or pattern)
// before the first NUL byte, and at most 256 bytes of a document after it to
// drive a matcher with, over a small vocabulary.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_FUZZ_FUZZINPUT_H
#define DECC_TEST_FUZZ_FUZZINPUT_H

#include "decc/grammar.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

struct FuzzInput {
  std::string source;
  std::string doc;
};

inline FuzzInput splitFuzzInput(const uint8_t *data, size_t size) {
  std::string input(reinterpret_cast<const char *>(data), size);
  size_t nul = input.find('\0');
  return {input.substr(0, nul), nul == std::string::npos ? "" : input.substr(nul + 1, 256)};
}

/// The matcher fuzzers' vocabulary: every ASCII byte as a token, then
/// `extras` (multi-byte tokens), then a special "<eos>" token, the EOS.
inline std::shared_ptr<const decc::grammar::Vocabulary>
asciiVocabulary(std::initializer_list<const char *> extras) {
  std::vector<std::string> tokens;
  for (int c = 0; c < 128; ++c)
    tokens.push_back(std::string(1, static_cast<char>(c)));
  for (const char *s : extras)
    tokens.push_back(s);
  tokens.push_back("<eos>");
  std::vector<bool> special(tokens.size(), false);
  special.back() = true;
  return std::make_shared<decc::grammar::Vocabulary>(
      tokens, special, std::vector<int32_t>{static_cast<int32_t>(tokens.size() - 1)});
}

#endif
