//===- Gbnf.cpp - GBNF text -> grammar IR ---------------------------------===//
//
// ANTLR delimits tokens (Gbnf.g4); this file decodes literals and classes
// (escapes, UTF-8), resolves names and builds the IR. Everything that can go
// wrong is a located diagnostic: the ANTLR runtime throws on some failures,
// so parseGbnf catches at its boundary.

#include "decc/Grammar/Gbnf.h"

#include "decc/Frontend/Diagnostics.h"

#include "AntlrSupport.h"
#include "Escapes.h"
#include "Utf8Decode.h"

#include "GbnfLexer.h"
#include "GbnfParser.h"
#include "antlr4-runtime.h"

#include <sstream>
#include <unordered_map>

namespace decc {
namespace grammar {
namespace {

using P = decc_gbnf::GbnfParser;
using L = decc_gbnf::GbnfLexer;

/// The parser's unexpected token, in GBNF's terms.
std::string unexpected(antlr4::Token *t) {
  std::string message = "unexpected " + (t->getType() == L::NEWLINE
                                             ? std::string("end of line (a rule ends at the end of "
                                                           "its line unless inside parentheses or "
                                                           "after '|')")
                                             : quotedToken(t));
  if (t->getType() == L::DEFINE)
    message += " (a rule definition must start on a new line)";
  return message;
}

class Builder {
public:
  Builder(std::vector<Diagnostic> &diags, const GbnfLimits &limits)
      : diags_(diags), limits_(limits) {}

  bool build(P::FileContext *file, Grammar &g);

private:
  void error(Loc loc, std::string m) { diags_.push_back({loc, std::move(m)}); }
  Expr alternation(P::AlternationContext *ctx, Grammar &g, uint32_t depth);
  Expr group(P::GroupContext *ctx, Grammar &g, uint32_t depth);
  Expr sequence(const std::vector<P::ItemContext *> &items, Loc loc, Grammar &g, uint32_t depth);
  Expr item(P::ItemContext *ctx, Grammar &g, uint32_t depth);
  Expr atom(P::AtomContext *ctx, Grammar &g, uint32_t depth);
  Expr literal(antlr4::Token *t);
  Expr charClass(antlr4::Token *t);
  /// Decodes one character or escape of a token's text at `i` (advanced).
  bool readChar(antlr4::Token *t, const std::string &text, size_t &i, uint32_t &cp);
  uint32_t count(antlr4::tree::TerminalNode *n);

  std::vector<Diagnostic> &diags_;
  const GbnfLimits &limits_;
};

uint32_t Builder::count(antlr4::tree::TerminalNode *n) {
  const std::string text = n->getText();
  uint64_t v = 0;
  for (char c : text) {
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > UINT32_MAX - 1) // saturate: compile() reports it against its limit
      return UINT32_MAX - 1;
  }
  return static_cast<uint32_t>(v);
}

bool Builder::readChar(antlr4::Token *t, const std::string &text, size_t &i, uint32_t &cp) {
  // Column of text[i]: the token's column plus the code points before i.
  auto locAt = [&](size_t at) {
    Loc l = tokenLoc(t);
    for (size_t k = 0; k < at; ++k)
      if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80)
        ++l.col;
    return l;
  };
  if (text[i] != '\\') {
    size_t len = decodeUtf8(text, i, cp);
    i += len == 0 ? 1 : len;
    return true; // validated before lexing
  }
  static const EscapeSyntax gbnfEscapes{
      {{'n', '\n'}, {'t', '\t'}, {'r', '\r'}, {'\\', '\\'}, {'"', '"'}, {'[', '['}, {']', ']'}},
      "\\n \\t \\r \\\\ \\\" \\[ \\] \\xHH \\uHHHH \\UHHHHHHHH"};
  size_t at = i;
  if (std::optional<std::string> message = decodeEscape(text, i, gbnfEscapes, cp)) {
    error(locAt(at), *message);
    return false;
  }
  return true;
}

Expr Builder::literal(antlr4::Token *t) {
  const std::string text = t->getText();
  std::string bytes;
  size_t i = 1, end = text.size() - 1; // without the quotes
  while (i < end) {
    uint32_t cp;
    if (!readChar(t, text, i, cp))
      return Expr::literal("", tokenLoc(t));
    appendUtf8(bytes, cp);
  }
  return Expr::literal(std::move(bytes), tokenLoc(t));
}

Expr Builder::charClass(antlr4::Token *t) {
  const std::string text = t->getText();
  size_t i = 1, end = text.size() - 1;
  bool negated = i < end && text[i] == '^';
  if (negated)
    ++i;
  std::vector<CodepointRange> ranges;
  while (i < end) {
    uint32_t lo, hi;
    if (!readChar(t, text, i, lo))
      return Expr::cls({}, false, tokenLoc(t));
    hi = lo;
    // As in llama.cpp, '-' before the closing bracket is a literal '-'.
    if (i + 1 < end && text[i] == '-') {
      ++i;
      if (!readChar(t, text, i, hi))
        return Expr::cls({}, false, tokenLoc(t));
      if (hi < lo) {
        error(tokenLoc(t), "character range is reversed (its end comes before its start)");
        return Expr::cls({}, false, tokenLoc(t));
      }
    }
    ranges.push_back({lo, hi});
  }
  return Expr::cls(std::move(ranges), negated, tokenLoc(t));
}

Expr Builder::atom(P::AtomContext *ctx, Grammar &g, uint32_t depth) {
  if (auto *c = dynamic_cast<P::LiteralContext *>(ctx))
    return literal(c->STRING()->getSymbol());
  if (auto *c = dynamic_cast<P::CharClassContext *>(ctx))
    return charClass(c->CLASS()->getSymbol());
  if (auto *c = dynamic_cast<P::AnyContext *>(ctx))
    return Expr::any(tokenLoc(c->DOT()->getSymbol()));
  if (auto *c = dynamic_cast<P::RefContext *>(ctx)) {
    Loc loc = tokenLoc(c->name()->getStart());
    return Expr::ref(g.ruleId(c->name()->getText(), loc), loc);
  }
  auto *c = dynamic_cast<P::ParenContext *>(ctx);
  return group(c->group(), g, depth + 1);
}

Expr Builder::item(P::ItemContext *ctx, Grammar &g, uint32_t depth) {
  Expr e = atom(ctx->atom(), g, depth);
  for (P::QuantifierContext *q : ctx->quantifier()) {
    Loc loc = tokenLoc(q->getStart());
    if (++depth > limits_.maxNesting) {
      error(loc, "quantifiers and groups nested deeper than the limit of " +
                     std::to_string(limits_.maxNesting));
      return e;
    }
    uint32_t min = 0, max = kUnbounded;
    if (dynamic_cast<P::PlusContext *>(q)) {
      min = 1;
    } else if (dynamic_cast<P::OptionalContext *>(q)) {
      max = 1;
    } else if (auto *x = dynamic_cast<P::ExactlyContext *>(q)) {
      min = max = count(x->INT());
    } else if (auto *x = dynamic_cast<P::AtLeastContext *>(q)) {
      min = count(x->INT());
    } else if (auto *x = dynamic_cast<P::BetweenContext *>(q)) {
      min = count(x->INT(0));
      max = count(x->INT(1));
    }
    e = Expr::repeat(std::move(e), min, max, loc);
  }
  return e;
}

Expr Builder::sequence(const std::vector<P::ItemContext *> &items, Loc loc, Grammar &g,
                       uint32_t depth) {
  if (items.size() == 1)
    return item(items[0], g, depth);
  std::vector<Expr> parts;
  parts.reserve(items.size());
  for (P::ItemContext *i : items)
    parts.push_back(item(i, g, depth));
  return Expr::seq(std::move(parts), loc);
}

Expr Builder::alternation(P::AlternationContext *ctx, Grammar &g, uint32_t depth) {
  Loc loc = tokenLoc(ctx->getStart());
  std::vector<P::SequenceContext *> seqs = ctx->sequence();
  if (seqs.size() == 1)
    return sequence(seqs[0]->item(), loc, g, depth);
  std::vector<Expr> alts;
  for (P::SequenceContext *s : seqs)
    alts.push_back(sequence(s->item(), tokenLoc(s->getStart()), g, depth));
  return Expr::alt(std::move(alts), loc);
}

Expr Builder::group(P::GroupContext *ctx, Grammar &g, uint32_t depth) {
  Loc loc = tokenLoc(ctx->getStart());
  std::vector<P::NestedSeqContext *> seqs = ctx->nestedSeq();
  if (seqs.size() == 1)
    return sequence(seqs[0]->item(), loc, g, depth);
  std::vector<Expr> alts;
  for (P::NestedSeqContext *s : seqs)
    alts.push_back(sequence(s->item(), tokenLoc(s->getStart()), g, depth));
  return Expr::alt(std::move(alts), loc);
}

bool Builder::build(P::FileContext *file, Grammar &g) {
  size_t before = diags_.size();
  for (P::RuleDefContext *r : file->ruleDef()) {
    Loc loc = tokenLoc(r->name()->getStart());
    uint32_t id = g.ruleId(r->name()->getText());
    Rule &rule = g.rules[id];
    if (rule.defined) {
      error(loc, "rule '" + rule.name + "' is defined twice (first at line " +
                     std::to_string(rule.loc.line) + ")");
      continue;
    }
    rule.defined = true;
    rule.loc = loc;
    Expr body = alternation(r->alternation(), g, 0);
    g.rules[id].body = std::move(body); // ruleId may have grown the vector
  }
  std::optional<uint32_t> root = g.findRule("root");
  if (!root || !g.rules[*root].defined)
    error({}, "the grammar has no 'root' rule (the start symbol is 'root ::= ...')");
  else
    g.root = *root;
  return diags_.size() == before;
}

std::optional<Grammar> run(std::string_view source, std::vector<Diagnostic> &diags,
                           const GbnfLimits &limits) {
  if (!checkSourceText(source, limits.maxSourceBytes, diags))
    return std::nullopt;

  antlr4::ANTLRInputStream input{std::string(source)};
  L lexer(&input);
  lexer.removeErrorListeners(); // ERROR_CHAR catches every other character
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  // Lexical problems get their own messages, and deep nesting is refused
  // before the recursive-descent parser could exhaust the stack.
  uint32_t depth = 0;
  for (antlr4::Token *t : tokens.getTokens()) {
    switch (t->getType()) {
    case L::UNTERMINATED_STRING:
      diags.push_back({tokenLoc(t), "unterminated string literal"});
      return std::nullopt;
    case L::UNTERMINATED_CLASS:
      diags.push_back({tokenLoc(t), "unterminated character class"});
      return std::nullopt;
    case L::ERROR_CHAR:
      diags.push_back({tokenLoc(t), "unexpected character '" + t->getText() + "'"});
      return std::nullopt;
    case L::LPAREN:
      if (++depth > limits.maxNesting) {
        diags.push_back({tokenLoc(t), "parentheses nested deeper than the limit of " +
                                          std::to_string(limits.maxNesting)});
        return std::nullopt;
      }
      break;
    case L::RPAREN:
      if (depth > 0)
        --depth;
      break;
    default:
      break;
    }
  }

  P parser(&tokens);
  parser.removeErrorListeners();
  FirstSyntaxError listener(diags, unexpected);
  parser.addErrorListener(&listener);
  P::FileContext *file = parser.file();
  if (listener.failed())
    return std::nullopt;
  Grammar g;
  Builder b(diags, limits);
  if (!b.build(file, g))
    return std::nullopt;
  return g;
}

} // namespace

std::optional<Grammar> parseGbnf(std::string_view source, std::vector<Diagnostic> &diags,
                                 const GbnfLimits &limits) {
  return parseGuarded("GBNF", diags, [&] { return run(source, diags, limits); });
}

std::shared_ptr<const CompiledGrammar> compileGbnf(std::string_view source,
                                                   std::vector<Diagnostic> &diags,
                                                   const Limits &limits) {
  GbnfLimits gl;
  gl.maxNesting = limits.maxNesting;
  std::optional<Grammar> g = parseGbnf(source, diags, gl);
  if (!g)
    return nullptr;
  return compile(*g, diags, limits);
}

void printDiagnostics(const std::string &fileName, const std::string &source,
                      const std::vector<Diagnostic> &diags, std::ostream &os) {
  DiagnosticEngine engine(fileName, source, os);
  for (const Diagnostic &d : diags)
    engine.error(ast::SourceLoc{d.loc.line, d.loc.col}, d.message);
}

} // namespace grammar
} // namespace decc
