//===- AST.cpp - Names and the deterministic dump of the AST --------------===//
//
// Dump format (one node per line, two spaces per level, locations last):
//
//   module "file.dec"
//   grammar Person json_schema "schemas/person.json" @1:1
//   strategy chat @3:1
//     param temperature: f32 = 0.7 in [0, inf] @3:15
//     logits
//       op temperature @5:5
//         binary * : f32 @5:29
//           ...
//       op logit_bias @6:5
//         bias 15339 = 2.5 @6:17
//     constrain Person @11:3
//     select sample @12:3
//     stop eos max_tokens=512 tokens=[13, 198] @13:3
//
//===----------------------------------------------------------------------===//

#include "decc/AST/AST.h"

#include "Format.h"

#include <sstream>

namespace decc::ast {

using fe::formatLoc;
using fe::formatNumber;

const char *scalarTypeName(ScalarType t) {
  switch (t) {
  case ScalarType::F32:
    return "f32";
  case ScalarType::I32:
    return "i32";
  }
  return "?";
}

const char *featureName(Feature f) {
  switch (f) {
  case Feature::Entropy:
    return "entropy";
  case Feature::MaxProb:
    return "max_prob";
  case Feature::Step:
    return "step";
  case Feature::Vocab:
    return "vocab";
  case Feature::HistoryLen:
    return "history_len";
  }
  return "?";
}

const char *logitsOpName(LogitsOpKind k) {
  switch (k) {
  case LogitsOpKind::RepetitionPenalty:
    return "repetition_penalty";
  case LogitsOpKind::PresencePenalty:
    return "presence_penalty";
  case LogitsOpKind::FrequencyPenalty:
    return "frequency_penalty";
  case LogitsOpKind::LogitBias:
    return "logit_bias";
  case LogitsOpKind::Temperature:
    return "temperature";
  case LogitsOpKind::TopK:
    return "top_k";
  case LogitsOpKind::TopP:
    return "top_p";
  case LogitsOpKind::MinP:
    return "min_p";
  case LogitsOpKind::TypicalP:
    return "typical_p";
  }
  return "?";
}

const char *grammarKindName(GrammarKind k) {
  switch (k) {
  case GrammarKind::Gbnf:
    return "gbnf";
  case GrammarKind::JsonSchema:
    return "json_schema";
  case GrammarKind::Regex:
    return "regex";
  case GrammarKind::Ebnf:
    return "ebnf";
  }
  return "?";
}

static const char *builtinName(Builtin b) {
  switch (b) {
  case Builtin::Log:
    return "log";
  case Builtin::Exp:
    return "exp";
  case Builtin::Sqrt:
    return "sqrt";
  case Builtin::Abs:
    return "abs";
  case Builtin::Min:
    return "min";
  case Builtin::Max:
    return "max";
  case Builtin::Clamp:
    return "clamp";
  }
  return "?";
}

static const char *binaryOpSpelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  }
  return "?";
}

namespace {
class Dumper {
public:
  explicit Dumper(std::ostringstream &os) : os_(os) {}

  void module(const Module &m) {
    os_ << "module \"" << m.fileName << "\"\n";
    for (const GrammarDecl &g : m.grammars)
      os_ << "grammar " << g.name << ' ' << grammarKindName(g.kind) << " \"" << g.path << "\" "
          << formatLoc(g.loc) << '\n';
    for (const Strategy &s : m.strategies)
      strategy(s);
  }

private:
  void indent(unsigned depth) { os_ << std::string(2 * depth, ' '); }

  void strategy(const Strategy &s) {
    os_ << "strategy " << s.name << ' ' << formatLoc(s.loc) << '\n';
    for (const auto &p : s.params) {
      indent(1);
      os_ << "param " << p->name << ": " << scalarTypeName(p->type) << " = "
          << formatNumber(p->defaultValue) << " in [" << formatNumber(p->minValue) << ", "
          << formatNumber(p->maxValue) << "] " << formatLoc(p->loc) << '\n';
    }
    if (!s.logits.empty()) {
      indent(1);
      os_ << "logits\n";
      for (const LogitsOp &op : s.logits)
        logitsOp(op);
    }
    if (!s.constraint.empty()) {
      indent(1);
      os_ << "constrain " << s.constraint << ' ' << formatLoc(s.constraintLoc) << '\n';
    }
    indent(1);
    os_ << "select "
        << (s.selection == Selection::Greedy   ? "greedy"
            : s.selection == Selection::Sample ? "sample"
                                               : "none")
        << ' ' << formatLoc(s.selectionLoc) << '\n';
    stop(s.stop);
  }

  void logitsOp(const LogitsOp &op) {
    indent(2);
    os_ << "op " << logitsOpName(op.kind);
    if (op.kind == LogitsOpKind::RepetitionPenalty || op.kind == LogitsOpKind::PresencePenalty ||
        op.kind == LogitsOpKind::FrequencyPenalty)
      os_ << " window=" << op.window;
    os_ << ' ' << formatLoc(op.loc) << '\n';
    for (const ExprPtr &arg : op.args)
      expr(*arg, 3);
    for (const LogitBiasEntry &b : op.biases) {
      indent(3);
      os_ << "bias " << b.token << " = " << formatNumber(b.bias) << ' ' << formatLoc(b.loc)
          << '\n';
    }
  }

  void stop(const StopSpec &stop) {
    if (!stop.eos && !stop.maxTokens && !stop.maxTokensParam && stop.tokens.empty())
      return;
    indent(1);
    os_ << "stop";
    if (stop.eos)
      os_ << " eos";
    if (stop.maxTokensParam)
      os_ << " max_tokens=" << stop.maxTokensParamName;
    else if (stop.maxTokens)
      os_ << " max_tokens=" << *stop.maxTokens;
    if (!stop.tokens.empty()) {
      os_ << " tokens=[";
      for (size_t i = 0; i < stop.tokens.size(); ++i)
        os_ << (i ? ", " : "") << stop.tokens[i];
      os_ << ']';
    }
    os_ << ' ' << formatLoc(stop.loc) << '\n';
  }

  void expr(const Expr &e, unsigned depth) {
    indent(depth);
    switch (e.kind) {
    case Expr::Kind::Number:
      os_ << "number " << formatNumber(e.number);
      break;
    case Expr::Kind::ParamRef:
      os_ << "param " << e.name;
      break;
    case Expr::Kind::Feature:
      os_ << "feature " << featureName(e.feature);
      break;
    case Expr::Kind::Unary:
      os_ << "neg";
      break;
    case Expr::Kind::Binary:
      os_ << "binary " << binaryOpSpelling(e.binaryOp);
      break;
    case Expr::Kind::Call:
      os_ << "call " << builtinName(e.builtin);
      break;
    case Expr::Kind::Cast:
      os_ << "cast";
      break;
    }
    os_ << " : " << scalarTypeName(e.type) << ' ' << formatLoc(e.loc) << '\n';
    for (const ExprPtr &operand : e.operands)
      expr(*operand, depth + 1);
  }

  std::ostringstream &os_;
};
} // namespace

std::string dump(const Module &m) {
  std::ostringstream os;
  Dumper(os).module(m);
  return os.str();
}

} // namespace decc::ast
