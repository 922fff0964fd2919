// Shared helpers of the tokenizer tests and benchmark: where the real
// tokenizers are, and loading each once per process.
#ifndef DECC_TEST_TOKENIZER_TESTSUPPORT_H
#define DECC_TEST_TOKENIZER_TESTSUPPORT_H

#include "decc/tokenizer.h"

#include <cstdint>
#include <string>

namespace decc::test {

/// $DECC_TOKENIZERS_DIR, else the folder configured at build time.
std::string tokenizersDir();
/// <dir>/<name>/tokenizer.json
std::string tokenizerPath(const std::string &name);
/// The loaded tokenizer, or null when the file is absent (load errors abort).
const Tokenizer *sharedTokenizer(const std::string &name);
std::string readFile(const std::string &path);
/// The byte-level (GPT-2) vocabulary string of one byte, e.g. ' ' -> "Ġ".
std::string byteLevelPiece(uint8_t byte);

} // namespace decc::test

#endif
