//===- RecognizerTest.cpp - The test recogniser itself --------------------===//
#include "GbnfRecognizer.h"

#include <gtest/gtest.h>

using decc::test::GbnfRecognizer;

TEST(GbnfRecognizer, LiteralsClassesAndRepetition) {
  GbnfRecognizer r("root ::= \"a\" [b-d]{2,3} x?\nx ::= [^a] | \"\\x41\"");
  EXPECT_TRUE(r.accepts("abc"));
  EXPECT_TRUE(r.accepts("abcdA"));
  EXPECT_TRUE(r.accepts("abbz"));
  EXPECT_FALSE(r.accepts("ab"));
  EXPECT_FALSE(r.accepts("abcda"));
  EXPECT_FALSE(r.accepts("abbbbb"));
}

TEST(GbnfRecognizer, RecursionAndEmpty) {
  GbnfRecognizer r("root ::= \"(\" root \")\" | \"\"");
  EXPECT_TRUE(r.accepts(""));
  EXPECT_TRUE(r.accepts("(())"));
  EXPECT_FALSE(r.accepts("(()"));
}

TEST(GbnfRecognizer, RejectsUndefinedRules) {
  EXPECT_THROW(GbnfRecognizer("root ::= x"), std::runtime_error);
  EXPECT_THROW(GbnfRecognizer("root ::= \"a"), std::runtime_error);
}
