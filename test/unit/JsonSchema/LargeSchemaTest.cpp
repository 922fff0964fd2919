//===- LargeSchemaTest.cpp - Big schemas: linear work, documented limits ---===//
//
// Issue 4's pathological inputs: a 10 MB schema is refused by the size limit
// with a message naming it; a 7 MB enum of 150,000 strings translates (enum
// membership is hashed: the quadratic scan it replaced took minutes) and
// every value appears in the grammar once; enums intersected across allOf
// and compared across oneOf branches keep exactly the common values.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"
#include "ParseJson.h"
#include "Values.h"

#include <gtest/gtest.h>

using namespace decc;
using namespace decc::test;

namespace {

std::string bigEnum(size_t count, size_t first = 0) {
  std::string s = "[";
  for (size_t i = first; i < first + count; ++i)
    s += (i > first ? ",\"" : "\"") + std::string(40, 'x') + std::to_string(i) + "\"";
  return s + "]";
}

size_t occurrences(const std::string &hay, const std::string &needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1))
    ++n;
  return n;
}

} // namespace

TEST(LargeSchema, TenMegabytesIsRefusedByTheSizeLimit) {
  std::string schema = "{\"enum\":" + bigEnum(250000) + "}";
  ASSERT_GT(schema.size(), size_t(10) << 20);
  Compiled c = compile(schema);
  ASSERT_FALSE(c.result.ok);
  EXPECT_NE(firstError(c.result).find("over the limit of 8388608"), std::string::npos)
      << c.result.render();
}

TEST(LargeSchema, EnumOfOneHundredFiftyThousandStrings) {
  std::string schema = "{\"enum\":" + bigEnum(150000) + "}";
  ASSERT_GT(schema.size(), size_t(7000000));
  Compiled c = compile(schema);
  ASSERT_TRUE(c.result.ok) << c.result.render();
  std::string x40(40, 'x');
  EXPECT_EQ(occurrences(c.result.gbnf, x40), 150000u);
  EXPECT_EQ(occurrences(c.result.gbnf, x40 + "149999\\\""), 1u);
}

TEST(LargeSchema, EnumIntersectionAndDisjointnessKeepExactlyTheCommonValues) {
  // allOf of two overlapping enums: the intersection (numbers by value).
  Compiled both = compile(R"({"allOf":[{"enum":[1, 2.0, "a", {"k":1,"j":2}, [1]]},
                                       {"enum":[2, 3, {"j":2,"k":1.0}, "b"]}]})");
  ASSERT_TRUE(both.result.ok) << both.result.render();
  EXPECT_TRUE(both.accepts("2.0"));
  EXPECT_TRUE(both.accepts(R"({"k":1,"j":2})"));
  EXPECT_FALSE(both.accepts("1"));
  EXPECT_FALSE(both.accepts("\"a\""));
  EXPECT_FALSE(both.accepts("3"));
  // oneOf over big enums that share no value is provably disjoint; one
  // shared value (1e0 == 1) makes it not so.
  std::string disjoint = "{\"oneOf\":[{\"enum\":" + bigEnum(20000) + "},{\"enum\":" +
                         bigEnum(20000, 20000) + "}]}";
  EXPECT_TRUE(compile(disjoint).result.ok);
  Compiled shared = compile(R"({"oneOf":[{"enum":[1,"a"]},{"enum":["b",1e0]}]})");
  EXPECT_FALSE(shared.result.ok);
  auto key = [](const char *text) { return jsonschema::canonicalKey(*jsonschema::parseJsonExact(text).value); };
  EXPECT_EQ(key("1.50"), key("15e-1"));
  EXPECT_NE(key("\"1\""), key("1"));
}
