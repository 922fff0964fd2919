//===- GbnfPrinter.h - Grammar IR -> GBNF text ------------------*- C++ -*-===//
//
// A grammar declared as a regex or in EBNF reaches the `dec.grammar` op as
// GBNF text, like a JSON Schema's translation: one textual form for code
// generation to compile. The printed text derives the same language as the
// IR and compiles to the same automata.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMAR_GBNFPRINTER_H
#define DECC_GRAMMAR_GBNFPRINTER_H

#include "decc/grammar.h"

#include <string>

namespace decc {
namespace grammar {

/// GBNF for the defined rules of `g`, the root named `root` and printed
/// first. Rule names become GBNF names (characters outside [a-zA-Z0-9-]
/// replaced by '-', clashes numbered). Call it on a grammar that compile()
/// accepted: its nesting is then bounded.
std::string printGbnf(const Grammar &g);

} // namespace grammar
} // namespace decc

#endif
