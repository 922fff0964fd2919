//===- KernelJit.h - JIT-compiled row kernels for tests ---------*- C++ -*-===//
#ifndef DECC_TEST_CONVERSION_KERNELJIT_H
#define DECC_TEST_CONVERSION_KERNELJIT_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace decc::test {

struct RowResult {
  int32_t status;
  int32_t token;
  float logprob;
};

/// One strategy lowered with buildKernelPipeline + buildLLVMPipeline and
/// JIT-compiled at -O3 for the host.
class RowKernel {
public:
  /// Parses `strategyIR` (a module with one dec.strategy named `name`).
  /// On failure, ok() is false and error() says why.
  RowKernel(const std::string &strategyIR, const std::string &name);
  ~RowKernel();
  bool ok() const { return fn_ != nullptr; }
  const std::string &error() const { return error_; }
  /// The decc.plan attribute of the row function.
  const std::string &plan() const { return plan_; }

  int64_t workspaceBytes(int64_t vocab) const;
  RowResult run(const std::vector<float> &logits, const std::vector<uint32_t> &mask,
                const std::vector<int32_t> &history, const std::vector<double> &params,
                uint64_t seed, uint64_t step);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  void *fn_ = nullptr;
  void *wsFn_ = nullptr;
  std::string error_, plan_;
  std::vector<uint8_t> workspace_;
};

} // namespace decc::test

#endif
