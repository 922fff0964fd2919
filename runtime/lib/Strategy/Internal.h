//===- Internal.h - the structs behind decrt's opaque handles -------------===//
#ifndef DECC_RUNTIME_STRATEGY_INTERNAL_H
#define DECC_RUNTIME_STRATEGY_INTERNAL_H

#include "Common/AlignedBuffer.h"
#include "Common/ThreadPool.h"
#include "decc/decrt.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

struct decrt_module {
  std::string path;
  void *handle = nullptr; // dlopen handle
  const decc_module_desc *desc = nullptr;
  // The user's reference plus one per live sampler: the object is dlclose()d
  // only when no kernel can run any more.
  std::atomic<int> refs{1};
};

struct decrt_sampler {
  decrt_module *module = nullptr;
  const decc_strategy_desc *strategy = nullptr;
  int64_t vocab = 0;
  int64_t workspaceBytes = 0;
  std::vector<double> params;
  int32_t requestedThreads = 0; // 0: hardware_concurrency
  std::unique_ptr<decc::rt::ThreadPool> pool;
  std::vector<decc::rt::AlignedBuffer> workspaces;
};

namespace decc::rt {

void retainModule(decrt_module *module);
void releaseModule(decrt_module *module);

// Checks every field of a module descriptor; the message names `path`, the
// strategy and the field.
decrt_status validateModule(const decc_module_desc *desc, const char *path);

// Index of a parameter of the sampler's strategy, or -1.
int32_t findParam(const decc_strategy_desc *strategy, const char *name);

} // namespace decc::rt

#endif
