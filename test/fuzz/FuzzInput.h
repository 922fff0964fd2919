//===- FuzzInput.h - One fuzzer input as a grammar and a document ----------===//
//
// The grammar fuzzers read "SOURCE\0DOCUMENT": the grammar (or pattern)
// before the first NUL byte, and at most 256 bytes of a document after it to
// drive a matcher with.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_FUZZ_FUZZINPUT_H
#define DECC_TEST_FUZZ_FUZZINPUT_H

#include <cstddef>
#include <cstdint>
#include <string>

struct FuzzInput {
  std::string source;
  std::string doc;
};

inline FuzzInput splitFuzzInput(const uint8_t *data, size_t size) {
  std::string input(reinterpret_cast<const char *>(data), size);
  size_t nul = input.find('\0');
  return {input.substr(0, nul), nul == std::string::npos ? "" : input.substr(nul + 1, 256)};
}

#endif
