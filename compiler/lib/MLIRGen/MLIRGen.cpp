//===- MLIRGen.cpp - Checked AST -> `dec` dialect -------------------------===//
#include "decc/MLIRGen/MLIRGen.h"

#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"

#include <cassert>

using namespace mlir;
namespace ast = decc::ast;
namespace dec = decc::dec;

namespace {

dec::GrammarKind grammarKind(ast::GrammarKind k) {
  switch (k) {
  case ast::GrammarKind::Gbnf:
    return dec::GrammarKind::Gbnf;
  case ast::GrammarKind::Ebnf:
    return dec::GrammarKind::Ebnf;
  case ast::GrammarKind::Regex:
    return dec::GrammarKind::Regex;
  case ast::GrammarKind::JsonSchema:
    return dec::GrammarKind::JsonSchema;
  }
  llvm_unreachable("unknown grammar kind");
}

/// Emits one strategy. Expressions are generated where they are used, so a
/// feature (`entropy`) reads the logits row as transformed by the operators
/// written before the one whose argument contains it.
class StrategyGen {
public:
  StrategyGen(OpBuilder &builder, StringAttr file)
      : b(builder), file(file), logitsType(b.getType<dec::LogitsType>()) {}

  void emit(const ast::Strategy &s) {
    SmallVector<Attribute> names;
    SmallVector<double> defaults, mins, maxs;
    for (const std::unique_ptr<ast::Param> &p : s.params) {
      names.push_back(b.getStringAttr(p->name));
      defaults.push_back(p->defaultValue);
      mins.push_back(p->minValue);
      maxs.push_back(p->maxValue);
    }
    const ast::StopSpec &stop = s.stop;
    IntegerAttr maxTokens, maxTokensParam;
    if (stop.maxTokens)
      maxTokens = b.getI64IntegerAttr(*stop.maxTokens);
    if (stop.maxTokensParam)
      maxTokensParam = b.getI32IntegerAttr(paramIndex(s, stop.maxTokensParam));

    auto strategy = b.create<dec::StrategyOp>(
        loc(s.loc), b.getStringAttr(s.name), b.getArrayAttr(names),
        b.getDenseF64ArrayAttr(defaults), b.getDenseF64ArrayAttr(mins),
        b.getDenseF64ArrayAttr(maxs), stop.eos ? b.getUnitAttr() : UnitAttr(),
        maxTokens, maxTokensParam, b.getDenseI64ArrayAttr(stop.tokens),
        s.constraint.empty() ? FlatSymbolRefAttr()
                             : FlatSymbolRefAttr::get(b.getContext(), s.constraint));

    Block *body = new Block();
    strategy.getBody().push_back(body);
    for (const std::unique_ptr<ast::Param> &p : s.params)
      params[p.get()] = body->addArgument(scalarType(p->type), loc(p->loc));

    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(body);
    current = b.create<dec::LogitsOp>(loc(s.loc), logitsType);
    for (const ast::LogitsOp &op : s.logits)
      emitOperator(op);

    Location selLoc = loc(s.selectionLoc);
    switch (s.selection) {
    case ast::Selection::Greedy:
      b.create<dec::GreedyOp>(selLoc, current);
      break;
    case ast::Selection::Sample:
      b.create<dec::SampleOp>(selLoc, current);
      break;
    case ast::Selection::None:
      // Sema rejects a strategy without selection; the verifier reports it.
      assert(false && "strategy without selection passed Sema");
      break;
    }
  }

private:
  Location loc(ast::SourceLoc l) {
    return FileLineColLoc::get(file, l.line, l.col);
  }

  Type scalarType(ast::ScalarType t) {
    return t == ast::ScalarType::F32 ? Type(b.getF32Type())
                                     : Type(b.getI32Type());
  }

  static unsigned paramIndex(const ast::Strategy &s, const ast::Param *p) {
    for (unsigned i = 0; i < s.params.size(); ++i)
      if (s.params[i].get() == p)
        return i;
    assert(false && "max_tokens parameter is not a parameter of the strategy");
    return 0;
  }

  void emitOperator(const ast::LogitsOp &op) {
    Location l = loc(op.loc);
    auto arg = [&]() -> Value {
      assert(op.args.size() == 1 && "operator must have one argument");
      return expr(*op.args[0]);
    };
    auto window = [&] { return b.getI64IntegerAttr(op.window); };
    switch (op.kind) {
    case ast::LogitsOpKind::RepetitionPenalty:
      current = b.create<dec::RepetitionPenaltyOp>(l, logitsType, current,
                                                   arg(), window());
      return;
    case ast::LogitsOpKind::PresencePenalty:
      current = b.create<dec::PresencePenaltyOp>(l, logitsType, current, arg(),
                                                 window());
      return;
    case ast::LogitsOpKind::FrequencyPenalty:
      current = b.create<dec::FrequencyPenaltyOp>(l, logitsType, current,
                                                  arg(), window());
      return;
    case ast::LogitsOpKind::LogitBias: {
      SmallVector<int64_t> tokens;
      SmallVector<float> biases;
      for (const ast::LogitBiasEntry &e : op.biases) {
        tokens.push_back(e.token);
        biases.push_back(static_cast<float>(e.bias));
      }
      current = b.create<dec::LogitBiasOp>(l, logitsType, current,
                                           b.getDenseI64ArrayAttr(tokens),
                                           b.getDenseF32ArrayAttr(biases));
      return;
    }
    case ast::LogitsOpKind::Temperature:
      current = b.create<dec::TemperatureOp>(l, logitsType, current, arg());
      return;
    case ast::LogitsOpKind::TopK:
      current = b.create<dec::TopKOp>(l, logitsType, current, arg());
      return;
    case ast::LogitsOpKind::TopP:
      current = b.create<dec::TopPOp>(l, logitsType, current, arg());
      return;
    case ast::LogitsOpKind::MinP:
      current = b.create<dec::MinPOp>(l, logitsType, current, arg());
      return;
    case ast::LogitsOpKind::TypicalP:
      current = b.create<dec::TypicalPOp>(l, logitsType, current, arg());
      return;
    }
  }

  Value expr(const ast::Expr &e) {
    Location l = loc(e.loc);
    bool isF = e.type == ast::ScalarType::F32;
    auto operand = [&](size_t i) { return expr(*e.operands[i]); };
    switch (e.kind) {
    case ast::Expr::Kind::Number:
      if (isF)
        return b.create<arith::ConstantOp>(
            l, b.getF32FloatAttr(static_cast<float>(e.number)));
      return b.create<arith::ConstantOp>(
          l, b.getI32IntegerAttr(static_cast<int32_t>(e.number)));
    case ast::Expr::Kind::ParamRef:
      assert(params.count(e.param) && "unresolved parameter reference");
      return params.lookup(e.param);
    case ast::Expr::Kind::Feature:
      return feature(e.feature, l);
    case ast::Expr::Kind::Unary: {
      Value x = operand(0);
      if (isF)
        return b.create<arith::NegFOp>(l, x);
      Value zero = b.create<arith::ConstantOp>(l, b.getI32IntegerAttr(0));
      return b.create<arith::SubIOp>(l, zero, x);
    }
    case ast::Expr::Kind::Binary:
      return binary(e.binaryOp, isF, operand(0), operand(1), l);
    case ast::Expr::Kind::Call:
      return call(e, isF, l);
    case ast::Expr::Kind::Cast: {
      Value x = operand(0);
      if (isF && x.getType().isSignlessInteger(32))
        return b.create<arith::SIToFPOp>(l, b.getF32Type(), x);
      if (!isF && x.getType().isF32())
        return b.create<arith::FPToSIOp>(l, b.getI32Type(), x);
      return x;
    }
    }
    llvm_unreachable("unknown expression kind");
  }

  Value feature(ast::Feature f, Location l) {
    switch (f) {
    case ast::Feature::Entropy:
      return b.create<dec::EntropyOp>(l, b.getF32Type(), current);
    case ast::Feature::MaxProb:
      return b.create<dec::MaxProbOp>(l, b.getF32Type(), current);
    case ast::Feature::Step:
      return b.create<dec::StepOp>(l, b.getI32Type());
    case ast::Feature::Vocab:
      return b.create<dec::VocabSizeOp>(l, b.getI32Type());
    case ast::Feature::HistoryLen:
      return b.create<dec::HistoryLenOp>(l, b.getI32Type());
    }
    llvm_unreachable("unknown feature");
  }

  Value binary(ast::BinaryOp op, bool isF, Value x, Value y, Location l) {
    switch (op) {
    case ast::BinaryOp::Add:
      return isF ? b.create<arith::AddFOp>(l, x, y).getResult()
                 : b.create<arith::AddIOp>(l, x, y).getResult();
    case ast::BinaryOp::Sub:
      return isF ? b.create<arith::SubFOp>(l, x, y).getResult()
                 : b.create<arith::SubIOp>(l, x, y).getResult();
    case ast::BinaryOp::Mul:
      return isF ? b.create<arith::MulFOp>(l, x, y).getResult()
                 : b.create<arith::MulIOp>(l, x, y).getResult();
    case ast::BinaryOp::Div:
      return isF ? b.create<arith::DivFOp>(l, x, y).getResult()
                 : b.create<arith::DivSIOp>(l, x, y).getResult();
    }
    llvm_unreachable("unknown binary operator");
  }

  Value minOf(bool isF, Value x, Value y, Location l) {
    return isF ? b.create<arith::MinimumFOp>(l, x, y).getResult()
               : b.create<arith::MinSIOp>(l, x, y).getResult();
  }
  Value maxOf(bool isF, Value x, Value y, Location l) {
    return isF ? b.create<arith::MaximumFOp>(l, x, y).getResult()
               : b.create<arith::MaxSIOp>(l, x, y).getResult();
  }

  Value call(const ast::Expr &e, bool isF, Location l) {
    SmallVector<Value, 3> args;
    for (const ast::ExprPtr &o : e.operands)
      args.push_back(expr(*o));
    auto arity = [&](size_t n) {
      (void)n;
      assert(args.size() == n && "builtin called with the wrong arity");
    };
    switch (e.builtin) {
    case ast::Builtin::Log:
      arity(1);
      return b.create<math::LogOp>(l, args[0]);
    case ast::Builtin::Exp:
      arity(1);
      return b.create<math::ExpOp>(l, args[0]);
    case ast::Builtin::Sqrt:
      arity(1);
      return b.create<math::SqrtOp>(l, args[0]);
    case ast::Builtin::Abs:
      arity(1);
      return isF ? b.create<math::AbsFOp>(l, args[0]).getResult()
                 : b.create<math::AbsIOp>(l, args[0]).getResult();
    case ast::Builtin::Min:
      arity(2);
      return minOf(isF, args[0], args[1], l);
    case ast::Builtin::Max:
      arity(2);
      return maxOf(isF, args[0], args[1], l);
    case ast::Builtin::Clamp:
      arity(3);
      return minOf(isF, maxOf(isF, args[0], args[1], l), args[2], l);
    }
    llvm_unreachable("unknown builtin");
  }

  OpBuilder &b;
  StringAttr file;
  Type logitsType;
  llvm::DenseMap<const ast::Param *, Value> params;
  Value current; ///< the logits row as transformed so far
};

} // namespace

OwningOpRef<ModuleOp> decc::mlirGen(MLIRContext &ctx, const ast::Module &m) {
  ctx.getOrLoadDialect<dec::DecDialect>();
  ctx.getOrLoadDialect<arith::ArithDialect>();
  ctx.getOrLoadDialect<math::MathDialect>();

  OpBuilder b(&ctx);
  StringAttr file = b.getStringAttr(m.fileName);
  OwningOpRef<ModuleOp> module =
      ModuleOp::create(FileLineColLoc::get(file, 1, 1));
  b.setInsertionPointToEnd(module->getBody());
  // Each grammar keeps its own language: consumers compile `source` with the
  // front end of its kind (DecToGram).
  for (const ast::GrammarDecl &g : m.grammars)
    b.create<dec::GrammarOp>(FileLineColLoc::get(file, g.loc.line, g.loc.col), g.name,
                             grammarKind(g.kind), g.source);
  for (const ast::Strategy &s : m.strategies)
    StrategyGen(b, file).emit(s);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}
