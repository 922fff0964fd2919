//===- Import.cpp - Runtime grammar IR -> `gram` dialect -----------------===//
#include "decc/Conversion/GrammarToGram/GrammarToGram.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace decc {
namespace gram {
namespace {

class Importer {
public:
  Importer(OpBuilder &b, Location fallback, StringRef sourceName)
      : b_(b), fallback_(fallback), source_(b.getStringAttr(sourceName)),
        expr_(ExprType::get(b.getContext())) {}

  Location loc(grammar::Loc l) const {
    if (l.line == 0)
      return fallback_;
    return FileLineColLoc::get(source_, l.line, l.col);
  }

  FailureOr<Value> build(const grammar::Grammar &g, const grammar::Expr &e,
                         uint32_t depth);

private:
  OpBuilder &b_;
  Location fallback_;
  StringAttr source_;
  Type expr_;
};

FailureOr<Value> Importer::build(const grammar::Grammar &g, const grammar::Expr &e,
                                 uint32_t depth) {
  Location l = loc(e.loc);
  // The same bound compile() applies: deeper input is refused, not recursed.
  uint32_t maxNesting = grammar::Limits().maxNesting;
  if (depth > maxNesting) {
    emitError(l) << "expression nested deeper than the limit of " << maxNesting;
    return failure();
  }
  auto items = [&]() -> FailureOr<SmallVector<Value>> {
    SmallVector<Value> vs;
    for (const grammar::Expr &c : e.items) {
      FailureOr<Value> v = build(g, c, depth + 1);
      if (failed(v))
        return failure();
      vs.push_back(*v);
    }
    return vs;
  };
  switch (e.kind) {
  case grammar::Expr::Kind::Literal:
    return b_.create<LiteralOp>(l, expr_, b_.getStringAttr(e.bytes)).getResult();
  case grammar::Expr::Kind::Class: {
    if (e.ranges.empty() && !e.negated)
      return b_.create<AltOp>(l, expr_, ValueRange()).getResult();
    SmallVector<int32_t> flat;
    for (const grammar::CodepointRange &r : e.ranges) {
      if (r.lo > r.hi || r.hi > uint32_t(kMaxCodePoint)) {
        emitError(l) << "class range " << r.lo << " to " << r.hi
                     << " is not a range of code points";
        return failure();
      }
      flat.append({int32_t(r.lo), int32_t(r.hi)});
    }
    return b_.create<ClassOp>(l, expr_, b_.getDenseI32ArrayAttr(flat), e.negated)
        .getResult();
  }
  case grammar::Expr::Kind::Ref:
    if (e.rule >= g.rules.size()) {
      emitError(l) << "reference to rule #" << e.rule << " which does not exist";
      return failure();
    }
    return b_.create<RefOp>(l, expr_, g.rules[e.rule].name).getResult();
  case grammar::Expr::Kind::Seq:
  case grammar::Expr::Kind::Alt: {
    FailureOr<SmallVector<Value>> vs = items();
    if (failed(vs))
      return failure();
    if (e.kind == grammar::Expr::Kind::Seq)
      return b_.create<SeqOp>(l, expr_, *vs).getResult();
    return b_.create<AltOp>(l, expr_, *vs).getResult();
  }
  case grammar::Expr::Kind::Repeat: {
    if (e.items.size() != 1) {
      emitError(l) << "repetition needs exactly one operand";
      return failure();
    }
    if (e.max != grammar::kUnbounded && e.max < e.min) {
      emitError(l) << "repetition {" << e.min << "," << e.max
                   << "} has a maximum below its minimum";
      return failure();
    }
    FailureOr<Value> item = build(g, e.items[0], depth + 1);
    if (failed(item))
      return failure();
    IntegerAttr max = e.max == grammar::kUnbounded ? IntegerAttr()
                                                   : b_.getI64IntegerAttr(e.max);
    return b_.create<RepeatOp>(l, expr_, *item, b_.getI64IntegerAttr(e.min), max)
        .getResult();
  }
  }
  emitError(l) << "unknown expression kind";
  return failure();
}

} // namespace

FailureOr<GrammarOp> importGrammar(OpBuilder &builder, Location fallback,
                                   StringRef name, const grammar::Grammar &g,
                                   StringRef sourceName) {
  Importer im(builder, fallback, sourceName);
  bool ok = true;
  for (const grammar::Rule &r : g.rules)
    if (!r.defined) {
      emitError(im.loc(r.firstUse)) << "undefined rule '" << r.name << "'";
      ok = false;
    }
  if (g.root >= g.rules.size() || !g.rules[g.root].defined) {
    emitError(fallback) << "the grammar has no root rule";
    ok = false;
  }
  if (!ok)
    return failure();

  OpBuilder::InsertionGuard guard(builder);
  auto grammarOp = builder.create<GrammarOp>(fallback, name, g.rules[g.root].name);
  for (const grammar::Rule &r : g.rules) {
    builder.setInsertionPointToEnd(&grammarOp.getBodyBlock());
    auto rule = builder.create<RuleOp>(im.loc(r.loc), r.name, r.lexeme);
    builder.setInsertionPointToEnd(&rule.getBodyBlock());
    FailureOr<Value> rhs = im.build(g, r.body, 0);
    if (failed(rhs)) {
      grammarOp.erase();
      return failure();
    }
    builder.create<YieldOp>(im.loc(r.loc), *rhs);
  }
  return grammarOp;
}

} // namespace gram
} // namespace decc
