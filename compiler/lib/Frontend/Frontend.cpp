//===- Frontend.cpp - parseAndCheck: limits, lexing, parsing, Sema --------===//

#include "decc/Frontend/Frontend.h"

#include "Builder.h"
#include "Sema.h"
#include "TokenCheck.h"

#include "DecLexer.h"
#include "DecParser.h"
#include "antlr4-runtime.h"

namespace decc {

using fe::tokenLoc;

namespace {

/// Location of the first byte that is not valid UTF-8 (ANTLR's decoder would
/// throw on it), or line 0 if the text is valid.
ast::SourceLoc firstInvalidUtf8(const std::string &s, unsigned &badByte) {
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len > 1) {
      // Reject overlong forms, surrogates and values past U+10FFFF.
      uint32_t cp = c & (0xFF >> (len + 1));
      for (size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      static const uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= minimum[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!ok) {
      badByte = c;
      return {line, col};
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    i += len;
  }
  return {};
}

/// Turns ANTLR's syntax errors into one located diagnostic. Only the first
/// is reported: after it the parser's recovery guesses, and its follow-up
/// messages mostly describe the guess rather than the program.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
public:
  explicit SyntaxErrorListener(DiagnosticEngine &diags) : diags_(diags) {}

  void syntaxError(antlr4::Recognizer *recognizer, antlr4::Token *offending, size_t line,
                   size_t charPositionInLine, const std::string &msg,
                   std::exception_ptr) override {
    if (reported_)
      return;
    reported_ = true;
    ast::SourceLoc loc{static_cast<uint32_t>(line),
                       static_cast<uint32_t>(charPositionInLine + 1)};
    auto *parser = dynamic_cast<antlr4::Parser *>(recognizer);
    if (!parser || !offending) {
      diags_.error(loc, "syntax error: " + msg);
      return;
    }
    std::string message = "unexpected " + describe(offending);
    antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
    std::vector<ssize_t> types = expected.toList();
    if (!types.empty() && types.size() <= 7) {
      message += "; expected ";
      for (size_t i = 0; i < types.size(); ++i) {
        if (i)
          message += i + 1 == types.size() ? " or " : ", ";
        message += tokenName(*parser, types[i]);
      }
    }
    diags_.error(loc, message);
  }

  bool failed() const { return reported_; }

private:
  static std::string describe(antlr4::Token *t) {
    if (t->getType() == antlr4::Token::EOF)
      return "end of file";
    std::string text = t->getText();
    if (text.size() > 40)
      text = text.substr(0, 40) + "...";
    if (t->getType() == decc_antlr::DecLexer::NUMBER)
      return "number " + text;
    return "'" + text + "'";
  }

  static std::string tokenName(antlr4::Parser &parser, ssize_t type) {
    if (type == static_cast<ssize_t>(antlr4::Token::EOF) || type == -1)
      return "end of file";
    switch (type) {
    case decc_antlr::DecLexer::ID:
      return "a name";
    case decc_antlr::DecLexer::NUMBER:
      return "a number";
    case decc_antlr::DecLexer::STRING:
      return "a string";
    default:
      return parser.getVocabulary().getDisplayName(type);
    }
  }

  DiagnosticEngine &diags_;
  bool reported_ = false;
};

std::unique_ptr<ast::Module> run(const std::string &fileName, const std::string &source,
                                 DiagnosticEngine &diags, const FrontendLimits &limits) {
  if (source.size() > limits.maxSourceBytes) {
    diags.error({}, "source is too large (" + std::to_string(source.size()) +
                        " bytes; the limit is " + std::to_string(limits.maxSourceBytes) +
                        " bytes)");
    return nullptr;
  }
  unsigned badByte = 0;
  ast::SourceLoc bad = firstInvalidUtf8(source, badByte);
  if (bad.line != 0) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", badByte);
    diags.error(bad, std::string("invalid UTF-8 (byte ") + hex + ")");
    return nullptr;
  }

  antlr4::ANTLRInputStream input(source);
  decc_antlr::DecLexer lexer(&input);
  lexer.removeErrorListeners(); // every character lexes (ERROR_CHAR catches the rest)
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (!fe::checkTokens(tokens.getTokens(), limits, diags))
    return nullptr;

  decc_antlr::DecParser parser(&tokens);
  parser.removeErrorListeners();
  SyntaxErrorListener listener(diags);
  parser.addErrorListener(&listener);
  decc_antlr::DecParser::ProgramContext *program = parser.program();
  if (listener.failed())
    return nullptr;

  unsigned errorsBefore = diags.errorCount();
  fe::ParsedProgram parsed;
  if (!fe::buildProgram(program, limits, diags, parsed))
    return nullptr;
  std::unique_ptr<ast::Module> module = fe::checkModule(fileName, std::move(parsed), diags);
  if (diags.errorCount() != errorsBefore)
    return nullptr;
  return module;
}

} // namespace

std::unique_ptr<ast::Module> parseAndCheck(const std::string &fileName,
                                           const std::string &source,
                                           DiagnosticEngine &diags,
                                           const FrontendLimits &limits) {
  // The ANTLR runtime reports failures by throwing; nothing may escape into
  // callers built without exceptions.
  try {
    return run(fileName, source, diags, limits);
  } catch (const std::bad_alloc &) {
    diags.error({}, "out of memory while parsing");
  } catch (const std::exception &e) {
    diags.error({}, std::string("internal error in the front end: ") + e.what());
  }
  return nullptr;
}

} // namespace decc
