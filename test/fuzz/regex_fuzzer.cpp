// Input: one option byte, then a regular expression, optionally followed by
// a NUL byte and a document. Any pattern is parsed with a located error or
// compiles; a compiled pattern's GBNF print compiles to the same automata
// (the text `dec.grammar` carries), and a matcher runs over the document.
#include "FuzzInput.h"
#include "decc/Grammar/Gbnf.h"
#include "decc/Grammar/GbnfPrinter.h"
#include "decc/Grammar/Regex.h"
#include "decc/grammar.h"

#include <cstdlib>
#include <string>

using namespace decc::grammar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  RegexOptions opt;
  opt.match = data[0] & 1 ? RegexMatch::Search : RegexMatch::Full;
  opt.ignoreCase = data[0] & 2;
  opt.dotAll = data[0] & 4;
  opt.limits.maxRepeat = 200; // keeps each run well under the fuzzer's timeout
  auto [pattern, doc] = splitFuzzInput(data + 1, size - 1);

  Limits limits;
  limits.maxStates = 100000;
  limits.maxRepeat = opt.limits.maxRepeat;
  std::vector<Diagnostic> diags;
  std::optional<Grammar> g = parseRegexGrammar(pattern, diags, opt);
  if (!g) {
    if (diags.size() != 1 || diags[0].loc.line != 1)
      std::abort(); // exactly one located error
    return 0;
  }
  auto compiled = compile(*g, diags, limits);
  if (!compiled) {
    if (diags.empty())
      std::abort();
    return 0;
  }
  std::string gbnf = printGbnf(*g);
  std::vector<Diagnostic> printedDiags;
  auto printed = compileGbnf(gbnf, printedDiags, limits);
  if (!printed || printed->dump() != compiled->dump())
    std::abort();
  Matcher m(compiled, std::make_shared<Vocabulary>(std::vector<std::string>{"<eos>"},
                                                   std::vector<bool>{true},
                                                   std::vector<int32_t>{0}));
  for (size_t i = 0; i < doc.size() && m.acceptBytes(doc.substr(i, 1)); ++i) {
  }
  m.isComplete();
  return 0;
}
