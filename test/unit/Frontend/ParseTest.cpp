//===- ParseTest.cpp - Valid programs produce the expected AST ------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace decc;
using decc::test::compile;
using decc::test::inLogits;

namespace {

const ast::LogitsOp &onlyOp(const test::Compiled &c) {
  EXPECT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(c.module->strategies.size(), 1u);
  EXPECT_EQ(c.module->strategies[0].logits.size(), 1u);
  return c.module->strategies[0].logits[0];
}

double constantArg(const ast::LogitsOp &op) {
  EXPECT_EQ(op.args.size(), 1u);
  const ast::Expr *e = op.args[0].get();
  if (e->kind == ast::Expr::Kind::Cast)
    e = e->operands[0].get();
  EXPECT_EQ(e->kind, ast::Expr::Kind::Number);
  return e->number;
}

TEST(FrontendParse, RepetitionPenaltyWithWindow) {
  auto c = compile(inLogits("repetition_penalty(1.1, window = 64)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.kind, ast::LogitsOpKind::RepetitionPenalty);
  EXPECT_EQ(op.window, 64);
  EXPECT_DOUBLE_EQ(constantArg(op), 1.1);
  EXPECT_EQ(c.warnings, 0u) << c.diagnostics;
}

TEST(FrontendParse, PresencePenaltyDefaultsToWholeHistory) {
  auto c = compile(inLogits("presence_penalty(-0.5)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.kind, ast::LogitsOpKind::PresencePenalty);
  EXPECT_EQ(op.window, 0);
  ASSERT_EQ(op.args.size(), 1u);
  EXPECT_EQ(op.args[0]->kind, ast::Expr::Kind::Unary);
}

TEST(FrontendParse, FrequencyPenaltyWindowAsSecondPositional) {
  auto c = compile(inLogits("frequency_penalty(0.2, 128)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.kind, ast::LogitsOpKind::FrequencyPenalty);
  EXPECT_EQ(op.window, 128);
}

TEST(FrontendParse, KeywordArgumentsInAnyOrder) {
  auto c = compile(inLogits("repetition_penalty(window = 8, penalty = 1.3)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.window, 8);
  EXPECT_DOUBLE_EQ(constantArg(op), 1.3);
}

TEST(FrontendParse, LogitBiasEntriesKeepOrderAndBan) {
  auto c = compile(inLogits("logit_bias({15339: 2.5, 220: -inf, 7: -3})"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.kind, ast::LogitsOpKind::LogitBias);
  ASSERT_EQ(op.biases.size(), 3u);
  EXPECT_EQ(op.biases[0].token, 15339);
  EXPECT_DOUBLE_EQ(op.biases[0].bias, 2.5);
  EXPECT_EQ(op.biases[1].token, 220);
  EXPECT_TRUE(std::isinf(op.biases[1].bias) && op.biases[1].bias < 0);
  EXPECT_DOUBLE_EQ(op.biases[2].bias, -3);
  EXPECT_TRUE(op.args.empty());
}

TEST(FrontendParse, TemperatureIntLiteralIsCastToF32) {
  auto c = compile(inLogits("temperature(1)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.kind, ast::LogitsOpKind::Temperature);
  ASSERT_EQ(op.args.size(), 1u);
  EXPECT_EQ(op.args[0]->kind, ast::Expr::Kind::Cast);
  EXPECT_EQ(op.args[0]->type, ast::ScalarType::F32);
  EXPECT_EQ(op.args[0]->operands[0]->type, ast::ScalarType::I32);
}

TEST(FrontendParse, TopKIsI32) {
  auto c = compile(inLogits("top_k(40)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.kind, ast::LogitsOpKind::TopK);
  EXPECT_EQ(op.args[0]->kind, ast::Expr::Kind::Number);
  EXPECT_EQ(op.args[0]->type, ast::ScalarType::I32);
}

TEST(FrontendParse, TopPMinPTypicalP) {
  auto c = compile(inLogits("top_p(0.95) min_p(0.05); typical_p(1)"));
  ASSERT_TRUE(c.module) << c.diagnostics;
  const auto &ops = c.module->strategies[0].logits;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].kind, ast::LogitsOpKind::TopP);
  EXPECT_EQ(ops[1].kind, ast::LogitsOpKind::MinP);
  EXPECT_EQ(ops[2].kind, ast::LogitsOpKind::TypicalP);
  EXPECT_DOUBLE_EQ(constantArg(ops[2]), 1);
}

TEST(FrontendParse, FeaturesAndBuiltinsInArguments) {
  auto c = compile(inLogits("temperature(clamp(0.7 * (1 + 0.5 * entropy / log(vocab)), 0.1, "
                            "max(1, sqrt(abs(step - history_len)))) * exp(-max_prob))"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.args[0]->type, ast::ScalarType::F32);
  EXPECT_EQ(c.warnings, 0u) << c.diagnostics;
}

TEST(FrontendParse, I32ArithmeticStaysI32) {
  auto c = compile(inLogits("top_k(min(vocab / 100, 50) + step * 0)"));
  const ast::LogitsOp &op = onlyOp(c);
  EXPECT_EQ(op.args[0]->type, ast::ScalarType::I32);
}

TEST(FrontendParse, ParametersWithRangesAndNarrowing) {
  auto c = compile("strategy s(p: f32 = 0.9, k: i32 = 40 in [0, 1000], t: f32 = 0.7 in [0, inf]) {\n"
                   "  logits { top_p(p) top_k(k) temperature(t) }\n  sample\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const auto &params = c.module->strategies[0].params;
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0]->minValue, 0);
  EXPECT_EQ(params[0]->maxValue, 1);
  EXPECT_EQ(params[1]->type, ast::ScalarType::I32);
  EXPECT_EQ(params[1]->defaultValue, 40);
  EXPECT_EQ(params[1]->maxValue, 1000);
  EXPECT_TRUE(std::isinf(params[2]->maxValue));
  for (const auto &p : params)
    EXPECT_TRUE(p->used);
  const ast::Expr &ref = *c.module->strategies[0].logits[0].args[0];
  EXPECT_EQ(ref.kind, ast::Expr::Kind::ParamRef);
  EXPECT_EQ(ref.param, params[0].get());
}

TEST(FrontendParse, ExclusiveDomainNarrowsToPositive) {
  auto c = compile("strategy s(r: f32 = 1.2) { logits { repetition_penalty(r) } sample }");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const ast::Param &r = *c.module->strategies[0].params[0];
  EXPECT_GT(r.minValue, 0);
  EXPECT_LT(r.minValue, 1e-30);
}

TEST(FrontendParse, I32ParamPassedToF32OperatorIsCastAndNarrowed) {
  auto c = compile("strategy s(n: i32 = 1) { logits { top_p(n) } sample }");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const ast::Expr &arg = *c.module->strategies[0].logits[0].args[0];
  EXPECT_EQ(arg.kind, ast::Expr::Kind::Cast);
  EXPECT_EQ(arg.operands[0]->kind, ast::Expr::Kind::ParamRef);
  EXPECT_EQ(c.module->strategies[0].params[0]->maxValue, 1);
}

TEST(FrontendParse, GreedyAndStopWithParameter) {
  auto c = compile("strategy g(n: i32 = 64) {\n  greedy\n  stop eos, max_tokens = n, tokens = [2]\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const ast::Strategy &s = c.module->strategies[0];
  EXPECT_EQ(s.selection, ast::Selection::Greedy);
  EXPECT_EQ(s.selectionLoc.line, 2u);
  EXPECT_TRUE(s.stop.eos);
  EXPECT_FALSE(s.stop.maxTokens.has_value());
  ASSERT_NE(s.stop.maxTokensParam, nullptr);
  EXPECT_EQ(s.stop.maxTokensParamName, "n");
  EXPECT_EQ(s.stop.maxTokensParam->minValue, 1);
  EXPECT_EQ(s.stop.tokens, std::vector<int64_t>{2});
}

TEST(FrontendParse, StopConstantMaxTokensAndTokens) {
  auto c = compile("strategy s { sample; stop max_tokens = 2 * 256, tokens = [13, 198] }");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const ast::StopSpec &stop = c.module->strategies[0].stop;
  EXPECT_FALSE(stop.eos);
  EXPECT_EQ(stop.maxTokens, 512);
  EXPECT_EQ(stop.tokens, (std::vector<int64_t>{13, 198}));
}

TEST(FrontendParse, CommentsSemicolonsAndSeveralStrategies) {
  auto c = compile("/* header\n comment */ strategy a { sample } // trailing\n"
                   "strategy b() { logits { top_k(1); }; greedy; }\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  ASSERT_EQ(c.module->strategies.size(), 2u);
  EXPECT_EQ(c.module->strategies[0].name, "a");
  EXPECT_EQ(c.module->strategies[1].name, "b");
  EXPECT_EQ(c.module->strategies[1].loc.line, 3u);
}

TEST(FrontendParse, OperatorOrderIsKept) {
  auto c = compile(inLogits("min_p(0.1) temperature(0.5) min_p(0.2) top_k(3)"));
  ASSERT_TRUE(c.module) << c.diagnostics;
  const auto &ops = c.module->strategies[0].logits;
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[0].kind, ast::LogitsOpKind::MinP);
  EXPECT_EQ(ops[1].kind, ast::LogitsOpKind::Temperature);
  EXPECT_EQ(ops[2].kind, ast::LogitsOpKind::MinP);
  EXPECT_EQ(ops[3].kind, ast::LogitsOpKind::TopK);
}

TEST(FrontendParse, ExamplesPassTheChecker) {
  for (const char *name : {"chat", "greedy", "entropy_adaptive", "typical", "biased"}) {
    std::ifstream in(std::string(DECC_EXAMPLES_DIR) + "/" + name + ".dec");
    ASSERT_TRUE(in) << name;
    std::stringstream text;
    text << in.rdbuf();
    auto c = compile(text.str());
    EXPECT_TRUE(c.module) << name << ":\n" << c.diagnostics;
    EXPECT_EQ(c.warnings, 0u) << name << ":\n" << c.diagnostics;
  }
}

} // namespace
