//===- SamplerTest.cpp - samplers: vocabulary, parameters, stop logic -----===//
#include "TestModules.h"

#include <cmath>
#include <string>
#include <thread>

using namespace decc::test;

namespace {
std::string lastError() { return decrt_last_error(); }
} // namespace

TEST(Sampler, NullStrategyMeansTheFirstWithDefaults) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), nullptr, 100);
  ASSERT_TRUE(s);
  EXPECT_STREQ(decrt_sampler_strategy(s.get())->name, "greedy");
  EXPECT_EQ(decrt_sampler_vocab(s.get()), 100);
  const double *block = decrt_sampler_params(s.get());
  EXPECT_EQ(block[0], 1.0);
  EXPECT_EQ(block[1], 0.0);
}

TEST(Sampler, VocabularyNotAboveMaxTokenIdIsRefused) {
  ModulePtr m = loadGood();
  decrt_sampler *s = nullptr;
  EXPECT_EQ(decrt_sampler_new(m.get(), "biased", 1000, &s),
            DECRT_ERR_VOCAB_MISMATCH);
  EXPECT_EQ(s, nullptr);
  std::string msg = lastError();
  EXPECT_NE(msg.find("token id 1000"), std::string::npos) << msg;
  EXPECT_NE(msg.find("only 1000 tokens"), std::string::npos) << msg;
  SamplerPtr ok = newSampler(m.get(), "biased", 1001);
  EXPECT_TRUE(ok);
}

TEST(Sampler, VocabularyDifferentFromCompiledSizeIsRefused) {
  ModulePtr m = loadGood();
  decrt_sampler *s = nullptr;
  EXPECT_EQ(decrt_sampler_new(m.get(), "fixed", 255, &s),
            DECRT_ERR_VOCAB_MISMATCH);
  std::string msg = lastError();
  EXPECT_NE(msg.find("256"), std::string::npos) << msg;
  EXPECT_NE(msg.find("255"), std::string::npos) << msg;
  EXPECT_EQ(decrt_sampler_new(m.get(), "fixed", 0, &s), DECRT_ERR_OUT_OF_RANGE);
  SamplerPtr ok = newSampler(m.get(), "fixed", 256);
  EXPECT_TRUE(ok);
}

TEST(Sampler, SetAndGetParameterByName) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 100);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "temperature", 1.25), DECRT_OK);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "k", 7), DECRT_OK);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "bias_scale", -1e30), DECRT_OK);
  double v = 0;
  ASSERT_EQ(decrt_sampler_get_param(s.get(), "temperature", &v), DECRT_OK);
  EXPECT_EQ(v, 1.25);
  ASSERT_EQ(decrt_sampler_get_param(s.get(), "k", &v), DECRT_OK);
  EXPECT_EQ(v, 7.0);
  decrt_sampler_reset_params(s.get());
  ASSERT_EQ(decrt_sampler_get_param(s.get(), "k", &v), DECRT_OK);
  EXPECT_EQ(v, 40.0);
}

TEST(Sampler, IntegerParameterRefusesFractions) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 100);
  EXPECT_EQ(decrt_sampler_set_param(s.get(), "k", 2.5),
            DECRT_ERR_INVALID_ARGUMENT);
  EXPECT_NE(lastError().find("'k' is i32: 2.5 is not an integer"),
            std::string::npos)
      << lastError();
  EXPECT_EQ(decrt_sampler_set_param(s.get(), "k", INFINITY),
            DECRT_ERR_INVALID_ARGUMENT);
  double v = 0;
  decrt_sampler_get_param(s.get(), "k", &v);
  EXPECT_EQ(v, 40.0); // unchanged after the failed overrides
}

TEST(Sampler, OutOfRangeNamesParameterValueAndRange) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 100);
  EXPECT_EQ(decrt_sampler_set_param(s.get(), "p", 1.5), DECRT_ERR_OUT_OF_RANGE);
  EXPECT_NE(lastError().find("parameter 'p' (f32): 1.5 outside [0, 1]"),
            std::string::npos)
      << lastError();
  EXPECT_EQ(decrt_sampler_set_param(s.get(), "temperature", NAN),
            DECRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decrt_sampler_set_param(s.get(), "max_tokens", 0),
            DECRT_ERR_OUT_OF_RANGE);
}

TEST(Sampler, UnknownParameterListsTheKnownOnes) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 100);
  EXPECT_EQ(decrt_sampler_set_param(s.get(), "top_p", 0.5),
            DECRT_ERR_NOT_FOUND);
  EXPECT_NE(lastError().find("no parameter 'top_p'"), std::string::npos);
  EXPECT_NE(lastError().find("temperature, k, p, max_tokens"),
            std::string::npos)
      << lastError();
  double v;
  EXPECT_EQ(decrt_sampler_get_param(s.get(), "x", &v), DECRT_ERR_NOT_FOUND);
}

TEST(Sampler, ParameterAssignmentsFromText) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 100);
  EXPECT_EQ(decrt_sampler_set_param_str(s.get(), "temperature=0.25"), DECRT_OK);
  EXPECT_EQ(decrt_sampler_set_param_str(s.get(), "k=12"), DECRT_OK);
  double v = 0;
  decrt_sampler_get_param(s.get(), "k", &v);
  EXPECT_EQ(v, 12.0);
  for (const char *bad : {"k=4.0", "k=", "=3", "k", "k=12abc", "p=0.5x",
                          "temperature=", "k=99999999999999999999"})
    EXPECT_EQ(decrt_sampler_set_param_str(s.get(), bad),
              DECRT_ERR_INVALID_ARGUMENT)
        << bad;
  EXPECT_EQ(decrt_sampler_set_param_str(s.get(), "k=-1"),
            DECRT_ERR_OUT_OF_RANGE);
  EXPECT_EQ(decrt_sampler_set_param_str(s.get(), "nope=1"),
            DECRT_ERR_NOT_FOUND);
  EXPECT_NE(lastError().find("'nope'"), std::string::npos);
}

TEST(Sampler, ThreadCountSetting) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "greedy", 10);
  unsigned hw = std::thread::hardware_concurrency();
  EXPECT_EQ(decrt_sampler_threads(s.get()), hw ? int32_t(hw) : 1);
  EXPECT_EQ(decrt_sampler_set_threads(s.get(), 3), DECRT_OK);
  EXPECT_EQ(decrt_sampler_threads(s.get()), 3);
  EXPECT_EQ(decrt_sampler_set_threads(s.get(), -1), DECRT_ERR_OUT_OF_RANGE);
  EXPECT_EQ(decrt_sampler_threads(s.get()), 3);
}

TEST(Stop, EosStopTokensAndParameterisedMaxTokens) {
  ModulePtr m = loadGood();
  SamplerPtr s = newSampler(m.get(), "chat", 100);
  EXPECT_EQ(decrt_sampler_max_tokens(s.get()), 16);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 3, 1, 2), DECRT_CONTINUE);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 2, 1, 2), DECRT_STOP_EOS);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 2, 1, -1), DECRT_CONTINUE);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 7, 1, 2), DECRT_STOP_TOKEN);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 5, 1, 5), DECRT_STOP_EOS);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 3, 15, 2), DECRT_CONTINUE);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 3, 16, 2),
            DECRT_STOP_MAX_TOKENS);
  ASSERT_EQ(decrt_sampler_set_param(s.get(), "max_tokens", 3), DECRT_OK);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), 3, 3, 2), DECRT_STOP_MAX_TOKENS);
  EXPECT_EQ(decrt_sampler_should_stop(s.get(), -1, 1, 2), DECRT_STOP_NO_TOKEN);
}

TEST(Stop, ConstantMaxTokensAndNoEos) {
  ModulePtr m = loadGood();
  SamplerPtr greedy = newSampler(m.get(), "greedy", 100);
  EXPECT_EQ(decrt_sampler_max_tokens(greedy.get()), 8);
  EXPECT_EQ(decrt_sampler_should_stop(greedy.get(), 1, 8, 0),
            DECRT_STOP_MAX_TOKENS);
  SamplerPtr biased = newSampler(m.get(), "biased", 2000);
  // stop_on_eos = 0 and no limit: only a missing token stops it.
  EXPECT_EQ(decrt_sampler_should_stop(biased.get(), 0, 1000000, 0),
            DECRT_CONTINUE);
}

TEST(Sampler, KeepsItsModuleAlive) {
  decrt_module *m = nullptr;
  ASSERT_EQ(decrt_module_load(modulePath("good"), &m), DECRT_OK);
  SamplerPtr s = newSampler(m, "greedy", 4);
  decrt_module_free(m); // the sampler still holds the object open
  float logits[4] = {0, 3, 1, 2};
  int32_t token = -2, status = -2;
  ASSERT_EQ(decrt_sampler_step(s.get(), logits, 1, 4, nullptr, nullptr,
                               nullptr, nullptr, nullptr, &token, nullptr,
                               &status),
            DECRT_OK);
  EXPECT_EQ(status, DECC_OK);
  EXPECT_EQ(token, 1);
  EXPECT_STREQ(decrt_sampler_strategy(s.get())->name, "greedy");
}
