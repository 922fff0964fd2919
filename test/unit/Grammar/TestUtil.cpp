#include "TestUtil.h"

#include "decc/Grammar/Ebnf.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace decc {
namespace grammar {
namespace test {

std::shared_ptr<const CompiledGrammar> compileOk(const std::string &gbnf) {
  std::vector<Diagnostic> diags;
  auto g = compileGbnf(gbnf, diags);
  if (!g) {
    std::ostringstream os;
    printDiagnostics("test.gbnf", gbnf, diags, os);
    ADD_FAILURE() << "grammar does not compile:\n" << os.str();
  }
  return g;
}

std::shared_ptr<const CompiledGrammar> compileEbnfOk(const std::string &src) {
  std::vector<Diagnostic> diags;
  std::optional<Grammar> ir = parseEbnf(src, diags);
  std::shared_ptr<const CompiledGrammar> c = ir ? compile(*ir, diags) : nullptr;
  if (!c) {
    std::string all;
    for (const Diagnostic &d : diags)
      all += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
    ADD_FAILURE() << "grammar does not compile:\n" << src << "\n" << all;
  }
  return c;
}

std::vector<uint32_t> bruteForceByRollback(Matcher &m, const Vocabulary &v) {
  std::vector<uint32_t> mask((v.size() + 31) / 32, 0);
  for (size_t id = 0; id < v.size(); ++id)
    if (m.acceptToken(static_cast<int32_t>(id))) {
      mask[id >> 5] |= 1u << (id & 31);
      m.rollback(1);
    }
  return mask;
}

std::string compileErrors(const std::string &gbnf) {
  std::vector<Diagnostic> diags;
  auto g = compileGbnf(gbnf, diags);
  EXPECT_EQ(g, nullptr) << "grammar compiled but should not";
  EXPECT_FALSE(diags.empty());
  std::string out;
  for (const Diagnostic &d : diags)
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
  return out;
}

bool accepts(const std::shared_ptr<const CompiledGrammar> &g, const std::string &text) {
  if (!g)
    return false;
  Matcher m(g, smallVocab({}));
  for (char c : text)
    if (!m.acceptBytes(std::string_view(&c, 1)))
      return false;
  return m.isComplete();
}

bool accepts(const std::string &gbnf, const std::string &text) {
  return accepts(compileOk(gbnf), text);
}

std::shared_ptr<const Vocabulary> smallVocab(const std::vector<std::string> &tokens) {
  std::vector<std::string> all = tokens;
  all.push_back("<eos>");
  std::vector<bool> special(all.size(), false);
  special.back() = true;
  return std::make_shared<Vocabulary>(all, special,
                                      std::vector<int32_t>{static_cast<int32_t>(all.size() - 1)});
}

std::vector<uint32_t> bruteForceMask(const Matcher &m, const Vocabulary &v, size_t padded) {
  std::vector<uint32_t> mask((padded + 31) / 32, 0);
  for (size_t id = 0; id < v.size(); ++id) {
    Matcher c(m);
    if (c.acceptToken(static_cast<int32_t>(id)))
      mask[id >> 5] |= 1u << (id & 31);
  }
  return mask;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static std::string tokenizersDir() {
  if (const char *d = std::getenv("DECC_TOKENIZERS_DIR"))
    return d;
  return DECC_TOKENIZERS_DIR_DEFAULT;
}

const Tokenizer *realTokenizer(const std::string &name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Tokenizer>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end())
    return it->second.get();
  std::string path = tokenizersDir() + "/" + name + "/tokenizer.json";
  std::unique_ptr<Tokenizer> t;
  if (std::ifstream(path).good())
    t = Tokenizer::fromFile(path, nullptr);
  return (cache[name] = std::move(t)).get();
}

std::shared_ptr<const Vocabulary> realVocab(const std::string &name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Vocabulary>> cache;
  const Tokenizer *t = realTokenizer(name);
  if (!t)
    return nullptr;
  std::lock_guard<std::mutex> lock(mu);
  auto &v = cache[name];
  if (!v)
    v = Vocabulary::fromTokenizer(*t);
  return v;
}

} // namespace test
} // namespace grammar
} // namespace decc
