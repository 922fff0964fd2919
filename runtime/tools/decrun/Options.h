//===- Options.h - decrun's command line ----------------------------------===//
#ifndef DECC_DECRUN_OPTIONS_H
#define DECC_DECRUN_OPTIONS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace decc::decrun {

struct Options {
  std::string modulePath;
  std::string strategy; // empty: the module's first strategy
  int64_t vocab = 128256;
  uint64_t seed = 0;
  std::optional<int64_t> maxTokens;
  std::vector<std::string> params; // "name=value"
  int32_t threads = 0;             // 0: hardware concurrency
  int64_t batch = 1;
  std::optional<int32_t> eos; // default: the model's EOS (synthetic: none)
  // The model host: a GGUF model and the tokenizer for its text (a
  // tokenizer.json or GGUF file; default: the model's embedded one).
  std::string modelPath;
  std::string tokenizerPath;
  bool cuda = false; // --device cuda: the model's forward pass on the GPU
  std::optional<std::string> prompt;
  // Tokenizer commands (no strategy): --encode TEXT, --decode ID...
  std::optional<std::string> encode;
  std::optional<std::vector<int32_t>> decode;
  bool json = false;
  bool list = false;
  bool help = false;
};

// Parses argv[1..]; on error returns false with a message in `error`.
bool parseOptions(const std::vector<std::string> &args, Options &options,
                  std::string &error);

const char *usage();

} // namespace decc::decrun

#endif
