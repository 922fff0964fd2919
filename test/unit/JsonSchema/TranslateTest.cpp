//===- TranslateTest.cpp - One test per keyword translation ---------------===//
//
// Each test compiles a schema and checks strings the grammar must accept and
// strings it must reject, with the independent recogniser.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace decc::test;
using decc::jsonschema::Options;
using decc::jsonschema::Whitespace;

namespace {
void expectLanguage(const std::string &schema, std::initializer_list<const char *> yes,
                    std::initializer_list<const char *> no, Options opt = [] {
                      Options o;
                      o.whitespace = Whitespace::Compact;
                      return o;
                    }()) {
  Compiled c = compile(schema, opt);
  ASSERT_TRUE(c.result.ok) << schema << "\n" << c.result.render();
  for (const char *s : yes)
    EXPECT_TRUE(c.accepts(s)) << "should accept " << s << "\n" << c.result.gbnf;
  for (const char *s : no)
    EXPECT_FALSE(c.accepts(s)) << "should reject " << s << "\n" << c.result.gbnf;
}
} // namespace

TEST(Translate, TrueSchemaIsAnyJson) {
  expectLanguage("true", {"null", "1", "-2.5e3", "\"x\"", "[1,{\"a\":[]}]", "{}"}, {"", "nul", "[1,]", "01"});
  expectLanguage("{}", {"{\"a\":{\"b\":null}}"}, {"{a:1}"});
}

TEST(Translate, TypeSingleAndArray) {
  expectLanguage(R"({"type":"null"})", {"null"}, {"0", "\"null\""});
  expectLanguage(R"({"type":"boolean"})", {"true", "false"}, {"null"});
  expectLanguage(R"({"type":["string","null"]})", {"null", "\"a\""}, {"1", "true"});
}

TEST(Translate, IntegerAcceptsZeroFraction) {
  expectLanguage(R"({"type":"integer"})", {"0", "-7", "12", "3.0", "-0"}, {"1.5", "01", "1e2", "\"1\""});
}

TEST(Translate, NumberGrammar) {
  expectLanguage(R"({"type":"number"})", {"0", "-0.5", "1e10", "2.5E-3", "7"}, {"-", ".5", "1.", "+1", "0x1"});
}

TEST(Translate, StringEscapesAndControls) {
  expectLanguage(R"({"type":"string"})",
                 {R"("")", R"("a\"b")", R"("\\")", R"("\u00e9\n")", R"("\ud83d\ude00")", "\"\xc3\xa9\""},
                 {"\"a\nb\"", R"("\x")", R"("\u12")", R"("\ud83d")", R"("a)"});
}

TEST(Translate, LengthCountsCodePoints) {
  expectLanguage(R"({"type":"string","minLength":2,"maxLength":3})",
                 {"\"ab\"", "\"\xc3\xa9\xc3\xa9\"", R"("\u0041b")", R"("a\ud83d\ude00")"},
                 {"\"a\"", "\"abcd\"", "\"\xc3\xa9\""});
}

TEST(Translate, PropertiesInSchemaOrderOptionalOptional) {
  expectLanguage(R"({"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},
                     "additionalProperties":false})",
                 {"{}", "{\"a\":1}", "{\"b\":\"x\"}", "{\"a\":1,\"b\":\"x\"}"},
                 {"{\"a\":\"x\"}", "{\"c\":1}", "{\"a\":1,}", "{,\"b\":\"x\"}"});
}

TEST(Translate, RequiredProperties) {
  expectLanguage(R"({"properties":{"a":{},"b":{}},"required":["b"],"additionalProperties":false})",
                 {"{\"b\":1}", "{\"a\":1,\"b\":2}"}, {"{}", "{\"a\":1}"});
}

TEST(Translate, RequiredButUndeclaredUsesAdditional) {
  expectLanguage(R"({"required":["x"],"additionalProperties":{"type":"integer"}})",
                 {"{\"x\":1}", "{\"x\":1,\"y\":2}"}, {"{}", "{\"x\":\"s\"}", "{\"x\":1,\"y\":\"s\"}"});
}

TEST(Translate, AdditionalPropertiesDefaultAllowsOthersButNotDeclaredNames) {
  expectLanguage(R"({"properties":{"a":{"type":"integer"}}})",
                 {"{\"a\":1,\"b\":\"x\"}", "{\"b\":[],\"ab\":1}", "{\"\":1}"},
                 // "a" spelled with an escape is still "a": it must be an integer.
                 {"{\"a\":\"x\"}", "{\"\\u0061\":\"x\"}", "{\"b\":1,\"a\":\"x\"}"});
}

TEST(Translate, AdditionalPropertiesSchema) {
  expectLanguage(R"({"properties":{"a":{}},"additionalProperties":{"type":"boolean"}})",
                 {"{\"a\":1,\"b\":true}"}, {"{\"b\":1}"});
}

TEST(Translate, StrictObjectsOption) {
  Options o;
  o.whitespace = Whitespace::Compact;
  o.strictObjects = true;
  expectLanguage(R"({"properties":{"a":{}}})", {"{\"a\":1}", "{}"}, {"{\"b\":1}"}, o);
}

TEST(Translate, ItemsAndCounts) {
  expectLanguage(R"({"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":3})",
                 {"[1]", "[1,2,3]"}, {"[]", "[1,2,3,4]", "[\"a\"]"});
}

TEST(Translate, PrefixItems2020) {
  expectLanguage(R"({"prefixItems":[{"type":"integer"},{"type":"string"}],"items":false})",
                 {"[]", "[1]", "[1,\"a\"]"}, {"[\"a\"]", "[1,\"a\",2]"});
  expectLanguage(R"({"prefixItems":[{"type":"integer"}],"items":{"type":"string"},"minItems":2})",
                 {"[1,\"a\"]", "[1,\"a\",\"b\"]"}, {"[1]", "[1,2]"});
}

TEST(Translate, Draft7ItemsArrayAndAdditionalItems) {
  expectLanguage(R"({"$schema":"http://json-schema.org/draft-07/schema#",
                     "items":[{"type":"integer"}],"additionalItems":{"type":"boolean"}})",
                 {"[1,true,false]", "[]"}, {"[1,2]", "[true]"});
}

TEST(Translate, EnumAnyJsonValue) {
  expectLanguage(R"({"enum":[1,"a",null,[1,{"k":false}],{"x":1.5}]})",
                 {"1", "1.0", "\"a\"", "null", "[1,{\"k\":false}]", "{\"x\":1.50}"},
                 {"2", "\"b\"", "[1]", "{\"x\":1.6}", "true"});
}

TEST(Translate, ConstNumberEquality) {
  expectLanguage(R"({"const":1.0})", {"1", "1.0", "1.000"}, {"1.01", "10"});
  expectLanguage(R"({"const":0})", {"0", "-0", "0.0"}, {"1"});
}

TEST(Translate, EnumFilteredBySiblings) {
  expectLanguage(R"({"type":"string","enum":["a",1,"bb"],"maxLength":1})", {"\"a\""}, {"1", "\"bb\""});
}

TEST(Translate, AnyOfUnion) {
  expectLanguage(R"({"anyOf":[{"type":"integer"},{"type":"string","maxLength":1}]})", {"1", "\"a\""},
                 {"\"ab\"", "null"});
}

TEST(Translate, AnyOfDistributesOverSiblings) {
  expectLanguage(R"({"type":"integer","anyOf":[{"minimum":10},{"maximum":-10}]})", {"10", "-10", "99"},
                 {"0", "9", "\"a\""});
}

TEST(Translate, OneOfDisjointByType) {
  expectLanguage(R"({"oneOf":[{"type":"string"},{"type":"integer"}]})", {"\"s\"", "3"}, {"null"});
}

TEST(Translate, OneOfDisjointByDiscriminator) {
  expectLanguage(R"({"oneOf":[
      {"properties":{"k":{"const":"a"},"v":{"type":"integer"}},"required":["k"],"additionalProperties":false},
      {"properties":{"k":{"const":"b"},"v":{"type":"string"}},"required":["k"],"additionalProperties":false}]})",
                 {"{\"k\":\"a\",\"v\":1}", "{\"k\":\"b\",\"v\":\"x\"}"}, {"{\"k\":\"a\",\"v\":\"x\"}"});
}

TEST(Translate, AllOfMergesObjects) {
  expectLanguage(R"({"allOf":[{"properties":{"a":{"type":"integer"}},"required":["a"]},
                              {"properties":{"b":{"type":"string"}},"required":["b"]}]})",
                 {"{\"a\":1,\"b\":\"x\"}"}, {"{\"a\":1}", "{\"b\":\"x\"}", "{\"a\":\"x\",\"b\":\"x\"}"});
}

TEST(Translate, AllOfAdditionalFalseBlocksOtherBranchProperties) {
  expectLanguage(R"({"allOf":[{"properties":{"a":{}},"additionalProperties":false},
                              {"properties":{"b":{}}}]})",
                 {"{\"a\":1}", "{}"}, {"{\"b\":1}"});
}

TEST(Translate, LocalRefAndDefs) {
  expectLanguage(R"({"$defs":{"pos":{"type":"integer","minimum":1}},"type":"array","items":{"$ref":"#/$defs/pos"}})",
                 {"[1,2]"}, {"[0]"});
}

TEST(Translate, RefPointerEscapes) {
  expectLanguage(R"({"$defs":{"a/b":{"const":1},"c~d":{"const":2},"e%f":{"const":3}},
                     "anyOf":[{"$ref":"#/$defs/a~1b"},{"$ref":"#/$defs/c~0d"},{"$ref":"#/$defs/e%25f"}]})",
                 {"1", "2", "3"}, {"4"});
}

TEST(Translate, RecursiveRef) {
  expectLanguage(R"({"$defs":{"tree":{"type":"object","properties":{"v":{"type":"integer"},
                     "kids":{"type":"array","items":{"$ref":"#/$defs/tree"}}},"additionalProperties":false}},
                     "$ref":"#/$defs/tree"})",
                 {"{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[]},{}]}"}, {"{\"kids\":[{\"v\":\"x\"}]}"});
}

TEST(Translate, Draft7RefIgnoresSiblings) {
  expectLanguage(R"({"$schema":"http://json-schema.org/draft-07/schema#",
                     "definitions":{"i":{"type":"integer"}},"$ref":"#/definitions/i","maximum":0})",
                 {"5"}, {"\"x\""});
}

TEST(Translate, PatternUnanchoredAndAnchored) {
  expectLanguage(R"({"type":"string","pattern":"a[0-9]+"})", {"\"xa1y\"", "\"a12\""}, {"\"ax\"", "\"\""});
  expectLanguage(R"({"type":"string","pattern":"^(ab|c){2}$"})", {"\"abc\"", "\"cc\""}, {"\"abcx\"", "\"c\""});
}

TEST(Translate, PatternClassesAndEscapes) {
  expectLanguage(R"({"type":"string","pattern":"^\\d{3}-\\w+\\s?[^a-c]$"})", {"\"123-x_ d\"", "\"123-x9\""},
                 {"\"12-x d\"", "\"123-x a\""});
  // A pattern class matches the escaped spelling of a character too.
  expectLanguage(R"({"type":"string","pattern":"^[a-z]+$"})", {"\"ab\"", "\"\\u0061b\""}, {"\"aB\""});
}

TEST(Translate, PatternDotExcludesLineTerminators) {
  expectLanguage(R"({"type":"string","pattern":"^.$"})", {"\"x\"", "\"\\t\""}, {"\"\\n\"", "\"xy\""});
}

TEST(Translate, IntegerBounds) {
  expectLanguage(R"({"type":"integer","minimum":-15,"exclusiveMaximum":120})",
                 {"-15", "0", "-0", "119", "99", "7.0"}, {"-16", "120", "1000", "-150"});
  expectLanguage(R"({"type":"integer","minimum":1.5})", {"2", "12345678901234567890"}, {"1", "0"});
  expectLanguage(R"({"type":"integer","maximum":-3,"minimum":-1000})", {"-3", "-1000", "-999"},
                 {"-2", "-1001", "0"});
}

TEST(Translate, NumberBoundsExact) {
  expectLanguage(R"({"type":"number","minimum":1.1,"maximum":2.25})",
                 {"1.1", "1.10", "1.2", "2", "2.25", "2.250", "1.9999"}, {"1.09", "2.251", "2.3", "0", "-1.5"});
  // Bounded numbers are spelled without exponent (a documented subset).
  expectLanguage(R"({"type":"number","exclusiveMinimum":0})", {"0.001", "5", "10.5"},
                 {"0", "-0.0", "0.000", "-1", "1e3"});
}

TEST(Translate, NumberBoundsNegativeRange) {
  expectLanguage(R"({"type":"number","minimum":-2.5,"exclusiveMaximum":-1})", {"-2.5", "-1.01", "-2"},
                 {"-1", "-2.51", "0", "-0"});
}

TEST(Translate, BooleanSchemasInPlaces) {
  expectLanguage(R"({"properties":{"a":false},"prefixItems":[true,false]})",
                 {"{\"b\":1}", "[1]", "[]"}, {"{\"a\":1}", "[1,2]"});
}

TEST(Translate, FormatsDate) {
  expectLanguage(R"({"type":"string","format":"date"})", {"\"2024-02-29\"", "\"2000-02-29\"", "\"2023-12-31\""},
                 {"\"2023-02-29\"", "\"1900-02-29\"", "\"2023-04-31\"", "\"2023-13-01\"", "\"23-01-01\""});
}

TEST(Translate, FormatsTimeAndDateTime) {
  expectLanguage(R"({"format":"date-time"})", {"\"2024-01-02T03:04:05Z\"", "\"2024-01-02t03:04:05.123+05:30\""},
                 {"\"2024-01-02T24:00:00Z\"", "\"2024-01-02T03:04:05\""});
  expectLanguage(R"({"format":"time"})", {"\"23:59:59z\""}, {"\"23:60:00Z\""});
  // A leap second ends a UTC day; under a non-zero offset it is not accepted
  // (docs/json-schema.md: a false negative by choice).
  expectLanguage(R"({"format":"time"})", {"\"23:59:60Z\"", "\"23:59:60.5+00:00\"", "\"23:59:60-00:00\""},
                 {"\"22:59:60Z\"", "\"23:58:60Z\"", "\"23:59:61Z\"", "\"23:59:60+01:00\"", "\"15:59:60-08:00\""});
  expectLanguage(R"({"format":"date-time"})", {"\"1998-12-31T23:59:60Z\""}, {"\"1998-12-31T23:58:60Z\""});
}

TEST(Translate, FormatsIpv6AndAddressLiterals) {
  expectLanguage(R"({"format":"ipv6"})",
                 {"\"::\"", "\"::1\"", "\"1:2:3:4:5:6:7:8\"", "\"1:2:3:4:5:6::8\"", "\"1:2:3:4:5:6:7::\"",
                  "\"::ffff:192.168.0.1\"", "\"1:2:3:4:5:6:1.2.3.4\"", "\"aBcD::\""},
                 {"\"1:2:3:4:5:6:7\"", "\"1::2::3\"", "\"12345::\"", "\":1::\"", "\"1:2:3:4:5:6:7:8::\"",
                  "\"1:2:3:4:5:6:7:1.2.3.4\"", "\"::1.2.3.04\"", "\"fe80::a%eth1\"", "\"[::1]\""});
  // RFC 3986 IP literals in URIs; none in other places.
  expectLanguage(R"({"format":"uri"})", {"\"ldap://[2001:db8::7]/c=GB\"", "\"http://[v1F.a:b]:80/\""},
                 {"\"http://[::1/\"", "\"http:/[::1]\"", "\"http://[v.x]/\"", "\"http://[::1%25eth0]/\""});
  // RFC 5321: quoted local parts, spelled with JSON escapes, and address
  // literals; "::" stands for two groups at least there.
  expectLanguage(R"({"format":"email"})",
                 {R"("\"joe bloggs\"@x.com")", R"("\"a\\\"b\\\\c\"@x")", R"("\"\"@x")", "\"a@[127.0.0.1]\"",
                  "\"a@[IPv6:::1]\"", "\"a@[ipv6:1:2:3:4:5::6]\""},
                 {R"("\"a\"b\"@x")", R"("\"a\\\"@x")", "\"a@[127.0.0.300]\"", "\"a@[1.2.3]\"",
                  "\"a@[IPv6:1:2:3:4:5:6::7]\"", "\"a@[::1]\"", "\"a@[tag:x]\""});
}

TEST(Translate, FormatsEmailUuidUriIpv4) {
  expectLanguage(R"({"format":"email"})", {"\"a.b+c@ex-ample.com\""}, {"\"a@@b\"", "\"a.@b.c\"", "\"@b\""});
  expectLanguage(R"({"format":"uuid"})", {"\"123e4567-e89b-12d3-a456-426614174000\""},
                 {"\"123e4567e89b12d3a456426614174000\""});
  expectLanguage(R"({"format":"uri"})", {"\"https://ex.com:8080/a/b?q=1#f\"", "\"urn:isbn:123\""},
                 {"\"//ex.com\"", "\"a b:c\"", "\"http://ex.com/%zz\""});
  expectLanguage(R"({"format":"ipv4"})", {"\"192.168.0.1\"", "\"0.0.0.0\""},
                 {"\"256.1.1.1\"", "\"01.1.1.1\"", "\"1.1.1\""});
  // Formats constrain strings only.
  expectLanguage(R"({"format":"ipv4"})", {"12", "null"}, {});
}

TEST(Translate, FlexibleWhitespace) {
  Options o;
  o.whitespace = Whitespace::Flexible;
  expectLanguage(R"({"type":"object","properties":{"a":{"type":"array"}}})",
                 {"{\n  \"a\": [\n    1,\n    2\n  ]\n}", "{ }", "{\"a\" :[ ]}"},
                 // No whitespace around the top-level value: decoding ends
                 // when the value does.
                 {"{\"a\":[1 2]}", " { } ", "{}\n"}, o);
  expectLanguage(R"({"type":"object"})", {"{}"}, {"{ }"});  // compact: none
}

TEST(Translate, LenientLeavesUnsupportedUnenforced) {
  Options o;
  o.whitespace = Whitespace::Compact;
  o.lenient = true;
  Compiled c = compile(R"({"type":"array","uniqueItems":true})", o);
  ASSERT_TRUE(c.result.ok);
  EXPECT_TRUE(c.accepts("[1,1]"));
  ASSERT_EQ(c.result.diagnostics.size(), 1u);
  EXPECT_EQ(c.result.diagnostics[0].severity, decc::jsonschema::Severity::Warning);
}
