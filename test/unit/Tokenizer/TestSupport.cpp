#include "TestSupport.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace decc::test {

std::string tokenizersDir() {
  if (const char *env = std::getenv("DECC_TOKENIZERS_DIR"))
    return env;
#ifdef DECC_TOKENIZERS_DIR_DEFAULT
  return DECC_TOKENIZERS_DIR_DEFAULT;
#else
  return "../shared/data/tokenizers";
#endif
}

std::string tokenizerPath(const std::string &name) {
  return tokenizersDir() + "/" + name + "/tokenizer.json";
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string byteLevelPiece(uint8_t b) {
  // GPT-2: printable Latin-1 bytes stand for themselves, the other 68 map to
  // U+0100.. in byte order.
  bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
  unsigned cp = b;
  if (!printable) {
    cp = 256;
    for (unsigned k = 0; k < b; ++k)
      if (!((k >= '!' && k <= '~') || (k >= 0xA1 && k <= 0xAC) || k >= 0xAE))
        ++cp;
  }
  std::string s;
  if (cp < 0x80) {
    s += (char)cp;
  } else {
    s += (char)(0xC0 | (cp >> 6));
    s += (char)(0x80 | (cp & 0x3F));
  }
  return s;
}

const Tokenizer *sharedTokenizer(const std::string &name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Tokenizer>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = loaded.find(name);
  if (it != loaded.end())
    return it->second.get();
  std::string path = tokenizerPath(name);
  if (!std::ifstream(path).good())
    return loaded[name].get();
  std::string error;
  std::unique_ptr<Tokenizer> t = Tokenizer::fromFile(path, &error);
  if (!t) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::abort();
  }
  return (loaded[name] = std::move(t)).get();
}

} // namespace decc::test
