//===- Export.cpp - `gram` dialect -> runtime grammar IR -----------------===//
//
// Expression values form a DAG (CSE shares sub-expressions); the runtime IR
// is a tree, so shared values are copied. `maxNodes` bounds the copies,
// because a chain of n shared sequences doubles n times.
//
//===----------------------------------------------------------------------===//
#include "decc/Conversion/GrammarToGram/GrammarToGram.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace decc {
namespace gram {
namespace {

class Exporter {
public:
  Exporter(GrammarOp op, size_t maxNodes) : op_(op), maxNodes_(maxNodes) {}

  LogicalResult run();
  LogicalResult runExpression(Value v);
  ExportedGrammar result;

private:
  grammar::Loc handle(Location l) {
    result.locations.push_back(l);
    return {static_cast<uint32_t>(result.locations.size()), 1};
  }
  FailureOr<grammar::Expr> expr(Value v);
  grammar::Expr terminal(TerminalOp t);
  /// `[lo, hi]` as bytes: ASCII as a code-point class (one byte each), the
  /// rest as single raw bytes (no code point is one byte >= 0x80).
  static grammar::Expr byteRange(int32_t lo, int32_t hi, grammar::Loc loc);
  std::string freshName(StringRef base);

  GrammarOp op_;
  size_t maxNodes_;
  size_t nodes_ = 0;
  StringRef rule_;
  unsigned terminals_ = 0;
  /// Refs and terminals are errors (exportExpression).
  bool ruleFree_ = false;
  /// Exporting the body of a lexeme rule.
  bool inLexeme_ = false;
};

std::string Exporter::freshName(StringRef base) {
  std::string name = base.str();
  for (unsigned i = 0; result.grammar.findRule(name) || (op_ && op_.lookupRule(name)); ++i)
    name = (base + "." + Twine(i)).str();
  return name;
}

grammar::Expr Exporter::byteRange(int32_t lo, int32_t hi, grammar::Loc loc) {
  std::vector<grammar::Expr> alts;
  if (lo < 0x80)
    alts.push_back(grammar::Expr::cls(
        {{uint32_t(lo), uint32_t(std::min(hi, int32_t(0x7F)))}}, false, loc));
  for (int32_t b = std::max(lo, int32_t(0x80)); b <= hi; ++b)
    alts.push_back(grammar::Expr::literal(std::string(1, char(b)), loc));
  if (alts.size() == 1)
    return std::move(alts[0]);
  return grammar::Expr::alt(std::move(alts), loc);
}

grammar::Expr Exporter::terminal(TerminalOp t) {
  grammar::Loc loc = handle(t.getLoc());
  std::string prefix = (rule_ + ".t" + Twine(terminals_++)).str();
  int64_t n = t.getStates();
  std::vector<uint32_t> ids;
  for (int64_t s = 0; s < n; ++s)
    ids.push_back(result.grammar.ruleId(freshName(prefix + ".s" + std::to_string(s)), loc));
  std::vector<std::vector<grammar::Expr>> bodies(n);
  ArrayRef<int32_t> e = t.getEdges();
  for (size_t i = 0; i + 3 < e.size(); i += 4)
    bodies[e[i]].push_back(grammar::Expr::seq(
        {byteRange(e[i + 1], e[i + 2], loc), grammar::Expr::ref(ids[e[i + 3]], loc)},
        loc));
  for (int32_t f : t.getFinal())
    bodies[f].push_back(grammar::Expr::literal("", loc));
  for (int64_t s = 0; s < n; ++s) {
    grammar::Rule &r = result.grammar.rules[ids[s]];
    r.body = grammar::Expr::alt(std::move(bodies[s]), loc);
    r.defined = true;
    r.loc = loc;
  }
  return grammar::Expr::ref(ids[0], loc);
}

FailureOr<grammar::Expr> Exporter::expr(Value v) {
  Operation *def = v.getDefiningOp();
  if (++nodes_ > maxNodes_)
    return def->emitError("expression expands to more than ")
           << maxNodes_ << " nodes when its shared sub-expressions are copied";
  grammar::Loc loc = handle(def->getLoc());
  auto list = [&](OperandRange vs) -> FailureOr<std::vector<grammar::Expr>> {
    std::vector<grammar::Expr> out;
    for (Value w : vs) {
      FailureOr<grammar::Expr> c = expr(w);
      if (failed(c))
        return failure();
      out.push_back(std::move(*c));
    }
    return out;
  };
  return llvm::TypeSwitch<Operation *, FailureOr<grammar::Expr>>(def)
      .Case([&](LiteralOp l) { return grammar::Expr::literal(l.getBytes().str(), loc); })
      .Case([&](ClassOp c) {
        std::vector<grammar::CodepointRange> rs;
        ArrayRef<int32_t> r = c.getRanges();
        for (size_t i = 0; i + 1 < r.size(); i += 2)
          rs.push_back({uint32_t(r[i]), uint32_t(r[i + 1])});
        return grammar::Expr::cls(std::move(rs), c.getNegated(), loc);
      })
      .Case([&](RefOp r) -> FailureOr<grammar::Expr> {
        if (ruleFree_)
          return r.emitError("a rule reference cannot be part of a terminal");
        return grammar::Expr::ref(result.grammar.ruleId(r.getRule().str(), loc), loc);
      })
      .Case([&](SeqOp s) -> FailureOr<grammar::Expr> {
        auto items = list(s.getItems());
        if (failed(items))
          return failure();
        return grammar::Expr::seq(std::move(*items), loc);
      })
      .Case([&](AltOp a) -> FailureOr<grammar::Expr> {
        auto items = list(a.getItems());
        if (failed(items))
          return failure();
        return grammar::Expr::alt(std::move(*items), loc);
      })
      .Case([&](RepeatOp r) -> FailureOr<grammar::Expr> {
        FailureOr<grammar::Expr> item = expr(r.getItem());
        if (failed(item))
          return failure();
        uint32_t max = r.getMaxAttr() ? uint32_t(r.getMaxAttr().getInt()) : grammar::kUnbounded;
        return grammar::Expr::repeat(std::move(*item), uint32_t(r.getMin()), max, loc);
      })
      .Case([&](TerminalOp t) -> FailureOr<grammar::Expr> {
        if (ruleFree_)
          return t.emitError("a terminal cannot be part of another terminal");
        // The helper rules loop (right-linear), and a lexeme may refer only
        // to rules that do not: its language is built without recursion.
        if (inLexeme_)
          return t.emitError("a terminal cannot be exported inside lexeme '")
                 << rule_ << "' (its automaton would be recursive helper rules)";
        return terminal(t);
      })
      .Default([&](Operation *o) -> FailureOr<grammar::Expr> {
        return o->emitError("is not a gram expression and cannot be exported");
      });
}

LogicalResult Exporter::run() {
  grammar::Grammar &g = result.grammar;
  // Rules first, in their order, so that rule indices follow the IR.
  for (RuleOp rule : op_.getRules())
    g.ruleId(rule.getSymName().str(), handle(rule.getLoc()));
  for (RuleOp rule : op_.getRules()) {
    rule_ = rule.getSymName();
    terminals_ = 0;
    inLexeme_ = rule.getLexeme();
    FailureOr<grammar::Expr> body = expr(rule.getRhs());
    if (failed(body))
      return failure();
    uint32_t id = *g.findRule(rule_);
    g.rules[id].body = std::move(*body);
    g.rules[id].defined = true;
    g.rules[id].lexeme = rule.getLexeme();
    g.rules[id].loc = handle(rule.getLoc());
  }
  g.root = *g.findRule(op_.getRoot());
  return success();
}

LogicalResult Exporter::runExpression(Value v) {
  ruleFree_ = true;
  grammar::Grammar &g = result.grammar;
  uint32_t root = g.ruleId("root", handle(v.getLoc()));
  FailureOr<grammar::Expr> body = expr(v);
  if (failed(body))
    return failure();
  g.rules[root].body = std::move(*body);
  g.rules[root].defined = true;
  g.rules[root].loc = g.rules[root].firstUse;
  g.root = root;
  return success();
}

} // namespace

Location ExportedGrammar::locationOf(grammar::Loc loc, Location fallback) const {
  if (loc.line == 0 || loc.line > locations.size())
    return fallback;
  return locations[loc.line - 1];
}

FailureOr<ExportedGrammar> exportGrammar(GrammarOp op, size_t maxNodes) {
  Exporter ex(op, maxNodes);
  if (failed(ex.run()))
    return failure();
  return std::move(ex.result);
}

FailureOr<ExportedGrammar> exportExpression(Value expr, size_t maxNodes) {
  Exporter ex(GrammarOp(), maxNodes);
  if (failed(ex.runExpression(expr)))
    return failure();
  return std::move(ex.result);
}

} // namespace gram
} // namespace decc
