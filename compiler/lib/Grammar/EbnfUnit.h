//===- EbnfUnit.h - One EBNF source, lexed and parsed by ANTLR --*- C++ -*-===//
//
// The ANTLR stage of the EBNF front end (grammars/Ebnf.g4), used for the
// user's grammar and for the built-in `common` module. The parse tree lives
// as long as its Unit.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_GRAMMAR_EBNFUNIT_H
#define DECC_LIB_GRAMMAR_EBNFUNIT_H

#include "decc/Grammar/Ebnf.h"

#include "EbnfLexer.h"
#include "EbnfParser.h"
#include "antlr4-runtime.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {
namespace ebnf {

struct Unit {
  std::string module; ///< "" for the user's grammar
  std::unique_ptr<antlr4::ANTLRInputStream> input;
  std::unique_ptr<decc_ebnf::EbnfLexer> lexer;
  std::unique_ptr<antlr4::CommonTokenStream> tokens;
  std::unique_ptr<decc_ebnf::EbnfParser> parser;
  decc_ebnf::EbnfParser::FileContext *tree = nullptr;
};

/// Lexes and parses valid UTF-8 `source` into `u`. Lexical problems (the
/// first one) and nesting beyond `limits.maxNesting` are reported from the
/// token stream before the recursive-descent parser could exhaust the stack;
/// then the first syntax error. Returns false after reporting.
bool parseUnit(Unit &u, std::string_view source, std::vector<Diagnostic> &diags,
               const EbnfLimits &limits);

} // namespace ebnf
} // namespace grammar
} // namespace decc

#endif
