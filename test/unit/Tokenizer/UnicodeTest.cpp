// The Unicode helpers and the hand-written pre-tokenizer regex matchers.
#include "Splitting.h"
#include "Unicode.h"

#include <gtest/gtest.h>

using namespace decc::tok;

namespace {

std::vector<std::string> splitWith(const RegexSplitter &r, const std::string &s) {
  std::vector<Range> ranges;
  r.find(s, ranges);
  std::vector<std::string> out;
  for (const Range &x : ranges) {
    EXPECT_TRUE(x.match) << s; // these patterns match every character
    out.push_back(s.substr(x.begin, x.end - x.begin));
  }
  return out;
}

const char *kLlama3 =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

TEST(Utf8, LossyReplacesMaximalSubparts) {
  EXPECT_EQ(utf8Lossy("a\xE4\xB8z"), "a\xEF\xBF\xBDz");           // one subpart
  EXPECT_EQ(utf8Lossy("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");    // two bytes
  EXPECT_EQ(utf8Lossy("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
  EXPECT_EQ(utf8Lossy("\xF0\x9F\x98"), "\xEF\xBF\xBD");
  EXPECT_EQ(utf8Lossy("ok \xE2\x82\xAC"), "ok \xE2\x82\xAC");
  EXPECT_FALSE(isValidUtf8("\xC0\x80"));
  EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));
}

TEST(Unicode, Classes) {
  EXPECT_TRUE(isLetter(U'a'));
  EXPECT_TRUE(isLetter(U'中'));
  EXPECT_FALSE(isLetter(0x301)); // combining mark
  EXPECT_TRUE(isNumber(U'٣'));
  EXPECT_TRUE(isNumber(U'Ⅻ'));
  EXPECT_TRUE(isWhitespace(0x3000));
  EXPECT_TRUE(isWhitespace(0x85));
  EXPECT_FALSE(isWhitespace(0x200B));
  EXPECT_EQ(normalize("e\xCC\x81", NormalForm::NFC), "\xC3\xA9");
}

TEST(RegexSplitter, RecognizesOnlyKnownPatterns) {
  EXPECT_TRUE(RegexSplitter::recognize(kLlama3).has_value());
  EXPECT_FALSE(RegexSplitter::recognize(R"(\w+|\s+)").has_value());
  EXPECT_FALSE(RegexSplitter::recognize("").has_value());
}

TEST(RegexSplitter, Llama3Alternatives) {
  RegexSplitter r = *RegexSplitter::recognize(kLlama3);
  using V = std::vector<std::string>;
  EXPECT_EQ(splitWith(r, "Hello world"), (V{"Hello", " world"}));
  EXPECT_EQ(splitWith(r, "I'M here"), (V{"I", "'M", " here"}));
  EXPECT_EQ(splitWith(r, "12345"), (V{"123", "45"}));
  EXPECT_EQ(splitWith(r, "a   b"), (V{"a", "  ", " b"}));
  EXPECT_EQ(splitWith(r, "a \n\n b"), (V{"a", " \n\n", " b"}));
  EXPECT_EQ(splitWith(r, "x  "), (V{"x", "  "}));
  EXPECT_EQ(splitWith(r, "f(x);\n"), (V{"f", "(x", ");\n"}));
  EXPECT_EQ(splitWith(r, "\tfoo"), (V{"\tfoo"}));
}

TEST(RegexSplitter, Gpt2Alternatives) {
  RegexSplitter r = RegexSplitter::gpt2();
  using V = std::vector<std::string>;
  EXPECT_EQ(splitWith(r, "Hello world's 12345"),
            (V{"Hello", " world", "'s", " 12345"}));
  EXPECT_EQ(splitWith(r, "I'M"), (V{"I", "'", "M"})); // case-sensitive
  EXPECT_EQ(splitWith(r, "\tfoo"), (V{"\t", "foo"}));
}

TEST(ByteLevel, MappingIsABijection) {
  for (int b = 0; b < 256; ++b)
    EXPECT_EQ(unicodeToByte(byteToUnicode()[b]), b);
  EXPECT_EQ(byteToUnicode()[' '], 0x120u); // 'Ġ'
  EXPECT_EQ(unicodeToByte(U'a'), 'a');
  EXPECT_EQ(unicodeToByte(0x4E2D), -1);
}

} // namespace
