//===- Masks.cpp - `decc-grammar masks` (format in Masks.h) ---------------===//
//
//   decc-grammar masks --grammar G --tokenizer T.json (--input DOC | --ids IDS)
//                      --out FILE
//
// DOC is tokenized with decc's tokenizer (no special tokens); IDS is a text
// file of decimal token ids separated by whitespace or commas (a JSON array
// is fine), for a stream tokenized elsewhere.

#include "Masks.h"

#include "decc/Grammar/Gbnf.h"
#include "decc/tokenizer.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

namespace decc::grammar_tool {
namespace {

constexpr int kRejected = 1, kGrammarError = 2, kUsage = 3;

int usage() {
  std::cerr << "usage: decc-grammar masks --grammar G --tokenizer T.json (--input DOC | --ids IDS) "
               "--out FILE\n";
  return kUsage;
}

/// Parses the ids of an IDS file; on error appends a located diagnostic.
bool parseIds(const std::string &text, int32_t vocabSize, std::vector<int32_t> &ids,
              std::vector<grammar::Diagnostic> &diags) {
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\n') {
      ++line, col = 1, ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '[' || c == ']') {
      ++col, ++i;
      continue;
    }
    if (c < '0' || c > '9') {
      diags.push_back({{line, col}, "expected a token id (a decimal number)"});
      return false;
    }
    uint32_t startCol = col;
    size_t start = i;
    int64_t v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      // Saturate: a long digit string must be reported, not wrapped.
      v = std::min<int64_t>(v * 10 + (text[i] - '0'), INT64_C(1) << 40);
      ++i, ++col;
    }
    if (v >= vocabSize) {
      diags.push_back({{line, startCol},
                       "token id " + text.substr(start, i - start) + " is outside the vocabulary (" +
                           std::to_string(vocabSize) + " ids)"});
      return false;
    }
    ids.push_back(static_cast<int32_t>(v));
  }
  return true;
}

class Writer {
public:
  explicit Writer(std::ofstream &f) : f_(f) {}
  void u32(uint32_t v) {
    unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                          static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
    f_.write(reinterpret_cast<const char *>(b), 4);
  }
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }

private:
  std::ofstream &f_;
};

} // namespace

int masksMain(int argc, char **argv, const Loaders &loaders) {
  std::string grammarPath, tokenizerPath, input, idsPath, out;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    std::string *dst = a == "--grammar"     ? &grammarPath
                       : a == "--tokenizer" ? &tokenizerPath
                       : a == "--input"     ? &input
                       : a == "--ids"       ? &idsPath
                       : a == "--out"       ? &out
                                            : nullptr;
    if (!dst) {
      std::cerr << "decc-grammar: error: unknown option '" << a << "'\n";
      return usage();
    }
    if (i + 1 >= argc) {
      std::cerr << "decc-grammar: error: option '" << a << "' needs a value\n";
      return usage();
    }
    *dst = argv[++i];
  }
  if (grammarPath.empty() || tokenizerPath.empty() || out.empty() ||
      input.empty() == idsPath.empty())
    return usage();

  std::shared_ptr<const grammar::CompiledGrammar> g = loaders.loadGrammar(grammarPath, nullptr);
  if (!g)
    return kGrammarError;
  std::string err;
  std::unique_ptr<Tokenizer> tok = Tokenizer::fromFile(tokenizerPath, &err);
  if (!tok) {
    std::cerr << err << "\n";
    return kUsage;
  }
  const std::string &source = input.empty() ? idsPath : input;
  std::string text;
  if (!loaders.readFile(source, text)) {
    std::cerr << source << ": error: cannot read the input\n";
    return kUsage;
  }
  std::vector<int32_t> ids;
  if (!input.empty()) {
    ids = tok->encode(text, /*addSpecial=*/false, /*parseSpecial=*/false);
  } else {
    std::vector<grammar::Diagnostic> diags;
    if (!parseIds(text, tok->vocabSize(), ids, diags)) {
      grammar::printDiagnostics(idsPath, text, diags, std::cerr);
      return kUsage;
    }
  }

  auto vocab = grammar::Vocabulary::fromTokenizer(*tok);
  grammar::Matcher m(g, vocab);
  uint32_t words = static_cast<uint32_t>((vocab->size() + 31) / 32);
  std::vector<uint32_t> mask(words);
  std::ofstream f(out, std::ios::binary);
  if (!f) {
    std::cerr << out << ": error: cannot write\n";
    return kUsage;
  }
  // The step count is known only when the stream ends (a rejected token cuts
  // it short), so it is patched in at the end.
  Writer w(f);
  f.write("DMSK", 4);
  w.u32(1);
  w.u32(static_cast<uint32_t>(vocab->size()));
  w.u32(words);
  std::streampos stepsAt = f.tellp();
  w.u32(0);
  w.u32(static_cast<uint32_t>(vocab->eosIds().size()));
  for (int32_t e : vocab->eosIds())
    w.i32(e);
  uint32_t steps = 0;
  int rc = 0;
  for (size_t i = 0; i <= ids.size(); ++i) {
    bool complete = m.isComplete();
    m.fillMask(mask.data(), vocab->size());
    int32_t id = i < ids.size() ? ids[i] : -1;
    bool accepted = id >= 0 && m.acceptToken(id);
    w.i32(id);
    w.u32((accepted ? 1u : 0u) | (complete ? 2u : 0u));
    for (uint32_t word : mask)
      w.u32(word);
    ++steps;
    if (id >= 0 && !accepted) {
      std::cerr << source << ": token " << i << " (id " << id << ") is rejected; " << steps
                << " masks written\n";
      rc = kRejected;
      break;
    }
  }
  f.seekp(stepsAt);
  w.u32(steps);
  f.close();
  if (!f) {
    std::cerr << out << ": error: cannot write\n";
    return kUsage;
  }
  return rc;
}

} // namespace decc::grammar_tool
