//===- AntlrSupport.cpp ---------------------------------------------------===//

#include "AntlrSupport.h"

namespace decc {
namespace grammar {

Loc tokenLoc(antlr4::Token *t) {
  return {static_cast<uint32_t>(t->getLine()),
          static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
}

std::string quotedToken(antlr4::Token *t) {
  if (t->getType() == antlr4::Token::EOF)
    return "end of file";
  return "'" + t->getText().substr(0, 40) + "'";
}

void FirstSyntaxError::syntaxError(antlr4::Recognizer *recognizer, antlr4::Token *offending,
                                   size_t line, size_t col, const std::string &msg,
                                   std::exception_ptr) {
  if (failed_)
    return;
  failed_ = true;
  Loc loc{static_cast<uint32_t>(line), static_cast<uint32_t>(col + 1)};
  if (!dynamic_cast<antlr4::Parser *>(recognizer) || !offending) {
    diags_.push_back({loc, "syntax error: " + msg});
    return;
  }
  diags_.push_back({loc, describe_(offending)});
}

} // namespace grammar
} // namespace decc
