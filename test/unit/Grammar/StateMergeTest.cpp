// Equivalent states of a rule's automaton are merged at compile time
// (runtime/lib/Grammar/StateMerge.cpp): fewer states, same language.

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace decc {
namespace grammar {
namespace {

using test::accepts;
using test::compileOk;

/// States of the dump with an edge back to themselves.
int selfLoops(const CompiledGrammar &g) {
  std::istringstream in(g.dump());
  std::string line;
  int n = 0;
  const std::regex loop(R"(^\s+s(\d+)\b.*->s\1\b)");
  while (std::getline(in, line))
    n += std::regex_search(line, loop);
  return n;
}

TEST(StateMerge, LoopsOfDifferentBranchesBecomeOne) {
  auto g = compileOk(R"(root ::= "a" [0-9]* "x" | "b" [0-9]* "x" | "c" [0-9] [0-9]* "x")");
  ASSERT_TRUE(g);
  // start, the digit loop (after "a", after "b", after "c" and a digit),
  // after "c", the end.
  EXPECT_EQ(g->numStates(), 4u) << g->dump();
  EXPECT_EQ(selfLoops(*g), 1);
  EXPECT_TRUE(accepts(g, "a12x"));
  EXPECT_TRUE(accepts(g, "bx"));
  EXPECT_TRUE(accepts(g, "c1x"));
  EXPECT_FALSE(accepts(g, "cx"));
  EXPECT_FALSE(accepts(g, "a1"));
}

TEST(StateMerge, StateEnteringALoopAsItsOwnStatesDoJoinsIt) {
  // After "a" the grammar expects what the digit loop expects.
  auto g = compileOk(R"(root ::= "a" ([0-9] [0-9]*)? "x")");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->numStates(), 3u) << g->dump();
  EXPECT_TRUE(accepts(g, "ax"));
  EXPECT_TRUE(accepts(g, "a007x"));
  EXPECT_FALSE(accepts(g, "a"));
}

TEST(StateMerge, ComplementTrieEndsInOneLoop) {
  // A key other than "ab", spelled as the JSON Schema converter spells it
  // (characters through a rule): every way out of the name's trie continues
  // with any characters.
  auto g = compileOk(R"(root ::= "\"" ( "a" ( "b" c c* | [^b"] c* )? | [^a"] c* )? "\""
c ::= [^"])");
  ASSERT_TRUE(g);
  EXPECT_EQ(selfLoops(*g), 1) << g->dump();
  EXPECT_TRUE(accepts(g, "\"\""));
  EXPECT_TRUE(accepts(g, "\"a\""));
  EXPECT_TRUE(accepts(g, "\"abc\""));
  EXPECT_TRUE(accepts(g, "\"x\xC3\xA9\""));
  EXPECT_FALSE(accepts(g, "\"ab\""));
}

TEST(StateMerge, CycleTooBigToRefineStillCompilesExactly) {
  // One strongly connected component of ~3,000 states: past the
  // refinement's budget its states stay apart, the language is unchanged.
  auto g = compileOk(R"(root ::= ([a-c]{0,1500} "y" [a-c]{0,1500} "z")* "x")");
  ASSERT_TRUE(g);
  EXPECT_TRUE(accepts(g, "x"));
  EXPECT_TRUE(accepts(g, "yzx"));
  EXPECT_TRUE(accepts(g, "abyczaaaaybzx"));
  EXPECT_TRUE(accepts(g, std::string(1500, 'a') + "y" + std::string(1500, 'c') + "zx"));
  EXPECT_FALSE(accepts(g, std::string(1501, 'a') + "yzx"));
  EXPECT_FALSE(accepts(g, "yx"));
}

} // namespace
} // namespace grammar
} // namespace decc
