//===- Builder.cpp --------------------------------------------------------===//

#include "Builder.h"

#include "Format.h"
#include "TokenCheck.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace decc::fe {

using decc_antlr::DecParser;
using ast::Expr;
using ast::ExprPtr;
using ast::SourceLoc;

namespace {

class Builder {
public:
  Builder(const FrontendLimits &limits, DiagnosticEngine &diags)
      : limits_(limits), diags_(diags) {}

  bool program(DecParser::ProgramContext *ctx, ParsedProgram &out) {
    for (DecParser::GrammarDeclContext *g : ctx->grammarDecl())
      out.grammars.push_back(grammar(g));
    for (DecParser::StrategyDeclContext *s : ctx->strategyDecl())
      out.strategies.push_back(strategy(s));
    return ok_;
  }

private:
  void error(SourceLoc loc, const std::string &message) {
    diags_.error(loc, message);
    ok_ = false;
  }

  static SourceLoc loc(antlr4::ParserRuleContext *ctx) { return tokenLoc(ctx->getStart()); }

  static ParsedGrammar grammar(DecParser::GrammarDeclContext *ctx) {
    ParsedGrammar g;
    g.name = ctx->name->getText();
    g.loc = loc(ctx);
    g.kindName = ctx->kind->getText();
    g.kindLoc = tokenLoc(ctx->kind);
    g.pathLoc = tokenLoc(ctx->path);
    // The lexer guarantees the quotes and that no backslash ends the text.
    std::string text = ctx->path->getText();
    for (size_t i = 1; i + 1 < text.size(); ++i)
      g.path += text[i] == '\\' ? text[++i] : text[i];
    return g;
  }

  ParsedStrategy strategy(DecParser::StrategyDeclContext *ctx) {
    ParsedStrategy s;
    s.ast.name = ctx->name->getText();
    s.ast.loc = loc(ctx);
    if (DecParser::ParamListContext *params = ctx->paramList())
      for (DecParser::ParamContext *p : params->param())
        param(p, s);
    opCount_ = 0;
    for (DecParser::StatementContext *st : ctx->statement())
      statement(st, s);
    return s;
  }

  void param(DecParser::ParamContext *ctx, ParsedStrategy &s) {
    auto p = std::make_unique<ast::Param>();
    p->name = ctx->name->getText();
    p->loc = tokenLoc(ctx->name);
    ParsedParam pp;
    pp.typeName = ctx->type->getText();
    pp.typeLoc = tokenLoc(ctx->type);
    if (ctx->defaultValue)
      pp.defaultExpr = expr(ctx->defaultValue);
    else
      error(p->loc, "parameter '" + p->name + "' needs a default value (e.g. '" + p->name + ": " +
                        pp.typeName + " = 1')");
    if (ctx->lo) {
      pp.lo = expr(ctx->lo);
      pp.hi = expr(ctx->hi);
    }
    s.ast.params.push_back(std::move(p));
    s.params.push_back(std::move(pp));
  }

  void statement(DecParser::StatementContext *ctx, ParsedStrategy &s) {
    if (DecParser::LogitsBlockContext *block = ctx->logitsBlock()) {
      s.logitsBlocks.push_back(loc(block));
      for (DecParser::LogitsOpContext *op : block->logitsOp())
        logitsOp(op, s);
    } else if (DecParser::SelectionContext *sel = ctx->selection()) {
      s.selections.emplace_back(sel->GREEDY() ? ast::Selection::Greedy : ast::Selection::Sample,
                                loc(sel));
    } else if (DecParser::StopStmtContext *stop = ctx->stopStmt()) {
      ParsedStop ps;
      ps.loc = loc(stop);
      for (DecParser::StopItemContext *item : stop->stopItem())
        ps.items.push_back(stopItem(item));
      s.stops.push_back(std::move(ps));
    } else if (DecParser::ConstrainStmtContext *c = ctx->constrainStmt()) {
      s.constrains.push_back({c->name->getText(), loc(c), tokenLoc(c->name)});
    }
  }

  void logitsOp(DecParser::LogitsOpContext *ctx, ParsedStrategy &s) {
    if (++opCount_ > limits_.maxOpsPerStrategy) {
      if (opCount_ == limits_.maxOpsPerStrategy + 1)
        error(tokenLoc(ctx->name), "too many logits operators in strategy '" + s.ast.name +
                                       "' (the limit is " +
                                       std::to_string(limits_.maxOpsPerStrategy) + ")");
      return;
    }
    ast::LogitsOp op;
    op.name = ctx->name->getText();
    op.loc = tokenLoc(ctx->name);
    ParsedOp pop;
    for (DecParser::OpArgContext *arg : ctx->opArg()) {
      if (auto *kw = dynamic_cast<DecParser::KeywordArgContext *>(arg)) {
        op.rawArgs.push_back({kw->name->getText(), tokenLoc(kw->name), expr(kw->expr())});
      } else if (auto *pos = dynamic_cast<DecParser::PositionalArgContext *>(arg)) {
        op.rawArgs.push_back({"", loc(pos), expr(pos->expr())});
      } else if (auto *map = dynamic_cast<DecParser::BiasMapArgContext *>(arg)) {
        pop.biasMaps.push_back(loc(map));
        for (DecParser::BiasEntryContext *e : map->biasEntry())
          pop.biases.push_back({expr(e->token), expr(e->bias), loc(e)});
      }
    }
    s.ast.logits.push_back(std::move(op));
    s.ops.push_back(std::move(pop));
  }

  ParsedStopItem stopItem(DecParser::StopItemContext *ctx) {
    ParsedStopItem item;
    item.name = ctx->name->getText();
    item.loc = tokenLoc(ctx->name);
    if (DecParser::ExprContext *e = ctx->expr()) {
      item.valueLoc = loc(e);
      item.value = expr(e);
    } else if (DecParser::TokenListContext *list = ctx->tokenList()) {
      item.hasList = true;
      item.valueLoc = loc(list);
      for (DecParser::ExprContext *e : list->expr())
        item.list.push_back(expr(e));
    }
    return item;
  }

  // ---- expressions ---------------------------------------------------------
  // Each builder returns null after reporting an error. `depth` is the height
  // of the returned tree: operator chains are left-nested in the AST, so a
  // long flat chain is as deep as a parenthesised one and is bounded the same
  // way (later passes recurse over the tree).

  ExprPtr expr(DecParser::ExprContext *ctx) {
    unsigned depth = 0;
    return expr(ctx, depth);
  }

  ExprPtr expr(DecParser::ExprContext *ctx, unsigned &depth) {
    std::vector<DecParser::TermContext *> terms = ctx->term();
    std::vector<DecParser::AddOpContext *> ops = ctx->addOp();
    ExprPtr lhs = term(terms[0], depth);
    for (size_t i = 0; lhs && i < ops.size(); ++i) {
      unsigned rhsDepth = 0;
      ExprPtr rhs = term(terms[i + 1], rhsDepth);
      if (!rhs)
        return nullptr;
      lhs = binary(ops[i]->getText() == "+" ? ast::BinaryOp::Add : ast::BinaryOp::Sub, loc(ops[i]),
                   std::move(lhs), std::move(rhs), depth, rhsDepth);
    }
    return lhs;
  }

  ExprPtr term(DecParser::TermContext *ctx, unsigned &depth) {
    std::vector<DecParser::UnaryContext *> factors = ctx->unary();
    std::vector<DecParser::MulOpContext *> ops = ctx->mulOp();
    ExprPtr lhs = unary(factors[0], depth);
    for (size_t i = 0; lhs && i < ops.size(); ++i) {
      unsigned rhsDepth = 0;
      ExprPtr rhs = unary(factors[i + 1], rhsDepth);
      if (!rhs)
        return nullptr;
      lhs = binary(ops[i]->getText() == "*" ? ast::BinaryOp::Mul : ast::BinaryOp::Div, loc(ops[i]),
                   std::move(lhs), std::move(rhs), depth, rhsDepth);
    }
    return lhs;
  }

  ExprPtr binary(ast::BinaryOp op, SourceLoc l, ExprPtr lhs, ExprPtr rhs, unsigned &depth,
                 unsigned rhsDepth) {
    depth = std::max(depth, rhsDepth) + 1;
    if (!checkDepth(depth, l))
      return nullptr;
    auto e = std::make_unique<Expr>(Expr::Kind::Binary, l);
    e->binaryOp = op;
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    return e;
  }

  bool checkDepth(unsigned depth, SourceLoc l) {
    if (depth <= limits_.maxNestingDepth)
      return true;
    error(l, "expression is too deeply nested (the limit is " +
                 std::to_string(limits_.maxNestingDepth) + " levels)");
    return false;
  }

  ExprPtr unary(DecParser::UnaryContext *ctx, unsigned &depth) {
    if (DecParser::PrimaryContext *p = ctx->primary())
      return primary(p, depth);
    ExprPtr operand = unary(ctx->unary(), depth);
    if (!operand)
      return nullptr;
    ++depth;
    if (!checkDepth(depth, loc(ctx)))
      return nullptr;
    auto e = std::make_unique<Expr>(Expr::Kind::Unary, loc(ctx));
    e->unaryOp = ast::UnaryOp::Neg;
    e->operands.push_back(std::move(operand));
    return e;
  }

  ExprPtr primary(DecParser::PrimaryContext *ctx, unsigned &depth) {
    depth = 1;
    if (auto *n = dynamic_cast<DecParser::NumberExprContext *>(ctx))
      return number(n->NUMBER()->getSymbol());
    if (dynamic_cast<DecParser::InfExprContext *>(ctx)) {
      auto e = std::make_unique<Expr>(Expr::Kind::Number, loc(ctx));
      e->number = std::numeric_limits<double>::infinity();
      return e;
    }
    if (auto *name = dynamic_cast<DecParser::NameExprContext *>(ctx)) {
      auto e = std::make_unique<Expr>(Expr::Kind::ParamRef, loc(ctx));
      e->name = name->ID()->getText();
      return e;
    }
    if (auto *call = dynamic_cast<DecParser::CallExprContext *>(ctx)) {
      auto e = std::make_unique<Expr>(Expr::Kind::Call, tokenLoc(call->callee));
      e->name = call->callee->getText();
      unsigned deepest = 0;
      for (DecParser::ExprContext *a : call->expr()) {
        unsigned argDepth = 0;
        ExprPtr arg = expr(a, argDepth);
        if (!arg)
          return nullptr;
        deepest = std::max(deepest, argDepth);
        e->operands.push_back(std::move(arg));
      }
      depth = deepest + 1;
      if (!checkDepth(depth, e->loc))
        return nullptr;
      return e;
    }
    auto *paren = dynamic_cast<DecParser::ParenExprContext *>(ctx);
    return expr(paren->expr(), depth);
  }

  ExprPtr number(antlr4::Token *tok) {
    std::string text = tok->getText();
    auto e = std::make_unique<Expr>(Expr::Kind::Number, tokenLoc(tok));
    if (text.find_first_of(".eE") == std::string::npos) {
      // Accumulate with a cap so that a thousand-digit literal cannot wrap.
      double value = 0;
      for (char c : text) {
        value = value * 10 + (c - '0');
        if (value > std::numeric_limits<int32_t>::max())
          break;
      }
      if (value > std::numeric_limits<int32_t>::max()) {
        error(e->loc, "integer literal " + text + " does not fit in i32");
        return nullptr;
      }
      e->number = value;
      e->isIntLiteral = true;
      e->type = ast::ScalarType::I32;
      return e;
    }
    errno = 0;
    double value = std::strtod(text.c_str(), nullptr);
    if (std::isinf(value)) {
      error(e->loc, "floating-point literal " + text + " is out of range");
      return nullptr;
    }
    e->number = value;
    return e;
  }

  const FrontendLimits &limits_;
  DiagnosticEngine &diags_;
  unsigned opCount_ = 0;
  bool ok_ = true;
};

} // namespace

bool buildProgram(DecParser::ProgramContext *program, const FrontendLimits &limits,
                  DiagnosticEngine &diags, ParsedProgram &out) {
  return Builder(limits, diags).program(program, out);
}

} // namespace decc::fe
