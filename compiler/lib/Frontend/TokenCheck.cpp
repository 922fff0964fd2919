//===- TokenCheck.cpp -----------------------------------------------------===//

#include "TokenCheck.h"

#include "DecLexer.h"

#include <string>

namespace decc::fe {

using decc_antlr::DecLexer;

ast::SourceLoc tokenLoc(const antlr4::Token *t) {
  return {static_cast<uint32_t>(t->getLine()),
          static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
}

/// Keywords of planned features (speculative and diffusion decoding):
/// reserved now so that programs cannot start using them as names.
static bool isReserved(size_t type) {
  return type == DecLexer::SPECULATE || type == DecLexer::DIFFUSION;
}

/// True if `t` ends an operand, so that a following '-' is binary.
static bool endsOperand(const antlr4::Token *t) {
  if (!t)
    return false;
  switch (t->getType()) {
  case DecLexer::ID:
  case DecLexer::NUMBER:
  case DecLexer::INF:
    return true;
  default: {
    std::string text = t->getText();
    return text == ")" || text == "]" || text == "}";
  }
  }
}

bool checkTokens(const std::vector<antlr4::Token *> &tokens, const FrontendLimits &limits,
                 DiagnosticEngine &diags) {
  // Each check stops at the first problem: after a stray byte or an
  // unbalanced comment every later report would be noise, and a hostile
  // file could otherwise print one line per byte.
  unsigned depth = 0;    // open brackets of any kind
  unsigned unaryRun = 0; // consecutive prefix minus signs
  unsigned strategies = 0;
  const antlr4::Token *previous = nullptr; // last token on the default channel

  for (const antlr4::Token *t : tokens) {
    size_t type = t->getType();
    if (type == antlr4::Token::EOF)
      break;
    if (type == DecLexer::BLOCK_COMMENT) {
      std::string text = t->getText();
      if (text.size() < 4 || text.compare(text.size() - 2, 2, "*/") != 0) {
        diags.error(tokenLoc(t), "unterminated /* comment");
        return false;
      }
      continue;
    }
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL)
      continue;

    std::string text = t->getText();
    if (type == DecLexer::ERROR_CHAR) {
      diags.error(tokenLoc(t), text == "\"" ? std::string("unterminated string literal")
                                            : "unexpected character '" + text + "'");
      return false;
    }
    if (isReserved(type)) {
      diags.error(tokenLoc(t), "'" + text + "' is not supported yet");
      return false;
    }
    if (type == DecLexer::STRATEGY && ++strategies > limits.maxStrategies) {
      diags.error(tokenLoc(t), "too many strategies in one file (the limit is " +
                                   std::to_string(limits.maxStrategies) + ")");
      return false;
    }

    if (text == "(" || text == "[" || text == "{")
      ++depth;
    else if ((text == ")" || text == "]" || text == "}") && depth > 0)
      --depth;
    if (text == "-" && !endsOperand(previous))
      ++unaryRun;
    else
      unaryRun = 0;
    if (depth + unaryRun > limits.maxNestingDepth) {
      diags.error(tokenLoc(t), "nesting is too deep (the limit is " +
                                   std::to_string(limits.maxNestingDepth) + " levels)");
      return false;
    }
    previous = t;
  }
  return true;
}

} // namespace decc::fe
