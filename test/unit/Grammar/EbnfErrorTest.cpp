// EBNF errors: each at its exact location with its message, the limits, and
// no crash on hostile input.
#include "decc/Grammar/Ebnf.h"

#include <gtest/gtest.h>

using namespace decc::grammar;

namespace {

/// "LINE:COL: message" lines of a grammar that must not parse or compile.
std::string errors(const std::string &src, const EbnfLimits &limits = EbnfLimits()) {
  std::vector<Diagnostic> diags;
  std::optional<Grammar> g = parseEbnf(src, diags, limits);
  bool compiled = g && compile(*g, diags);
  EXPECT_FALSE(compiled) << "grammar compiled but should not:\n" << src;
  std::string out;
  for (const Diagnostic &d : diags)
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
  return out;
}

} // namespace

TEST(EbnfError, SyntaxErrorsAreLocated) {
  EXPECT_EQ(errors("start: \"a\"\nb: (\"x\"\n"),
            "2:8: unexpected end of line (a definition ends at the end of its line unless the "
            "next line starts with '|')\n");
  EXPECT_EQ(errors("start \"a\"\n"), "1:7: unexpected '\"a\"'\n");
  EXPECT_EQ(errors("start: \"a\"**\n"), "1:12: unexpected '*'\n");
  EXPECT_EQ(errors("start: \"a\n"), "1:8: unterminated string literal\n");
  EXPECT_EQ(errors("start: /ab\n"),
            "1:8: unterminated regular expression (a '/' starts one; comments start with '//' "
            "or '#')\n");
  EXPECT_EQ(errors("start: \"a\" $\n"), "1:12: unexpected character '$'\n");
  EXPECT_EQ(errors("start: \"a\"\xFF\n"), "1:11: invalid UTF-8 (byte 0xFF)\n");
}

TEST(EbnfError, Names) {
  EXPECT_EQ(errors("start: Foo\n"),
            "1:8: name 'Foo' mixes lower and upper case (rules are lower-case, terminals "
            "upper-case)\n");
  EXPECT_EQ(errors("start: missing\n"), "1:8: undefined rule 'missing'\n");
  EXPECT_EQ(errors("start: \"a\"\n  | MISSING\n"), "2:5: undefined terminal 'MISSING'\n");
  EXPECT_EQ(errors("start: \"a\"\nstart: \"b\"\n"),
            "2:1: rule 'start' is defined twice (first at line 1)\n");
  EXPECT_EQ(errors("A: \"a\"\n"),
            "0:0: the grammar has no 'start' rule (the start symbol is 'start: ...')\n");
}

TEST(EbnfError, TerminalsMustBeRegular) {
  EXPECT_EQ(errors("start: A\nA: \"a\" b\nb: \"b\"\n"),
            "2:8: terminal 'A' refers to rule 'b' (a terminal is built from strings, regular "
            "expressions and other terminals)\n");
  EXPECT_EQ(errors("start: A\nA: \"a\" B?\nB: \"(\" A \")\"\n"),
            "2:1: terminal 'A' is recursive (A -> B -> A); terminals must be regular\n");
  EXPECT_EQ(errors("start: A\nA: \"a\" A?\n"),
            "2:1: terminal 'A' is recursive (A -> A); terminals must be regular\n");
  EXPECT_EQ(errors("start: A\n?A: \"a\"\n"), "2:1: '?' applies to rules only\n");
}

TEST(EbnfError, StringsAndRanges) {
  EXPECT_EQ(errors("start: \"a\\qb\"\n"),
            "1:10: unknown escape sequence '\\q' (known: \\n \\t \\r \\f \\v \\0 \\\\ \\\" \\' "
            "\\xHH \\uHHHH \\UHHHHHHHH)\n");
  EXPECT_EQ(errors("start: \"\\x4\"\n"), "1:9: escape '\\x' needs 2 hexadecimal digits\n");
  EXPECT_EQ(errors("start: \"\\uD800\"\n"),
            "1:9: escape denotes no Unicode scalar value (surrogate or above U+10FFFF)\n");
  EXPECT_EQ(errors("start: \"ab\"..\"z\"\n"),
            "1:8: a range '\"a\"..\"z\"' needs strings of exactly one character\n");
  EXPECT_EQ(errors("start: \"z\"..\"a\"\n"),
            "1:8: range is reversed (its end comes before its start)\n");
}

TEST(EbnfError, RegularExpressionsAreLocatedInTheGrammar) {
  EXPECT_EQ(errors("start: \"a\"\n  | /x(?=y)/\n"), "2:7: lookaround assertions are not supported\n");
  EXPECT_EQ(errors("start: /\\w+\\b/\n"), "1:12: word boundary assertions (\\b) are not supported\n");
  EXPECT_EQ(errors("start: /ab/x\n"), "1:12: regular expression flag 'x' is not supported (supported: i, s)\n");
  EXPECT_EQ(errors("start: /(?P<n>a)/\n"),
            "1:9: unsupported group syntax (supported: '(', '(?:', '(?<name>')\n");
}

TEST(EbnfError, Directives) {
  EXPECT_EQ(errors("start: A\n%import common.NOPE -> A\n"),
            "2:16: module 'common' has no terminal 'NOPE' (it has: CNAME CPP_COMMENT CR C_COMMENT "
            "DECIMAL DIGIT ESCAPED_STRING FLOAT HEXDIGIT INT LCASE_LETTER LETTER LF NEWLINE "
            "NUMBER SH_COMMENT SIGNED_FLOAT SIGNED_INT SIGNED_NUMBER SQL_COMMENT UCASE_LETTER WORD "
            "WS WS_INLINE _EXP)\n");
  EXPECT_EQ(errors("start: A\n%import mylib.A\n"),
            "2:9: cannot import from 'mylib': only Lark's 'common' module is built in (no grammar "
            "files are imported)\n");
  EXPECT_EQ(errors("start: A\n%import .mylib (A)\n"),
            "2:9: cannot import from '.mylib': only Lark's 'common' module is built in (no "
            "grammar files are imported)\n");
  EXPECT_EQ(errors("start: a\n%import common.WS -> a\n"),
            "2:22: 'a' must be an upper-case name (it names a terminal)\n");
  EXPECT_EQ(errors("start: WS\nWS: \" \"\n%import common.WS\n"),
            "3:16: terminal 'WS' is defined twice (first at line 2)\n");
  EXPECT_EQ(errors("start: A\n%declare A\n"),
            "2:1: %declare is not supported (a terminal must be defined by strings and regular "
            "expressions)\n");
  EXPECT_EQ(errors("start: \"a\"\n%override start: \"b\"\n"),
            "2:1: '%override' is not supported (only the 'common' module can be imported, and it "
            "has no rules to change)\n");
  EXPECT_EQ(errors("start: \"a\"\n%ignored \" \"\n"),
            "2:1: unknown directive '%ignored' (known: %ignore, %import, %lexer)\n");
  EXPECT_EQ(errors("start: \"a\"\n%ignore ws\nws: \" \"\n"),
            "2:9: %ignore refers to rule 'ws' (it takes terminals, strings and regular "
            "expressions)\n");
  EXPECT_EQ(errors("start: \"a\"\n%import common\n"),
            "2:9: %import needs a module and a name (%import common.NAME)\n");
}

TEST(EbnfError, Templates) {
  EXPECT_EQ(errors("start: sep{\"a\", \",\"}\n"), "1:11: rule templates are not supported\n");
  EXPECT_EQ(errors("start: \"a\"\nsep{x, s}: x (s x)*\n"),
            "2:4: rule templates are not supported\n");
}

TEST(EbnfError, EveryErrorIsReported) {
  EXPECT_EQ(errors("start: a B\nB: c\n"),
            "1:8: undefined rule 'a'\n2:4: terminal 'B' refers to rule 'c' (a terminal is built "
            "from strings, regular expressions and other terminals)\n");
}

TEST(EbnfError, Limits) {
  EXPECT_EQ(errors("start: \"a\"~2001\n"), "1:11: repetition count 2001 exceeds the limit of 2000\n");
  EXPECT_EQ(errors("start: \"a\"~3..2\n"),
            "1:11: repetition ~3..2 has its maximum below its minimum\n");
  EXPECT_EQ(errors("start: /a{3000}/\n"), "1:10: repetition count 3000 exceeds the limit of 2000\n");
  EbnfLimits small;
  small.maxSourceBytes = 8;
  EXPECT_EQ(errors("start: \"abc\"\n", small), "0:0: grammar is too large (13 bytes; the limit is 8)\n");
  std::string deep = "start: " + std::string(100000, '(') + "\"a\"" + std::string(100000, ')');
  EXPECT_EQ(errors(deep), "1:264: parentheses and brackets nested deeper than the limit of 256\n");
  // A long chain of terminals is checked without deep recursion.
  std::string chain = "start: T0\n";
  for (int i = 0; i < 20000; ++i)
    chain += "T" + std::to_string(i) + ": T" + std::to_string(i + 1) + " \"x\"\n";
  chain += "T20000: T0\n";
  std::string e = errors(chain);
  EXPECT_NE(e.find("is recursive"), std::string::npos) << e.substr(0, 200);
}
