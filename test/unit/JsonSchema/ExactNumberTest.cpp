//===- ExactNumberTest.cpp - Bounds and constants take the value written --===//
//
// Every number of a schema is read from its text, never through a double:
// each case here would translate another value if it were (rounded to 1,
// to 17 significant digits, to inf, to 0, or -0 kept apart from 0).
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace decc::test;
using namespace decc::jsonschema;

namespace {
void expectLanguage(const std::string &schema, const std::vector<std::string> &yes,
                    const std::vector<std::string> &no) {
  Compiled c = compile(schema);
  ASSERT_TRUE(c.result.ok) << schema << "\n" << c.result.render();
  for (const std::string &s : yes)
    EXPECT_TRUE(c.accepts(s)) << schema << " should accept " << s;
  for (const std::string &s : no)
    EXPECT_FALSE(c.accepts(s)) << schema << " should reject " << s;
}

std::string errorOf(const std::string &schema, Options opt = Options()) {
  Result r = toGbnf(schema, opt, "s.json");
  EXPECT_FALSE(r.ok) << schema << "\n" << r.gbnf;
  return r.render();
}

const std::string kBig = "98249283749234923498293171823948729348710298301928331";
} // namespace

TEST(ExactNumbers, MaximumBelowOneByTwentyNines) {
  // A double reads the bound as 1.
  expectLanguage(R"({"type":"number","maximum":0.99999999999999999999})",
                 {"0.99999999999999999999", "0.999999999999999999989", "0.5", "-3"},
                 {"1", "1.0", "0.999999999999999999991", "0.99999999999999999999001"});
  expectLanguage(R"({"type":"integer","maximum":0.99999999999999999999})", {"0", "-1"}, {"1"});
}

TEST(ExactNumbers, ConstBeyondSeventeenDigits) {
  // A double turns it into 12345678901234568000000.
  expectLanguage(R"({"const":12345678901234567890123})",
                 {"12345678901234567890123", "12345678901234567890123.00"},
                 {"12345678901234568000000", "12345678901234567890124", "12345678901234567890122"});
  expectLanguage(R"({"enum":[-0.1000000000000000000001,"x"]})", {"-0.1000000000000000000001", "\"x\""},
                 {"-0.1", "-0.1000000000000000000002"});
}

TEST(ExactNumbers, BigExclusiveMinimum) {
  std::string below = kBig, above = kBig;
  below.back() = '0';
  above.back() = '2';
  expectLanguage(R"({"type":"number","exclusiveMinimum":)" + kBig + "}", {kBig + ".0001", above, above + ".5"},
                 {kBig, kBig + ".0", below, "1e60"});
  expectLanguage(R"({"type":"integer","exclusiveMinimum":)" + kBig + ".5}", {above}, {kBig, kBig + ".7"});
  expectLanguage(R"({"type":"number","exclusiveMinimum":)" + kBig + "e-60}",
                 {"0.0000001", "0." + std::string(7, '0') + kBig + "1"},
                 {"0." + std::string(7, '0') + kBig, "0.00000001", "0.0000000982"});
}

TEST(ExactNumbers, OnePointZeroEqualsOne) {
  expectLanguage(R"({"type":"integer","enum":[1.0,1.5,"a"]})", {"1", "1.0"}, {"1.5", "\"a\"", "2"});
  expectLanguage(R"({"allOf":[{"const":1.0},{"enum":[1,2]}]})", {"1", "1.00"}, {"2"});
  expectLanguage(R"({"const":[1.0,{"a":10e-1}]})", {"[1,{\"a\":1}]", "[1.0,{\"a\":1.0}]"}, {"[1,{\"a\":2}]"});
  // 1 and 1.0 are one value: the branches are not disjoint.
  EXPECT_NE(errorOf(R"({"oneOf":[{"const":1.0},{"const":1}]})").find("keyword 'oneOf'"), std::string::npos);
  // Values a double cannot tell apart are distinct.
  expectLanguage(R"({"oneOf":[{"const":1},{"const":1.0000000000000000001}]})",
                 {"1", "1.0000000000000000001"}, {"1.0000000000000000002"});
}

TEST(ExactNumbers, ExponentsBeyondADouble) {
  std::string e400 = "1" + std::string(400, '0');
  expectLanguage(R"({"type":"number","maximum":1e400})", {e400, "1000", "-" + e400 + "1"}, {e400 + "1", e400 + ".5"});
  expectLanguage(R"({"const":1E+400})", {e400, e400 + ".0"}, {"1", e400 + "0"});
  // 1e-400 is not 0.
  std::string tiny = "0." + std::string(399, '0') + "1";
  expectLanguage(R"({"const":1e-400})", {tiny}, {"0", "0.0"});
  expectLanguage(R"({"type":"number","exclusiveMinimum":-1e-400})", {"0", "-0", "-0." + std::string(400, '0') + "1"}, {"-" + tiny, "-" + tiny + "0"});
  // Zero in any spelling is zero.
  expectLanguage(R"({"const":-0e99999999999})", {"0"}, {"1"});
  // Past the written-out limit: an explicit, located error.
  std::string e = errorOf("{\"type\":\"number\",\n \"maximum\": 1e4001}");
  EXPECT_NE(e.find("s.json:2:13: error: number 1e4001 is out of the supported range"), std::string::npos) << e;
  EXPECT_NE(errorOf(R"({"const":1e-4002})").find("out of the supported range"), std::string::npos);
  // Malformed numbers are syntax errors, also where the number scan and the
  // parser split the text differently ("01").
  EXPECT_NE(errorOf(R"({"minimum":01})").find("s.json:1:13: error: invalid JSON"), std::string::npos);
  EXPECT_NE(errorOf(R"({"enum":[1.e5]})").find("error: invalid JSON"), std::string::npos);
  // The parser reads a replaced number as "0.0"; its message quotes the
  // source text, also across a line break (written <U+000A>, as the parser
  // writes control characters).
  std::string malformed = errorOf(R"({"enum":[1e400.5]})");
  EXPECT_NE(malformed.find("s.json:1:15: error: invalid JSON: syntax error while parsing array - invalid literal; "
                           "last read: '1e400.'"),
            std::string::npos)
      << malformed;
  std::string split = errorOf("{\"maximum\": 1e400\n.5}");
  EXPECT_NE(split.find("last read: '1e400<U+000A>.'"), std::string::npos) << split;
  EXPECT_EQ(split.find("0.0"), std::string::npos) << split;
  // A syntax error after a replaced number keeps its column.
  EXPECT_NE(errorOf(R"({"maximum":1e400,})").find("s.json:1:18: error: invalid JSON"), std::string::npos);
}

TEST(ExactNumbers, NegativeZero) {
  expectLanguage(R"({"const":-0})", {"0", "-0", "0.0", "-0.00"}, {"1", "-1"});
  expectLanguage(R"({"enum":[-0.0]})", {"0", "-0"}, {"0.1"});
  expectLanguage(R"({"type":"number","exclusiveMaximum":-0})", {"-0.1", "-5"}, {"0", "-0", "0.1"});
  expectLanguage(R"({"type":"number","minimum":-0.0})", {"0", "-0", "3"}, {"-0.1"});
  expectLanguage(R"({"type":"integer","exclusiveMinimum":-0.0})", {"1"}, {"0", "-0"});
  EXPECT_NE(errorOf(R"({"oneOf":[{"const":0},{"const":-0.0}]})").find("keyword 'oneOf'"), std::string::npos);
}

TEST(ExactNumbers, CountsAndMessages) {
  expectLanguage(R"({"type":"string","minLength":2.0,"maxLength":3e0})", {"\"ab\"", "\"abc\""}, {"\"a\"", "\"abcd\""});
  Options rep;
  rep.limits.maxRepetition = 100;
  EXPECT_NE(errorOf(R"({"minLength":1e30})", rep).find("repetition limit"), std::string::npos);
  EXPECT_NE(errorOf(R"({"maxItems":1.5})").find("'maxItems' must be a non-negative integer"), std::string::npos);
  EXPECT_NE(errorOf(R"({"minimum":"1"})").find("'minimum' must be a number"), std::string::npos);
  // Messages show numbers as written.
  EXPECT_NE(errorOf(R"({"$schema":0.1000000000000000000001})").find("'$schema' 0.1000000000000000000001 "),
            std::string::npos);
  // Numbers inside strings are text.
  expectLanguage(R"({"description":"1e400 -5 \"2e9999\"","const":"1e99999"})", {"\"1e99999\""}, {"1e99999"});
}
