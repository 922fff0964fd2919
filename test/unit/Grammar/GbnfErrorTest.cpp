// Bad grammars: located errors, never a crash or a hang.
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace decc::grammar;
using namespace decc::grammar::test;

TEST(GbnfError, SyntaxErrorIsLocated) {
  EXPECT_EQ(compileErrors("root ::= \"a\"\nx ::= ( \"b\"\n"), "3:1: unexpected end of file\n");
}

TEST(GbnfError, LeadingBarOnNextLine) {
  std::string e = compileErrors("root ::= \"a\"\n  | \"b\"\n");
  EXPECT_EQ(e.substr(0, 4), "2:3:") << e;
}

TEST(GbnfError, UndefinedRuleAtFirstReference) {
  EXPECT_EQ(compileErrors("root ::= \"a\" |\n  \"b\" missing-rule\n"),
            "2:7: undefined rule 'missing-rule'\n");
}

TEST(GbnfError, NoRoot) {
  EXPECT_EQ(compileErrors("start ::= \"a\"\n"),
            "0:0: the grammar has no 'root' rule (the start symbol is 'root ::= ...')\n");
}

TEST(GbnfError, EmptyLanguage) {
  EXPECT_EQ(compileErrors("root ::= \"a\" root\n"),
            "1:1: empty language: rule 'root' derives no finite string\n");
  EXPECT_EQ(compileErrors("root ::= []\n"),
            "1:1: empty language: rule 'root' derives no finite string\n");
}

TEST(GbnfError, ReachableRuleWithoutFiniteDerivation) {
  EXPECT_EQ(compileErrors("root ::= \"a\" | loop\nloop ::= \"x\" loop\n"),
            "2:1: rule 'loop' derives no finite string (every derivation is infinite)\n");
  // An unreachable one is dropped silently, as llama.cpp allows unused rules.
  EXPECT_TRUE(accepts("root ::= \"a\"\nloop ::= \"x\" loop\n", "a"));
}

TEST(GbnfError, RepetitionLimit) {
  EXPECT_EQ(compileErrors("root ::= \"a\"{2001}\n"),
            "1:13: repetition count 2001 exceeds the limit of 2000\n");
  EXPECT_EQ(compileErrors("root ::= \"a\"{1,99999999999999999999}\n"),
            "1:13: repetition count 4294967294 exceeds the limit of 2000\n");
  EXPECT_EQ(compileErrors("root ::= \"a\"{3,2}\n"),
            "1:13: repetition {3,2} has a maximum below its minimum\n");
}

TEST(GbnfError, ExpansionSizeLimit) {
  std::string e = compileErrors("root ::= ((\"abcdefgh\"{2000}){2000}){2000}\n");
  EXPECT_NE(e.find("automaton states"), std::string::npos) << e;
}

TEST(GbnfError, DeepNesting) {
  std::string deep = "root ::= " + std::string(100000, '(') + "\"a\"" + std::string(100000, ')');
  EXPECT_EQ(compileErrors(deep), "1:266: parentheses nested deeper than the limit of 256\n");
  std::string stacked = "root ::= \"a\"";
  for (int i = 0; i < 100000; ++i)
    stacked += "?";
  std::string e = compileErrors(stacked);
  EXPECT_NE(e.find("nested deeper than the limit"), std::string::npos) << e;
}

TEST(GbnfError, LexicalErrors) {
  EXPECT_EQ(compileErrors("root ::= \"abc\n"), "1:10: unterminated string literal\n");
  EXPECT_EQ(compileErrors("root ::= [abc\n"), "1:10: unterminated character class\n");
  EXPECT_EQ(compileErrors("root ::= \"a\" $\n"), "1:14: unexpected character '$'\n");
  EXPECT_EQ(compileErrors("root ::= \"a\"\n\xFF"), "2:1: invalid UTF-8 (byte 0xFF)\n");
}

TEST(GbnfError, BadEscapes) {
  std::string e = compileErrors("root ::= \"ab\\q\"\n");
  EXPECT_EQ(e.substr(0, 43), "1:13: unknown escape sequence '\\q' (known: ") << e;
  EXPECT_EQ(compileErrors("root ::= [\\x4]\n"),
            "1:11: escape '\\x' needs 2 hexadecimal digits\n");
  EXPECT_EQ(compileErrors("root ::= \"\\uD800\"\n"),
            "1:11: escape denotes no Unicode scalar value (surrogate or above U+10FFFF)\n");
  EXPECT_EQ(compileErrors("root ::= [z-a]\n"),
            "1:10: character range is reversed (its end comes before its start)\n");
}

TEST(GbnfError, DuplicateRule) {
  EXPECT_EQ(compileErrors("root ::= \"a\"\nroot ::= \"b\"\n"),
            "2:1: rule 'root' is defined twice (first at line 1)\n");
}

TEST(GbnfError, PrintedWithCaret) {
  std::string src = "root ::= \"a\" undefined-x\n";
  std::vector<Diagnostic> diags;
  EXPECT_EQ(compileGbnf(src, diags), nullptr);
  std::ostringstream os;
  printDiagnostics("g.gbnf", src, diags, os);
  EXPECT_EQ(os.str(), "g.gbnf:1:14: error: undefined rule 'undefined-x'\n"
                      "root ::= \"a\" undefined-x\n"
                      "             ^\n");
}

TEST(GbnfError, SourceSizeLimit) {
  GbnfLimits l;
  l.maxSourceBytes = 10;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(parseGbnf("root ::= \"abcdef\"", diags, l).has_value());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message, "grammar is too large (17 bytes; the limit is 10)");
}
