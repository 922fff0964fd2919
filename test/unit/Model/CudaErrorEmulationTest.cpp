// Error paths of the CUDA backend that a real GPU cannot be made to take on
// demand: out of memory while uploading and while the KV cache grows, and a
// failing cuBLAS call. Built only into the emulated binary (CudaEmulation/),
// whose device memory budget and cuBLAS failures the tests control.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "FakeCudart.h"
#include "RandomModel.h"
#include "decc/model.h"

using namespace decc;

namespace {

struct Bytes {
  std::vector<uint8_t> data;
  Bytes() {
    gguf::Writer w;
    std::string err;
    EXPECT_TRUE(model::buildRandomLlama({}, &w, &err)) << err;
    data = w.serialize();
  }
  std::unique_ptr<model::Model> load(model::Device d, std::string *err) const {
    auto f = gguf::File::fromMemory(data.data(), data.size(), "mem.gguf", err);
    if (!f) return nullptr;
    model::LoadOptions lo;
    lo.threads = 1;
    lo.device = d;
    return model::Model::fromFile(std::move(f), err, lo);
  }
};

// Restores the emulated device's full memory when a test ends, pass or fail.
struct FullMemoryAfterwards {
  ~FullMemoryAfterwards() { cudaemu::setDeviceMemory(~size_t(0) >> 1); }
};

void expectClose(const float *gpu, const float *cpu, size_t n) {
  ASSERT_TRUE(gpu && cpu);
  float worst = 0;
  for (size_t i = 0; i < n; ++i) worst = std::max(worst, std::fabs(gpu[i] - cpu[i]));
  EXPECT_LE(worst, 1e-4f);
}

TEST(CudaErrorEmulation, OutOfMemoryWhileUploadingNamesTheTensorAndFreesEverything) {
  FullMemoryAfterwards restore;
  Bytes b;
  cudaemu::setDeviceMemory(64 << 10);  // token_embd alone is 128 KiB as f32
  std::string err;
  EXPECT_EQ(b.load(model::Device::Cuda, &err), nullptr);
  EXPECT_EQ(err.rfind("mem.gguf: CUDA: allocating 1 MiB for tensor 'token_embd.weight': out of memory, 0 MiB free", 0),
            0u)
      << err;
  EXPECT_EQ(cudaemu::deviceMemoryUsed(), 0u);
}

TEST(CudaErrorEmulation, OutOfMemoryGrowingTheCacheLeavesTheSessionUsable) {
  FullMemoryAfterwards restore;
  Bytes b;
  std::string err;
  auto gpu = b.load(model::Device::Cuda, &err), cpu = b.load(model::Device::Cpu, &err);
  ASSERT_TRUE(gpu && cpu) << err;
  model::Session g(*gpu), c(*cpu);
  const std::vector<int32_t> prefix = {1, 5, 9, 13}, more(60, 7);
  ASSERT_TRUE(g.evaluate(prefix, false, &err)) << err;
  ASSERT_TRUE(c.evaluate(prefix, false, &err)) << err;
  const std::vector<float> before(g.lastLogits(), g.lastLogits() + g.vocab());

  cudaemu::setDeviceMemory(cudaemu::deviceMemoryUsed() + 1024);
  EXPECT_FALSE(g.evaluate(more, false, &err));
  EXPECT_NE(err.find("CUDA: allocating"), std::string::npos) << err;
  EXPECT_NE(err.find("for the KV cache of layer 0: out of memory"), std::string::npos) << err;
  EXPECT_EQ(g.size(), prefix.size());
  EXPECT_EQ(std::vector<float>(g.lastLogits(), g.lastLogits() + g.vocab()), before);

  cudaemu::setDeviceMemory(~size_t(0) >> 1);
  ASSERT_TRUE(g.evaluate(more, true, &err)) << err;
  ASSERT_TRUE(c.evaluate(more, true, &err)) << err;
  for (size_t r = 0; r < more.size(); ++r) expectClose(g.logits(r), c.logits(r), g.vocab());
}

TEST(CudaErrorEmulation, CublasFailureIsAnErrorValue) {
  Bytes b;
  std::string err;
  auto gpu = b.load(model::Device::Cuda, &err), cpu = b.load(model::Device::Cpu, &err);
  ASSERT_TRUE(gpu && cpu) << err;
  model::Session g(*gpu), c(*cpu);
  ASSERT_TRUE(g.evaluate({1, 2, 3}, false, &err)) << err;
  ASSERT_TRUE(c.evaluate({1, 2, 3}, false, &err)) << err;
  setenv("DECC_FAKE_CUBLAS_FAIL", "1", 1);
  const bool ok = g.evaluate({5}, false, &err);
  unsetenv("DECC_FAKE_CUBLAS_FAIL");
  EXPECT_FALSE(ok);
  EXPECT_EQ(err.rfind("CUDA: cublasGemmEx for tensor 'blk.0.attn_q.weight': emulated cuBLAS error (status ", 0), 0u)
      << err;
  EXPECT_EQ(g.size(), 3u);
  ASSERT_TRUE(g.evaluate({5}, false, &err)) << err;
  ASSERT_TRUE(c.evaluate({5}, false, &err)) << err;
  expectClose(g.lastLogits(), c.lastLogits(), g.vocab());
}

}  // namespace
