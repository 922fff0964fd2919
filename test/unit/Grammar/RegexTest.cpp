// The regex front end: each construct by the language it derives, std::regex
// (ECMAScript) as an independent oracle on every short string over a small
// alphabet, the unanchored mode JSON Schema uses, and the GBNF printer's
// round trip.
#include "TestUtil.h"

#include "decc/Grammar/GbnfPrinter.h"
#include "decc/Grammar/Regex.h"

#include <gtest/gtest.h>

#include <regex>

using namespace decc::grammar;
using namespace decc::grammar::test;

namespace {

std::shared_ptr<const CompiledGrammar> compileRegex(const std::string &pattern,
                                                    RegexOptions opt = RegexOptions()) {
  std::vector<Diagnostic> diags;
  std::optional<Grammar> g = parseRegexGrammar(pattern, diags, opt);
  std::shared_ptr<const CompiledGrammar> c = g ? compile(*g, diags) : nullptr;
  if (!c) {
    std::string all;
    for (const Diagnostic &d : diags)
      all += std::to_string(d.loc.col) + ": " + d.message + "\n";
    ADD_FAILURE() << "/" << pattern << "/ does not compile:\n" << all;
  }
  return c;
}


void expectLanguage(const std::string &pattern, const std::vector<std::string> &yes,
                    const std::vector<std::string> &no, RegexOptions opt = RegexOptions()) {
  auto g = compileRegex(pattern, opt);
  for (const std::string &s : yes)
    EXPECT_TRUE(accepts(g, s)) << "/" << pattern << "/ should accept \"" << s << "\"";
  for (const std::string &s : no)
    EXPECT_FALSE(accepts(g, s)) << "/" << pattern << "/ should reject \"" << s << "\"";
}

std::vector<std::string> allStrings(const std::string &alphabet, size_t maxLen) {
  std::vector<std::string> out{""};
  for (size_t begin = 0, len = 1; len <= maxLen; ++len) {
    size_t end = out.size();
    for (size_t i = begin; i < end; ++i)
      for (char c : alphabet)
        out.push_back(out[i] + c);
    begin = end;
  }
  return out;
}

} // namespace

TEST(Regex, LiteralsAndDot) {
  expectLanguage("abc", {"abc"}, {"ab", "abcd", "", "abd"});
  expectLanguage("a.c", {"abc", "a-c", "a\xC3\xA9" "c"}, {"a\nc", "a\rc", "ac"});
  expectLanguage("h\xC3\xA9!", {"h\xC3\xA9!"}, {"he!"});
  expectLanguage("", {""}, {"a"});
  expectLanguage("a\nb", {"a\nb"}, {"ab"});
}

TEST(Regex, DotAllAndIgnoreCase) {
  RegexOptions all;
  all.dotAll = true;
  expectLanguage("a.c", {"a\nc", "a\xE2\x80\xA8" "c"}, {"ac"}, all);
  RegexOptions ic;
  ic.ignoreCase = true;
  expectLanguage("ab[c-e]x", {"ABDX", "abcx", "aBeX"}, {"abfx"}, ic);
  // A negated class excludes both cases of its letters.
  expectLanguage("[^a]", {"b", "B"}, {"a", "A"}, ic);
  // Only ASCII letters fold.
  expectLanguage("\xC3\xA9", {"\xC3\xA9"}, {"\xC3\x89"}, ic);
}

TEST(Regex, Classes) {
  expectLanguage("[a-c_]", {"a", "b", "c", "_"}, {"d", "", "ab"});
  expectLanguage("[^a-c]", {"d", "\xC3\xA9", "\n"}, {"a", "c", ""});
  expectLanguage("[-a]", {"-", "a"}, {"b"});
  expectLanguage("[a-]", {"-", "a"}, {"b"});
  expectLanguage("[\\d\\s_]", {"5", " ", "\t", "_", "\xC2\xA0"}, {"a"});
  expectLanguage("[\\]\\\\\\-]", {"]", "\\", "-"}, {"a"});
  expectLanguage("[\\b]", {"\b"}, {"b"});
  expectLanguage("[^]", {"a", "\n"}, {""});
  expectLanguage("a[]|b", {"b"}, {"a"});
  expectLanguage("[.*+?()|{}]", {".", "*", "(", "|", "}"}, {"a"});
}

TEST(Regex, ClassEscapes) {
  expectLanguage("\\d\\D", {"1a", "9-"}, {"12", "a1"});
  expectLanguage("\\w\\W", {"_ ", "Z."}, {"__", "\xC3\xA9" "a"});
  expectLanguage("\\s\\S", {" x", "\n\xC3\xA9", "\xE3\x80\x80" "a"}, {"xx", "  "});
}

TEST(Regex, CharacterEscapes) {
  expectLanguage("\\t\\n\\r\\v\\f\\0", {std::string("\t\n\r\v\f") + '\0'}, {"tnrvf0"});
  expectLanguage("\\x41\\u00e9\\u{1F600}", {"A\xC3\xA9\xF0\x9F\x98\x80"}, {"Ae"});
  // A surrogate pair written as two \u escapes is one code point.
  expectLanguage("\\uD83D\\uDE00", {"\xF0\x9F\x98\x80"}, {});
  expectLanguage("\\cJ", {"\n"}, {"cJ"});
  expectLanguage("\\.\\*\\/\\-\\\"\\'\\ ", {".*/-\"' "}, {});
}

TEST(Regex, GroupsAndAlternation) {
  expectLanguage("(ab|c)d", {"abd", "cd"}, {"abcd", "d"});
  expectLanguage("(?:ab|c)+", {"ab", "cab", "abab"}, {"", "a"});
  expectLanguage("(?<year>\\d{4})-(?<m>\\d\\d)", {"2024-01"}, {"2024-1"});
  expectLanguage("a|", {"a", ""}, {"b"});
  expectLanguage("()", {""}, {"a"});
}

TEST(Regex, Quantifiers) {
  expectLanguage("a*b+c?", {"b", "aabbc", "bc"}, {"", "ac", "abcc"});
  expectLanguage("a{3}", {"aaa"}, {"aa", "aaaa"});
  expectLanguage("a{2,}", {"aa", "aaaaa"}, {"a"});
  expectLanguage("a{1,3}", {"a", "aaa"}, {"", "aaaa"});
  expectLanguage("a{0}b", {"b"}, {"ab"});
  // Lazy forms derive the same language.
  expectLanguage("a*?b+?c??d{1,2}?", {"bd", "aabbcdd"}, {"ad"});
}

TEST(Regex, AnchorsAtTheEnds) {
  expectLanguage("^ab$", {"ab"}, {"xab", "abx"});
  expectLanguage("^a|b$", {"a", "b"}, {"ab"});
}

TEST(Regex, SearchModeIsUnanchored) {
  RegexOptions s;
  s.match = RegexMatch::Search;
  expectLanguage("a[0-9]+", {"xa1y", "a12", "a1\n"}, {"ax", ""}, s);
  expectLanguage("^(ab|c){2}$", {"abc", "cc"}, {"abcx", "c"}, s);
  expectLanguage("^a|b$", {"ax", "xb", "a"}, {"xa", "bx"}, s);
  expectLanguage("", {"", "anything"}, {}, s);
}

// std::regex implements ECMAScript; on ASCII input without the constructs
// only the `u` flag has (\u{...}, named groups) the languages must agree.
TEST(Regex, AgreesWithStdRegexOnShortStrings) {
  const std::vector<std::string> strings = allStrings("ab0-\n", 5);
  for (const char *p : {"a*b", "(a|b)*a", "[a-b]{2,3}", "a?b?0?", "[^a]*", "(?:ab|b)+0",
                        "\\d|\\w\\W", "a.b", "[\\s\\d]+", "(a|ab)(b|)", "a{0,2}-?b{1,}",
                        "^a$|^b", "(-|0)*?a+?", "[\\-a]b|\\s", "((a)|(b))*0{2}"}) {
    auto g = compileRegex(p);
    std::regex full(p, std::regex::ECMAScript);
    RegexOptions search;
    search.match = RegexMatch::Search;
    auto gs = compileRegex(p, search);
    for (const std::string &s : strings) {
      EXPECT_EQ(accepts(g, s), std::regex_match(s, full)) << "/" << p << "/ on \"" << s << "\"";
      EXPECT_EQ(accepts(gs, s), std::regex_search(s, full))
          << "search /" << p << "/ on \"" << s << "\"";
    }
  }
}

TEST(Regex, PrintedGbnfCompilesToTheSameAutomata) {
  for (const char *p : {"[^\\]\\-^\\\\\"]x{2,5}(a|bc)*", "\\u{10FFFF}\\n\\t\"\\\\", ".|[^]|[]",
                        "(?:\\d+\\.)?\\w{3}|\\S?", "[\\x00-\\x1F\\x7F]+"}) {
    std::vector<Diagnostic> diags;
    std::optional<Grammar> g = parseRegexFile(p, diags);
    ASSERT_TRUE(g) << p;
    auto direct = compile(*g, diags);
    ASSERT_TRUE(direct) << p;
    std::string gbnf = printGbnf(*g);
    auto printed = compileGbnf(gbnf, diags);
    ASSERT_TRUE(printed) << p << "\n" << gbnf;
    EXPECT_EQ(direct->dump(), printed->dump()) << p << "\n" << gbnf;
  }
}

TEST(RegexFile, OneTrailingLineBreakIsDropped) {
  std::vector<Diagnostic> diags;
  for (const char *src : {"ab\n", "ab\r\n", "ab"}) {
    std::optional<Grammar> g = parseRegexFile(src, diags);
    ASSERT_TRUE(g);
    auto c = compile(*g, diags);
    EXPECT_TRUE(accepts(c, "ab"));
    EXPECT_FALSE(accepts(c, "ab\n"));
  }
  EXPECT_TRUE(diags.empty());
  std::optional<Grammar> g = parseRegexFile("ab\ncd\n", diags);
  EXPECT_FALSE(g);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].loc.col, 3u);
  EXPECT_EQ(diags[0].message, "a regular expression is one line (write \\n for a line break)");
}
