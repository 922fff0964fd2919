//===- TokenizersDir.h - Where tests find the real tokenizers ---*- C++ -*-===//
//
// The Llama-3, Qwen3, Gemma3 and Llama-2 tokenizer.json files belong to their
// model families and are not committed: tests look in $DECC_TOKENIZERS_DIR,
// else in the folder CMake found at configure time, and skip when absent.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_SUPPORT_TOKENIZERSDIR_H
#define DECC_TEST_SUPPORT_TOKENIZERSDIR_H

#include <cstdlib>
#include <string>

namespace decc::test {

inline std::string tokenizerJsonPath(const std::string &family) {
  const char *env = std::getenv("DECC_TOKENIZERS_DIR");
  std::string dir = env ? env : DECC_TOKENIZERS_DIR_DEFAULT;
  return dir + "/" + family + "/tokenizer.json";
}

} // namespace decc::test

#endif
