//===- ErrorTest.cpp - Each rejected program gives one exact diagnostic ---===//
//
// Every case checks the first diagnostic line (location and text) and that
// no module is returned. inLogits() puts operators on line 3 at column 5.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

using decc::test::compile;
using decc::test::firstLine;
using decc::test::inLogits;

namespace {

struct ErrorCase {
  const char *name;
  std::string source;
  std::string expected;
};

// Readable test names in failure output instead of the struct's bytes.
void PrintTo(const ErrorCase &c, std::ostream *os) { *os << c.name; }

class FrontendError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(FrontendError, ReportsLocatedError) {
  const ErrorCase &tc = GetParam();
  auto c = compile(tc.source);
  EXPECT_EQ(c.module, nullptr);
  EXPECT_GE(c.errors, 1u);
  EXPECT_EQ(firstLine(c.diagnostics), "t.dec:" + tc.expected) << c.diagnostics;
}

const ErrorCase kCases[] = {
    {"SyntaxMissingParen", inLogits("top_p(0.5"),
     "4:3: error: unexpected '}'; expected ',' or ')'"},
    {"SyntaxUnexpectedEof", "strategy s {",
     "1:13: error: unexpected end of file; expected '}', ';', 'logits', 'sample', 'greedy', 'stop' or 'constrain'"},
    {"UnexpectedCharacter", "strategy s { sample $ }", "1:21: error: unexpected character '$'"},
    {"UnterminatedComment", "strategy s { sample }\n  /* no end", "2:3: error: unterminated /* comment"},
    {"ConstrainUndeclared", "strategy s {\n  constrain Person\n  sample\n}",
     "2:13: error: unknown grammar 'Person'"},
    {"GrammarUnknownKind", "grammar P = yaml \"p.yaml\"\nstrategy s { constrain P sample }",
     "1:13: error: unknown grammar kind 'yaml' (expected gbnf, json_schema, regex or ebnf)"},
    {"GrammarEmptyPath", "grammar P = gbnf \"\"\nstrategy s { constrain P sample }",
     "1:18: error: grammar 'P' needs a file path"},
    {"GrammarPathNotString", "grammar P = gbnf person\nstrategy s { sample }",
     "1:18: error: unexpected 'person'; expected a string"},
    {"ReservedSpeculate", "strategy s { speculate { } greedy }",
     "1:14: error: 'speculate' is not supported yet"},
    {"ReservedDiffusion", "strategy s { diffusion { } }",
     "1:14: error: 'diffusion' is not supported yet"},
    {"UnknownOperator", inLogits("top_q(0.9)"),
     "3:5: error: unknown logits operator 'top_q'; did you mean 'top_k'?"},
    {"UnknownOperatorSuggestion", inLogits("temprature(0.9)"),
     "3:5: error: unknown logits operator 'temprature'; did you mean 'temperature'?"},
    {"TooManyArguments", inLogits("top_p(0.9, 0.8)"),
     "3:16: error: top_p expects 1 argument, got 2"},
    {"MissingArgument", inLogits("repetition_penalty(window = 3)"),
     "3:5: error: repetition_penalty expects 1 to 2 arguments, got 1 (missing 'penalty')"},
    {"UnknownKeyword", inLogits("repetition_penalty(1.1, windw = 3)"),
     "3:29: error: repetition_penalty has no argument named 'windw'; did you mean 'window'?"},
    {"DuplicateKeyword", inLogits("repetition_penalty(1.1, window = 3, window = 4)"),
     "3:41: error: duplicate argument 'window' to repetition_penalty"},
    {"PositionalAfterKeyword", inLogits("repetition_penalty(window = 3, 1.1)"),
     "3:36: error: positional argument after a keyword argument"},
    {"TopKWantsI32", inLogits("top_k(0.5)"), "3:11: error: top_k expects an i32 value, got f32"},
    {"TopPOutOfRange", inLogits("top_p(1.5)"),
     "3:11: error: top_p expects a value in [0, 1], got 1.5"},
    {"MinPNegative", inLogits("min_p(-0.1)"),
     "3:11: error: min_p expects a value in [0, 1], got -0.1"},
    {"TypicalPTwo", inLogits("typical_p(2)"),
     "3:15: error: typical_p expects a value in [0, 1], got 2"},
    {"TemperatureNegative", inLogits("temperature(-1)"),
     "3:17: error: temperature expects a value >= 0, got -1"},
    {"RepetitionPenaltyZero", inLogits("repetition_penalty(0)"),
     "3:24: error: repetition_penalty expects a value > 0, got 0"},
    {"TopKNegative", inLogits("top_k(-3)"), "3:11: error: top_k expects a value >= 0, got -3"},
    {"WindowNegative", inLogits("presence_penalty(0.5, window = -1)"),
     "3:27: error: presence_penalty expects window >= 0, got -1"},
    {"WindowNotConstant", "strategy s(w: i32 = 3) { logits { presence_penalty(0.5, window = w) } sample }",
     "1:66: error: 'w' is a parameter, but window must be a constant"},
    {"PenaltyNotFinite", inLogits("frequency_penalty(inf)"),
     "3:23: error: frequency_penalty expects a finite value, got inf"},
    {"BiasNegativeToken", inLogits("logit_bias({-1: 2})"),
     "3:17: error: logit_bias token must be >= 0, got -1"},
    {"BiasDuplicateToken", inLogits("logit_bias({5: 1, 5: 2})"),
     "3:23: error: duplicate logit_bias token 5"},
    {"BiasPositiveInfinity", inLogits("logit_bias({5: inf})"),
     "3:20: error: logit_bias value must be finite or -inf, got inf"},
    {"BiasMapOnOtherOperator", inLogits("top_k({1: 2})"),
     "3:11: error: top_k does not take a {token: bias} map"},
    {"BiasWithoutMap", inLogits("logit_bias(3)"),
     "3:16: error: logit_bias takes only a {token: bias} map, e.g. logit_bias({15339: 2.5, 220: -inf})"},
    {"StopTokenNegative", "strategy s { sample stop tokens = [13, -2] }",
     "1:40: error: stop token must be >= 0, got -2"},
    {"MaxTokensZero", "strategy s { sample stop max_tokens = 0 }",
     "1:39: error: max_tokens must be >= 1, got 0"},
    {"MaxTokensF32Param", "strategy s(n: f32 = 4) { sample stop max_tokens = n }",
     "1:51: error: max_tokens must be an i32 parameter, but 'n' is f32"},
    {"MaxTokensUnknownName", "strategy s(limit: i32 = 4) { sample stop max_tokens = limt }",
     "1:55: error: unknown parameter 'limt' in max_tokens; did you mean 'limit'?"},
    {"UnknownStopCondition", "strategy s { sample stop eso }",
     "1:26: error: unknown stop condition 'eso'; did you mean 'eos'? (expected eos, max_tokens = N "
     "or tokens = [...])"},
    {"IntLiteralOverflow", inLogits("top_k(4294967296)"),
     "3:11: error: integer literal 4294967296 does not fit in i32"},
    {"FoldedOverflow", inLogits("top_k(2147483647 + 1)"),
     "3:22: error: integer overflow: 2147483647 + 1 = 2147483648 does not fit in i32"},
    {"DivisionByFoldedZero", inLogits("temperature(1 / (2 - 2))"),
     "3:19: error: division by zero"},
    {"LogOfZero", inLogits("temperature(log(1 - 1))"),
     "3:17: error: log of a non-positive value (0)"},
    {"UnknownFunction", inLogits("temperature(lg(2))"),
     "3:17: error: unknown function 'lg'; did you mean 'log'?"},
    {"BuiltinArity", inLogits("temperature(clamp(1, 2))"),
     "3:17: error: clamp expects 3 arguments, got 2"},
    {"UnknownIdentifier", "strategy s(temperature: f32 = 1) { logits { temperature(tempreature) } sample }",
     "1:57: error: unknown identifier 'tempreature'; did you mean 'temperature'?"},
    {"FeatureInDefault", "strategy s(t: f32 = entropy) { logits { temperature(t) } sample }",
     "1:21: error: feature 'entropy' can only be used in arguments of logits operators, not in a "
     "parameter default"},
    {"DuplicateStrategy", "strategy a { sample }\nstrategy a { greedy }",
     "2:1: error: duplicate strategy 'a'"},
    {"DuplicateParameter", "strategy s(x: f32 = 1, x: f32 = 2) { logits { temperature(x) } sample }",
     "1:24: error: duplicate parameter 'x'"},
    {"ParameterShadowsFeature", "strategy s(vocab: i32 = 1) { logits { top_k(vocab) } sample }",
     "1:12: error: parameter 'vocab' shadows the feature of the same name; rename it"},
    {"DefaultOutsideRange", "strategy s(k: i32 = 50 in [0, 10]) { logits { top_k(k) } sample }",
     "1:21: error: default value 50 of parameter 'k' is outside its range [0, 10]"},
    {"DefaultWrongType", "strategy s(k: i32 = 0.5) { logits { top_k(k) } sample }",
     "1:21: error: default value of i32 parameter 'k' must be an integer, got f32 value 0.5"},
    {"DefaultOutsideOperatorDomain", "strategy s(p: f32 = 1.5) { logits { top_p(p) } sample }",
     "1:43: error: default value 1.5 of parameter 'p' is outside the domain of top_p (in [0, 1])"},
    {"MissingDefault", "strategy s(p: f32) { logits { top_p(p) } sample }",
     "1:12: error: parameter 'p' needs a default value (e.g. 'p: f32 = 1')"},
    {"UnknownType", "strategy s(p: f64 = 1) { logits { top_p(p) } sample }",
     "1:15: error: unknown type 'f64'; expected f32 or i32"},
    {"NoSelection", "strategy s {\n  logits { top_k(5) }\n}", "1:1: error: strategy 's' has no "
                                                              "selection; add 'sample' or 'greedy'"},
    {"TwoSelections", "strategy s {\n  sample\n  greedy\n}",
     "3:3: error: strategy 's' has more than one selection"},
    {"TwoLogitsBlocks", "strategy s {\n  logits { top_k(5) }\n  logits { top_p(0.5) }\n  sample\n}",
     "3:3: error: strategy 's' has more than one logits block; merge them"},
    {"NoStrategy", "// nothing here\n",
     " error: no strategy is defined (a program needs at least one 'strategy name { ... }')"},
};

std::string caseName(const ::testing::TestParamInfo<ErrorCase> &info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Frontend, FrontendError, ::testing::ValuesIn(kCases), caseName);

} // namespace
