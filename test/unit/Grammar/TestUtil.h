// Helpers shared by the grammar tests.
#ifndef DECC_TEST_GRAMMAR_TESTUTIL_H
#define DECC_TEST_GRAMMAR_TESTUTIL_H

#include "decc/Grammar/Gbnf.h"
#include "decc/grammar.h"
#include "decc/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace decc {
namespace grammar {
namespace test {

/// Compiles GBNF text; fails the current test (and returns null) on errors.
std::shared_ptr<const CompiledGrammar> compileOk(const std::string &gbnf);
/// Compiles EBNF (Lark notation) text; fails the current test (and returns
/// null) on errors.
std::shared_ptr<const CompiledGrammar> compileEbnfOk(const std::string &src);
/// The diagnostics of a grammar that must not compile, as
/// "LINE:COL: message" lines.
std::string compileErrors(const std::string &gbnf);
/// Does the grammar derive exactly `text`?
bool accepts(const std::shared_ptr<const CompiledGrammar> &g, const std::string &text);
bool accepts(const std::string &gbnf, const std::string &text);
/// A vocabulary of the given byte strings; the last id is an EOS token.
std::shared_ptr<const Vocabulary> smallVocab(const std::vector<std::string> &tokens);
/// The mask computed by brute force: each token tried on a clone.
std::vector<uint32_t> bruteForceMask(const Matcher &m, const Vocabulary &v, size_t padded);
/// The same on `m` itself: each accepted token is rolled back (EOS bit not
/// set; one word per 32 ids of the vocabulary).
std::vector<uint32_t> bruteForceByRollback(Matcher &m, const Vocabulary &v);
std::string readFile(const std::string &path);
/// Tokenizer <dir>/<name>/tokenizer.json, loaded once; null when absent.
const Tokenizer *realTokenizer(const std::string &name);
std::shared_ptr<const Vocabulary> realVocab(const std::string &name);

} // namespace test
} // namespace grammar
} // namespace decc

#endif
