//===- TokenizerSource.cpp ------------------------------------------------===//
#include "TokenizerSource.h"
#include "Decrun.h"

#include "decc/gguf.h"

#include <cstring>
#include <fstream>

namespace decc::decrun {

namespace {
bool hasGgufMagic(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}
} // namespace

std::unique_ptr<Tokenizer> loadTokenizerFile(const std::string &path,
                                             std::string &error) {
  return hasGgufMagic(path) ? Tokenizer::fromGgufFile(path, &error)
                            : Tokenizer::fromFile(path, &error);
}

std::unique_ptr<Tokenizer> loadTokenizer(const Options &o,
                                         const gguf::File &model,
                                         std::string &error) {
  if (!o.tokenizerPath.empty())
    return loadTokenizerFile(o.tokenizerPath, error);
  return Tokenizer::fromGguf(model, &error);
}

int runTokenizerCommand(const Options &o, std::ostream &out,
                        std::ostream &err) {
  std::string error;
  // Only the metadata is read: no model weights are needed to tokenize.
  std::unique_ptr<Tokenizer> tok = loadTokenizerFile(
      o.tokenizerPath.empty() ? o.modelPath : o.tokenizerPath, error);
  if (!tok) {
    err << "decrun: error: " << error << "\n";
    return kExitError;
  }
  if (o.encode) {
    std::vector<int32_t> ids = tok->encode(*o.encode, /*addSpecial=*/false);
    for (size_t i = 0; i < ids.size(); ++i)
      out << (i ? " " : "") << ids[i];
    out << "\n";
    return kExitOk;
  }
  for (int32_t id : *o.decode)
    if (id >= tok->vocabSize()) {
      err << "decrun: error: token id " << id << " is not in the vocabulary ("
          << tok->vocabSize() << " tokens)\n";
      return kExitError;
    }
  out << tok->decode(*o.decode, /*skipSpecial=*/false) << "\n";
  return kExitOk;
}

} // namespace decc::decrun
