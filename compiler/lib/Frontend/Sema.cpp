//===- Sema.cpp - Strategy-level semantic checks --------------------------===//

#include "Sema.h"

#include "ExprSema.h"
#include "Format.h"
#include "GrammarSema.h"
#include "OpTable.h"
#include "Suggest.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace decc::fe {

using ast::ExprPtr;
using ast::ScalarType;
using ast::SourceLoc;

namespace {

std::string plural(size_t n, const char *word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class StrategyChecker {
public:
  StrategyChecker(ParsedStrategy &parsed, DiagnosticEngine &diags)
      : p_(parsed), s_(parsed.ast), diags_(diags), exprs_(diags) {}

  ast::Strategy run() {
    params();
    logits();
    selection();
    stop();
    greedyWarnings();
    for (const auto &param : s_.params)
      if (!param->used)
        diags_.warning(param->loc, "parameter '" + param->name + "' is never used");
    return std::move(s_);
  }

private:
  ExprEnv constant(const char *use) const { return {&s_.params, false, use}; }

  /// Folds a compile-time constant of type i32; nullopt after an error.
  std::optional<int64_t> constantInt(ExprPtr &e, const char *use) {
    ExprValue v = exprs_.check(e, constant(use));
    if (!v.ok || !v.constant)
      return std::nullopt;
    if (e->type != ScalarType::I32) {
      diags_.error(e->loc, std::string(use) + " must be an integer, got f32 value " +
                               formatNumber(*v.constant));
      return std::nullopt;
    }
    return static_cast<int64_t>(*v.constant);
  }

  // ---- parameters ----------------------------------------------------------

  void params() {
    std::map<std::string, const ast::Param *> seen;
    for (size_t i = 0; i < s_.params.size(); ++i) {
      ast::Param &param = *s_.params[i];
      ParsedParam &pp = p_.params[i];
      auto [it, inserted] = seen.emplace(param.name, &param);
      if (!inserted) {
        diags_.error(param.loc, "duplicate parameter '" + param.name + "'");
        diags_.note(it->second->loc, "previous definition is here");
      }
      if (featureByName(param.name))
        diags_.error(param.loc, "parameter '" + param.name +
                                    "' shadows the feature of the same name; rename it");
      if (pp.typeName == "f32") {
        param.type = ScalarType::F32;
      } else if (pp.typeName == "i32") {
        param.type = ScalarType::I32;
      } else {
        diags_.error(pp.typeLoc, "unknown type '" + pp.typeName + "'; expected f32 or i32");
        continue;
      }
      paramRange(param, pp);
      paramDefault(param, pp);
    }
  }

  void paramRange(ast::Param &param, ParsedParam &pp) {
    if (!pp.lo)
      return;
    std::optional<double> bounds[2];
    ExprPtr *exprs[2] = {&pp.lo, &pp.hi};
    for (int i = 0; i < 2; ++i) {
      if (!*exprs[i])
        return;
      ExprValue v = exprs_.check(*exprs[i], constant("a parameter range"));
      if (!v.ok || !v.constant)
        return;
      if (param.type == ScalarType::I32 && std::isfinite(*v.constant) &&
          *v.constant != std::trunc(*v.constant)) {
        diags_.error((*exprs[i])->loc, "bound " + formatNumber(*v.constant) +
                                           " of i32 parameter '" + param.name +
                                           "' must be an integer or inf");
        return;
      }
      bounds[i] = v.constant;
    }
    if (!(*bounds[0] <= *bounds[1])) {
      diags_.error(pp.lo->loc, "empty range [" + formatNumber(*bounds[0]) + ", " +
                                   formatNumber(*bounds[1]) + "] for parameter '" + param.name +
                                   "'");
      return;
    }
    param.minValue = *bounds[0];
    param.maxValue = *bounds[1];
  }

  void paramDefault(ast::Param &param, ParsedParam &pp) {
    if (!pp.defaultExpr)
      return;
    ExprValue v = exprs_.check(pp.defaultExpr, constant("a parameter default"));
    if (!v.ok || !v.constant)
      return;
    SourceLoc l = pp.defaultExpr->loc;
    if (param.type == ScalarType::I32 && pp.defaultExpr->type != ScalarType::I32) {
      diags_.error(l, "default value of i32 parameter '" + param.name +
                          "' must be an integer, got f32 value " + formatNumber(*v.constant));
      return;
    }
    if (param.type == ScalarType::F32 && std::isnan(*v.constant)) {
      diags_.error(l, "default value of parameter '" + param.name + "' is not a number");
      return;
    }
    param.defaultValue = *v.constant;
    if (!(param.defaultValue >= param.minValue && param.defaultValue <= param.maxValue))
      diags_.error(l, "default value " + formatNumber(param.defaultValue) + " of parameter '" +
                          param.name + "' is outside its range [" +
                          formatNumber(param.minValue) + ", " + formatNumber(param.maxValue) +
                          "]");
  }

  /// A parameter passed directly where a domain applies: narrow its range so
  /// that load-time overrides are checked against the domain too.
  void narrow(const ast::Param *ref, const Domain &domain, SourceLoc use,
              const std::string &user) {
    auto it = std::find_if(s_.params.begin(), s_.params.end(),
                           [&](const auto &p) { return p.get() == ref; });
    if (it == s_.params.end())
      return;
    ast::Param &param = **it;
    if (!domain.contains(param.defaultValue)) {
      diags_.error(use, "default value " + formatNumber(param.defaultValue) + " of parameter '" +
                            param.name + "' is outside the domain of " + user + " (" +
                            domain.describe() + ")");
      diags_.note(param.loc, "parameter '" + param.name + "' is declared here");
      return;
    }
    param.minValue = std::max(param.minValue, domain.inclusiveLo(param.type));
    param.maxValue = std::min(param.maxValue, domain.inclusiveHi(param.type));
  }

  // ---- logits --------------------------------------------------------------

  void logits() {
    for (size_t i = 1; i < p_.logitsBlocks.size(); ++i) {
      diags_.error(p_.logitsBlocks[i], "strategy '" + s_.name +
                                           "' has more than one logits block; merge them");
      diags_.note(p_.logitsBlocks[0], "first logits block is here");
    }
    for (size_t i = 0; i < s_.logits.size(); ++i)
      logitsOp(s_.logits[i], p_.ops[i]);
  }

  void logitsOp(ast::LogitsOp &op, ParsedOp &pop) {
    const OpSpec *spec = findOp(op.name);
    if (!spec) {
      diags_.error(op.loc, "unknown logits operator '" + op.name + "'" +
                               didYouMean(op.name, opNames()));
      return;
    }
    op.kind = spec->kind;
    if (spec->takesBiasMap) {
      logitBias(op, pop);
      return;
    }
    if (!pop.biasMaps.empty()) {
      diags_.error(pop.biasMaps[0], op.name + " does not take a {token: bias} map");
      return;
    }

    // Arguments that did bind are still checked after a binding error, so
    // that one run reports every problem of the operator.
    std::vector<ast::Arg *> slots(spec->args.size(), nullptr);
    bindArgs(op, *spec, slots);
    for (size_t i = 0; i < slots.size(); ++i) {
      const ArgSpec &arg = spec->args[i];
      if (!slots[i])
        continue; // optional and absent; window defaults to 0 (whole history)
      if (arg.constantOnly)
        windowArg(op, arg, *slots[i]);
      else
        valueArg(op, arg, *slots[i]);
    }
  }

  /// Matches written arguments to the operator's signature.
  void bindArgs(ast::LogitsOp &op, const OpSpec &spec, std::vector<ast::Arg *> &slots) {
    size_t required = std::count_if(spec.args.begin(), spec.args.end(),
                                    [](const ArgSpec &a) { return a.required; });
    std::string arity = required == spec.args.size()
                            ? plural(required, "argument")
                            : std::to_string(required) + " to " + plural(spec.args.size(), "argument");
    size_t positional = 0;
    bool sawKeyword = false, ok = true;
    for (ast::Arg &arg : op.rawArgs) {
      if (arg.name.empty()) {
        if (sawKeyword) {
          diags_.error(arg.loc, "positional argument after a keyword argument");
          ok = false;
        } else if (positional >= spec.args.size()) {
          diags_.error(arg.loc, op.name + " expects " + arity + ", got " +
                                    std::to_string(op.rawArgs.size()));
          return;
        } else {
          slots[positional++] = &arg;
        }
        continue;
      }
      sawKeyword = true;
      auto it = std::find_if(spec.args.begin(), spec.args.end(),
                             [&](const ArgSpec &a) { return arg.name == a.name; });
      if (it == spec.args.end()) {
        std::vector<std::string> names;
        for (const ArgSpec &a : spec.args)
          names.push_back(a.name);
        diags_.error(arg.loc, op.name + " has no argument named '" + arg.name + "'" +
                                  didYouMean(arg.name, names));
        ok = false;
        continue;
      }
      ast::Arg *&slot = slots[it - spec.args.begin()];
      if (slot) {
        diags_.error(arg.loc, "duplicate argument '" + arg.name + "' to " + op.name);
        diags_.note(slot->loc, "previous value is here");
        ok = false;
        continue;
      }
      slot = &arg;
    }
    for (size_t i = 0; ok && i < spec.args.size(); ++i)
      if (spec.args[i].required && !slots[i]) {
        diags_.error(op.loc, op.name + " expects " + arity + ", got " +
                                 std::to_string(op.rawArgs.size()) + " (missing '" +
                                 spec.args[i].name + "')");
        ok = false;
      }
  }

  void valueArg(ast::LogitsOp &op, const ArgSpec &spec, ast::Arg &arg) {
    ExprValue v = exprs_.check(arg.value, {&s_.params, true, "an operator argument"});
    if (!v.ok)
      return;
    if (spec.type == ScalarType::I32 && arg.value->type != ScalarType::I32) {
      diags_.error(arg.loc, op.name + " expects an i32 value, got f32");
      return;
    }
    if (v.constant && !spec.domain.contains(*v.constant)) {
      std::string domain = spec.domain.describe();
      diags_.error(arg.loc, op.name + " expects " +
                                (domain == "finite" ? "a finite value" : "a value " + domain) +
                                ", got " + formatNumber(*v.constant));
      return;
    }
    if (arg.value->kind == ast::Expr::Kind::ParamRef)
      narrow(arg.value->param, spec.domain, arg.loc, op.name);
    if (spec.type == ScalarType::F32)
      ExprChecker::promoteToF32(arg.value);
    op.args.push_back(std::move(arg.value));
  }

  void windowArg(ast::LogitsOp &op, const ArgSpec &spec, ast::Arg &arg) {
    std::optional<int64_t> v = constantInt(arg.value, "window");
    if (!v)
      return;
    if (!spec.domain.contains(static_cast<double>(*v))) {
      diags_.error(arg.loc, op.name + " expects " + spec.name + " " + spec.domain.describe() +
                                ", got " + std::to_string(*v));
      return;
    }
    op.window = *v;
  }

  void logitBias(ast::LogitsOp &op, ParsedOp &pop) {
    if (!op.rawArgs.empty()) {
      diags_.error(op.rawArgs[0].loc, "logit_bias takes only a {token: bias} map, e.g. "
                                      "logit_bias({15339: 2.5, 220: -inf})");
      return;
    }
    if (pop.biasMaps.size() != 1) {
      diags_.error(pop.biasMaps.empty() ? op.loc : pop.biasMaps[1],
                   "logit_bias expects exactly one {token: bias} map");
      return;
    }
    if (pop.biases.empty())
      diags_.warning(pop.biasMaps[0], "empty logit_bias map has no effect");
    std::map<int64_t, SourceLoc> seen;
    for (ParsedBiasEntry &entry : pop.biases) {
      std::optional<int64_t> token = constantInt(entry.token, "a logit_bias token");
      ExprValue bias = exprs_.check(entry.bias, constant("a logit_bias value"));
      if (!token || !bias.ok || !bias.constant)
        continue;
      if (*token < 0) {
        diags_.error(entry.token->loc, "logit_bias token must be >= 0, got " +
                                           std::to_string(*token));
        continue;
      }
      double b = *bias.constant;
      if (std::isnan(b) || b == std::numeric_limits<double>::infinity()) {
        diags_.error(entry.bias->loc,
                     "logit_bias value must be finite or -inf, got " + formatNumber(b));
        continue;
      }
      auto [it, inserted] = seen.emplace(*token, entry.loc);
      if (!inserted) {
        diags_.error(entry.loc, "duplicate logit_bias token " + std::to_string(*token));
        diags_.note(it->second, "previous entry is here");
        continue;
      }
      op.biases.push_back({*token, b, entry.loc});
    }
  }

  // ---- selection and stop --------------------------------------------------

  void selection() {
    if (p_.selections.empty()) {
      diags_.error(s_.loc, "strategy '" + s_.name + "' has no selection; add 'sample' or 'greedy'");
      return;
    }
    s_.selection = p_.selections[0].first;
    s_.selectionLoc = p_.selections[0].second;
    for (size_t i = 1; i < p_.selections.size(); ++i) {
      diags_.error(p_.selections[i].second,
                   "strategy '" + s_.name + "' has more than one selection");
      diags_.note(s_.selectionLoc, "first selection is here");
    }
  }

  void greedyWarnings() {
    if (s_.selection != ast::Selection::Greedy)
      return;
    for (const ast::LogitsOp &op : s_.logits) {
      const OpSpec *spec = findOp(op.name);
      if (spec && spec->noEffectUnderGreedy)
        diags_.warning(op.loc, op.name + " has no effect before greedy selection");
    }
  }

  void stop() {
    if (p_.stops.empty())
      return;
    for (size_t i = 1; i < p_.stops.size(); ++i) {
      diags_.error(p_.stops[i].loc,
                   "strategy '" + s_.name + "' has more than one stop statement; merge them");
      diags_.note(p_.stops[0].loc, "first stop statement is here");
    }
    ParsedStop &ps = p_.stops[0];
    s_.stop.loc = ps.loc;
    std::map<std::string, SourceLoc> seen;
    for (ParsedStopItem &item : ps.items) {
      auto [it, inserted] = seen.emplace(item.name, item.loc);
      if (!inserted) {
        diags_.error(item.loc, "duplicate stop condition '" + item.name + "'");
        diags_.note(it->second, "previous one is here");
        continue;
      }
      if (item.name == "eos")
        stopEos(item);
      else if (item.name == "max_tokens")
        stopMaxTokens(item);
      else if (item.name == "tokens")
        stopTokens(item);
      else
        diags_.error(item.loc, "unknown stop condition '" + item.name + "'" +
                                   didYouMean(item.name, {"eos", "max_tokens", "tokens"}) +
                                   " (expected eos, max_tokens = N or tokens = [...])");
    }
  }

  void stopEos(ParsedStopItem &item) {
    if (item.value || item.hasList) {
      diags_.error(item.valueLoc, "eos takes no value");
      return;
    }
    s_.stop.eos = true;
  }

  void stopMaxTokens(ParsedStopItem &item) {
    if (!item.value) {
      diags_.error(item.hasList ? item.valueLoc : item.loc,
                   "max_tokens expects a value, e.g. max_tokens = 512");
      return;
    }
    s_.stop.maxTokensLoc = item.valueLoc;
    ast::Expr &e = *item.value;
    if (e.kind == ast::Expr::Kind::ParamRef && !featureByName(e.name)) {
      auto it = std::find_if(s_.params.begin(), s_.params.end(),
                             [&](const auto &p) { return p->name == e.name; });
      if (it == s_.params.end()) {
        std::vector<std::string> names;
        for (const auto &p : s_.params)
          names.push_back(p->name);
        diags_.error(e.loc, "unknown parameter '" + e.name + "' in max_tokens" +
                                didYouMean(e.name, names));
        return;
      }
      ast::Param &param = **it;
      param.used = true;
      if (param.type != ScalarType::I32) {
        diags_.error(e.loc, "max_tokens must be an i32 parameter, but '" + param.name +
                                "' is f32");
        return;
      }
      s_.stop.maxTokensParam = &param;
      s_.stop.maxTokensParamName = param.name;
      narrow(&param, Domain{1, std::numeric_limits<double>::infinity(), false, true}, e.loc,
             "max_tokens");
      return;
    }
    std::optional<int64_t> v = constantInt(item.value, "max_tokens");
    if (!v)
      return;
    if (*v < 1) {
      diags_.error(item.valueLoc, "max_tokens must be >= 1, got " + std::to_string(*v));
      return;
    }
    s_.stop.maxTokens = *v;
  }

  void stopTokens(ParsedStopItem &item) {
    if (!item.hasList) {
      diags_.error(item.value ? item.valueLoc : item.loc,
                   "tokens expects a list of token ids, e.g. tokens = [13, 198]");
      return;
    }
    s_.stop.tokensLoc = item.valueLoc;
    std::set<int64_t> seen;
    for (ExprPtr &e : item.list) {
      std::optional<int64_t> token = constantInt(e, "a stop token");
      if (!token)
        continue;
      if (*token < 0) {
        diags_.error(e->loc, "stop token must be >= 0, got " + std::to_string(*token));
        continue;
      }
      if (!seen.insert(*token).second) {
        diags_.warning(e->loc, "duplicate stop token " + std::to_string(*token));
        continue;
      }
      s_.stop.tokens.push_back(*token);
    }
  }

  ParsedStrategy &p_;
  ast::Strategy &s_;
  DiagnosticEngine &diags_;
  ExprChecker exprs_;
};

} // namespace

std::unique_ptr<ast::Module> checkModule(const std::string &fileName,
                                         ParsedProgram program,
                                         DiagnosticEngine &diags) {
  auto module = std::make_unique<ast::Module>();
  module->fileName = fileName;
  std::set<std::string> grammars = checkGrammars(program.grammars, *module, diags);
  std::vector<ParsedStrategy> &strategies = program.strategies;
  if (strategies.empty())
    diags.error({}, "no strategy is defined (a program needs at least one "
                    "'strategy name { ... }')");
  std::map<std::string, SourceLoc> seen;
  for (ParsedStrategy &parsed : strategies) {
    auto [it, inserted] = seen.emplace(parsed.ast.name, parsed.ast.loc);
    if (!inserted) {
      diags.error(parsed.ast.loc, "duplicate strategy '" + parsed.ast.name + "'");
      diags.note(it->second, "previous definition is here");
    }
    module->strategies.push_back(StrategyChecker(parsed, diags).run());
    checkConstrain(parsed.constrains, grammars, *module, module->strategies.back(), diags);
  }
  checkGrammarStrategyNames(*module, diags);
  warnUnusedGrammars(*module, diags);
  return module;
}

} // namespace decc::fe
