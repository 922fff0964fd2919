//===- DecrunConstraintTest.cpp - decrun's grammar-constrained path -------===//
//
// Strategies of the hand-written module (variant "constrained") carry a
// serialised grammar table, as `constrain` makes decc embed: decrun must
// sample every token under the grammar's mask on a real tokenizer, end when
// the grammar admits nothing more, and report corrupt tables and steps where
// no token is valid.
#include "Decrun.h"
#include "DecrunCli.h"
#include "TestModules.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

using namespace decc::decrun;
using decc::test::CliResult;
using decc::test::modulePath;
using decc::test::runDecrun;
using nlohmann::json;

namespace {
const std::string &kModel = decc::test::kTinyModel;

std::string constrained(const std::string &strategy) { return decc::test::moduleStrategy("constrained", strategy); }

TEST(DecrunConstraint, OutputFollowsTheGrammarAndEndsWhenItIsComplete) {
  for (const char *prompt : {"the model reads", "{\"name\": \""}) {
    CliResult r = runDecrun({constrained("object"), "--model", kModel, "--prompt", prompt,
                             "--json", "--threads", "1"});
    ASSERT_EQ(r.code, kExitOk) << r.err;
    json j = json::parse(r.out);
    const std::string text = j["text"];
    EXPECT_TRUE(std::regex_match(text, std::regex(R"(\{"n": [0-9]{1,3}\})"))) << text;
    EXPECT_EQ(j["stop"], "grammar_complete");
    EXPECT_EQ(j["stats"]["constrained"], true);
    EXPECT_EQ(j["stats"]["constraint"], "Obj");
    EXPECT_GE(double(j["stats"]["mask_us_per_token"]), 0.0);
    EXPECT_NE(r.err.find("decrun: constrained by grammar Obj: mask "), std::string::npos)
        << r.err;
  }
}

TEST(DecrunConstraint, StreamedTextIsTheConstrainedText) {
  CliResult r = runDecrun({constrained("object"), "--model", kModel, "--prompt",
                           "the model reads", "--threads", "1"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, std::regex("\\{\"n\": [0-9]{1,3}\\}\n"))) << r.out;
}

// EOS is masked until the grammar is complete, then chosen at once (the
// kernel favours it), and it ends the output even without `stop eos`.
TEST(DecrunConstraint, EosOnlyOnceCompleteAndItEndsTheOutput) {
  for (const char *strategy : {"until_eos", "eos_no_stop"}) {
    CliResult r = runDecrun({constrained(strategy), "--model", kModel, "--prompt", "the",
                             "--json", "--eos", "2"});
    ASSERT_EQ(r.code, kExitOk) << strategy << ": " << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["text"], "ab") << strategy;
    EXPECT_EQ(j["stop"], "eos") << strategy;
    std::vector<int32_t> tokens = j["tokens"];
    ASSERT_FALSE(tokens.empty());
    EXPECT_EQ(tokens.back(), 2) << strategy;
    EXPECT_EQ(j["stats"]["constraint"], "Pairs");
  }
}

TEST(DecrunConstraint, UnconstrainedRunsSaySo) {
  CliResult r = runDecrun({constrained("greedy"), "--model", kModel, "--prompt", "the",
                           "--max-tokens", "2", "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["stats"]["constrained"], false);
  EXPECT_FALSE(j["stats"].contains("mask_us_per_token"));
  EXPECT_NE(r.err.find("decrun: unconstrained\n"), std::string::npos) << r.err;
}

TEST(DecrunConstraint, NoValidTokenEndsTheRunWithAnError) {
  CliResult r = runDecrun({constrained("refusing"), "--model", kModel, "--prompt", "the",
                           "--json"});
  EXPECT_EQ(r.code, kExitRowFailure) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["stop"], "no_valid_token");
  EXPECT_TRUE(j["tokens"].empty());
  EXPECT_NE(r.err.find("no token of the vocabulary continues the output under grammar Obj"),
            std::string::npos)
      << r.err;
}

TEST(DecrunConstraint, CorruptTableNamesModuleStrategyAndField) {
  const std::string path = modulePath("badtable");
  CliResult r = runDecrun({path + ":object", "--model", kModel, "--prompt", "the"});
  EXPECT_EQ(r.code, kExitError);
  EXPECT_NE(r.err.find(path + ": strategy object: constraint Obj: grammar table: "
                              "unsupported format version 99"),
            std::string::npos)
      << r.err;
  // The other strategies of that module are unaffected.
  CliResult ok = runDecrun({path + ":greedy", "--model", kModel, "--prompt", "the",
                            "--max-tokens", "1"});
  EXPECT_EQ(ok.code, kExitOk) << ok.err;
}

TEST(DecrunConstraint, ListShowsTheConstraint) {
  CliResult r = runDecrun({modulePath("constrained"), "--list"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("strategy object (greedy)\n"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("  constraint: Obj \\(grammar table, [0-9]+ bytes\\)\n")))
      << r.out;
}

TEST(DecrunConstraint, SyntheticLogitsCannotBeConstrained) {
  CliResult r = runDecrun({constrained("object"), "--synthetic-vocab", "64"});
  EXPECT_EQ(r.code, kExitError);
  EXPECT_NE(r.err.find("constrained by grammar Obj: constrained decoding needs --model"),
            std::string::npos)
      << r.err;
}

} // namespace
