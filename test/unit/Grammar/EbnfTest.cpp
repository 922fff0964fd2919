// EBNF (Lark's notation): each construct by the language it derives, %ignore
// between terminals, the `common` terminals, the shipped examples, and the
// GBNF print deriving the same language.
#include "TestUtil.h"

#include "decc/Grammar/Ebnf.h"
#include "decc/Grammar/GbnfPrinter.h"

#include <gtest/gtest.h>

using namespace decc::grammar;
using namespace decc::grammar::test;

namespace {

void expectLanguage(const std::string &src, const std::vector<std::string> &yes,
                    const std::vector<std::string> &no) {
  auto g = compileEbnfOk(src);
  for (const std::string &s : yes)
    EXPECT_TRUE(accepts(g, s)) << "should accept \"" << s << "\" in\n" << src;
  for (const std::string &s : no)
    EXPECT_FALSE(accepts(g, s)) << "should reject \"" << s << "\" in\n" << src;
}

} // namespace

TEST(Ebnf, RulesTerminalsAndInlineStrings) {
  expectLanguage("start: greeting NAME \"!\"\n"
                 "greeting: \"hello\" \" \" | \"hi\" \" \"\n"
                 "NAME: /[a-z]+/\n",
                 {"hello bob!", "hi al!"}, {"hello !", "hey bob!", "hello bob"});
}

TEST(Ebnf, Quantifiers) {
  expectLanguage("start: \"a\"* \"b\"+ \"c\"? [\"d\"] \"e\"~2 \"f\"~1..3\n",
                 {"bee" "f", "aabbcdeefff", "bdeef"}, {"beef" "ffff", "aeef", "bef"});
  expectLanguage("start: (\"x\" | \"y\" \"z\")~2..2\n", {"xx", "xyz", "yzyz"}, {"x", "xxx"});
}

TEST(Ebnf, MultiLineAlternativesCommentsAndPrefixes) {
  expectLanguage("// a comment\n"
                 "?start: a   # another comment\n"
                 "      | _b\n"
                 "\n"
                 "!a: \"A\"\n"
                 "_b: \"B\" -> bee\n"
                 "    |\n"
                 "    \"C\"\n",
                 {"A", "B", "C"}, {"", "AB"});
}

TEST(Ebnf, TerminalsAreRegularCombinations) {
  expectLanguage("start: NUMBER\n"
                 "NUMBER: DIGIT+ (\".\" DIGIT+)?\n"
                 "DIGIT: \"0\"..\"9\"\n",
                 {"1", "12.5"}, {"1.", ".5", "a"});
  // A rule and a terminal with priorities: no effect on the language.
  expectLanguage("start.2: A\nA.-1: \"a\"\n", {"a"}, {"aa"});
}

TEST(Ebnf, StringEscapesAndFlags) {
  expectLanguage(R"(start: "\"\\\n\t\x41\u00e9\U0001F600\'")", {"\"\\\n\tA\xC3\xA9\xF0\x9F\x98\x80'"},
                 {"x"});
  expectLanguage("start: \"select\"i \" \" /[a-z]+/i\n", {"SeLeCt aBc", "select x"},
                 {"selec x"});
  expectLanguage("start: /a.b/s\n", {"a\nb", "axb"}, {"ab"});
  expectLanguage("start: /a.b/\n", {"axb"}, {"a\nb"});
  expectLanguage("start: /[\\/]\\//\n", {"//"}, {"/"});
}

TEST(Ebnf, RangesAndCaseInsensitiveRanges) {
  expectLanguage("start: (\"a\"..\"c\")+\n", {"abc", "ca"}, {"d", "A"});
  expectLanguage("start: \"a\"..\"c\"i\n", {"B"}, {"d"});
}

TEST(Ebnf, IgnoreBetweenTerminalsAndAtTheEnds) {
  const std::string src = "start: \"(\" NAME (\",\" NAME)* \")\"\n"
                          "NAME: /[a-z]+/\n"
                          "%ignore \" \"\n"
                          "%ignore /#[^\\n]*\\n/\n";
  expectLanguage(src, {"(a,b)", " ( a , b ) ", "(a #c\n,b)", "  (x)  "},
                 {"(a b)", "(a,,b)", "(a,b"});
  // Without %ignore nothing may come between terminals.
  expectLanguage("start: \"a\" \"b\"\n", {"ab"}, {"a b", " ab"});
}

TEST(Ebnf, IgnoreDoesNotSplitATerminal) {
  expectLanguage("start: WORD \";\"\nWORD: \"ab\" \"cd\"\n%ignore \" \"\n",
                 {"abcd;", "abcd ;"}, {"ab cd;"});
}

TEST(Ebnf, UnionOfAllLexings) {
  // The greedy lexer takes the longest match ("ab" is one NAME and the
  // second NAME is missing, LexerTest.cpp); with `%lexer dynamic_complete`
  // every split into terminals is accepted.
  expectLanguage("%lexer dynamic_complete\nstart: NAME NAME\nNAME: /[a-z]+/\n", {"ab", "abc"},
                 {"a"});
}

TEST(Ebnf, CommonImports) {
  expectLanguage("start: SIGNED_NUMBER (\",\" SIGNED_NUMBER)*\n"
                 "%import common.SIGNED_NUMBER\n"
                 "%import common.WS\n"
                 "%ignore WS\n",
                 {"1", "-2.5e3, +7 ,.5", "1E-2"}, {"1e", "--1", "1,"});
  expectLanguage("start: ESCAPED_STRING\n%import common.ESCAPED_STRING\n",
                 {R"("")", R"("a\"b")", R"("\\")", R"("a\\\"")"},
                 {R"("\")", R"("a"b")", "\"a\nb\""});
  expectLanguage("start: CNAME\n%import common (CNAME, WORD)\n", {"_x1", "abc"}, {"1x"});
  expectLanguage("start: C_COMMENT\n%import common.C_COMMENT\n",
                 {"/**/", "/* a * b */", "/* x\n**/"}, {"/* a */ b */", "/*/"});
  expectLanguage("start: N\n%import common.NUMBER -> N\n", {"12.5"}, {"x"});
  expectLanguage("start: A B\n%import common.CPP_COMMENT -> A\n%import common.NEWLINE -> B\n",
                 {"// x\n", "//\r\n\n"}, {"// x"});
}

TEST(Ebnf, EveryCommonTerminalCompiles) {
  for (const char *name :
       {"DIGIT", "HEXDIGIT", "INT", "SIGNED_INT", "DECIMAL", "_EXP", "FLOAT", "SIGNED_FLOAT",
        "NUMBER", "SIGNED_NUMBER", "ESCAPED_STRING", "LCASE_LETTER", "UCASE_LETTER", "LETTER",
        "WORD", "CNAME", "WS_INLINE", "WS", "CR", "LF", "NEWLINE", "SH_COMMENT", "CPP_COMMENT",
        "C_COMMENT", "SQL_COMMENT"}) {
    std::string src = std::string("start: X\n%import common.") + name + " -> X\n";
    EXPECT_NE(compileEbnfOk(src), nullptr) << name;
  }
}

TEST(Ebnf, LeftRecursionAndNullableRules) {
  expectLanguage("start: start \"+\" INT | INT\nINT: /[0-9]+/\n", {"1", "1+22+3"}, {"+1", "1+"});
  expectLanguage("start: a a \"x\"\na: \"y\"?\n", {"x", "yx", "yyx"}, {"yyyx"});
}

TEST(Ebnf, ShippedExamples) {
  std::string dir = std::string(DECC_GRAMMARS_DIR) + "/examples/";
  auto arith = compileEbnfOk(readFile(dir + "arithmetic.ebnf"));
  for (const char *s : {"1", "1 + 2 * (3 - -4.5e3) / 7", "(1)", "2*3-4"})
    EXPECT_TRUE(accepts(arith, s)) << s;
  for (const char *s : {"1 +", "1 + * 2", "(1", ""})
    EXPECT_FALSE(accepts(arith, s)) << s;
  auto c = compileEbnfOk(readFile(dir + "c.ebnf"));
  EXPECT_TRUE(accepts(c, "int main(void x) {\n  // comment\n  int t = 0; /* c */\n"
                         "  for (i = 0; i < 10; i += 1) t += f(i);\n"
                         "  if (t > 1) { puts(\"a \\\"b\\\"\"); } else return 1;\n"
                         "  return t;\n}\n"));
  EXPECT_FALSE(accepts(c, "int main() { return 1 }"));
  EXPECT_FALSE(accepts(c, "int main() { int x = ; }"));
  // Every split into terminals is accepted: `int` is also a NAME, so this is
  // an assignment (Lark's lexer would prefer the keyword string and reject it)...
  EXPECT_TRUE(accepts(c, "int main() { int = 3; }"));
  // ... and adjacent word-like terminals need no separator.
  EXPECT_TRUE(accepts(c, "intmain() { returnx; }"));
  // A line comment ends at its newline, never earlier.
  EXPECT_TRUE(accepts(c, "int f() { // x = 1;\n return 1; }"));
  EXPECT_FALSE(accepts(c, "int f() { // x = 1; return 1; }"));
}

TEST(Ebnf, PrintedGbnfDerivesTheSameLanguage) {
  std::string dir = std::string(DECC_GRAMMARS_DIR) + "/examples/";
  struct Case {
    std::string src;
    std::vector<std::string> texts;
  };
  std::vector<Case> cases = {
      {readFile(dir + "arithmetic.ebnf"), {"1", "1 + 2 * (3 - -4.5e3) / 7", "1 +", "(1", "-(2)"}},
      {readFile(dir + "c.ebnf"),
       {"int f() { return 1; }", "int f() { return 1 }", "void g(char* s) { /* x */ s[0] = 1; }",
        "int h() { x = \"a\\\"\"; }"}},
      {"start: \"a\"i /[^\\]\\-\\\\\"]+/ [\"%\"]\n%ignore \" \"\n", {"A xy %", "a\\", "a -"}}};
  for (const Case &c : cases) {
    std::vector<Diagnostic> diags;
    std::optional<Grammar> g = parseEbnf(c.src, diags);
    ASSERT_TRUE(g);
    auto direct = compile(*g, diags);
    std::string gbnf = printGbnf(*g);
    auto printed = compileGbnf(gbnf, diags);
    ASSERT_TRUE(direct && printed) << gbnf;
    for (const std::string &t : c.texts)
      EXPECT_EQ(accepts(direct, t), accepts(printed, t)) << t << "\n" << gbnf;
  }
}

// Masks over a grammar with %ignore after every terminal, checked against
// trying each token on a clone at every position of a program (no real
// tokenizer needed): comments, strings and glued tokens cross terminal
// boundaries inside one token.
TEST(Ebnf, MasksMatchBruteForceAlongAProgram) {
  auto g = compileEbnfOk(readFile(std::string(DECC_GRAMMARS_DIR) + "/examples/c.ebnf"));
  ASSERT_NE(g, nullptr);
  std::vector<std::string> tokens;
  for (int c = 1; c < 128; ++c)
    tokens.push_back(std::string(1, static_cast<char>(c)));
  for (const char *s : {"int", " main", "()", " {", "\n ", " //", "/*", "*/", " return", "x;",
                        "\"a", "\\\"", " +=", "(i", ");", "}\n", " * ", "= ", "// c\n", "\xC3\xA9"})
    tokens.push_back(s);
  auto vocab = smallVocab(tokens);
  const std::string text = "int main() {\n  // c\n  int x = 1; /* \xC3\xA9 */ x += f(\"a\\\"\");\n"
                           "  return x * 2;\n}\n";
  Matcher m(g, vocab);
  std::vector<uint32_t> mask((vocab->size() + 31) / 32);
  size_t pos = 0;
  while (true) {
    m.fillMask(mask.data(), vocab->size());
    ASSERT_EQ(mask, bruteForceMask(m, *vocab, vocab->size())) << "at byte " << pos;
    if (pos == text.size())
      break;
    // The longest token that continues the text.
    int32_t best = -1;
    for (size_t id = 0; id + 1 < vocab->size(); ++id) {
      std::string_view t = vocab->bytes(static_cast<int32_t>(id));
      if (!t.empty() && text.compare(pos, t.size(), t) == 0 &&
          (best < 0 || t.size() > vocab->bytes(best).size()))
        best = static_cast<int32_t>(id);
    }
    ASSERT_GE(best, 0) << "at byte " << pos;
    ASSERT_TRUE(m.acceptToken(best)) << "at byte " << pos;
    pos += vocab->bytes(best).size();
  }
  EXPECT_TRUE(m.isComplete());
}
