//===- DumpTest.cpp - The `decc --emit=ast` format ------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace decc;

namespace {

TEST(FrontendDump, FullStrategy) {
  auto c = test::compile("strategy chat(t: f32 = 0.7 in [0, 2], n: i32 = 128) {\n"
                         "  logits {\n"
                         "    repetition_penalty(1.1, window = 64)\n"
                         "    logit_bias({13: -inf})\n"
                         "    temperature(t * (1 + entropy))\n"
                         "    top_k(vocab / 1000)\n"
                         "  }\n"
                         "  sample\n"
                         "  stop eos, max_tokens = n, tokens = [13, 198]\n"
                         "}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(ast::dump(*c.module), R"(module "t.dec"
strategy chat @1:1
  param t: f32 = 0.7 in [0, 2] @1:15
  param n: i32 = 128 in [1, inf] @1:39
  logits
    op repetition_penalty window=64 @3:5
      number 1.1 : f32 @3:24
    op logit_bias @4:5
      bias 13 = -inf @4:17
    op temperature @5:5
      binary * : f32 @5:19
        param t : f32 @5:17
        binary + : f32 @5:24
          cast : f32 @5:22
            number 1 : i32 @5:22
          feature entropy : f32 @5:26
    op top_k @6:5
      binary / : i32 @6:17
        feature vocab : i32 @6:11
        number 1000 : i32 @6:19
  select sample @8:3
  stop eos max_tokens=n tokens=[13, 198] @9:3
)");
}

TEST(FrontendDump, GreedyWithoutLogitsOrStop) {
  auto c = test::compile("strategy g { greedy }");
  ASSERT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(ast::dump(*c.module), "module \"t.dec\"\nstrategy g @1:1\n  select greedy @1:14\n");
}

TEST(FrontendDump, CallsNegationAndDefaultRange) {
  auto c = test::compile("strategy s(k: i32 = -1 in [-inf, inf]) {\n"
                         "  logits { min_p(-log(2.5) + abs(k) * 0) }\n  sample\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(ast::dump(*c.module), R"(module "t.dec"
strategy s @1:1
  param k: i32 = -1 in [-inf, inf] @1:12
  logits
    op min_p @2:12
      binary + : f32 @2:28
        neg : f32 @2:18
          call log : f32 @2:19
            number 2.5 : f32 @2:23
        cast : f32 @2:37
          binary * : i32 @2:37
            call abs : i32 @2:30
              param k : i32 @2:34
            number 0 : i32 @2:39
  select sample @3:3
)");
}

TEST(FrontendDump, NamesOfEnums) {
  EXPECT_STREQ(ast::scalarTypeName(ast::ScalarType::I32), "i32");
  EXPECT_STREQ(ast::featureName(ast::Feature::HistoryLen), "history_len");
  EXPECT_STREQ(ast::featureName(ast::Feature::MaxProb), "max_prob");
  EXPECT_STREQ(ast::logitsOpName(ast::LogitsOpKind::TypicalP), "typical_p");
  EXPECT_STREQ(ast::logitsOpName(ast::LogitsOpKind::RepetitionPenalty), "repetition_penalty");
}

} // namespace
