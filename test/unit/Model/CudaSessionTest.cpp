// The CUDA backend against the CPU path: the same model loaded twice (CPU and
// Device::Cuda), the same calls on both sessions, logits compared position by
// position. Skipped, with the reason, where no CUDA device is usable.
//
// Tolerance: |gpu - cpu| <= 5e-4 + 5e-4 * |cpu| per logit. Both paths multiply
// by the same f32 weights (the GPU's are dequantised on upload with the CPU's
// own row conversion); only summation order (cuBLAS, the attention tiles) and
// libm vs CUDA exp differ, which stay around 1e-6 relative on these models,
// while a wrong mask, rope position, cache row or head mapping moves logits by
// O(1). The largest error seen is printed at the end (look for "max |gpu-cpu|").
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "RandomModel.h"
#include "decc/model.h"

using namespace decc;

namespace {

constexpr float kAbsTol = 5e-4f, kRelTol = 5e-4f;
float gMaxAbsErr = 0;

// tools/gpu-check.sh runs a binary built elsewhere: the data folder may move.
std::string dataPath(const std::string &name) {
  const char *dir = std::getenv("DECC_MODEL_TEST_DATA");
  return std::string(dir && *dir ? dir : DECC_MODEL_TEST_DATA) + "/" + name;
}

bool readFile(const std::string &path, std::vector<uint8_t> *out, std::string *err) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *err = "cannot read " + path;
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

bool randomBytes(const model::RandomModelSpec &spec, std::vector<uint8_t> *out, std::string *err) {
  gguf::Writer w;
  if (!model::buildRandomLlama(spec, &w, err)) return false;
  *out = w.serialize();
  return true;
}

// The shipped golden-test files cover llama3 rope_freqs scaling and an untied
// head (f32), linear rope scaling and a tied head (f16), q8_0; the random
// models cover bf16, head dim 256 with one KV head, and sequences longer than
// one attention tile (context 512).
bool modelBytes(const std::string &name, std::vector<uint8_t> *out, std::string *err) {
  if (name.rfind("tiny-", 0) == 0) return readFile(dataPath(name + ".gguf"), out, err);
  model::RandomModelSpec spec;
  spec.nCtx = 512;
  spec.seed = 7;
  if (name == "random-bf16") {
    spec.type = gguf::TensorType::BF16;
    spec.tied = true;
  } else if (name == "random-hd256") {
    spec.nEmbd = 512;
    spec.nHead = 2;
    spec.nHeadKv = 1;
    spec.nFF = 384;
    spec.nVocab = 1000;
    spec.nLayer = 3;
  } else {
    *err = "unknown test model " + name;
    return false;
  }
  return randomBytes(spec, out, err);
}

std::vector<int32_t> someTokens(size_t n, uint32_t vocab, uint32_t salt) {
  std::vector<int32_t> t(n);
  for (size_t i = 0; i < n; ++i) t[i] = (int32_t)((i * 37 + 11 + salt * 101) % vocab);
  return t;
}

class CudaVsCpu : public ::testing::TestWithParam<const char *> {
 protected:
  void SetUp() override {
    std::string why;
    if (!model::cudaAvailable(&why)) GTEST_SKIP() << why;
    std::string err;
    ASSERT_TRUE(modelBytes(GetParam(), &bytes_, &err)) << err;
    cpu_ = open(model::Device::Cpu);
    gpu_ = open(model::Device::Cuda);
    ASSERT_TRUE(cpu_ && gpu_);
    ASSERT_EQ(gpu_->device(), model::Device::Cuda);
    vocab_ = cpu_->config().nVocab;
  }

  std::unique_ptr<model::Model> open(model::Device d) {
    std::string err;
    auto f = gguf::File::fromMemory(bytes_.data(), bytes_.size(), std::string(GetParam()) + ".gguf", &err);
    EXPECT_NE(f, nullptr) << err;
    if (!f) return nullptr;
    model::LoadOptions lo;
    lo.threads = 2;
    lo.device = d;
    auto m = model::Model::fromFile(std::move(f), &err, lo);
    EXPECT_NE(m, nullptr) << err;
    return m;
  }

  // Every logits row of the last evaluate() of both sessions.
  void expectSame(const model::Session &gpu, const model::Session &cpu, const std::string &what) {
    ASSERT_EQ(gpu.logitsRows(), cpu.logitsRows()) << what;
    for (size_t r = 0; r < cpu.logitsRows(); ++r) {
      const float *g = gpu.logits(r), *c = cpu.logits(r);
      ASSERT_TRUE(g && c) << what;
      float worst = 0, worstAbs = 0;
      size_t at = 0;
      for (size_t i = 0; i < vocab_; ++i) {
        const float d = std::fabs(g[i] - c[i]);
        const float ratio = d / (kAbsTol + kRelTol * std::fabs(c[i]));
        if (!(ratio <= worst)) {
          worst = ratio;
          at = i;
        }
        if (!(d <= worstAbs)) worstAbs = d;
      }
      gMaxAbsErr = std::max(gMaxAbsErr, worstAbs);
      EXPECT_LE(worst, 1.0f) << GetParam() << ", " << what << ": row " << r << ", token " << at << ": gpu " << g[at]
                             << ", cpu " << c[at];
    }
  }

  // Runs the same chunk on both sessions and compares.
  void step(model::Session &gpu, model::Session &cpu, const std::vector<int32_t> &toks, bool all,
            const std::string &what) {
    std::string err;
    ASSERT_TRUE(cpu.evaluate(toks, all, &err)) << what << ": cpu: " << err;
    ASSERT_TRUE(gpu.evaluate(toks, all, &err)) << what << ": gpu: " << err;
    EXPECT_EQ(gpu.size(), cpu.size()) << what;
    expectSame(gpu, cpu, what);
  }

  std::vector<uint8_t> bytes_;
  std::unique_ptr<model::Model> cpu_, gpu_;
  size_t vocab_ = 0;
};

TEST_P(CudaVsCpu, WholeChunkAllLogits) {
  model::Session g(*gpu_), c(*cpu_);
  step(g, c, someTokens(24, vocab_, 0), true, "chunk of 24");
  EXPECT_EQ(g.size(), 24u);
}

TEST_P(CudaVsCpu, TokenByTokenWithCache) {
  model::Session g(*gpu_), c(*cpu_);
  const auto toks = someTokens(24, vocab_, 1);
  for (size_t p = 0; p < toks.size(); ++p) step(g, c, {toks[p]}, false, "token " + std::to_string(p));
}

TEST_P(CudaVsCpu, UnevenChunksAllAndLastLogits) {
  model::Session g(*gpu_), c(*cpu_);
  size_t salt = 2;
  for (size_t n : {5, 1, 3, 8, 2, 7}) {
    step(g, c, someTokens(n, vocab_, (uint32_t)salt), salt % 2 == 0, "chunk of " + std::to_string(n));
    ++salt;
  }
  EXPECT_EQ(g.size(), 26u);
}

TEST_P(CudaVsCpu, TruncateAndReplay) {
  model::Session g(*gpu_), c(*cpu_);
  step(g, c, someTokens(16, vocab_, 3), true, "prefix");
  ASSERT_TRUE(g.truncate(9) && c.truncate(9));
  step(g, c, someTokens(6, vocab_, 4), true, "after truncate(9)");
  EXPECT_EQ(g.size(), 15u);
  ASSERT_TRUE(g.truncate(0) && c.truncate(0));
  step(g, c, someTokens(4, vocab_, 5), true, "after truncate(0)");
  EXPECT_FALSE(g.truncate(5));
}

TEST_P(CudaVsCpu, Bidirectional) {
  model::SessionOptions o;
  o.attention = model::SessionOptions::Attention::Bidirectional;
  model::Session g(*gpu_, o), c(*cpu_, o);
  const int32_t mask = cpu_->config().maskTokenId >= 0 ? cpu_->config().maskTokenId : (int32_t)vocab_ - 1;
  auto toks = someTokens(20, vocab_, 6);
  for (size_t i = 3; i < toks.size(); i += 4) toks[i] = mask;
  step(g, c, toks, true, "masked sequence");
  EXPECT_EQ(g.size(), 0u);
  // Each call is a whole sequence of its own: nothing carries over.
  step(g, c, someTokens(7, vocab_, 7), true, "second sequence");
  step(g, c, someTokens(11, vocab_, 8), false, "third sequence, last row");
}

TEST_P(CudaVsCpu, EarlyExit) {
  model::SessionOptions o;
  o.exitLayer = 1;
  model::Session g(*gpu_, o), c(*cpu_, o);
  EXPECT_EQ(g.layers(), 1u);
  step(g, c, someTokens(10, vocab_, 9), true, "chunk, exit after layer 1");
  for (int32_t t : someTokens(4, vocab_, 10)) step(g, c, {t}, false, "token, exit after layer 1");
}

// Longer than one attention tile (128 keys) where the context allows, and the
// cache grown several times on the way. The host emulation of the kernels
// (CudaEmulation/) runs a shorter one, still over two tiles.
#ifdef DECC_CUDA_EMULATED
constexpr size_t kLongSequence = 140;
#else
constexpr size_t kLongSequence = 300;
#endif

TEST_P(CudaVsCpu, LongSequence) {
  const size_t n = std::min<size_t>(cpu_->config().nCtxTrain, kLongSequence);
  model::Session g(*gpu_), c(*cpu_);
  step(g, c, someTokens(n / 2, vocab_, 11), true, "first half");
  for (int32_t t : someTokens(5, vocab_, 12)) step(g, c, {t}, false, "single token after the first half");
  step(g, c, someTokens(n - n / 2 - 5, vocab_, 13), true, "second half");
  EXPECT_EQ(g.size(), n);

  model::SessionOptions o;
  o.attention = model::SessionOptions::Attention::Bidirectional;
  model::Session gb(*gpu_, o), cb(*cpu_, o);
  step(gb, cb, someTokens(n, vocab_, 14), true, "bidirectional, whole context");
}

TEST_P(CudaVsCpu, InterleavedSessionsKeepTheirOwnCache) {
  model::Session g1(*gpu_), g2(*gpu_), c1(*cpu_), c2(*cpu_);
  for (uint32_t i = 0; i < 4; ++i) {
    step(g1, c1, someTokens(3, vocab_, 20 + i), i % 2 == 0, "session 1");
    step(g2, c2, someTokens(2, vocab_, 30 + i), i % 2 == 1, "session 2");
  }
}

TEST_P(CudaVsCpu, ErrorsLeaveTheSessionUnchanged) {
  model::Session g(*gpu_), c(*cpu_);
  step(g, c, someTokens(3, vocab_, 40), false, "prefix");
  const std::vector<float> before(g.lastLogits(), g.lastLogits() + vocab_);
  std::string gErr, cErr;
  EXPECT_FALSE(g.evaluate({1, (int32_t)vocab_}, false, &gErr));
  EXPECT_FALSE(c.evaluate({1, (int32_t)vocab_}, false, &cErr));
  EXPECT_EQ(gErr, cErr);
  model::SessionOptions small;
  small.maxTokens = 4;
  model::Session gs(*gpu_, small);
  EXPECT_FALSE(gs.evaluate(someTokens(5, vocab_, 41), false, &gErr));
  EXPECT_NE(gErr.find("exceed the session capacity of 4"), std::string::npos) << gErr;
  EXPECT_EQ(g.size(), 3u);
  EXPECT_EQ(std::vector<float>(g.lastLogits(), g.lastLogits() + vocab_), before);
  step(g, c, someTokens(2, vocab_, 42), true, "after the errors");
}

INSTANTIATE_TEST_SUITE_P(Models, CudaVsCpu,
                         ::testing::Values("tiny-f32", "tiny-f16", "tiny-q8_0", "random-bf16", "random-hd256"),
                         [](const auto &info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(Cuda, DeviceOrdinalOutOfRangeIsAnError) {
  std::string why;
  if (!model::cudaAvailable(&why)) GTEST_SKIP() << why;
  std::string err;
  model::LoadOptions lo;
  lo.device = model::Device::Cuda;
  lo.cudaDevice = 4096;
  EXPECT_EQ(model::Model::load(dataPath("tiny-f32.gguf"), &err, lo), nullptr);
  EXPECT_NE(err.find("device 4096 does not exist"), std::string::npos) << err;
}

// Prints the largest difference seen, for the GPU check's summary.
class Report : public ::testing::Environment {
 public:
  void TearDown() override {
    std::string why;
    if (model::cudaAvailable(&why)) std::printf("max |gpu-cpu| over all compared logits: %.3g\n", gMaxAbsErr);
  }
};
const auto *const kReport = ::testing::AddGlobalTestEnvironment(new Report);

}  // namespace
