//===- DecrunTest.cpp - the decrun command, run in-process ----------------===//
#include "Decrun.h"
#include "DecrunCli.h"
#include "SyntheticModel.h"
#include "TestModules.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

using namespace decc::decrun;
using decc::test::CliResult;
using decc::test::modulePath;
using decc::test::runDecrun;

namespace {

std::string good(const std::string &strategy = "") {
  return std::string(modulePath("good")) +
         (strategy.empty() ? "" : ":" + strategy);
}

std::vector<std::string> lines(const std::string &s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    v.push_back(l);
  return v;
}
} // namespace

TEST(Decrun, ListShowsStrategiesParametersAndPipelines) {
  CliResult r = runDecrun({good(), "--list"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("strategy chat (sample)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("param k: i32 = 40 in [0, 1000000]"), std::string::npos);
  EXPECT_NE(r.out.find("param bias_scale: f32 = 0 in [-inf, inf]"),
            std::string::npos);
  EXPECT_NE(r.out.find("pipeline: temperature(temperature) | top_k(top_k) | "
                       "greedy"),
            std::string::npos);
  EXPECT_NE(r.out.find("stop: eos token 5 token 7 max_tokens = max_tokens"),
            std::string::npos);
}

TEST(Decrun, SameSeedSameTokensOtherSeedOtherTokens) {
  std::vector<std::string> base = {good("chat"), "--synthetic-vocab", "5000",
                                   "--param", "temperature=1.5"};
  auto withSeed = [&](const char *seed) {
    std::vector<std::string> a = base;
    a.insert(a.end(), {"--seed", seed});
    return runDecrun(a);
  };
  CliResult a = withSeed("11"), b = withSeed("11"), c = withSeed("12");
  ASSERT_EQ(a.code, kExitOk) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  EXPECT_NE(a.err.find("tokens/s"), std::string::npos) << a.err;
  EXPECT_NE(a.err.find("us/token"), std::string::npos) << a.err;
}

TEST(Decrun, BatchRowsEqualSingleRunsWithOffsetSeeds) {
  CliResult batch = runDecrun({good("chat"), "--synthetic-vocab", "3000", "--seed",
                      "40", "--batch", "3", "--threads", "2"});
  ASSERT_EQ(batch.code, kExitOk) << batch.err;
  std::vector<std::string> rows = lines(batch.out);
  ASSERT_EQ(rows.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    CliResult single = runDecrun({good("chat"), "--synthetic-vocab", "3000", "--seed",
                         std::to_string(40 + i), "--threads", "1"});
    EXPECT_EQ(single.out, rows[size_t(i)] + "\n") << "row " << i;
  }
}

TEST(Decrun, StrategyLimitAndDriverLimit) {
  CliResult r = runDecrun({good("chat"), "--synthetic-vocab", "1000", "--param",
                  "max_tokens=3"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(lines(r.out).size(), 1u);
  std::istringstream in(r.out);
  int n = 0;
  for (int tok; in >> tok;)
    ++n;
  EXPECT_LE(n, 3);
  CliResult j = runDecrun({good("greedy"), "--synthetic-vocab", "1000", "--max-tokens",
                  "2", "--json"});
  ASSERT_EQ(j.code, kExitOk) << j.err;
  EXPECT_NE(j.out.find("\"stop\":\"max_tokens\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"strategy\":\"greedy\""), std::string::npos);
  EXPECT_NE(j.out.find("\"params\":{\"temperature\":1,\"top_k\":0}"),
            std::string::npos)
      << j.out;
  EXPECT_NE(j.out.find("\"kernel_us_per_token\":"), std::string::npos);
}

TEST(Decrun, GreedyStopsAtTheSyntheticEos) {
  // Greedy picks rank 0, which the permutation of step 0 puts at token b.
  SyntheticModel model(1000);
  uint64_t a = 0, b = 0;
  model.permutation(-1, 0, a, b);
  CliResult r = runDecrun({good("greedy"), "--synthetic-vocab", "1000", "--eos",
                  std::to_string(b), "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("{\"tokens\":[" + std::to_string(b) +
                       "],\"stop\":\"eos\"}"),
            std::string::npos)
      << r.out;
}

TEST(Decrun, ErrorsNameTheProblemAndExitNonZero) {
  CliResult p = runDecrun({good("chat"), "--param", "p=2"});
  EXPECT_EQ(p.code, kExitError);
  EXPECT_NE(p.err.find("parameter 'p' (f32): 2 outside [0, 1]"),
            std::string::npos)
      << p.err;
  CliResult s = runDecrun({good("nope")});
  EXPECT_EQ(s.code, kExitError);
  EXPECT_NE(s.err.find("no strategy 'nope'"), std::string::npos) << s.err;
  CliResult f = runDecrun({"/nonexistent/m.so"});
  EXPECT_EQ(f.code, kExitError);
  EXPECT_NE(f.err.find("/nonexistent/m.so"), std::string::npos);
  CliResult o = runDecrun({good(), "--bogus"});
  EXPECT_EQ(o.code, kExitError);
  EXPECT_NE(o.err.find("unknown option '--bogus'"), std::string::npos);
  CliResult v = runDecrun({good(), "--synthetic-vocab", "0"});
  EXPECT_EQ(v.code, kExitError);
  EXPECT_NE(v.err.find("--synthetic-vocab"), std::string::npos) << v.err;
  CliResult m = runDecrun({});
  EXPECT_EQ(m.code, kExitError);
  CliResult vocab = runDecrun({good("fixed"), "--synthetic-vocab", "300"});
  EXPECT_EQ(vocab.code, kExitError);
  EXPECT_NE(vocab.err.find("256"), std::string::npos) << vocab.err;
}

TEST(SyntheticModel, LogitsArePermutedZipfDependingOnPreviousAndStep) {
  const int64_t v = 1000; // not prime: the coprimality search matters
  SyntheticModel model(v);
  std::vector<float> row(v), other(v);
  model.logits(17, 3, row.data());
  std::vector<float> sorted = row;
  std::sort(sorted.begin(), sorted.end(), std::greater<float>());
  for (int64_t r = 0; r < v; ++r)
    ASSERT_EQ(sorted[size_t(r)],
              float(-SyntheticModel::kZipfExponent * std::log1p(double(r))));
  uint64_t a = 0, b = 0;
  model.permutation(17, 3, a, b);
  EXPECT_EQ(std::gcd(a, uint64_t(v)), 1u);
  EXPECT_EQ(row[size_t((a * 5 + b) % v)], sorted[5]);
  model.logits(18, 3, other.data());
  EXPECT_NE(row, other);
  model.logits(17, 4, other.data());
  EXPECT_NE(row, other);
  model.logits(17, 3, other.data());
  EXPECT_EQ(row, other);
}
