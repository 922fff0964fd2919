// The Earley matcher: ambiguity, left recursion, nullable rules, and the
// serving-engine operations (rollback, clone, validate, termination).
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace decc::grammar;
using namespace decc::grammar::test;

TEST(Matcher, AmbiguousLeftRecursiveGrammar) {
  auto g = compileOk("root ::= expr\nexpr ::= expr \"+\" expr | [0-9]\n");
  EXPECT_TRUE(accepts(g, "1"));
  EXPECT_TRUE(accepts(g, "1+2+3+4+5+6+7+8+9"));
  EXPECT_FALSE(accepts(g, "1++2"));
  EXPECT_FALSE(accepts(g, "1+"));
  EXPECT_FALSE(accepts(g, "+1"));
}

TEST(Matcher, LeftAndRightRecursionTogether) {
  auto g = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/examples/arithmetic.gbnf"));
  EXPECT_TRUE(accepts(g, "1 + 2 * (3 - -4) / 5.5"));
  EXPECT_TRUE(accepts(g, "((((1))))"));
  EXPECT_FALSE(accepts(g, "1 + * 2"));
  EXPECT_FALSE(accepts(g, "(1"));
}

TEST(Matcher, NullableRulesAycockHorspool) {
  // The classic case plain Earley gets wrong: A completes empty in the set
  // where it is predicted, after the item waiting for it was processed.
  auto g = compileOk("root ::= a a \"x\" a\na ::= \"\" | b\nb ::= \"\"\n");
  EXPECT_TRUE(accepts(g, "x"));
  EXPECT_FALSE(accepts(g, ""));
  auto h = compileOk("root ::= s\ns ::= s s | \"a\" | \"\"\n");
  EXPECT_TRUE(accepts(h, ""));
  EXPECT_TRUE(accepts(h, "aaaa"));
  EXPECT_FALSE(accepts(h, "ab"));
}

TEST(Matcher, NullableRuleInsideStar) {
  auto g = compileOk("root ::= item* \"!\"\nitem ::= \"a\"?\n");
  EXPECT_TRUE(accepts(g, "!"));
  EXPECT_TRUE(accepts(g, "aaa!"));
}

TEST(Matcher, ExponentiallyAmbiguousGrammarStaysPolynomial) {
  auto g = compileOk("root ::= s\ns ::= s s s | s s | \"a\"\n");
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(accepts(g, std::string(60, 'a')));
  EXPECT_FALSE(accepts(g, std::string(60, 'a') + "b"));
  // Not a timing assertion, a hang guard: Catalan-many parses would not end.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60));
}

TEST(Matcher, AcceptTokenRejectsWithoutChange) {
  auto g = compileOk("root ::= \"ab\" \"cd\"");
  auto v = smallVocab({"ab", "cd", "ax", "c"});
  Matcher m(g, v);
  EXPECT_FALSE(m.acceptToken(2)); // "ax" diverges after one byte
  EXPECT_EQ(m.numBytes(), 0u);
  EXPECT_TRUE(m.acceptToken(0));
  EXPECT_FALSE(m.acceptToken(0));
  EXPECT_EQ(m.numBytes(), 2u);
  EXPECT_TRUE(m.acceptToken(3));
  EXPECT_FALSE(m.isComplete());
  EXPECT_FALSE(m.acceptToken(4)); // EOS before completion
  EXPECT_FALSE(m.acceptToken(99)); // unknown id
}

TEST(Matcher, EosOnlyWhenCompleteThenTerminated) {
  auto g = compileOk("root ::= \"a\"+");
  auto v = smallVocab({"a"});
  Matcher m(g, v);
  EXPECT_FALSE(m.acceptToken(1));
  ASSERT_TRUE(m.acceptToken(0));
  EXPECT_TRUE(m.isComplete());
  ASSERT_TRUE(m.acceptToken(1));
  EXPECT_TRUE(m.isTerminated());
  EXPECT_FALSE(m.acceptToken(0));
  uint32_t mask[1] = {~0u};
  m.fillMask(mask, 32);
  EXPECT_EQ(mask[0], 0u);
}

TEST(Matcher, RollbackUndoesTokensAndTermination) {
  auto g = compileOk("root ::= \"a\" \"b\"* \"c\"?");
  auto v = smallVocab({"a", "b", "bb", "c"});
  Matcher m(g, v);
  ASSERT_TRUE(m.acceptToken(0));
  ASSERT_TRUE(m.acceptToken(2));
  ASSERT_TRUE(m.acceptToken(3));
  ASSERT_TRUE(m.acceptToken(4)); // EOS
  EXPECT_TRUE(m.isTerminated());
  EXPECT_TRUE(m.rollback(0));
  EXPECT_TRUE(m.isTerminated());
  EXPECT_TRUE(m.rollback(1));
  EXPECT_FALSE(m.isTerminated());
  EXPECT_EQ(m.numBytes(), 4u);
  EXPECT_TRUE(m.rollback(2));
  EXPECT_EQ(m.numBytes(), 1u);
  EXPECT_EQ(m.numAccepted(), 1u);
  EXPECT_FALSE(m.rollback(2));
  EXPECT_EQ(m.numAccepted(), 1u);
  EXPECT_TRUE(m.acceptToken(1));
  EXPECT_TRUE(m.acceptToken(3));
  EXPECT_FALSE(m.acceptToken(1)); // 'b' after 'c'
  EXPECT_TRUE(m.rollback(3));
  EXPECT_EQ(m.numBytes(), 0u);
  EXPECT_TRUE(m.acceptToken(0));
}

TEST(Matcher, RollbackRestoresTheSameMask) {
  auto g = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  auto v = smallVocab({"{", "}", "\"", "a", ":", " ", "1", ",", "\"a\"", "[", "]"});
  Matcher m(g, v);
  ASSERT_TRUE(m.acceptToken(0));
  ASSERT_TRUE(m.acceptToken(8));
  std::vector<uint32_t> before(1), after(1);
  m.fillMask(before.data(), v->size());
  ASSERT_TRUE(m.acceptToken(4));
  ASSERT_TRUE(m.acceptToken(6));
  ASSERT_TRUE(m.rollback(2));
  m.fillMask(after.data(), v->size());
  EXPECT_EQ(before, after);
}

TEST(Matcher, CloneIsIndependent) {
  auto g = compileOk("root ::= \"x\" ([a-z] | \"-\")*");
  auto v = smallVocab({"x", "a", "-", "b"});
  Matcher m(g, v);
  ASSERT_TRUE(m.acceptToken(0));
  Matcher c(m);
  ASSERT_TRUE(c.acceptToken(1));
  ASSERT_TRUE(c.acceptToken(2));
  EXPECT_EQ(m.numBytes(), 1u);
  EXPECT_EQ(c.numBytes(), 3u);
  ASSERT_TRUE(m.acceptToken(3));
  EXPECT_EQ(c.numBytes(), 3u);
  EXPECT_TRUE(c.rollback(3));
  EXPECT_EQ(m.numBytes(), 2u);
}

TEST(Matcher, ValidateTokensDoesNotAdvance) {
  auto g = compileOk("root ::= \"ab\"+ \"!\"");
  auto v = smallVocab({"ab", "a", "b", "!"});
  Matcher m(g, v);
  int32_t seq[] = {0, 1, 2, 3, 3, 0};
  EXPECT_EQ(m.validateTokens(seq, 6), 4u);
  EXPECT_EQ(m.numAccepted(), 0u);
  int32_t eos[] = {0, 3, 4, 0};
  EXPECT_EQ(m.validateTokens(eos, 4), 3u);
  EXPECT_FALSE(m.isTerminated());
  EXPECT_EQ(m.validateTokens(seq, 0), 0u);
}

TEST(Matcher, ForcedBytes) {
  auto g = compileOk("root ::= \"{\\\"name\\\": \" [a-z]+ \"}\"");
  auto v = smallVocab({"{", "x"});
  Matcher m(g, v);
  EXPECT_EQ(m.forcedBytes(), "{\"name\": ");
  EXPECT_EQ(m.numBytes(), 0u);
  ASSERT_TRUE(m.acceptBytes("{\"name\": x"));
  EXPECT_EQ(m.forcedBytes(), "");
  auto done = compileOk("root ::= \"ab\" | \"abc\"");
  Matcher d(done, v);
  EXPECT_EQ(d.forcedBytes(), "ab"); // stops where the input could end
}

TEST(Matcher, ResetStartsOver) {
  auto g = compileOk("root ::= \"a\" \"b\"");
  auto v = smallVocab({"a", "b"});
  Matcher m(g, v);
  ASSERT_TRUE(m.acceptToken(0));
  m.reset();
  EXPECT_EQ(m.numAccepted(), 0u);
  EXPECT_FALSE(m.acceptToken(1));
  EXPECT_TRUE(m.acceptToken(0));
}

TEST(Matcher, NormalisationInlinesAndTrims) {
  // `digit` is small and non-recursive: inlined; `unused` is dropped.
  auto g = compileOk("root ::= digit+ list\ndigit ::= [0-9]\nlist ::= \"[\" list? \"]\"\n"
                     "unused ::= \"u\"\n");
  ASSERT_NE(g, nullptr);
  std::vector<std::string> names;
  for (const auto &r : g->rules)
    names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"root", "list"}));
  EXPECT_TRUE(accepts(g, "12[[]]"));
}
