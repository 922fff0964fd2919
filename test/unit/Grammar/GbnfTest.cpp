// GBNF constructs: each test checks the language the parsed grammar derives.
#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace decc::grammar;
using namespace decc::grammar::test;

TEST(Gbnf, LiteralWithEscapes) {
  auto g = compileOk(R"(root ::= "a\n\t\r\\\"\[\]\x41\u00e9\U0001F600")");
  EXPECT_TRUE(accepts(g, "a\n\t\r\\\"[]A\xC3\xA9\xF0\x9F\x98\x80"));
  EXPECT_FALSE(accepts(g, "a\n\t\r\\\"[]A\xC3\xA9"));
}

TEST(Gbnf, HexEscapeIsACodePoint) {
  // As in llama.cpp, \xHH names code point U+00HH, encoded as UTF-8.
  auto g = compileOk(R"(root ::= "\xE9")");
  EXPECT_TRUE(accepts(g, "\xC3\xA9"));
  EXPECT_FALSE(accepts(g, "\xE9"));
}

TEST(Gbnf, RawUtf8InLiteral) {
  EXPECT_TRUE(accepts("root ::= \"日本\"", "日本"));
}

TEST(Gbnf, CharacterClassRanges) {
  auto g = compileOk("root ::= [a-c0-9_]");
  for (const char *s : {"a", "b", "c", "0", "9", "_"})
    EXPECT_TRUE(accepts(g, s)) << s;
  for (const char *s : {"d", "A", "", "ab"})
    EXPECT_FALSE(accepts(g, s)) << s;
}

TEST(Gbnf, NegatedClassIsOverCodePoints) {
  auto g = compileOk("root ::= [^a\"]");
  EXPECT_TRUE(accepts(g, "b"));
  EXPECT_TRUE(accepts(g, "é"));
  EXPECT_TRUE(accepts(g, "\xF0\x9F\x98\x80"));
  EXPECT_FALSE(accepts(g, "a"));
  EXPECT_FALSE(accepts(g, "\""));
  EXPECT_FALSE(accepts(g, "\xC3")); // half a character
  EXPECT_FALSE(accepts(g, "\xFF"));
  EXPECT_FALSE(accepts(g, "\xED\xA0\x80")); // a surrogate is not UTF-8
}

TEST(Gbnf, ClassEscapesAndDashes) {
  auto g = compileOk(R"(root ::= [\]\[\\a-] [\x41-\x43\u00e0-\u00e2])");
  EXPECT_TRUE(accepts(g, "]B"));
  EXPECT_TRUE(accepts(g, "[\xC3\xA1"));
  EXPECT_TRUE(accepts(g, "\\C"));
  EXPECT_TRUE(accepts(g, "-A"));
  EXPECT_FALSE(accepts(g, "bA"));
  EXPECT_FALSE(accepts(g, "aD"));
}

TEST(Gbnf, AnyCharacter) {
  auto g = compileOk("root ::= . .");
  EXPECT_TRUE(accepts(g, "a日"));
  EXPECT_TRUE(accepts(g, "\n\x7F"));
  EXPECT_FALSE(accepts(g, "a"));
  EXPECT_FALSE(accepts(g, "a\xFF"));
}

TEST(Gbnf, Quantifiers) {
  auto star = compileOk(R"(root ::= "a"* "b")");
  EXPECT_TRUE(accepts(star, "b"));
  EXPECT_TRUE(accepts(star, "aaaab"));
  auto plus = compileOk(R"(root ::= "ab"+)");
  EXPECT_FALSE(accepts(plus, ""));
  EXPECT_TRUE(accepts(plus, "ababab"));
  EXPECT_FALSE(accepts(plus, "aba"));
  auto opt = compileOk(R"(root ::= "x" "y"?)");
  EXPECT_TRUE(accepts(opt, "x"));
  EXPECT_TRUE(accepts(opt, "xy"));
  EXPECT_FALSE(accepts(opt, "xyy"));
}

TEST(Gbnf, CountedRepetitions) {
  auto exact = compileOk("root ::= [0-9]{3}");
  EXPECT_TRUE(accepts(exact, "123"));
  EXPECT_FALSE(accepts(exact, "12"));
  EXPECT_FALSE(accepts(exact, "1234"));
  auto atLeast = compileOk("root ::= \"a\"{2,}");
  EXPECT_FALSE(accepts(atLeast, "a"));
  EXPECT_TRUE(accepts(atLeast, "aa"));
  EXPECT_TRUE(accepts(atLeast, std::string(50, 'a')));
  auto between = compileOk("root ::= \"a\"{ 1 , 3 }");
  EXPECT_FALSE(accepts(between, ""));
  EXPECT_TRUE(accepts(between, "a"));
  EXPECT_TRUE(accepts(between, "aaa"));
  EXPECT_FALSE(accepts(between, "aaaa"));
  auto zero = compileOk("root ::= \"x\" \"a\"{0} \"y\"{0,1}");
  EXPECT_TRUE(accepts(zero, "x"));
  EXPECT_TRUE(accepts(zero, "xy"));
  EXPECT_FALSE(accepts(zero, "xa"));
}

TEST(Gbnf, StackedQuantifiers) {
  auto g = compileOk(R"(root ::= ("ab"{2}){2})");
  EXPECT_TRUE(accepts(g, "abababab"));
  EXPECT_FALSE(accepts(g, "ababab"));
}

TEST(Gbnf, GroupsAlternationAndNewlines) {
  auto g = compileOk("root ::= (\n  \"a\" |\n  \"b\" \"c\"\n  | \"d\"\n) \"!\"   # comment\n"
                     "# a comment line\n\n");
  EXPECT_TRUE(accepts(g, "a!"));
  EXPECT_TRUE(accepts(g, "bc!"));
  EXPECT_TRUE(accepts(g, "d!"));
  EXPECT_FALSE(accepts(g, "b!"));
}

TEST(Gbnf, AlternativesContinueAfterBar) {
  auto g = compileOk("root ::= \"a\" |\n  \"b\"\nother ::= \"c\"\n");
  EXPECT_TRUE(accepts(g, "a"));
  EXPECT_TRUE(accepts(g, "b"));
  EXPECT_FALSE(accepts(g, "c"));
}

TEST(Gbnf, RuleNamesAndReferences) {
  auto g = compileOk("root ::= item-1 (\",\" item-1)*\nitem-1 ::= [a-z]+ | num2\nnum2 ::= [0-9]+\n");
  EXPECT_TRUE(accepts(g, "abc,12,x"));
  EXPECT_FALSE(accepts(g, "abc,"));
}

TEST(Gbnf, EmptyAlternativeAndEmptyString) {
  auto g = compileOk("root ::= \"x\" opt\nopt ::= | \"y\"\n");
  EXPECT_TRUE(accepts(g, "x"));
  EXPECT_TRUE(accepts(g, "xy"));
  auto e = compileOk("root ::= \"\"");
  EXPECT_TRUE(accepts(e, ""));
  EXPECT_FALSE(accepts(e, "a"));
}

TEST(Gbnf, RecursiveRule) {
  auto g = compileOk("root ::= \"(\" root \")\" | \"\"");
  EXPECT_TRUE(accepts(g, ""));
  EXPECT_TRUE(accepts(g, "((()))"));
  EXPECT_FALSE(accepts(g, "(()"));
}

TEST(Gbnf, RuleOrderDoesNotMatterAndCrlf) {
  auto g = compileOk("item ::= \"i\"\r\nroot ::= item item\r\n");
  EXPECT_TRUE(accepts(g, "ii"));
}

TEST(Gbnf, ExampleGrammarsLoad) {
  for (const char *name : {"json", "arithmetic", "c"}) {
    auto g = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/examples/" + name + ".gbnf"));
    EXPECT_NE(g, nullptr) << name;
  }
  auto json = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/json.gbnf"));
  EXPECT_TRUE(accepts(json, R"({"a": [1, -2.5e3, "x\u00e9\n", true, null, {}]})"));
  EXPECT_FALSE(accepts(json, R"({"a": [1,]})"));
  auto c = compileOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/examples/c.gbnf"));
  EXPECT_TRUE(accepts(c, "int main() { int x = 1 + 2 * f(3); return x; }"));
  EXPECT_FALSE(accepts(c, "int main() { return 1 }"));
}

TEST(GrammarIr, ProgrammaticGrammarCompiles) {
  // Front ends (the JSON Schema converter) may build the IR directly.
  Grammar g;
  uint32_t root = g.ruleId("root");
  uint32_t digit = g.ruleId("digit");
  g.rules[digit].defined = true;
  g.rules[digit].body = Expr::cls({{'0', '9'}}, false);
  g.rules[root].defined = true;
  g.rules[root].body = Expr::seq({Expr::literal("n="), Expr::repeat(Expr::ref(digit), 1, 3)});
  g.root = root;
  std::vector<Diagnostic> diags;
  auto cg = compile(g, diags);
  ASSERT_NE(cg, nullptr);
  EXPECT_TRUE(accepts(cg, "n=123"));
  EXPECT_FALSE(accepts(cg, "n=1234"));
}
