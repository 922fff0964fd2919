//===- AntlrSupport.cpp ---------------------------------------------------===//

#include "AntlrSupport.h"

#include "Utf8Decode.h"

namespace decc {
namespace grammar {

Loc tokenLoc(antlr4::Token *t) {
  return {static_cast<uint32_t>(t->getLine()),
          static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
}

bool checkSourceText(std::string_view source, size_t maxBytes, std::vector<Diagnostic> &diags) {
  if (source.size() > maxBytes) {
    diags.push_back({{}, "grammar is too large (" + std::to_string(source.size()) +
                             " bytes; the limit is " + std::to_string(maxBytes) + ")"});
    return false;
  }
  return checkUtf8(source, {1, 1}, diags);
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
