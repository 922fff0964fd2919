//===- TestModules.h - paths of the hand-written test modules -------------===//
#ifndef DECC_TEST_RUNTIME_TESTMODULES_H
#define DECC_TEST_RUNTIME_TESTMODULES_H

#include "decc/decrt.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace decc::test {

// Set by CMake to the built variants of TestModule.cpp.
inline const char *modulePath(const char *variant) {
  std::string v(variant);
  if (v == "good") return DECRT_TESTMOD_GOOD;
  if (v == "badabi") return DECRT_TESTMOD_BADABI;
  if (v == "nosymbol") return DECRT_TESTMOD_NOSYMBOL;
  if (v == "badrange") return DECRT_TESTMOD_BADRANGE;
  if (v == "nullkernel") return DECRT_TESTMOD_NULLKERNEL;
  if (v == "dupparam") return DECRT_TESTMOD_DUPPARAM;
  if (v == "nulldesc") return DECRT_TESTMOD_NULLDESC;
  if (v == "badkind") return DECRT_TESTMOD_BADKIND;
  if (v == "constrained") return DECRT_TESTMOD_CONSTRAINED;
  if (v == "badtable") return DECRT_TESTMOD_BADTABLE;
  return "";
}

/// "MODULE.so:strategy" of a test module, as decrun takes it.
inline std::string moduleStrategy(const char *variant, const std::string &strategy) {
  return std::string(modulePath(variant)) + ":" + strategy;
}

#ifdef DECC_MODEL_DATA_DIR
/// The tiny byte-level BPE model the decrun tests generate with.
inline const std::string kTinyModel = std::string(DECC_MODEL_DATA_DIR) + "/tiny-bpe.gguf";
#endif

struct ModuleDeleter {
  void operator()(decrt_module *m) const { decrt_module_free(m); }
};
struct SamplerDeleter {
  void operator()(decrt_sampler *s) const { decrt_sampler_free(s); }
};
using ModulePtr = std::unique_ptr<decrt_module, ModuleDeleter>;
using SamplerPtr = std::unique_ptr<decrt_sampler, SamplerDeleter>;

inline ModulePtr loadGood() {
  decrt_module *m = nullptr;
  EXPECT_EQ(decrt_module_load(modulePath("good"), &m), DECRT_OK)
      << decrt_last_error();
  return ModulePtr(m);
}

inline SamplerPtr newSampler(decrt_module *m, const char *strategy,
                             int64_t vocab) {
  decrt_sampler *s = nullptr;
  EXPECT_EQ(decrt_sampler_new(m, strategy, vocab, &s), DECRT_OK)
      << decrt_last_error();
  return SamplerPtr(s);
}

} // namespace decc::test

#endif
