//===- TokenizerSource.h - which tokenizer decrun uses, and its commands --===//
#ifndef DECC_DECRUN_TOKENIZERSOURCE_H
#define DECC_DECRUN_TOKENIZERSOURCE_H

#include "Options.h"
#include "decc/tokenizer.h"

#include <memory>
#include <ostream>
#include <string>

namespace decc {
namespace gguf {
class File;
} // namespace gguf

namespace decrun {

// A tokenizer.json, or a GGUF file's embedded tokenizer (told apart by the
// GGUF magic). Null with a message naming the file on failure.
std::unique_ptr<Tokenizer> loadTokenizerFile(const std::string &path,
                                             std::string &error);

// --tokenizer when given, else the tokenizer embedded in `model` (the model's
// GGUF file).
std::unique_ptr<Tokenizer> loadTokenizer(const Options &o,
                                         const gguf::File &model,
                                         std::string &error);

// --encode / --decode: ids or text on `out`. Returns the exit code.
int runTokenizerCommand(const Options &o, std::ostream &out, std::ostream &err);

} // namespace decrun
} // namespace decc

#endif
