// The tokenizer.json loader's entry point on a parsed document, shared by the
// file loader (Loader.cpp) and the GGUF loader (GgufLoader.cpp), which
// describes the GGUF metadata as the equivalent tokenizer.json document so that
// both paths build, check and encode the same way.
#ifndef DECC_TOKENIZER_JSONLOADER_H
#define DECC_TOKENIZER_JSONLOADER_H

#include "TokenizerImpl.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace decc::tok {

/// "<field path>: <message>"; the caller puts the file name in front.
struct LoadError : std::runtime_error {
  LoadError(const std::string &path, const std::string &msg)
      : std::runtime_error(path + ": " + msg) {}
};

/// Builds a tokenizer from a tokenizer.json document. Throws LoadError.
std::unique_ptr<TokenizerImpl> loadDom(const nlohmann::json &root);

} // namespace decc::tok

#endif
