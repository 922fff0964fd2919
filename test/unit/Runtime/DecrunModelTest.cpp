//===- DecrunModelTest.cpp - decrun with a GGUF model, in-process ---------===//
//
// The text path of decrun over test/data/model/tiny-bpe.gguf (random weights,
// a real byte-level BPE tokenizer): greedy decoding must be the argmax chain
// of the model host's own logits, sampling must be reproducible, and the
// UTF-8 streaming must never split a character.
#include "Decrun.h"
#include "DecrunCli.h"
#include "TestModules.h"
#include "Utf8Stream.h"

#include "decc/model.h"
#include "decc/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

using namespace decc::decrun;
using decc::test::CliResult;
using decc::test::runDecrun;
using nlohmann::json;

namespace {
const std::string &kModel = decc::test::kTinyModel;

std::string good(const std::string &strategy) { return decc::test::moduleStrategy("good", strategy); }

TEST(DecrunModel, GreedyIsTheArgmaxChainOfTheModel) {
  CliResult r = runDecrun({good("greedy"), "--model", kModel, "--prompt",
                           "the model reads", "--max-tokens", "6", "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  json j = json::parse(r.out);
  std::vector<int32_t> prompt = j["prompt_tokens"], tokens = j["tokens"];

  std::string err;
  auto model = decc::model::Model::load(kModel, &err);
  ASSERT_TRUE(model) << err;
  auto tok = decc::Tokenizer::fromGguf(model->file(), &err);
  ASSERT_TRUE(tok) << err;
  std::vector<int32_t> expectPrompt = tok->encode("the model reads", true);
  EXPECT_EQ(prompt, expectPrompt);
  EXPECT_EQ(prompt.front(), 1); // BOS, as the file's add_bos_token says

  decc::model::Session s(*model);
  ASSERT_TRUE(s.evaluate(prompt, false, &err)) << err;
  std::vector<int32_t> expect;
  std::string text;
  for (int i = 0; i < 6; ++i) {
    const float *row = s.lastLogits();
    int32_t best = int32_t(std::max_element(row, row + s.vocab()) - row);
    expect.push_back(best);
    if (!tok->isSpecial(best))
      text += tok->tokenBytes(best);
    if (best == 2) // EOS: the greedy strategy stops there
      break;
    ASSERT_TRUE(s.evaluate(&best, 1, false, &err)) << err;
  }
  EXPECT_EQ(tokens, expect);
  EXPECT_EQ(j["text"], validUtf8(text));
  EXPECT_EQ(j["stats"]["generated_tokens"], expect.size());
  EXPECT_EQ(j["stats"]["forward_passes"], expect.size());
}

TEST(DecrunModel, SamplingIsReproducibleAndSeedDependent) {
  auto run = [](const char *seed, const char *threads) {
    return runDecrun({good("chat"), "--model", kModel, "--prompt", "the",
                      "--seed", seed, "--threads", threads, "--max-tokens",
                      "12", "--param", "temperature=1.5", "--param", "k=0",
                      "--param", "p=1"});
  };
  CliResult a = run("9", "1"), b = run("9", "2"), c = run("10", "1");
  ASSERT_EQ(a.code, kExitOk) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  EXPECT_NE(a.err.find("prompt 2 tokens"), std::string::npos) << a.err;
  EXPECT_NE(a.err.find("forward passes per generated token"), std::string::npos);
}

TEST(DecrunModel, StrategyLimitCappedByTheContext) {
  // The chat strategy's own limit (16) applies without --max-tokens.
  CliResult r = runDecrun({good("chat"), "--model", kModel, "--prompt", "x",
                           "--json", "--param", "max_tokens=4000"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  json j = json::parse(r.out);
  // Stop tokens 5 and 7 may end it early; otherwise the context does.
  std::string stop = j["stop"];
  EXPECT_TRUE(stop == "context" || stop == "stop_token" || stop == "eos") << stop;
  if (stop == "context")
    EXPECT_EQ(j["prompt_tokens"].size() + j["tokens"].size(), 128u);
}

TEST(DecrunModel, ErrorsNameTheProblem) {
  CliResult v = runDecrun({good("biased"), "--model", kModel, "--prompt", "x"});
  EXPECT_EQ(v.code, kExitError);
  EXPECT_NE(v.err.find("names token id 1000, but the vocabulary has only 512"),
            std::string::npos)
      << v.err;
  CliResult f = runDecrun({good("fixed"), "--model", kModel, "--prompt", "x"});
  EXPECT_EQ(f.code, kExitError);
  EXPECT_NE(f.err.find("256"), std::string::npos) << f.err;
  EXPECT_NE(f.err.find("512"), std::string::npos) << f.err;
  CliResult c = runDecrun({good("greedy"), "--model", kModel, "--prompt", "x",
                           "--max-tokens", "127"});
  EXPECT_EQ(c.code, kExitError);
  EXPECT_NE(c.err.find("prompt (2 tokens) + max tokens (127) do not fit the "
                       "model's context of 128 tokens"),
            std::string::npos)
      << c.err;
  CliResult m = runDecrun({good("greedy"), "--model", "/nonexistent/m.gguf",
                           "--prompt", "x"});
  EXPECT_EQ(m.code, kExitError);
  EXPECT_NE(m.err.find("/nonexistent/m.gguf"), std::string::npos) << m.err;
  CliResult b = runDecrun({good("greedy"), "--model", kModel, "--prompt", "x",
                           "--batch", "2"});
  EXPECT_EQ(b.code, kExitError);
  EXPECT_NE(b.err.find("--batch"), std::string::npos) << b.err;
}

TEST(DecrunModel, EncodeDecodeCommands) {
  CliResult e = runDecrun({"--model", kModel, "--encode", "the model"});
  ASSERT_EQ(e.code, kExitOk) << e.err;
  std::istringstream in(e.out);
  std::vector<std::string> args = {"--model", kModel, "--decode"};
  for (std::string id; in >> id;)
    args.push_back(id);
  CliResult d = runDecrun(args);
  ASSERT_EQ(d.code, kExitOk) << d.err;
  EXPECT_EQ(d.out, "the model\n");
}

TEST(Utf8Stream, HoldsBackIncompleteCharacters) {
  Utf8Stream s;
  EXPECT_EQ(s.push("h\xC3"), "h");
  EXPECT_EQ(s.push("\xA9!"), "\xC3\xA9!");
  EXPECT_EQ(s.push("\xF0\x9F"), "");
  EXPECT_EQ(s.push("\x98"), "");
  EXPECT_EQ(s.push("\x80"), "\xF0\x9F\x98\x80");
  // Bytes that can never start a character are not held.
  EXPECT_EQ(s.push("\x80x"), "\x80x");
  EXPECT_EQ(s.push("\xE6\x97"), "");
  EXPECT_EQ(s.finish(), "\xE6\x97");
  EXPECT_EQ(s.finish(), "");
}

TEST(Utf8Stream, ValidUtf8ReplacesBadBytes) {
  EXPECT_EQ(validUtf8("a\xC3\xA9"), "a\xC3\xA9");
  EXPECT_EQ(validUtf8("a\xC3"), "a\xEF\xBF\xBD");
  EXPECT_EQ(validUtf8("\xED\xA0\x80"), // a surrogate
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(validUtf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}
} // namespace
