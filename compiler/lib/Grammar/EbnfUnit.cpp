//===- EbnfUnit.cpp -------------------------------------------------------===//

#include "EbnfUnit.h"

#include "AntlrSupport.h"

namespace decc {
namespace grammar {
namespace ebnf {
namespace {

using L = decc_ebnf::EbnfLexer;
using P = decc_ebnf::EbnfParser;

std::string unexpected(antlr4::Token *t) {
  if (t->getType() == L::NEWLINE)
    return "unexpected end of line (a definition ends at the end of its line unless the next "
           "line starts with '|')";
  return "unexpected " + quotedToken(t);
}

} // namespace

bool parseUnit(Unit &u, std::string_view source, std::vector<Diagnostic> &diags,
               const EbnfLimits &limits) {
  u.input = std::make_unique<antlr4::ANTLRInputStream>(std::string(source));
  u.lexer = std::make_unique<L>(u.input.get());
  u.lexer->removeErrorListeners(); // ERROR_CHAR catches every other character
  u.tokens = std::make_unique<antlr4::CommonTokenStream>(u.lexer.get());
  u.tokens->fill();
  uint32_t depth = 0;
  for (antlr4::Token *t : u.tokens->getTokens()) {
    switch (t->getType()) {
    case L::UNTERMINATED_STRING:
      diags.push_back({tokenLoc(t), "unterminated string literal"});
      return false;
    case L::UNTERMINATED_REGEXP:
      diags.push_back({tokenLoc(t), "unterminated regular expression (a '/' starts one; "
                                    "comments start with '//' or '#')"});
      return false;
    case L::ERROR_CHAR:
      diags.push_back({tokenLoc(t), "unexpected character '" + t->getText() + "'"});
      return false;
    case L::LPAREN:
    case L::LBRACKET:
    case L::LBRACE:
      if (++depth > limits.maxNesting) {
        diags.push_back({tokenLoc(t), "parentheses and brackets nested deeper than the limit of " +
                                          std::to_string(limits.maxNesting)});
        return false;
      }
      break;
    case L::RPAREN:
    case L::RBRACKET:
    case L::RBRACE:
      if (depth > 0)
        --depth;
      break;
    default:
      break;
    }
  }
  u.parser = std::make_unique<P>(u.tokens.get());
  u.parser->removeErrorListeners();
  FirstSyntaxError listener(diags, unexpected);
  u.parser->addErrorListener(&listener);
  u.tree = u.parser->file();
  u.parser->removeErrorListeners();
  return !listener.failed();
}

} // namespace ebnf
} // namespace grammar
} // namespace decc
