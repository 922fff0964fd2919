//===- LoaderTest.cpp - decrt_module_load and its validation --------------===//
#include "TestModules.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

using namespace decc::test;

namespace {
std::string loadError(const std::string &path, decrt_status expected) {
  decrt_module *m = nullptr;
  decrt_status st = decrt_module_load(path.c_str(), &m);
  EXPECT_EQ(st, expected) << decrt_status_name(st) << ": " << decrt_last_error();
  EXPECT_EQ(m, nullptr);
  decrt_module_free(m);
  return decrt_last_error();
}
} // namespace

TEST(Loader, LoadsAndEnumeratesStrategies) {
  ModulePtr m = loadGood();
  ASSERT_TRUE(m);
  ASSERT_EQ(decrt_module_strategy_count(m.get()), 4);
  EXPECT_STREQ(decrt_module_strategy(m.get(), 0)->name, "greedy");
  EXPECT_STREQ(decrt_module_strategy(m.get(), 1)->pipeline,
               "repetition_penalty(1.1, window = 64) | "
               "temperature(temperature) | top_k(k) | top_p(p) | sample");
  EXPECT_EQ(decrt_module_strategy(m.get(), 4), nullptr);
  EXPECT_EQ(decrt_module_strategy(m.get(), -1), nullptr);
  int32_t index = -1;
  ASSERT_EQ(decrt_module_find_strategy(m.get(), "fixed", &index), DECRT_OK);
  EXPECT_EQ(index, 3);
  decrt_param_info info;
  ASSERT_EQ(decrt_module_param_info(m.get(), 1, 1, &info), DECRT_OK);
  EXPECT_STREQ(info.name, "k");
  EXPECT_EQ(info.type, DECC_TYPE_I32);
  EXPECT_EQ(info.default_value, 40.0);
  EXPECT_EQ(decrt_module_param_info(m.get(), 1, 5, &info),
            DECRT_ERR_OUT_OF_RANGE);
  EXPECT_STREQ(decrt_module_desc(m.get())->producer, "hand-written test module");
}

TEST(Loader, UnknownStrategyListsTheKnownOnes) {
  ModulePtr m = loadGood();
  int32_t index = -1;
  EXPECT_EQ(decrt_module_find_strategy(m.get(), "nope", &index),
            DECRT_ERR_NOT_FOUND);
  std::string msg = decrt_last_error();
  EXPECT_NE(msg.find("'nope'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("greedy, chat, biased, fixed"), std::string::npos) << msg;
  decrt_sampler *s = nullptr;
  EXPECT_EQ(decrt_sampler_new(m.get(), "nope", 100, &s), DECRT_ERR_NOT_FOUND);
  EXPECT_EQ(s, nullptr);
}

TEST(Loader, MissingFileIsAnIoError) {
  std::string msg = loadError("/nonexistent/dir/x.so", DECRT_ERR_IO);
  EXPECT_NE(msg.find("/nonexistent/dir/x.so"), std::string::npos) << msg;
}

TEST(Loader, TextFileIsNotASharedObject) {
  std::string path = ::testing::TempDir() + "decrt_not_a_module.so";
  std::ofstream(path) << "strategy chat { sample }\n";
  std::string msg = loadError(path, DECRT_ERR_ABI);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a loadable shared object"), std::string::npos) << msg;
  std::remove(path.c_str());
}

TEST(Loader, DirectoryIsRefused) {
  loadError(::testing::TempDir(), DECRT_ERR_IO);
}

TEST(Loader, MissingEntrySymbol) {
  std::string msg = loadError(modulePath("nosymbol"), DECRT_ERR_ABI);
  EXPECT_NE(msg.find("decc_module_v1"), std::string::npos) << msg;
}

TEST(Loader, AbiVersionMismatch) {
  std::string msg = loadError(modulePath("badabi"), DECRT_ERR_ABI);
  EXPECT_NE(msg.find("ABI version 99"), std::string::npos) << msg;
  EXPECT_NE(msg.find("reads version " + std::to_string(DECC_ABI_VERSION)),
            std::string::npos)
      << msg;
}

TEST(Loader, DefaultOutsideRangeNamesTheParameter) {
  std::string msg = loadError(modulePath("badrange"), DECRT_ERR_ABI);
  EXPECT_NE(msg.find("strategy 'chat'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("parameter 'temperature' default 7 outside [0, 5]"),
            std::string::npos)
      << msg;
}

TEST(Loader, NullKernelIsRefused) {
  std::string msg = loadError(modulePath("nullkernel"), DECRT_ERR_ABI);
  EXPECT_NE(msg.find("'greedy': row_kernel is NULL"), std::string::npos) << msg;
}

TEST(Loader, DuplicateParameterIsRefused) {
  std::string msg = loadError(modulePath("dupparam"), DECRT_ERR_ABI);
  EXPECT_NE(msg.find("duplicate parameter 'temperature'"), std::string::npos)
      << msg;
}

TEST(Loader, NullDescriptorIsRefused) {
  std::string msg = loadError(modulePath("nulldesc"), DECRT_ERR_ABI);
  EXPECT_NE(msg.find("returned NULL"), std::string::npos) << msg;
}

TEST(Loader, UnknownStrategyKindNeedsNewerRuntime) {
  std::string msg = loadError(modulePath("badkind"), DECRT_ERR_UNSUPPORTED);
  EXPECT_NE(msg.find("kind 7"), std::string::npos) << msg;
}

TEST(Loader, NullArgumentsAreErrorsNotCrashes) {
  decrt_module *m = nullptr;
  EXPECT_EQ(decrt_module_load(nullptr, &m), DECRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decrt_module_load(modulePath("good"), nullptr),
            DECRT_ERR_INVALID_ARGUMENT);
  decrt_module_free(nullptr);
  decrt_sampler_free(nullptr);
  EXPECT_EQ(decrt_module_strategy_count(nullptr), 0);
}

TEST(Loader, LastErrorIsPerThread) {
  loadError("/nonexistent/a.so", DECRT_ERR_IO);
  std::string other;
  std::thread([&] { other = decrt_last_error(); }).join();
  EXPECT_EQ(other, "");
  EXPECT_NE(std::string(decrt_last_error()).find("/nonexistent/a.so"),
            std::string::npos);
}
