//===- Ebnf.cpp - EBNF (Lark's notation) -> grammar IR --------------------===//
//
// ANTLR delimits tokens and structure (grammars/Ebnf.g4); this file decides
// rules versus terminals by the case of their names, decodes strings, hands
// `/.../` to the regex front end, resolves names (the user's grammar and the
// built-in `common` module), checks that terminals are regular (no rules, no
// cycles), and builds the IR with `%ignore` between terminals. With the
// default `%lexer contextual`, every terminal a rule uses (named, or a string
// or regular expression written in the rule) and every `%ignore` item is a
// lexeme rule, which the matcher completes greedily; `%lexer
// dynamic_complete` leaves terminals plain rules (every split is accepted).
// The ANTLR runtime throws on some failures, so parseEbnf catches at its
// boundary.

#include "decc/Grammar/Ebnf.h"

#include "decc/Grammar/Regex.h"

#include "AntlrSupport.h"
#include "EbnfCommon.h"
#include "EbnfUnit.h"
#include "Escapes.h"
#include "RegexClasses.h"
#include "Utf8Decode.h"

#include <map>
#include <memory>
#include <set>

namespace decc {
namespace grammar {
namespace {

using P = decc_ebnf::EbnfParser;
using L = decc_ebnf::EbnfLexer;
using ebnf::parseUnit;
using ebnf::Unit;

constexpr uint32_t kNoRule = UINT32_MAX;
const char *const kIgnoreRule = "%ignore";
const char *const kStartRule = "%start";

enum class NameKind { Rule, Terminal, Mixed };

/// Lark's convention: rules are lower-case, terminals upper-case (leading
/// underscores and digits aside).
NameKind kindOf(const std::string &name) {
  bool lower = false, upper = false;
  for (char c : name) {
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
  }
  if (lower && upper)
    return NameKind::Mixed;
  return upper ? NameKind::Terminal : NameKind::Rule;
}

struct Def {
  std::string irName;
  bool terminal = false;
  Loc loc;
  P::ExpansionsContext *body = nullptr;
  const Unit *unit = nullptr; ///< where the body's names resolve
  uint32_t rule = kNoRule;
};

class Builder {
public:
  Builder(Grammar &g, std::vector<Diagnostic> &diags, const EbnfLimits &limits)
      : g_(g), diags_(diags), limits_(limits) {}

  bool build(Unit &user);

private:
  void error(Loc loc, std::string m) { diags_.push_back({loc, std::move(m)}); }
  std::map<std::string, Def> &defsOf(const Unit *u) { return u->module.empty() ? user_ : common_; }

  void definition(Unit &u, P::DefinitionContext *d);
  void directive(P::DirectiveContext *d);
  /// Checks the module of an import path; loads `common`.
  bool importModule(P::ImportPathContext *path, bool lastIsName);
  void importName(antlr4::Token *name, antlr4::Token *alias);
  bool loadCommon();

  uint32_t ruleOf(Def &d);
  /// The IR of a body. `owner` is the definition being built (null for
  /// %ignore). In a rule's body every terminal use gets the %ignore suffix;
  /// a terminal's body and %ignore may not refer to rules.
  Expr expansions(P::ExpansionsContext *ctx, const Unit *u, Def *owner);
  Expr alias(P::AliasContext *ctx, const Unit *u, Def *owner);
  Expr expr(P::ExprContext *ctx, const Unit *u, Def *owner);
  Expr atom(P::AtomContext *ctx, const Unit *u, Def *owner);
  Expr ref(P::RefContext *ctx, const Unit *u, Def *owner);
  Expr terminalUse(Expr e, Def *owner);
  /// A string, range or regular expression written in a rule: with the
  /// greedy lexer, a lexeme rule named by its source text (one per text),
  /// whose body `build` makes once; elsewhere the expression itself.
  template <typename Build>
  Expr anonymous(antlr4::ParserRuleContext *ctx, Def *owner, Build build);
  bool decodeString(antlr4::Token *t, std::vector<uint32_t> &cps, bool &ignoreCase);
  Expr literal(antlr4::Token *t);
  Expr range(P::RangeContext *ctx);
  Expr regexp(antlr4::Token *t);
  uint32_t count(antlr4::tree::TerminalNode *n);
  void checkTerminalCycles();

  Grammar &g_;
  std::vector<Diagnostic> &diags_;
  const EbnfLimits &limits_;
  std::map<std::string, Def> user_, common_;
  /// User definitions in source order (bodies are built, and errors
  /// reported, in that order).
  std::vector<Def *> userOrder_;
  /// Names whose definition or import was reported as an error: references
  /// to them are not reported again as undefined.
  std::set<std::string> failedNames_;
  std::unique_ptr<Unit> commonUnit_;
  bool commonFailed_ = false;
  std::vector<P::ExpansionsContext *> ignores_;
  bool hasIgnore_ = false;
  /// `%lexer contextual` (the default): terminals are greedy lexemes.
  bool greedy_ = true;
  antlr4::Token *lexerDirective_ = nullptr;
  std::map<std::string, uint32_t> anonymousRules_;
  uint32_t ignoreRule_ = kNoRule;
  /// Definitions whose bodies are still to be built (names resolve lazily).
  std::vector<Def *> pending_;
  /// terminal rule -> terminal rules its body refers to (cycle check).
  std::map<uint32_t, std::vector<uint32_t>> terminalRefs_;
  std::map<uint32_t, Def *> defOfRule_;
};

void Builder::definition(Unit &u, P::DefinitionContext *d) {
  antlr4::Token *nameTok = d->NAME()->getSymbol();
  std::string name = nameTok->getText();
  Loc loc = tokenLoc(nameTok);
  NameKind kind = kindOf(name);
  if (kind == NameKind::Mixed) {
    error(loc, "name '" + name + "' mixes lower and upper case (rules are lower-case, "
                                 "terminals upper-case)");
    failedNames_.insert(name);
    return;
  }
  bool terminal = kind == NameKind::Terminal;
  if (d->prefix && terminal)
    error(tokenLoc(d->prefix), "'" + d->prefix->getText() + "' applies to rules only");
  if (d->templateParams()) {
    error(tokenLoc(d->templateParams()->getStart()), "rule templates are not supported");
    failedNames_.insert(name);
    return;
  }
  std::map<std::string, Def> &defs = defsOf(&u);
  auto [it, inserted] = defs.try_emplace(name);
  if (!inserted) {
    error(loc, std::string(terminal ? "terminal '" : "rule '") + name +
                   "' is defined twice (first at line " + std::to_string(it->second.loc.line) +
                   ")");
    return;
  }
  Def &def = it->second;
  def.irName = u.module.empty() ? name : u.module + "." + name;
  def.terminal = terminal;
  def.loc = loc;
  def.body = d->expansions();
  def.unit = &u;
  if (u.module.empty())
    userOrder_.push_back(&def);
}

bool Builder::loadCommon() {
  if (commonUnit_)
    return true;
  if (commonFailed_)
    return false;
  commonUnit_ = std::make_unique<Unit>();
  commonUnit_->module = "common";
  std::vector<Diagnostic> internal;
  if (!parseUnit(*commonUnit_, ebnfCommonModule(), internal, limits_)) {
    // The module is part of the compiler and tested; this cannot happen
    // unless it was edited badly.
    error({}, "internal error: the built-in module 'common' does not parse: " +
                  internal.front().message);
    commonUnit_.reset();
    commonFailed_ = true;
    return false;
  }
  for (P::StatementContext *s : commonUnit_->tree->statement())
    if (s->definition())
      definition(*commonUnit_, s->definition());
  return true;
}

bool Builder::importModule(P::ImportPathContext *path, bool lastIsName) {
  std::vector<antlr4::tree::TerminalNode *> names = path->NAME();
  size_t n = names.size() - (lastIsName ? 1 : 0);
  std::string module;
  for (size_t i = 0; i < n; ++i)
    module += (i ? "." : "") + names[i]->getText();
  bool relative = path->getStart()->getType() == L::DOT;
  if (n == 0) {
    error(tokenLoc(path->getStart()), "%import needs a module and a name (%import common.NAME)");
    return false;
  }
  if (relative || module != "common") {
    error(tokenLoc(path->getStart()),
          "cannot import from '" + std::string(relative ? "." : "") + module +
              "': only Lark's 'common' module is built in (no grammar files are imported)");
    return false;
  }
  return loadCommon();
}

void Builder::importName(antlr4::Token *name, antlr4::Token *alias) {
  std::string n = name->getText();
  auto it = common_.find(n);
  if (it == common_.end()) {
    std::string known;
    for (auto &[k, d] : common_)
      known += (known.empty() ? "" : " ") + k;
    error(tokenLoc(name), "module 'common' has no terminal '" + n + "' (it has: " + known + ")");
    failedNames_.insert(alias ? alias->getText() : n);
    return;
  }
  std::string as = alias ? alias->getText() : n;
  Loc loc = tokenLoc(alias ? alias : name);
  if (kindOf(as) != NameKind::Terminal) {
    error(loc, "'" + as + "' must be an upper-case name (it names a terminal)");
    failedNames_.insert(as);
    return;
  }
  auto [slot, inserted] = user_.try_emplace(as);
  if (!inserted) {
    error(loc, "terminal '" + as + "' is defined twice (first at line " +
                   std::to_string(slot->second.loc.line) + ")");
    return;
  }
  Def &def = slot->second;
  def = it->second;
  def.irName = as;
  def.loc = loc;
  def.rule = kNoRule;
  userOrder_.push_back(&def);
}

void Builder::directive(P::DirectiveContext *d) {
  Loc loc = tokenLoc(d->getStart());
  if (auto *c = dynamic_cast<P::IgnoreContext *>(d)) {
    ignores_.push_back(c->expansions());
  } else if (auto *c = dynamic_cast<P::ImportOneContext *>(d)) {
    // `%import common.WS [-> ALIAS]`: the last name of the path is the terminal.
    antlr4::Token *name = c->importPath()->NAME().back()->getSymbol();
    antlr4::Token *alias = c->NAME() ? c->NAME()->getSymbol() : nullptr;
    if (importModule(c->importPath(), /*lastIsName=*/true))
      importName(name, alias);
    else
      failedNames_.insert((alias ? alias : name)->getText());
  } else if (auto *c = dynamic_cast<P::ImportManyContext *>(d)) {
    bool ok = importModule(c->importPath(), /*lastIsName=*/false);
    for (antlr4::tree::TerminalNode *n : c->NAME()) {
      if (ok)
        importName(n->getSymbol(), nullptr);
      else
        failedNames_.insert(n->getText());
    }
  } else if (auto *c = dynamic_cast<P::DeclareContext *>(d)) {
    for (antlr4::tree::TerminalNode *n : c->NAME())
      failedNames_.insert(n->getText());
    error(loc, "%declare is not supported (a terminal must be defined by strings and regular "
               "expressions)");
  } else if (auto *c = dynamic_cast<P::LexerModeContext *>(d)) {
    std::string mode = c->NAME()->getText();
    if (lexerDirective_) {
      error(loc, "%lexer is given twice (first at line " +
                     std::to_string(lexerDirective_->getLine()) + ")");
    } else if (mode == "contextual" || mode == "dynamic_complete") {
      lexerDirective_ = d->getStart();
      greedy_ = mode == "contextual";
    } else {
      error(tokenLoc(c->NAME()->getSymbol()),
            "unknown lexer '" + mode +
                "' (known: contextual, the default: each terminal a greedy lexeme among those "
                "the parser accepts; dynamic_complete: every split into terminals)");
    }
  } else if (dynamic_cast<P::OverrideContext *>(d)) {
    error(loc, "'" + d->getStart()->getText() +
                   "' is not supported (only the 'common' module can be imported, and it has no "
                   "rules to change)");
  } else {
    error(loc, "unknown directive '" + d->getStart()->getText() +
                   "' (known: %ignore, %import, %lexer)");
  }
}

uint32_t Builder::ruleOf(Def &d) {
  if (d.rule == kNoRule) {
    d.rule = g_.ruleId(d.irName);
    Rule &r = g_.rules[d.rule];
    r.defined = true;
    r.loc = d.loc;
    defOfRule_[d.rule] = &d;
    pending_.push_back(&d);
  }
  return d.rule;
}

Expr Builder::terminalUse(Expr e, Def *owner) {
  if (!owner || owner->terminal || !hasIgnore_)
    return e;
  Loc loc = e.loc;
  std::vector<Expr> items;
  items.push_back(std::move(e));
  items.push_back(Expr::ref(ignoreRule_, loc));
  return Expr::seq(std::move(items), loc);
}

template <typename Build>
Expr Builder::anonymous(antlr4::ParserRuleContext *ctx, Def *owner, Build build) {
  if (!greedy_ || !owner || owner->terminal)
    return build();
  // Tokens without the spaces between them (a range's `"a".."z"`): the name
  // of the lexeme, shared by every use of the same text.
  std::string name = ctx->getText();
  Loc loc = tokenLoc(ctx->getStart());
  auto [it, inserted] = anonymousRules_.try_emplace(name, kNoRule);
  if (inserted) {
    Expr body = build();
    it->second = g_.ruleId(name, loc);
    Rule &r = g_.rules[it->second];
    r.defined = true;
    r.lexeme = true;
    r.loc = loc;
    r.body = std::move(body);
  }
  return Expr::ref(it->second, loc);
}

uint32_t Builder::count(antlr4::tree::TerminalNode *n) {
  uint64_t v = 0;
  for (char c : n->getText())
    v = std::min<uint64_t>(v * 10 + static_cast<uint64_t>(c - '0'), UINT32_MAX - 1);
  // compile() reports counts over Limits::maxRepeat at the quantifier.
  return static_cast<uint32_t>(v);
}

bool Builder::decodeString(antlr4::Token *t, std::vector<uint32_t> &cps, bool &ignoreCase) {
  static const EscapeSyntax ebnfEscapes{
      {{'n', '\n'}, {'t', '\t'}, {'r', '\r'}, {'f', '\f'}, {'v', '\v'}, {'0', 0}, {'\\', '\\'},
       {'"', '"'}, {'\'', '\''}},
      "\\n \\t \\r \\f \\v \\0 \\\\ \\\" \\' \\xHH \\uHHHH \\UHHHHHHHH"};
  const std::string text = t->getText();
  ignoreCase = text.back() == 'i';
  // Without the closing quote and flag: an escape cannot read past them.
  std::string_view body = std::string_view(text).substr(0, text.size() - (ignoreCase ? 2 : 1));
  Loc base = tokenLoc(t);
  uint32_t col = base.col + 1;
  for (size_t i = 1; i < body.size();) {
    uint32_t cp = 0;
    Loc at{base.line, col};
    size_t start = i;
    if (body[i] != '\\') {
      size_t len = decodeUtf8(body, i, cp);
      i += len ? len : 1; // validated before lexing
    } else if (std::optional<std::string> message = decodeEscape(body, i, ebnfEscapes, cp)) {
      error(at, *message);
      return false;
    }
    // Escapes are ASCII: one column per byte; a raw character is one column.
    col += body[start] == '\\' ? static_cast<uint32_t>(i - start) : 1;
    cps.push_back(cp);
  }
  return true;
}

Expr Builder::literal(antlr4::Token *t) {
  Loc loc = tokenLoc(t);
  std::vector<uint32_t> cps;
  bool ignoreCase = false;
  if (!decodeString(t, cps, ignoreCase))
    return Expr::literal("", loc);
  if (!ignoreCase) {
    std::string bytes;
    for (uint32_t cp : cps)
      appendUtf8(bytes, cp);
    return Expr::literal(std::move(bytes), loc);
  }
  // `"select"i`: every ASCII letter in either case, as regex `/select/i`.
  std::vector<Expr> items;
  std::string run;
  for (uint32_t cp : cps) {
    bool letter = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (!letter) {
      appendUtf8(run, cp);
      continue;
    }
    if (!run.empty())
      items.push_back(Expr::literal(std::move(run), loc));
    run.clear();
    items.push_back(Expr::cls(regex::foldAsciiCase({{cp, cp}}), false, loc));
  }
  if (!run.empty() || items.empty())
    items.push_back(Expr::literal(std::move(run), loc));
  if (items.size() == 1)
    return std::move(items[0]);
  return Expr::seq(std::move(items), loc);
}

Expr Builder::range(P::RangeContext *ctx) {
  antlr4::Token *lo = ctx->STRING(0)->getSymbol(), *hi = ctx->STRING(1)->getSymbol();
  Loc loc = tokenLoc(lo);
  std::vector<uint32_t> a, b;
  bool ia = false, ib = false;
  if (!decodeString(lo, a, ia) || !decodeString(hi, b, ib))
    return Expr::cls({}, false, loc);
  if (a.size() != 1 || b.size() != 1) {
    error(tokenLoc(a.size() != 1 ? lo : hi),
          "a range '\"a\"..\"z\"' needs strings of exactly one character");
    return Expr::cls({}, false, loc);
  }
  if (b[0] < a[0]) {
    error(loc, "range is reversed (its end comes before its start)");
    return Expr::cls({}, false, loc);
  }
  regex::Ranges r{{a[0], b[0]}};
  if (ia || ib)
    r = regex::foldAsciiCase(std::move(r));
  return Expr::cls(std::move(r), false, loc);
}

Expr Builder::regexp(antlr4::Token *t) {
  const std::string text = t->getText();
  size_t close = text.rfind('/');
  Loc loc = tokenLoc(t);
  RegexOptions opt;
  opt.origin = {loc.line, loc.col + 1};
  opt.limits.maxNesting = limits_.maxNesting;
  opt.limits.maxRepeat = limits_.maxRepeat;
  for (size_t i = close + 1; i < text.size(); ++i) {
    if (text[i] == 'i') {
      opt.ignoreCase = true;
    } else if (text[i] == 's') {
      opt.dotAll = true;
    } else {
      Loc at{loc.line, loc.col + static_cast<uint32_t>(i)};
      error(at, "regular expression flag '" + std::string(1, text[i]) +
                    "' is not supported (supported: i, s)");
      return Expr::literal("", loc);
    }
  }
  std::optional<Expr> e =
      parseRegex(std::string_view(text).substr(1, close - 1), diags_, opt);
  return e ? std::move(*e) : Expr::literal("", loc);
}

Expr Builder::ref(P::RefContext *ctx, const Unit *u, Def *owner) {
  antlr4::Token *t = ctx->NAME()->getSymbol();
  Loc loc = tokenLoc(t);
  std::string name = t->getText();
  if (ctx->templateArgs()) {
    error(tokenLoc(ctx->templateArgs()->getStart()), "rule templates are not supported");
    return Expr::literal("", loc);
  }
  NameKind kind = kindOf(name);
  if (kind == NameKind::Mixed) {
    error(loc, "name '" + name + "' mixes lower and upper case (rules are lower-case, "
                                 "terminals upper-case)");
    return Expr::literal("", loc);
  }
  bool terminal = kind == NameKind::Terminal;
  if (!terminal && (!owner || owner->terminal)) {
    error(loc, owner ? "terminal '" + owner->irName + "' refers to rule '" + name +
                           "' (a terminal is built from strings, regular expressions and other "
                           "terminals)"
                     : "%ignore refers to rule '" + name +
                           "' (it takes terminals, strings and regular expressions)");
    return Expr::literal("", loc);
  }
  std::map<std::string, Def> &defs = defsOf(u);
  auto it = defs.find(name);
  if (it == defs.end()) {
    if (u->module.empty() && failedNames_.count(name))
      return Expr::literal("", loc);
    error(loc, std::string(terminal ? "undefined terminal '" : "undefined rule '") + name + "'");
    return Expr::literal("", loc);
  }
  uint32_t rule = ruleOf(it->second);
  if (owner && owner->terminal)
    terminalRefs_[owner->rule].push_back(rule);
  if (terminal && owner && !owner->terminal && greedy_)
    g_.rules[rule].lexeme = true; // used by a rule (not inside a terminal)
  return terminal ? terminalUse(Expr::ref(rule, loc), owner) : Expr::ref(rule, loc);
}

Expr Builder::atom(P::AtomContext *ctx, const Unit *u, Def *owner) {
  if (auto *c = dynamic_cast<P::GroupContext *>(ctx))
    return expansions(c->expansions(), u, owner);
  if (auto *c = dynamic_cast<P::MaybeContext *>(ctx))
    return Expr::repeat(expansions(c->expansions(), u, owner), 0, 1, tokenLoc(c->getStart()));
  if (auto *c = dynamic_cast<P::RangeContext *>(ctx))
    return terminalUse(anonymous(c, owner, [&] { return range(c); }), owner);
  if (auto *c = dynamic_cast<P::LiteralContext *>(ctx))
    return terminalUse(anonymous(c, owner, [&] { return literal(c->STRING()->getSymbol()); }),
                       owner);
  if (auto *c = dynamic_cast<P::RegexpContext *>(ctx))
    return terminalUse(anonymous(c, owner, [&] { return regexp(c->REGEXP()->getSymbol()); }),
                       owner);
  return ref(dynamic_cast<P::RefContext *>(ctx), u, owner);
}

Expr Builder::expr(P::ExprContext *ctx, const Unit *u, Def *owner) {
  Expr e = atom(ctx->atom(), u, owner);
  P::QuantifierContext *q = ctx->quantifier();
  if (!q)
    return e;
  Loc loc = tokenLoc(q->getStart());
  uint32_t min = 0, max = kUnbounded;
  if (dynamic_cast<P::PlusContext *>(q)) {
    min = 1;
  } else if (dynamic_cast<P::OptionalContext *>(q)) {
    max = 1;
  } else if (auto *r = dynamic_cast<P::RepeatContext *>(q)) {
    min = max = count(r->NUMBER(0));
    if (r->NUMBER().size() == 2) {
      max = count(r->NUMBER(1));
      if (max < min) {
        error(loc, "repetition ~" + std::to_string(min) + ".." + std::to_string(max) +
                       " has its maximum below its minimum");
        return e;
      }
    }
  }
  return Expr::repeat(std::move(e), min, max, loc);
}

Expr Builder::alias(P::AliasContext *ctx, const Unit *u, Def *owner) {
  // `-> name` only renames the parse-tree node: no effect on the language.
  std::vector<P::ExprContext *> exprs = ctx->expansion()->expr();
  Loc loc = tokenLoc(ctx->getStart());
  if (exprs.empty())
    return Expr::literal("", loc);
  if (exprs.size() == 1)
    return expr(exprs[0], u, owner);
  std::vector<Expr> items;
  for (P::ExprContext *e : exprs)
    items.push_back(expr(e, u, owner));
  return Expr::seq(std::move(items), loc);
}

Expr Builder::expansions(P::ExpansionsContext *ctx, const Unit *u, Def *owner) {
  std::vector<P::AliasContext *> alts = ctx->alias();
  if (alts.size() == 1)
    return alias(alts[0], u, owner);
  std::vector<Expr> items;
  for (P::AliasContext *a : alts)
    items.push_back(alias(a, u, owner));
  return Expr::alt(std::move(items), tokenLoc(ctx->getStart()));
}

void Builder::checkTerminalCycles() {
  // Iterative DFS (a chain of many terminals must not exhaust the stack).
  enum Color : uint8_t { White, Grey, Black };
  std::map<uint32_t, Color> color;
  for (auto &[root, unused] : terminalRefs_) {
    (void)unused;
    if (color[root] != White)
      continue;
    std::vector<std::pair<uint32_t, size_t>> stack{{root, 0}};
    color[root] = Grey;
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      const std::vector<uint32_t> &out = terminalRefs_[node];
      if (next == out.size()) {
        color[node] = Black;
        stack.pop_back();
        continue;
      }
      uint32_t to = out[next++];
      if (color[to] == Grey) {
        std::string path;
        bool on = false;
        for (auto &[n, unusedNext] : stack) {
          (void)unusedNext;
          on |= n == to;
          if (on)
            path += g_.rules[n].name + " -> ";
        }
        const Def *d = defOfRule_[to];
        error(d->loc, "terminal '" + g_.rules[to].name + "' is recursive (" + path +
                          g_.rules[to].name + "); terminals must be regular");
        return;
      }
      if (color[to] == White) {
        color[to] = Grey;
        stack.push_back({to, 0});
      }
    }
  }
}

bool Builder::build(Unit &user) {
  size_t before = diags_.size();
  for (P::StatementContext *s : user.tree->statement()) {
    if (s->definition())
      definition(user, s->definition());
    else
      directive(s->directive());
  }
  hasIgnore_ = !ignores_.empty();
  if (hasIgnore_) {
    ignoreRule_ = g_.ruleId(kIgnoreRule);
    g_.rules[ignoreRule_].defined = true;
  }
  // Every user definition is built, so that errors in unused ones are
  // reported too; imported dependencies only when referenced.
  for (Def *def : userOrder_)
    ruleOf(*def);
  for (size_t i = 0; i < pending_.size(); ++i) {
    Def *d = pending_[i];
    Expr body = expansions(d->body, d->unit, d);
    g_.rules[d->rule].body = std::move(body); // the vector may have grown
  }
  if (hasIgnore_) {
    std::vector<Expr> alts;
    for (P::ExpansionsContext *e : ignores_) {
      Expr item = expansions(e, &user, nullptr);
      if (greedy_) {
        // Each %ignore is one lexeme (Lark makes it one terminal).
        Loc at = tokenLoc(e->getStart());
        uint32_t id = g_.ruleId("%ignore " + e->getText(), at);
        Rule &r = g_.rules[id];
        r.defined = true;
        r.lexeme = true;
        r.loc = at;
        r.body = std::move(item);
        item = Expr::ref(id, at);
      }
      alts.push_back(std::move(item));
    }
    Loc loc = tokenLoc(ignores_[0]->getStart());
    Expr any = alts.size() == 1 ? std::move(alts[0]) : Expr::alt(std::move(alts), loc);
    g_.rules[ignoreRule_].loc = loc;
    g_.rules[ignoreRule_].body = Expr::repeat(std::move(any), 0, kUnbounded, loc);
  }
  checkTerminalCycles();
  auto start = user_.find("start");
  if (start == user_.end()) {
    error({}, "the grammar has no 'start' rule (the start symbol is 'start: ...')");
  } else if (!hasIgnore_) {
    g_.root = start->second.rule;
  } else {
    // Ignored terminals may also come before the first terminal.
    Loc loc = start->second.loc;
    g_.root = g_.ruleId(kStartRule);
    Rule &r = g_.rules[g_.root];
    r.defined = true;
    r.loc = loc;
    std::vector<Expr> items;
    items.push_back(Expr::ref(ignoreRule_, loc));
    items.push_back(Expr::ref(start->second.rule, loc));
    r.body = Expr::seq(std::move(items), loc);
  }
  return diags_.size() == before;
}

std::optional<Grammar> run(std::string_view source, std::vector<Diagnostic> &diags,
                           const EbnfLimits &limits) {
  if (!checkSourceText(source, limits.maxSourceBytes, diags))
    return std::nullopt;
  Unit user;
  if (!parseUnit(user, source, diags, limits))
    return std::nullopt;
  Grammar g;
  Builder b(g, diags, limits);
  if (!b.build(user))
    return std::nullopt;
  return g;
}

} // namespace

std::optional<Grammar> parseEbnf(std::string_view source, std::vector<Diagnostic> &diags,
                                 const EbnfLimits &limits) {
  return parseGuarded("EBNF", diags, [&] { return run(source, diags, limits); });
}

} // namespace grammar
} // namespace decc
