// Input: EBNF text (Lark's notation), optionally followed by a NUL byte and a
// document. Any grammar ends in located errors or compiles; a compiled
// grammar's GBNF print (the text `dec.grammar` carries) compiles too, and
// both matchers agree on every prefix of the document. (The automata may
// differ: the print puts the root first, which changes rule numbering and so
// which rules are inlined.)
#include "FuzzInput.h"
#include "decc/Grammar/Ebnf.h"
#include "decc/Grammar/Gbnf.h"
#include "decc/Grammar/GbnfPrinter.h"
#include "decc/grammar.h"

#include <cstdlib>
#include <string>

using namespace decc::grammar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto [source, doc] = splitFuzzInput(data, size);

  EbnfLimits el;
  el.maxRepeat = 200; // keeps each run well under the fuzzer's timeout
  Limits limits;
  limits.maxStates = 100000;
  limits.maxRepeat = el.maxRepeat;
  std::vector<Diagnostic> diags;
  std::optional<Grammar> g = parseEbnf(source, diags, el);
  if (!g) {
    if (diags.empty())
      std::abort(); // a failure must say why
    return 0;
  }
  auto compiled = compile(*g, diags, limits);
  if (!compiled) {
    if (diags.empty())
      std::abort();
    return 0;
  }
  std::vector<Diagnostic> printedDiags;
  auto printed = compileGbnf(printGbnf(*g), printedDiags, limits);
  if (!printed)
    std::abort();
  auto vocab = std::make_shared<Vocabulary>(std::vector<std::string>{"<eos>"},
                                            std::vector<bool>{true}, std::vector<int32_t>{0});
  Matcher a(compiled, vocab), b(printed, vocab);
  for (size_t i = 0; i < doc.size(); ++i) {
    bool ra = a.acceptBytes(doc.substr(i, 1)), rb = b.acceptBytes(doc.substr(i, 1));
    if (ra != rb || a.isComplete() != b.isComplete())
      std::abort();
    if (!ra)
      break;
  }
  return 0;
}
