// Regex errors: each unsupported feature and malformed construct at its exact
// column, the limits, and no crash on hostile input.
#include "decc/Grammar/Regex.h"

#include <gtest/gtest.h>

using namespace decc::grammar;

namespace {

std::string regexError(const std::string &pattern, RegexOptions opt = RegexOptions()) {
  std::vector<Diagnostic> diags;
  std::optional<Expr> e = parseRegex(pattern, diags, opt);
  EXPECT_FALSE(e.has_value()) << "/" << pattern << "/ parsed but should not";
  EXPECT_EQ(diags.size(), e ? 0u : 1u);
  if (diags.empty())
    return "";
  return std::to_string(diags[0].loc.line) + ":" + std::to_string(diags[0].loc.col) + ": " +
         diags[0].message;
}

} // namespace

TEST(RegexError, UnsupportedFeatures) {
  EXPECT_EQ(regexError("(a)\\1"), "1:4: backreferences are not supported");
  EXPECT_EQ(regexError("(?<n>a)\\k<n>"), "1:8: named backreferences (\\k<name>) are not supported");
  EXPECT_EQ(regexError("a(?=b)"), "1:2: lookaround assertions are not supported");
  EXPECT_EQ(regexError("(?!b)"), "1:1: lookaround assertions are not supported");
  EXPECT_EQ(regexError("(?<=b)a"), "1:1: lookaround assertions are not supported");
  EXPECT_EQ(regexError("(?<!b)a"), "1:1: lookaround assertions are not supported");
  EXPECT_EQ(regexError("x\\bx"), "1:2: word boundary assertions (\\b) are not supported");
  EXPECT_EQ(regexError("\\B"), "1:1: word boundary assertions (\\B) are not supported");
  EXPECT_EQ(regexError("a\\p{L}"), "1:2: Unicode property escapes (\\p{...}) are not supported");
  EXPECT_EQ(regexError("\\P{L}"), "1:1: Unicode property escapes (\\p{...}) are not supported");
  EXPECT_EQ(regexError("\\01"), "1:1: octal escapes are not supported");
  EXPECT_EQ(regexError("(?P<n>a)"),
            "1:1: unsupported group syntax (supported: '(', '(?:', '(?<name>')");
  EXPECT_EQ(regexError("(?i)a"),
            "1:1: unsupported group syntax (supported: '(', '(?:', '(?<name>')");
}

TEST(RegexError, AnchorsOnlyAtTheEnds) {
  const char *m =
      "anchor '^' is only supported at the start ('^') or end ('$') of a top-level alternative";
  EXPECT_EQ(regexError("a(^b)"), std::string("1:3: ") + m);
  EXPECT_EQ(regexError("a^"), std::string("1:2: ") + m);
  EXPECT_EQ(regexError("a$b"),
            "1:2: anchor '$' is only supported at the start ('^') or end ('$') of a top-level "
            "alternative");
  EXPECT_EQ(regexError("(a$)"),
            "1:3: anchor '$' is only supported at the start ('^') or end ('$') of a top-level "
            "alternative");
}

TEST(RegexError, MalformedSyntax) {
  EXPECT_EQ(regexError("ab)"), "1:3: unmatched ')'");
  EXPECT_EQ(regexError("(ab"), "1:1: missing ')' for this '('");
  EXPECT_EQ(regexError("x[ab"), "1:2: unterminated character class");
  EXPECT_EQ(regexError("*a"), "1:1: nothing to repeat");
  EXPECT_EQ(regexError("a|+"), "1:3: nothing to repeat");
  EXPECT_EQ(regexError("a**"), "1:3: nothing to repeat (a quantifier cannot follow a quantifier)");
  EXPECT_EQ(regexError("a{2}{3}"),
            "1:5: nothing to repeat (a quantifier cannot follow a quantifier)");
  EXPECT_EQ(regexError("a{"), "1:3: expected a number in the quantifier");
  EXPECT_EQ(regexError("a{1,2"), "1:6: expected '}' to end the quantifier");
  EXPECT_EQ(regexError("a{x}"), "1:3: expected a number in the quantifier");
  EXPECT_EQ(regexError("{"), "1:1: a literal '{' must be escaped as '\\{'");
  EXPECT_EQ(regexError("a}"), "1:2: a literal '}' must be escaped as '\\}'");
  EXPECT_EQ(regexError("]"), "1:1: a literal ']' must be escaped as '\\]'");
  EXPECT_EQ(regexError("a{3,2}"), "1:2: quantifier {3,2} has its maximum below its minimum");
  EXPECT_EQ(regexError("[z-a]"), "1:2: range out of order in character class");
  EXPECT_EQ(regexError("[a-\\d]"), "1:4: a class escape cannot bound a range");
  EXPECT_EQ(regexError("[\\w-z]"), "1:2: a class escape cannot bound a range");
  EXPECT_EQ(regexError("(?<>a)"), "1:4: empty group name");
  EXPECT_EQ(regexError("(?<a-b>x)"), "1:5: invalid character in a group name");
  EXPECT_EQ(regexError("(?<ab"), "1:1: unterminated group name (expected '>')");
}

TEST(RegexError, BadEscapes) {
  EXPECT_EQ(regexError("ab\\"), "1:3: trailing backslash");
  EXPECT_EQ(regexError("\\q"), "1:1: unknown escape '\\q'");
  EXPECT_EQ(regexError("x\\\xC3\xA9"), "1:2: unknown escape '\\\xC3\xA9'");
  EXPECT_EQ(regexError("\\x4"), "1:1: escape needs 2 hexadecimal digits");
  EXPECT_EQ(regexError("\\u12G4"), "1:1: escape needs 4 hexadecimal digits");
  EXPECT_EQ(regexError("\\u{}"), "1:1: escape '\\u{}' needs hexadecimal digits");
  EXPECT_EQ(regexError("\\u{12"),
            "1:1: escape '\\u{...}' needs hexadecimal digits and a closing '}'");
  EXPECT_EQ(regexError("\\u{110000}"), "1:1: escape names a value above U+10FFFF");
  EXPECT_EQ(regexError("\\uD800"), "1:1: a lone surrogate cannot match a code point");
  EXPECT_EQ(regexError("\\u{DC00}"), "1:1: a lone surrogate cannot match a code point");
  EXPECT_EQ(regexError("\\c1"), "1:1: escape '\\c' needs an ASCII letter");
}

TEST(RegexError, InvalidUtf8IsLocated) {
  EXPECT_EQ(regexError("ab\xFF"), "1:3: invalid UTF-8 (byte 0xFF)");
  // A line break is a pattern character: columns keep counting.
  EXPECT_EQ(regexError("a\n\xC3("), "1:3: invalid UTF-8 (byte 0xC3)");
}

TEST(RegexError, LocationsAreRelativeToTheOrigin) {
  RegexOptions opt;
  opt.origin = {7, 12};
  EXPECT_EQ(regexError("ab(", opt), "7:14: missing ')' for this '('");
}

TEST(RegexError, Limits) {
  EXPECT_EQ(regexError("a{2001}"), "1:2: repetition count 2001 exceeds the limit of 2000");
  EXPECT_EQ(regexError("a{1,99999999999999999999}"),
            "1:2: repetition count 4294967294 exceeds the limit of 2000");
  RegexOptions small;
  small.limits.maxSourceBytes = 4;
  EXPECT_EQ(regexError("abcde", small),
            "1:1: regular expression is too large (5 bytes; the limit is 4)");
  // 100,000 nested groups: an error, not a stack overflow.
  std::string deep = std::string(100000, '(') + "a" + std::string(100000, ')');
  EXPECT_EQ(regexError(deep), "1:257: groups nested deeper than the limit of 256");
  std::string ok = std::string(256, '(') + "a" + std::string(256, ')');
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(parseRegex(ok, diags).has_value());
}

TEST(RegexError, ExpansionBeyondTheStateLimitIsACompileError) {
  std::vector<Diagnostic> diags;
  std::optional<Grammar> g = parseRegexFile("((abcdefgh){2000}){2000}", diags);
  ASSERT_TRUE(g);
  EXPECT_EQ(compile(*g, diags), nullptr);
  ASSERT_FALSE(diags.empty());
  EXPECT_NE(diags[0].message.find("automaton states"), std::string::npos) << diags[0].message;
}
