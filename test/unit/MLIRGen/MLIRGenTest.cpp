//===- MLIRGenTest.cpp - MLIRGen on hand-built ASTs ----------------------===//
#include "ASTBuilders.h"

#include "decc/Dialect/Dec/IR/DecOps.h"
#include "decc/MLIRGen/MLIRGen.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace decc;
using namespace decc::test;
using ast::BinaryOp;
using ast::Builtin;
using ast::Feature;
using ast::LogitsOpKind;
using ast::ScalarType;

namespace {

class MLIRGenTest : public ::testing::Test {
protected:
  MLIRGenTest() { m.fileName = "t.dec"; }

  /// Runs MLIRGen; the module must exist and verify.
  dec::StrategyOp gen(unsigned index = 0) {
    module = mlirGen(ctx, m);
    EXPECT_TRUE(module) << "mlirGen returned null";
    if (!module)
      return {};
    EXPECT_TRUE(mlir::succeeded(mlir::verify(*module)));
    auto strategies = module->getOps<dec::StrategyOp>();
    auto it = strategies.begin();
    for (unsigned i = 0; i < index && it != strategies.end(); ++i)
      ++it;
    return it == strategies.end() ? dec::StrategyOp() : *it;
  }

  /// Op names of the strategy body, in order.
  static std::vector<std::string> opNames(dec::StrategyOp s) {
    std::vector<std::string> names;
    for (mlir::Operation &op : s.getBodyBlock())
      names.push_back(op.getName().getStringRef().str());
    return names;
  }

  /// Op names of the strategy body restricted to the `dec` dialect.
  static std::vector<std::string> decOpNames(dec::StrategyOp s) {
    std::vector<std::string> names;
    for (std::string &n : opNames(s))
      if (n.rfind("dec.", 0) == 0)
        names.push_back(n);
    return names;
  }

  template <typename OpT>
  static OpT only(dec::StrategyOp s) {
    auto ops = s.getBodyBlock().getOps<OpT>();
    EXPECT_EQ(std::distance(ops.begin(), ops.end()), 1);
    return ops.empty() ? OpT() : *ops.begin();
  }

  mlir::MLIRContext ctx;
  ast::Module m;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

TEST_F(MLIRGenTest, MinimalGreedyStrategy) {
  addStrategy(m, "g", ast::Selection::Greedy);
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  EXPECT_EQ(s.getSymName(), "g");
  EXPECT_EQ(s.getNumParams(), 0u);
  EXPECT_EQ(opNames(s), (std::vector<std::string>{"dec.logits", "dec.greedy"}));
  EXPECT_FALSE(s.getStopEos());
  EXPECT_FALSE(s.getMaxTokens());
  EXPECT_FALSE(s.getMaxTokensParam());
  EXPECT_TRUE(s.getStopTokens().empty());
}

TEST_F(MLIRGenTest, ParamsBecomeEntryArgumentsWithTheirSchema) {
  ast::Strategy &st = addStrategy(m, "chat");
  ast::Param &t = addParam(st, "temperature", ScalarType::F32, 0.7, 0, 2);
  ast::Param &k = addParam(st, "k", ScalarType::I32, 40, 0);
  addOp(st, LogitsOpKind::Temperature, ref(t));
  addOp(st, LogitsOpKind::TopK, ref(k));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  ASSERT_EQ(s.getNumParams(), 2u);
  EXPECT_TRUE(s.getBodyBlock().getArgument(0).getType().isF32());
  EXPECT_TRUE(s.getBodyBlock().getArgument(1).getType().isSignlessInteger(32));
  EXPECT_EQ(mlir::cast<mlir::StringAttr>(s.getParamNames()[0]).getValue(),
            "temperature");
  EXPECT_EQ(mlir::cast<mlir::StringAttr>(s.getParamNames()[1]).getValue(), "k");
  EXPECT_EQ(s.getParamDefaults(), (llvm::ArrayRef<double>{0.7, 40}));
  EXPECT_EQ(s.getParamMins(), (llvm::ArrayRef<double>{0, 0}));
  EXPECT_EQ(s.getParamMaxs()[0], 2.0);
  EXPECT_TRUE(std::isinf(s.getParamMaxs()[1]) && s.getParamMaxs()[1] > 0);
  // The operators read the arguments directly.
  EXPECT_EQ(only<dec::TemperatureOp>(s).getValue(),
            s.getBodyBlock().getArgument(0));
  EXPECT_EQ(only<dec::TopKOp>(s).getValue(), s.getBodyBlock().getArgument(1));
}

TEST_F(MLIRGenTest, OperatorsKeepWrittenOrderAndFormOneChain) {
  ast::Strategy &st = addStrategy(m, "all");
  addOp(st, LogitsOpKind::TypicalP, num(0.9));
  addOp(st, LogitsOpKind::MinP, num(0.05));
  addOp(st, LogitsOpKind::TopP, num(0.95));
  addOp(st, LogitsOpKind::TopK, num(40, ScalarType::I32));
  addOp(st, LogitsOpKind::Temperature, num(0.7));
  addOp(st, LogitsOpKind::LogitBias);
  addOp(st, LogitsOpKind::FrequencyPenalty, num(0.1));
  addOp(st, LogitsOpKind::PresencePenalty, num(0.2));
  addOp(st, LogitsOpKind::RepetitionPenalty, num(1.1));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  EXPECT_EQ(decOpNames(s),
            (std::vector<std::string>{
                "dec.logits", "dec.typical_p", "dec.min_p", "dec.top_p",
                "dec.top_k", "dec.temperature", "dec.logit_bias",
                "dec.frequency_penalty", "dec.presence_penalty",
                "dec.repetition_penalty", "dec.sample"}));
  // Each operator consumes the previous one's row.
  mlir::Value row;
  for (mlir::Operation &op : s.getBodyBlock()) {
    if (op.getName().getDialectNamespace() != "dec")
      continue;
    if (row)
      EXPECT_EQ(op.getOperand(0), row) << op.getName().getStringRef().str();
    row = op.getNumResults() ? op.getResult(0) : mlir::Value();
  }
}

TEST_F(MLIRGenTest, PenaltyWindowsAndLogitBiases) {
  ast::Strategy &st = addStrategy(m, "p");
  addOp(st, LogitsOpKind::RepetitionPenalty, num(1.1), 64);
  addOp(st, LogitsOpKind::FrequencyPenalty, num(0.5), 0);
  ast::LogitsOp &bias = addOp(st, LogitsOpKind::LogitBias);
  bias.biases.push_back({15339, 2.5, {5, 7}});
  bias.biases.push_back({220, -__builtin_huge_val(), {6, 7}});
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  EXPECT_EQ(only<dec::RepetitionPenaltyOp>(s).getWindow(), 64u);
  EXPECT_EQ(only<dec::FrequencyPenaltyOp>(s).getWindow(), 0u);
  dec::LogitBiasOp b = only<dec::LogitBiasOp>(s);
  EXPECT_EQ(b.getTokens(), (llvm::ArrayRef<int64_t>{15339, 220}));
  ASSERT_EQ(b.getBiases().size(), 2u);
  EXPECT_EQ(b.getBiases()[0], 2.5f);
  EXPECT_TRUE(std::isinf(b.getBiases()[1]) && b.getBiases()[1] < 0);
}

TEST_F(MLIRGenTest, FeaturesReadTheRowAtTheirPointOfThePipeline) {
  ast::Strategy &st = addStrategy(m, "adaptive");
  addOp(st, LogitsOpKind::TopK, num(50, ScalarType::I32));
  addOp(st, LogitsOpKind::Temperature,
        bin(BinaryOp::Add, feature(Feature::Entropy), num(0.5)));
  addOp(st, LogitsOpKind::MinP, bin(BinaryOp::Mul, feature(Feature::MaxProb),
                                    num(0.1)));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  dec::EntropyOp entropy = only<dec::EntropyOp>(s);
  dec::MaxProbOp maxProb = only<dec::MaxProbOp>(s);
  // entropy sees top_k's output; max_prob sees the temperature's output.
  EXPECT_EQ(entropy.getInput(), only<dec::TopKOp>(s).getResult());
  EXPECT_EQ(maxProb.getInput(), only<dec::TemperatureOp>(s).getResult());
  // Both are computed before the operator that uses them.
  EXPECT_TRUE(entropy->isBeforeInBlock(only<dec::TemperatureOp>(s)));
  EXPECT_TRUE(maxProb->isBeforeInBlock(only<dec::MinPOp>(s)));
}

TEST_F(MLIRGenTest, StepFeaturesAreI32Ops) {
  ast::Strategy &st = addStrategy(m, "f");
  addOp(st, LogitsOpKind::TopK,
        bin(BinaryOp::Add,
            bin(BinaryOp::Add, feature(Feature::Step), feature(Feature::Vocab)),
            feature(Feature::HistoryLen)));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  EXPECT_TRUE(only<dec::StepOp>(s).getType().isSignlessInteger(32));
  EXPECT_TRUE(only<dec::VocabSizeOp>(s).getType().isSignlessInteger(32));
  EXPECT_TRUE(only<dec::HistoryLenOp>(s).getType().isSignlessInteger(32));
  EXPECT_EQ(std::distance(s.getBodyBlock().getOps<mlir::arith::AddIOp>().begin(),
                          s.getBodyBlock().getOps<mlir::arith::AddIOp>().end()),
            2);
}

TEST_F(MLIRGenTest, ArithmeticUsesFloatOrIntegerOpsByType) {
  ast::Strategy &st = addStrategy(m, "a");
  ast::Param &t = addParam(st, "t", ScalarType::F32, 1);
  ast::Param &k = addParam(st, "k", ScalarType::I32, 4);
  // temperature(-(t - 1) / (t * 2)), top_k(-(k - 1) / (k * 2))
  addOp(st, LogitsOpKind::Temperature,
        bin(BinaryOp::Div, neg(bin(BinaryOp::Sub, ref(t), num(1))),
            bin(BinaryOp::Mul, ref(t), num(2))));
  addOp(st, LogitsOpKind::TopK,
        bin(BinaryOp::Div,
            neg(bin(BinaryOp::Sub, ref(k), num(1, ScalarType::I32))),
            bin(BinaryOp::Mul, ref(k), num(2, ScalarType::I32))));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  std::vector<std::string> names = opNames(s);
  for (const char *expected :
       {"arith.subf", "arith.negf", "arith.mulf", "arith.divf", "arith.subi",
        "arith.muli", "arith.divsi"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
  // Integer negation is 0 - x.
  EXPECT_EQ(std::count(names.begin(), names.end(), "arith.subi"), 2);
  EXPECT_EQ(only<dec::TemperatureOp>(s).getValue().getDefiningOp()->getName()
                .getStringRef(),
            "arith.divf");
}

TEST_F(MLIRGenTest, BuiltinsLowerToMathAndArith) {
  ast::Strategy &st = addStrategy(m, "b");
  ast::Param &t = addParam(st, "t", ScalarType::F32, 1);
  std::vector<ast::ExprPtr> clampArgs;
  clampArgs.push_back(ref(t));
  clampArgs.push_back(num(0.1));
  clampArgs.push_back(num(2));
  std::vector<ast::ExprPtr> logArg, expArg, sqrtArg, absArg, minArgs, maxArgs;
  logArg.push_back(call(Builtin::Clamp, std::move(clampArgs)));
  expArg.push_back(call(Builtin::Log, std::move(logArg)));
  sqrtArg.push_back(call(Builtin::Exp, std::move(expArg)));
  absArg.push_back(call(Builtin::Sqrt, std::move(sqrtArg)));
  minArgs.push_back(call(Builtin::Abs, std::move(absArg)));
  minArgs.push_back(num(3));
  maxArgs.push_back(call(Builtin::Min, std::move(minArgs)));
  maxArgs.push_back(num(0.5));
  addOp(st, LogitsOpKind::Temperature, call(Builtin::Max, std::move(maxArgs)));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  // clamp(x, lo, hi) = min(max(x, lo), hi), evaluated inside out.
  std::vector<std::string> names;
  for (std::string &n : opNames(s))
    if (n != "arith.constant")
      names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "dec.logits", "arith.maximumf", "arith.minimumf",
                       "math.log", "math.exp", "math.sqrt", "math.absf",
                       "arith.minimumf", "arith.maximumf", "dec.temperature",
                       "dec.sample"}));
}

TEST_F(MLIRGenTest, IntegerMinMaxClampAbs) {
  ast::Strategy &st = addStrategy(m, "i");
  ast::Param &k = addParam(st, "k", ScalarType::I32, 4);
  std::vector<ast::ExprPtr> a, c;
  a.push_back(ref(k));
  c.push_back(call(Builtin::Abs, std::move(a)));
  c.push_back(num(1, ScalarType::I32));
  c.push_back(num(100, ScalarType::I32));
  addOp(st, LogitsOpKind::TopK, call(Builtin::Clamp, std::move(c)));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  std::vector<std::string> names = opNames(s);
  for (const char *expected : {"math.absi", "arith.maxsi", "arith.minsi"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
  EXPECT_EQ(only<dec::TopKOp>(s).getValue().getDefiningOp()->getName()
                .getStringRef(),
            "arith.minsi");
}

TEST_F(MLIRGenTest, CastIsSignedIntToFloat) {
  ast::Strategy &st = addStrategy(m, "c");
  addOp(st, LogitsOpKind::Temperature, toF32(feature(Feature::Step)));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  auto cast = only<dec::TemperatureOp>(s)
                  .getValue()
                  .getDefiningOp<mlir::arith::SIToFPOp>();
  ASSERT_TRUE(cast);
  EXPECT_TRUE(cast.getIn().getDefiningOp<dec::StepOp>());
}

TEST_F(MLIRGenTest, ConstantsHaveTheExpressionType) {
  ast::Strategy &st = addStrategy(m, "k");
  addOp(st, LogitsOpKind::TopK, num(40, ScalarType::I32));
  addOp(st, LogitsOpKind::TopP, num(0.95));
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  auto k = only<dec::TopKOp>(s).getValue().getDefiningOp<mlir::arith::ConstantOp>();
  auto p = only<dec::TopPOp>(s).getValue().getDefiningOp<mlir::arith::ConstantOp>();
  ASSERT_TRUE(k && p);
  EXPECT_EQ(mlir::cast<mlir::IntegerAttr>(k.getValue()).getInt(), 40);
  EXPECT_EQ(mlir::cast<mlir::FloatAttr>(p.getValue()).getValueAsDouble(),
            static_cast<double>(0.95f));
}

TEST_F(MLIRGenTest, StopConditionsBecomeAttributes) {
  ast::Strategy &st = addStrategy(m, "s", ast::Selection::Greedy);
  st.stop.eos = true;
  st.stop.maxTokens = 512;
  st.stop.tokens = {13, 128009};
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  EXPECT_TRUE(s.getStopEos());
  ASSERT_TRUE(s.getMaxTokens());
  EXPECT_EQ(*s.getMaxTokens(), 512u);
  EXPECT_FALSE(s.getMaxTokensParam());
  EXPECT_EQ(s.getStopTokens(), (llvm::ArrayRef<int64_t>{13, 128009}));
}

TEST_F(MLIRGenTest, MaxTokensFromParameterIsItsIndex) {
  ast::Strategy &st = addStrategy(m, "s");
  ast::Param &t = addParam(st, "t", ScalarType::F32, 1);
  ast::Param &n = addParam(st, "max_new", ScalarType::I32, 256, 1);
  addOp(st, LogitsOpKind::Temperature, ref(t));
  st.stop.maxTokensParamName = "max_new";
  st.stop.maxTokensParam = &n;
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s.getMaxTokensParam());
  EXPECT_EQ(*s.getMaxTokensParam(), 1u);
  EXPECT_FALSE(s.getMaxTokens());
}

TEST_F(MLIRGenTest, EveryOpHasItsSourceLocation) {
  ast::Strategy &st = addStrategy(m, "loc");
  ast::Param &t = addParam(st, "t", ScalarType::F32, 1);
  addOp(st, LogitsOpKind::Temperature,
        bin(BinaryOp::Mul, ref(t), feature(Feature::Entropy, {4, 21})), 0,
        {4, 5});
  dec::StrategyOp s = gen();
  ASSERT_TRUE(s);
  module->walk([&](mlir::Operation *op) {
    auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(op->getLoc());
    ASSERT_TRUE(loc) << op->getName().getStringRef().str();
    EXPECT_EQ(loc.getFilename(), "t.dec");
    EXPECT_GT(loc.getLine(), 0u);
  });
  auto temp = mlir::cast<mlir::FileLineColLoc>(only<dec::TemperatureOp>(s).getLoc());
  EXPECT_EQ(temp.getLine(), 4u);
  EXPECT_EQ(temp.getColumn(), 5u);
  auto ent = mlir::cast<mlir::FileLineColLoc>(only<dec::EntropyOp>(s).getLoc());
  EXPECT_EQ(ent.getColumn(), 21u);
  auto sel = mlir::cast<mlir::FileLineColLoc>(only<dec::SampleOp>(s).getLoc());
  EXPECT_EQ(sel.getLine(), 9u);
  auto arg = mlir::dyn_cast<mlir::FileLineColLoc>(
      s.getBodyBlock().getArgument(0).getLoc());
  ASSERT_TRUE(arg);
  EXPECT_EQ(arg.getLine(), 1u);
}

TEST_F(MLIRGenTest, OneStrategyOpPerStrategyInOrder) {
  addStrategy(m, "first", ast::Selection::Greedy);
  addStrategy(m, "second");
  addStrategy(m, "third", ast::Selection::Greedy);
  ASSERT_TRUE(gen());
  std::vector<std::string> names;
  for (dec::StrategyOp s : module->getOps<dec::StrategyOp>())
    names.push_back(s.getSymName().str());
  EXPECT_EQ(names, (std::vector<std::string>{"first", "second", "third"}));
}

TEST_F(MLIRGenTest, BrokenInvariantIsReportedNotPrinted) {
  // A default outside its bounds cannot come out of Sema; MLIRGen's module
  // fails to verify and mlirGen reports it instead of returning bad IR.
  ast::Strategy &st = addStrategy(m, "bad", ast::Selection::Greedy);
  ast::Param &k = addParam(st, "k", ScalarType::I32, 40, 0, 10);
  addOp(st, LogitsOpKind::TopK, ref(k));
  std::string message;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    message = d.str();
    return mlir::success();
  });
  EXPECT_FALSE(mlirGen(ctx, m));
  EXPECT_NE(message.find("min <= default <= max"), std::string::npos)
      << message;
}

} // namespace
