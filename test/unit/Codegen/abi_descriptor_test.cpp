//===- abi_descriptor_test.cpp - The descriptor decc writes into a .so ---===//
//
// Compiles Inputs/descriptor.dec with decc at build time, dlopens it and checks
// every field of decc/abi.h against the source, then runs the kernels. This is
// the test of compiler/lib/Codegen/ModuleEmitter.cpp: a layout mismatch between
// the emitted constants and the C structs shows up here.
//
//===----------------------------------------------------------------------===//
#include "decc/Grammar/Gbnf.h"
#include "decc/abi.h"
#include "decc/grammar.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

class Descriptor : public ::testing::Test {
protected:
  virtual const char *path() const { return DECC_DESCRIPTOR_SO; }
  void SetUp() override {
    handle = dlopen(path(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle, nullptr) << dlerror();
    auto entry = reinterpret_cast<decc_module_entry_fn>(
        dlsym(handle, DECC_MODULE_SYMBOL));
    ASSERT_NE(entry, nullptr);
    module = entry();
    ASSERT_NE(module, nullptr);
  }
  void TearDown() override {
    if (handle)
      dlclose(handle);
  }
  const decc_strategy_desc &strategy(int i) { return module->strategies[i]; }

  void *handle = nullptr;
  const decc_module_desc *module = nullptr;
};

TEST_F(Descriptor, ModuleHeader) {
  EXPECT_EQ(module->abi_version, DECC_ABI_VERSION);
  EXPECT_EQ(std::string(module->producer).rfind("decc ", 0), 0u);
  EXPECT_STREQ(module->source_name, "descriptor.dec");
  ASSERT_EQ(module->num_strategies, 2);
  EXPECT_STREQ(strategy(0).name, "first");
  EXPECT_STREQ(strategy(1).name, "second");
}

TEST_F(Descriptor, OnlyTheEntryIsExported) {
  EXPECT_EQ(dlsym(handle, "decc_row_first"), nullptr);
  EXPECT_EQ(dlsym(handle, "decc_workspace_first"), nullptr);
}

TEST_F(Descriptor, ParameterSchema) {
  const decc_strategy_desc &s = strategy(0);
  ASSERT_EQ(s.num_params, 3);
  EXPECT_STREQ(s.params[0].name, "temperature");
  EXPECT_EQ(s.params[0].type, DECC_TYPE_F32);
  EXPECT_FLOAT_EQ(s.params[0].default_value, 0.7f);
  EXPECT_EQ(s.params[0].min_value, 0.0);
  EXPECT_EQ(s.params[0].max_value, 2.0);
  EXPECT_STREQ(s.params[1].name, "k");
  EXPECT_EQ(s.params[1].type, DECC_TYPE_I32);
  EXPECT_EQ(s.params[1].default_value, 40.0);
  // Passed straight to top_k: the front end narrows the range to k >= 0.
  EXPECT_GE(s.params[1].min_value, 0.0);
  EXPECT_STREQ(s.params[2].name, "limit");
  EXPECT_EQ(s.params[2].min_value, 1.0);
  EXPECT_EQ(s.params[2].max_value, 4096.0);
  EXPECT_EQ(strategy(1).num_params, 0);
}

TEST_F(Descriptor, StopConditionsAndSelection) {
  const decc_strategy_desc &s = strategy(0);
  EXPECT_EQ(s.kind, DECC_KIND_AUTOREGRESSIVE);
  EXPECT_EQ(s.selection, DECC_SELECT_SAMPLE);
  EXPECT_EQ(s.stop_on_eos, 1);
  EXPECT_EQ(s.max_tokens_param, 2);
  ASSERT_EQ(s.num_stop_tokens, 2);
  EXPECT_EQ(s.stop_tokens[0], 7);
  EXPECT_EQ(s.stop_tokens[1], 11);
  EXPECT_EQ(s.max_token_id, 999);
  EXPECT_EQ(s.vocab_size, 0);

  const decc_strategy_desc &g = strategy(1);
  EXPECT_EQ(g.selection, DECC_SELECT_GREEDY);
  EXPECT_EQ(g.stop_on_eos, 0);
  EXPECT_EQ(g.max_tokens, 3);
  EXPECT_EQ(g.max_tokens_param, -1);
  EXPECT_EQ(g.num_stop_tokens, 0);
  EXPECT_EQ(g.max_token_id, -1);

  for (int i = 0; i < 2; ++i) { // neither strategy is constrained
    EXPECT_EQ(strategy(i).constraint_name, nullptr);
    EXPECT_EQ(strategy(i).constraint_table, nullptr);
    EXPECT_EQ(strategy(i).constraint_table_bytes, 0);
  }
}

TEST_F(Descriptor, PipelineDescriptionFollowsSourceOrder) {
  std::string p = strategy(0).pipeline;
  size_t bias = p.find("logit_bias"), temp = p.find("temperature"),
         topk = p.find("top_k"), sample = p.find("sample");
  ASSERT_NE(bias, std::string::npos) << p;
  ASSERT_NE(temp, std::string::npos) << p;
  ASSERT_NE(topk, std::string::npos) << p;
  ASSERT_NE(sample, std::string::npos) << p;
  EXPECT_LT(bias, temp);
  EXPECT_LT(temp, topk);
  EXPECT_LT(topk, sample);
  // temperature(1.0) is an identity and was canonicalised away.
  EXPECT_EQ(std::string(strategy(1).pipeline), "greedy");
}

TEST_F(Descriptor, KernelsRunThroughTheAbi) {
  const int64_t vocab = 1000;
  std::vector<float> logits(vocab);
  for (int64_t i = 0; i < vocab; ++i)
    logits[i] = std::sin(0.37 * i);
  logits[123] = 9.0f;
  for (int i = 0; i < 2; ++i) {
    const decc_strategy_desc &s = strategy(i);
    int64_t bytes = s.workspace_bytes(vocab);
    ASSERT_GE(bytes, 0);
    void *ws = std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64);
    std::vector<double> params(s.num_params);
    for (int p = 0; p < s.num_params; ++p)
      params[p] = s.params[p].default_value;
    int32_t token = -2;
    float logprob = 1;
    int32_t status = s.row_kernel(logits.data(), vocab, nullptr, nullptr, 0,
                                  params.data(), 1, 0, ws, &token, &logprob);
    std::free(ws);
    EXPECT_EQ(status, DECC_OK);
    EXPECT_GE(token, 0);
    EXPECT_LT(token, vocab);
    EXPECT_LE(logprob, 0.0f);
    if (i == 1) {
      EXPECT_EQ(token, 123); // greedy
    }
  }
}

TEST_F(Descriptor, AllMaskedIsAStatusNotAToken) {
  const decc_strategy_desc &s = strategy(1);
  const int64_t vocab = 100;
  std::vector<float> logits(vocab, 0.0f);
  std::vector<uint32_t> mask((vocab + 31) / 32, 0u);
  void *ws = std::aligned_alloc(64, (s.workspace_bytes(vocab) + 63) / 64 * 64 + 64);
  int32_t token = 5;
  int32_t status = s.row_kernel(logits.data(), vocab, mask.data(), nullptr, 0,
                                nullptr, 1, 0, ws, &token, nullptr);
  std::free(ws);
  EXPECT_EQ(status, DECC_STATUS_NO_VALID_TOKEN);
  EXPECT_EQ(token, -1);
}

class ConstrainedDescriptor : public Descriptor {
protected:
  const char *path() const override { return DECC_CONSTRAINED_SO; }
};

TEST_F(ConstrainedDescriptor, CarriesTheCompiledGrammar) {
  ASSERT_EQ(module->num_strategies, 2);
  const decc_strategy_desc &s = strategy(0);
  EXPECT_STREQ(s.name, "yes_no");
  ASSERT_NE(s.constraint_name, nullptr);
  EXPECT_STREQ(s.constraint_name, "Answer");
  ASSERT_NE(s.constraint_table, nullptr);
  ASSERT_GT(s.constraint_table_bytes, 0);

  std::string error;
  auto loaded = decc::grammar::deserialize(
      s.constraint_table, static_cast<size_t>(s.constraint_table_bytes), &error);
  ASSERT_NE(loaded, nullptr) << error;

  // Exactly the table of the grammar file as the grammar compiler builds it.
  std::ifstream in(DECC_ANSWER_GBNF);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<decc::grammar::Diagnostic> diags;
  auto compiled = decc::grammar::compileGbnf(text.str(), diags);
  ASSERT_NE(compiled, nullptr);
  EXPECT_EQ(decc::grammar::serialize(*compiled),
            std::vector<uint8_t>(s.constraint_table,
                                 s.constraint_table + s.constraint_table_bytes));
}

TEST_F(ConstrainedDescriptor, UnconstrainedStrategyHasNoTable) {
  const decc_strategy_desc &s = strategy(1);
  EXPECT_STREQ(s.name, "free");
  EXPECT_EQ(s.constraint_name, nullptr);
  EXPECT_EQ(s.constraint_table, nullptr);
  EXPECT_EQ(s.constraint_table_bytes, 0);
}

} // namespace
