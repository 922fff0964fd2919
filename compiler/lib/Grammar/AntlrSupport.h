//===- AntlrSupport.h - ANTLR tokens and syntax errors as diagnostics -*- C++ -*-===//
//
// Shared by the ANTLR-based front ends (GBNF, EBNF): token locations, and an
// error listener that keeps only the first syntax error (later ones are
// mostly consequences of the first) and lets each front end phrase the
// unexpected token in its own terms.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_GRAMMAR_ANTLRSUPPORT_H
#define DECC_LIB_GRAMMAR_ANTLRSUPPORT_H

#include "decc/grammar.h"

#include "antlr4-runtime.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {

Loc tokenLoc(antlr4::Token *t);

class FirstSyntaxError : public antlr4::BaseErrorListener {
public:
  /// The message for an unexpected token of the parser.
  using Describe = std::function<std::string(antlr4::Token *)>;
  FirstSyntaxError(std::vector<Diagnostic> &diags, Describe describe)
      : diags_(diags), describe_(std::move(describe)) {}
  void syntaxError(antlr4::Recognizer *recognizer, antlr4::Token *offending, size_t line,
                   size_t col, const std::string &msg, std::exception_ptr) override;
  bool failed() const { return failed_; }

private:
  std::vector<Diagnostic> &diags_;
  Describe describe_;
  bool failed_ = false;
};

/// "end of file" or the token's text in quotes (at most 40 characters).
std::string quotedToken(antlr4::Token *t);

/// What every ANTLR-based front end checks before lexing: the size limit,
/// and valid UTF-8 (ANTLR's decoder throws on invalid input; this error is
/// located). False after appending the diagnostic.
bool checkSourceText(std::string_view source, size_t maxBytes, std::vector<Diagnostic> &diags);

/// Runs a front end's parse at its API boundary: ANTLR and the standard
/// library report failures by throwing, callers get diagnostics. `what` names
/// the parser in the message of an unexpected exception ("GBNF").
template <class Parse>
std::optional<Grammar> parseGuarded(const char *what, std::vector<Diagnostic> &diags,
                                    Parse &&parse) {
  try {
    return parse();
  } catch (const std::bad_alloc &) {
    diags.push_back({{}, "out of memory while parsing the grammar"});
  } catch (const std::exception &e) {
    diags.push_back({{}, std::string("internal error in the ") + what + " parser: " + e.what()});
  }
  return std::nullopt;
}

} // namespace grammar
} // namespace decc

#endif
