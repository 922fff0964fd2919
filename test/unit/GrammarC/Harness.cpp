#include "Harness.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace decgram_test {

const SmallVocab &smallVocab() {
  static const SmallVocab v = [] {
    SmallVocab s;
    for (int b = 0; b < 256; ++b)
      s.tokens.push_back(std::string(1, static_cast<char>(b)));
    for (const char *t : {"ab", "abc", "{\"", "\":", "\": ", "true", "false", "null", "  ",
                          "\n  ", "12", "\"}", "é", "\xC3", "caf"})
      s.tokens.push_back(t);
    s.special = static_cast<int32_t>(s.tokens.size());
    s.tokens.push_back("<tool>");
    s.eos = static_cast<int32_t>(s.tokens.size());
    s.tokens.push_back("</s>");
    return s;
  }();
  return v;
}

Vocab makeSmallVocab(size_t padded) {
  const SmallVocab &s = smallVocab();
  std::string bytes;
  std::vector<uint32_t> lens;
  std::vector<uint8_t> special(s.tokens.size(), 0);
  for (const std::string &t : s.tokens) {
    bytes += t;
    lens.push_back(static_cast<uint32_t>(t.size()));
  }
  special[s.special] = 1;
  special[s.eos] = 1;
  decgram_vocab *v = nullptr;
  EXPECT_EQ(decgram_vocab_new(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(),
                              lens.data(), special.data(), lens.size(), &s.eos, 1, padded, &v),
            DECGRAM_OK)
      << decgram_last_error();
  return Vocab(v);
}

Grammar compile(decgram_compiler *c, decgram_kind kind, const std::string &text,
                const decgram_compile_options *options) {
  decgram_grammar *g = nullptr;
  EXPECT_EQ(decgram_compile(c, kind, text.data(), text.size(), options, &g), DECGRAM_OK)
      << decgram_last_error();
  return Grammar(g);
}

Matcher newMatcher(const decgram_grammar *g) {
  decgram_matcher *m = nullptr;
  EXPECT_EQ(decgram_matcher_new(g, &m), DECGRAM_OK) << decgram_last_error();
  return Matcher(m);
}

std::vector<uint32_t> mask(decgram_matcher *m, size_t words) {
  std::vector<uint32_t> row(words, 0xDEADBEEF);
  EXPECT_EQ(decgram_matcher_fill_mask(m, row.data(), words), DECGRAM_OK)
      << decgram_last_error();
  return row;
}

std::vector<uint32_t> bruteForceMask(const decgram_matcher *m, size_t nTokens, size_t words) {
  std::vector<uint32_t> row(words, 0);
  decgram_matcher *c = nullptr;
  EXPECT_EQ(decgram_matcher_clone(m, &c), DECGRAM_OK);
  Matcher clone(c);
  for (size_t t = 0; t < nTokens; ++t) {
    bool ok = false;
    EXPECT_EQ(decgram_matcher_accept_token(c, static_cast<int32_t>(t), &ok), DECGRAM_OK);
    if (ok) {
      row[t / 32] |= 1u << (t % 32);
      EXPECT_EQ(decgram_matcher_rollback(c, 1), DECGRAM_OK);
    }
  }
  return row;
}

bool allowed(const std::vector<uint32_t> &mask, int32_t token) {
  return (mask[token / 32] >> (token % 32)) & 1u;
}

std::vector<int32_t> allowedTokens(const std::vector<uint32_t> &mask) {
  std::vector<int32_t> out;
  for (size_t t = 0; t < mask.size() * 32; ++t)
    if (allowed(mask, static_cast<int32_t>(t)))
      out.push_back(static_cast<int32_t>(t));
  return out;
}

std::string tokenizersDir() {
  if (const char *d = std::getenv("DECC_TOKENIZERS_DIR"))
    return d;
  return DECC_TOKENIZERS_DIR_DEFAULT;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace decgram_test
