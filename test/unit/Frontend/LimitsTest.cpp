//===- LimitsTest.cpp - Hostile input ends in an error, not a crash -------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

using decc::FrontendLimits;
using decc::test::compile;
using decc::test::firstLine;
using decc::test::inLogits;

namespace {

TEST(FrontendLimits, DeepParenthesesRejectedBeforeParsing) {
  std::string deep(100000, '(');
  auto c = compile(inLogits("temperature(" + deep + "1" + std::string(100000, ')') + ")"));
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(firstLine(c.diagnostics), "t.dec:3:214: error: nesting is too deep (the limit is 200 levels)");
}

TEST(FrontendLimits, UnbalancedOpenBracketsRejected) {
  auto c = compile("strategy s {" + std::string(500000, '{'));
  EXPECT_EQ(c.module, nullptr);
  EXPECT_NE(c.diagnostics.find("nesting is too deep"), std::string::npos);
}

TEST(FrontendLimits, LongUnaryMinusChainRejected) {
  std::string minus;
  for (int i = 0; i < 50000; ++i)
    minus += "- ";
  auto c = compile(inLogits("temperature(" + minus + "1)"));
  EXPECT_EQ(c.module, nullptr);
  EXPECT_NE(c.diagnostics.find("nesting is too deep"), std::string::npos);
}

TEST(FrontendLimits, LongOperatorChainRejectedWithoutRecursion) {
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i)
    chain += "+1";
  auto c = compile(inLogits("top_k(" + chain + ")"));
  EXPECT_EQ(c.module, nullptr);
  EXPECT_NE(c.diagnostics.find("expression is too deeply nested (the limit is 200 levels)"),
            std::string::npos);
}

TEST(FrontendLimits, ModerateChainAccepted) {
  std::string chain = "1";
  for (int i = 0; i < 150; ++i)
    chain += "+1";
  auto c = compile(inLogits("top_k(" + chain + ")"));
  EXPECT_NE(c.module, nullptr) << c.diagnostics;
}

TEST(FrontendLimits, TenMegabyteFileRejected) {
  std::string big = "strategy s { sample }\n" + std::string(10 << 20, ' ');
  auto c = compile(big);
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(firstLine(c.diagnostics),
            "t.dec: error: source is too large (10485782 bytes; the limit is 1048576 bytes)");
}

TEST(FrontendLimits, TooManyOperators) {
  std::string ops;
  for (int i = 0; i < 5000; ++i)
    ops += "top_k(1) ";
  auto c = compile(inLogits(ops));
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(firstLine(c.diagnostics),
            "t.dec:3:36869: error: too many logits operators in strategy 's' (the limit is 4096)");
}

TEST(FrontendLimits, TooManyStrategies) {
  FrontendLimits limits;
  limits.maxStrategies = 3;
  std::string src;
  for (int i = 0; i < 5; ++i)
    src += "strategy s" + std::to_string(i) + " { sample }\n";
  auto c = compile(src, limits);
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(firstLine(c.diagnostics),
            "t.dec:4:1: error: too many strategies in one file (the limit is 3)");
}

TEST(FrontendLimits, InvalidUtf8Located) {
  auto c = compile("strategy s {\n  sample \xFF }");
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(firstLine(c.diagnostics), "t.dec:2:10: error: invalid UTF-8 (byte 0xFF)");
}

TEST(FrontendLimits, BinaryGarbageGivesOneError) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i)
    garbage += static_cast<char>(1 + (i * 37) % 120);
  auto c = compile(garbage);
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(c.errors, 1u) << c.diagnostics;
}

} // namespace
