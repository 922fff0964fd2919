// Helpers of the libdecgram tests: owning wrappers of the C handles, a small
// byte-level vocabulary, and masks computed through the C API.
#ifndef DECC_TEST_GRAMMARC_HARNESS_H
#define DECC_TEST_GRAMMARC_HARNESS_H

#include "decc/decgram.h"

#include <memory>
#include <string>
#include <vector>

namespace decgram_test {

struct VocabFree { void operator()(decgram_vocab *p) const { decgram_vocab_free(p); } };
struct CompilerFree { void operator()(decgram_compiler *p) const { decgram_compiler_free(p); } };
struct GrammarFree { void operator()(decgram_grammar *p) const { decgram_grammar_free(p); } };
struct MatcherFree { void operator()(decgram_matcher *p) const { decgram_matcher_free(p); } };
struct PoolFree { void operator()(decgram_pool *p) const { decgram_pool_free(p); } };
using Vocab = std::unique_ptr<decgram_vocab, VocabFree>;
using Compiler = std::unique_ptr<decgram_compiler, CompilerFree>;
using Grammar = std::unique_ptr<decgram_grammar, GrammarFree>;
using Matcher = std::unique_ptr<decgram_matcher, MatcherFree>;
using Pool = std::unique_ptr<decgram_pool, PoolFree>;

/// The test vocabulary: every single byte (ids 0..255), a few multi-byte
/// tokens, a special token and EOS (the last two ids).
struct SmallVocab {
  std::vector<std::string> tokens;
  int32_t special = -1;
  int32_t eos = -1;
};
const SmallVocab &smallVocab();
/// smallVocab() as a decgram_vocab with the given padded size (0 = none).
Vocab makeSmallVocab(size_t padded = 0);

Grammar compile(decgram_compiler *c, decgram_kind kind, const std::string &text,
                const decgram_compile_options *options = nullptr);
Matcher newMatcher(const decgram_grammar *g);

std::vector<uint32_t> mask(decgram_matcher *m, size_t words);
/// The mask by brute force: every token of [0, nTokens) tried on a clone.
std::vector<uint32_t> bruteForceMask(const decgram_matcher *m, size_t nTokens, size_t words);
bool allowed(const std::vector<uint32_t> &mask, int32_t token);
/// Every allowed token id.
std::vector<int32_t> allowedTokens(const std::vector<uint32_t> &mask);

/// Directory of the real tokenizers ($DECC_TOKENIZERS_DIR or the default).
std::string tokenizersDir();
std::string readFile(const std::string &path);

} // namespace decgram_test

#endif
