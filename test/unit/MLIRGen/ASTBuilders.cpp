//===- ASTBuilders.cpp - Terse construction of checked ASTs for tests -----===//
#include "ASTBuilders.h"

namespace decc::test {
using namespace ast;

static ScalarType typeOf(const ExprPtr &e) { return e->type; }

ExprPtr num(double v, ScalarType t, SourceLoc loc) {
  auto e = std::make_unique<Expr>(Expr::Kind::Number, loc);
  e->number = v;
  e->isIntLiteral = t == ScalarType::I32;
  e->type = t;
  return e;
}

ExprPtr ref(const Param &p, SourceLoc loc) {
  auto e = std::make_unique<Expr>(Expr::Kind::ParamRef, loc);
  e->name = p.name;
  e->param = &p;
  e->type = p.type;
  return e;
}

ExprPtr feature(Feature f, SourceLoc loc) {
  auto e = std::make_unique<Expr>(Expr::Kind::Feature, loc);
  e->feature = f;
  e->type = f == Feature::Entropy || f == Feature::MaxProb ? ScalarType::F32
                                                           : ScalarType::I32;
  return e;
}

ExprPtr neg(ExprPtr x) {
  auto e = std::make_unique<Expr>(Expr::Kind::Unary, x->loc);
  e->type = typeOf(x);
  e->operands.push_back(std::move(x));
  return e;
}

ExprPtr bin(BinaryOp op, ExprPtr a, ExprPtr b) {
  auto e = std::make_unique<Expr>(Expr::Kind::Binary, a->loc);
  e->binaryOp = op;
  e->type = typeOf(a);
  e->operands.push_back(std::move(a));
  e->operands.push_back(std::move(b));
  return e;
}

ExprPtr call(Builtin f, std::vector<ExprPtr> args) {
  auto e = std::make_unique<Expr>(Expr::Kind::Call, args.front()->loc);
  e->builtin = f;
  e->type = typeOf(args.front());
  e->operands = std::move(args);
  return e;
}

ExprPtr toF32(ExprPtr x) {
  auto e = std::make_unique<Expr>(Expr::Kind::Cast, x->loc);
  e->type = ScalarType::F32;
  e->operands.push_back(std::move(x));
  return e;
}

Param &addParam(Strategy &s, const char *name, ScalarType t, double def,
                double lo, double hi) {
  auto p = std::make_unique<Param>();
  p->name = name;
  p->loc = {1, static_cast<uint32_t>(10 + 5 * s.params.size())};
  p->type = t;
  p->defaultValue = def;
  p->minValue = lo;
  p->maxValue = hi;
  p->used = true;
  s.params.push_back(std::move(p));
  return *s.params.back();
}

LogitsOp &addOp(Strategy &s, LogitsOpKind kind, ExprPtr arg, int64_t window,
                SourceLoc loc) {
  LogitsOp &op = s.logits.emplace_back();
  op.kind = kind;
  op.loc = loc;
  op.window = window;
  if (arg)
    op.args.push_back(std::move(arg));
  return op;
}

Strategy &addStrategy(Module &m, const char *name, Selection sel) {
  Strategy &s = m.strategies.emplace_back();
  s.name = name;
  s.loc = {1, 1};
  s.selection = sel;
  s.selectionLoc = {9, 3};
  return s;
}

} // namespace decc::test
