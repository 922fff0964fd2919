//===- ErrorTest.cpp - Every error names its keyword and pointer ----------===//
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace decc::test;
using namespace decc::jsonschema;

namespace {
std::string errorOf(const std::string &schema, Options opt = Options()) {
  Result r = toGbnf(schema, opt, "schema.json");
  EXPECT_FALSE(r.ok) << schema << "\n" << r.gbnf;
  return firstError(r);
}
} // namespace

TEST(Errors, UnenforceableKeywordsNameKeywordAndPointer) {
  const char *cases[][3] = {
      {R"({"properties":{"tags":{"uniqueItems":true}}})", "/properties/tags", "uniqueItems"},
      {R"({"not":{}})", "/", "not"},
      {R"({"if":{},"then":{}})", "/", "if"},
      {R"({"contains":{}})", "/", "contains"},
      {R"({"dependentSchemas":{"a":{}}})", "/", "dependentSchemas"},
      {R"({"patternProperties":{"^a":{}}})", "/", "patternProperties"},
      {R"({"propertyNames":{"maxLength":3}})", "/", "propertyNames"},
      {R"({"multipleOf":2})", "/", "multipleOf"},
      {R"({"items":{"unevaluatedItems":false}})", "/items", "unevaluatedItems"},
      {R"({"$dynamicRef":"#x"})", "/", "$dynamicRef"},
      {R"({"minProperties":1})", "/", "minProperties"},
  };
  for (auto &c : cases) {
    std::string e = errorOf(c[0]);
    EXPECT_EQ(e.rfind(std::string(c[1]) + ": keyword '" + c[2] + "'", 0), 0u) << c[0] << " -> " << e;
  }
}

TEST(Errors, RenderedFormat) {
  Result r = toGbnf(R"({"properties":{"tags":{"uniqueItems":true}}})", Options(), "schema.json");
  EXPECT_EQ(r.render(), "schema.json: error: /properties/tags: keyword 'uniqueItems' cannot be enforced by a grammar\n");
}

TEST(Errors, RemoteRef) {
  EXPECT_NE(errorOf(R"({"$ref":"http://example.com/s.json"})").find("remote reference"), std::string::npos);
  EXPECT_NE(errorOf(R"({"$ref":"#/nowhere"})").find("points to nothing"), std::string::npos);
}

TEST(Errors, OneOfNotProvablyDisjoint) {
  std::string e = errorOf(R"({"oneOf":[{"type":"integer"},{"minimum":2}]})");
  EXPECT_NE(e.find("keyword 'oneOf'"), std::string::npos) << e;
}

TEST(Errors, UnsupportedRegexFeatures) {
  for (const char *p : {"(a)\\1", "(?=a)", "\\bx", "a(^b)", "\\p{L}"}) {
    std::string schema = std::string(R"({"pattern":")") + p + "\"}";
    std::string escaped;
    for (char c : schema) escaped += c == '\\' ? std::string("\\\\") : std::string(1, c);
    std::string e = errorOf(escaped);
    EXPECT_NE(e.find("keyword 'pattern'"), std::string::npos) << p << " -> " << e;
  }
}

TEST(Errors, UnsupportedFormatAndCombinations) {
  EXPECT_NE(errorOf(R"({"format":"hostname"})").find("'hostname' is not supported"), std::string::npos);
  EXPECT_NE(errorOf(R"({"pattern":"a","maxLength":3})").find("keyword 'pattern'"), std::string::npos);
  EXPECT_NE(errorOf(R"({"allOf":[{"pattern":"a"},{"pattern":"b"}]})").find("keyword 'pattern'"),
            std::string::npos);
}

TEST(Errors, JsonSyntaxErrorIsLocated) {
  Result r = toGbnf("{\"a\":\n  [1,}", Options(), "s.json");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diagnostics[0].line, 2u);
  EXPECT_EQ(r.diagnostics[0].column, 6u);
  EXPECT_NE(r.render().find("s.json:2:6: error: invalid JSON"), std::string::npos) << r.render();
}

TEST(Errors, Limits) {
  Options o;
  o.limits.maxSchemaBytes = 10;
  EXPECT_NE(errorOf(R"({"type":"string"})", o).find("over the limit"), std::string::npos);
  Options d;
  d.limits.maxDepth = 3;
  EXPECT_NE(errorOf(R"({"items":{"items":{"items":{}}}})", d).find("nesting deeper"), std::string::npos);
  Options rep;
  rep.limits.maxRepetition = 100;
  EXPECT_NE(errorOf(R"({"maxLength":1000})", rep).find("repetition limit"), std::string::npos);
  EXPECT_NE(errorOf(R"({"pattern":"a{1000}"})", rep).find("limit"), std::string::npos);
  Options rules;
  rules.limits.maxRules = 5;
  EXPECT_NE(errorOf(R"({"properties":{"a":{"type":"string"},"b":{"type":"string"},"c":{},"d":{}}})", rules)
                .find("rules (limit)"),
            std::string::npos);
}

TEST(Errors, DeepNestingOfTenThousandIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "{\"items\":";
  deep += "{}";
  for (int i = 0; i < 10000; ++i) deep += "}";
  EXPECT_NE(errorOf(deep).find("nesting deeper"), std::string::npos);
}

TEST(Errors, BadKeywordValues) {
  EXPECT_NE(errorOf(R"({"minLength":-1})").find("'minLength' must be a non-negative integer"), std::string::npos);
  EXPECT_NE(errorOf(R"({"type":"strin"})").find("'type' must name JSON types"), std::string::npos);
  EXPECT_NE(errorOf(R"({"$schema":"http://json-schema.org/draft-04/schema#"})").find("unsupported '$schema'"),
            std::string::npos);
}

TEST(Errors, FalseRootAcceptsNothing) {
  EXPECT_NE(errorOf("false").find("accepts no JSON value"), std::string::npos);
  EXPECT_NE(errorOf(R"({"type":"integer","minimum":5,"maximum":4})").find("accepts no JSON value"),
            std::string::npos);
}

TEST(Errors, DependenciesIsRefusedInBothDrafts) {
  // Draft 7: its keyword, not enforceable. 2020-12: not its keyword, but
  // validators still apply it, so it is refused rather than ignored.
  Options d7;
  d7.draft = Draft::Draft7;
  EXPECT_EQ(errorOf(R"({"dependencies":{"a":["b"]}})", d7),
            "/: keyword 'dependencies' cannot be enforced by a grammar");
  EXPECT_EQ(errorOf(R"({"properties":{"x":{"dependencies":{"a":{}}}}})"),
            "/properties/x: keyword 'dependencies' is not a draft 2020-12 keyword (it became "
            "'dependentRequired' and 'dependentSchemas') and cannot be enforced by a grammar");
  Options lenient;
  lenient.lenient = true;
  Result r = toGbnf(R"({"type":"object","dependencies":{"a":["b"]}})", lenient, "s.json");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Warning);
  EXPECT_NE(r.diagnostics[0].message.find("(lenient: not enforced)"), std::string::npos);
}

TEST(Errors, UnknownKeywordIsAWarning) {
  Result r = toGbnf(R"({"type":"string","x-foo":1})", Options(), "s.json");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Warning);
  EXPECT_NE(r.diagnostics[0].message.find("unknown keyword 'x-foo'"), std::string::npos);
}

TEST(Errors, AnnotationsAreQuiet) {
  Result r = toGbnf(R"({"title":"t","description":"d","default":1,"examples":[1],"$comment":"c",
                        "deprecated":true,"readOnly":true,"$id":"http://x/y","type":"integer"})",
                    Options(), "s.json");
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.diagnostics.empty()) << r.render();
}
