//===- ExprSema.cpp -------------------------------------------------------===//

#include "ExprSema.h"

#include "Format.h"
#include "Suggest.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace decc::fe {

using ast::Builtin;
using ast::Expr;
using ast::ExprPtr;
using ast::Feature;
using ast::ScalarType;

static const struct {
  const char *name;
  Feature feature;
  ScalarType type;
} kFeatures[] = {
    {"entropy", Feature::Entropy, ScalarType::F32},
    {"max_prob", Feature::MaxProb, ScalarType::F32},
    {"step", Feature::Step, ScalarType::I32},
    {"vocab", Feature::Vocab, ScalarType::I32},
    {"history_len", Feature::HistoryLen, ScalarType::I32},
};

static const struct {
  const char *name;
  Builtin builtin;
  unsigned arity;
} kBuiltins[] = {
    {"log", Builtin::Log, 1}, {"exp", Builtin::Exp, 1}, {"sqrt", Builtin::Sqrt, 1},
    {"abs", Builtin::Abs, 1}, {"min", Builtin::Min, 2}, {"max", Builtin::Max, 2},
    {"clamp", Builtin::Clamp, 3},
};

std::optional<Feature> featureByName(const std::string &name) {
  for (const auto &f : kFeatures)
    if (name == f.name)
      return f.feature;
  return std::nullopt;
}

std::vector<std::string> featureNames() {
  std::vector<std::string> names;
  for (const auto &f : kFeatures)
    names.push_back(f.name);
  return names;
}

static ScalarType featureType(Feature feature) {
  for (const auto &f : kFeatures)
    if (f.feature == feature)
      return f.type;
  return ScalarType::F32;
}

void ExprChecker::promoteToF32(ExprPtr &e) {
  if (e->type == ScalarType::F32)
    return;
  auto cast = std::make_unique<Expr>(Expr::Kind::Cast, e->loc);
  cast->type = ScalarType::F32;
  cast->operands.push_back(std::move(e));
  e = std::move(cast);
}

ExprValue ExprChecker::fail() { return {}; }

bool ExprChecker::fitsI32(double v, const Expr &e, const std::string &what) {
  if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max())
    return true;
  diags_.error(e.loc, "integer overflow: " + what + " = " + formatNumber(v) +
                          " does not fit in i32");
  return false;
}

ExprValue ExprChecker::check(ExprPtr &e, const ExprEnv &env) {
  switch (e->kind) {
  case Expr::Kind::Number:
    e->type = e->isIntLiteral ? ScalarType::I32 : ScalarType::F32;
    return {true, e->number};
  case Expr::Kind::ParamRef:
  case Expr::Kind::Feature:
    return name(*e, env);
  case Expr::Kind::Unary:
    return unary(e, env);
  case Expr::Kind::Binary:
    return binary(e, env);
  case Expr::Kind::Call:
    return call(e, env);
  case Expr::Kind::Cast: {
    ExprValue v = check(e->operands[0], env);
    e->type = ScalarType::F32;
    return v;
  }
  }
  return fail();
}

ExprValue ExprChecker::name(Expr &e, const ExprEnv &env) {
  if (env.params)
    for (const auto &p : *env.params) {
      if (p->name != e.name)
        continue;
      if (!env.runtime) {
        diags_.error(e.loc, "'" + e.name + "' is a parameter, but " + env.constantUse +
                                " must be a constant");
        return fail();
      }
      e.kind = Expr::Kind::ParamRef;
      e.param = p.get();
      e.type = p->type;
      p->used = true;
      return {true, std::nullopt};
    }
  if (std::optional<Feature> f = featureByName(e.name)) {
    if (!env.runtime) {
      diags_.error(e.loc, "feature '" + e.name +
                              "' can only be used in arguments of logits operators, not in " +
                              env.constantUse);
      return fail();
    }
    e.kind = Expr::Kind::Feature;
    e.feature = *f;
    e.type = featureType(*f);
    return {true, std::nullopt};
  }
  std::vector<std::string> candidates;
  if (env.params)
    for (const auto &p : *env.params)
      candidates.push_back(p->name);
  for (const std::string &f : featureNames())
    candidates.push_back(f);
  diags_.error(e.loc, "unknown identifier '" + e.name + "'" + didYouMean(e.name, candidates));
  return fail();
}

ExprValue ExprChecker::unary(ExprPtr &e, const ExprEnv &env) {
  ExprValue v = check(e->operands[0], env);
  if (!v.ok)
    return v;
  e->type = e->operands[0]->type;
  if (!v.constant)
    return v;
  double r = -*v.constant;
  if (e->type == ScalarType::I32 && !fitsI32(r, *e, "-(" + formatNumber(*v.constant) + ")"))
    return fail();
  return {true, r};
}

static const char *spelling(ast::BinaryOp op) {
  switch (op) {
  case ast::BinaryOp::Add:
    return "+";
  case ast::BinaryOp::Sub:
    return "-";
  case ast::BinaryOp::Mul:
    return "*";
  case ast::BinaryOp::Div:
    return "/";
  }
  return "?";
}

ExprValue ExprChecker::binary(ExprPtr &e, const ExprEnv &env) {
  ExprValue l = check(e->operands[0], env);
  ExprValue r = check(e->operands[1], env);
  if (!l.ok || !r.ok)
    return fail();
  bool integer = e->operands[0]->type == ScalarType::I32 && e->operands[1]->type == ScalarType::I32;
  if (!integer) {
    promoteToF32(e->operands[0]);
    promoteToF32(e->operands[1]);
  }
  e->type = integer ? ScalarType::I32 : ScalarType::F32;

  if (e->binaryOp == ast::BinaryOp::Div && r.constant && *r.constant == 0) {
    diags_.error(e->loc, "division by zero");
    return fail();
  }
  if (!l.constant || !r.constant)
    return {true, std::nullopt};

  double a = *l.constant, b = *r.constant, result = 0;
  switch (e->binaryOp) {
  case ast::BinaryOp::Add:
    result = a + b;
    break;
  case ast::BinaryOp::Sub:
    result = a - b;
    break;
  case ast::BinaryOp::Mul:
    result = a * b;
    break;
  case ast::BinaryOp::Div:
    result = integer ? std::trunc(a / b) : a / b;
    if (integer && result * b != a)
      diags_.warning(e->loc, "integer division " + formatNumber(a) + " / " + formatNumber(b) +
                                 " truncates to " + formatNumber(result) + "; write " +
                                 formatNumber(a) + ".0 / " + formatNumber(b) +
                                 " for real division");
    break;
  }
  std::string what = formatNumber(a) + " " + spelling(e->binaryOp) + " " + formatNumber(b);
  if (integer && !fitsI32(result, *e, what))
    return fail();
  if (std::isnan(result)) {
    diags_.error(e->loc, "constant expression " + what + " is not a number");
    return fail();
  }
  return {true, result};
}

ExprValue ExprChecker::call(ExprPtr &e, const ExprEnv &env) {
  const auto *builtin = std::find_if(std::begin(kBuiltins), std::end(kBuiltins),
                                     [&](const auto &b) { return e->name == b.name; });
  if (builtin == std::end(kBuiltins)) {
    bool isValueName = featureByName(e->name).has_value();
    if (env.params)
      for (const auto &p : *env.params)
        isValueName |= p->name == e->name;
    if (isValueName) {
      diags_.error(e->loc, "'" + e->name + "' is not a function");
      return fail();
    }
    std::vector<std::string> names;
    for (const auto &b : kBuiltins)
      names.push_back(b.name);
    diags_.error(e->loc, "unknown function '" + e->name + "'" + didYouMean(e->name, names));
    return fail();
  }
  e->builtin = builtin->builtin;
  if (e->operands.size() != builtin->arity) {
    diags_.error(e->loc, std::string(builtin->name) + " expects " +
                             std::to_string(builtin->arity) +
                             (builtin->arity == 1 ? " argument" : " arguments") + ", got " +
                             std::to_string(e->operands.size()));
    return fail();
  }

  std::vector<std::optional<double>> args;
  bool ok = true, allI32 = true;
  for (ExprPtr &operand : e->operands) {
    ExprValue v = check(operand, env);
    ok &= v.ok;
    args.push_back(v.constant);
    allI32 &= operand->type == ScalarType::I32;
  }
  if (!ok)
    return fail();

  // log/exp/sqrt are real functions; abs/min/max/clamp keep integers integral.
  bool realOnly = e->builtin == Builtin::Log || e->builtin == Builtin::Exp ||
                  e->builtin == Builtin::Sqrt;
  e->type = allI32 && !realOnly ? ScalarType::I32 : ScalarType::F32;
  if (e->type == ScalarType::F32)
    for (ExprPtr &operand : e->operands)
      promoteToF32(operand);

  std::optional<double> x = args[0];
  if (e->builtin == Builtin::Log && x && !(*x > 0)) {
    diags_.error(e->loc, "log of a non-positive value (" + formatNumber(*x) + ")");
    return fail();
  }
  if (e->builtin == Builtin::Sqrt && x && !(*x >= 0)) {
    diags_.error(e->loc, "sqrt of a negative value (" + formatNumber(*x) + ")");
    return fail();
  }
  if (e->builtin == Builtin::Clamp && args[1] && args[2] && !(*args[1] <= *args[2])) {
    diags_.error(e->loc, "clamp lower bound " + formatNumber(*args[1]) +
                             " is greater than its upper bound " + formatNumber(*args[2]));
    return fail();
  }
  for (const auto &a : args)
    if (!a)
      return {true, std::nullopt};

  double result = 0;
  switch (e->builtin) {
  case Builtin::Log:
    result = std::log(*x);
    break;
  case Builtin::Exp:
    result = std::exp(*x);
    break;
  case Builtin::Sqrt:
    result = std::sqrt(*x);
    break;
  case Builtin::Abs:
    result = std::fabs(*x);
    break;
  case Builtin::Min:
    result = std::min(*x, *args[1]);
    break;
  case Builtin::Max:
    result = std::max(*x, *args[1]);
    break;
  case Builtin::Clamp:
    result = std::min(std::max(*x, *args[1]), *args[2]);
    break;
  }
  if (e->type == ScalarType::I32 && !fitsI32(result, *e, e->name + "(...)"))
    return fail();
  return {true, result};
}

} // namespace decc::fe
