// Device selection without assuming a GPU: Device::Cuda either loads or fails
// with the same reason cudaAvailable() gives, in every build (with or without
// the CUDA backend, with or without a device). GPU results are checked in
// CudaSessionTest.cpp.
#include <gtest/gtest.h>

#include "TestUtil.h"
#include "decc/model.h"

using namespace decc;

namespace {

TEST(Device, CpuIsTheDefault) {
  std::string err;
  auto m = model::Model::load(test::dataPath("tiny-f32.gguf"), &err);
  ASSERT_NE(m, nullptr) << err;
  EXPECT_EQ(m->device(), model::Device::Cpu);
}

TEST(Device, CudaLoadsOrSaysWhyNot) {
  std::string why, err;
  const bool available = model::cudaAvailable(&why);
  model::LoadOptions lo;
  lo.device = model::Device::Cuda;
  auto m = model::Model::load(test::dataPath("tiny-f32.gguf"), &err, lo);
  if (available) {
    ASSERT_NE(m, nullptr) << err;
    EXPECT_EQ(m->device(), model::Device::Cuda);
    return;
  }
  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(why.rfind("CUDA is not available: ", 0), 0u) << why;
  // The load error is the same reason, attributed to the file.
  EXPECT_EQ(err, test::dataPath("tiny-f32.gguf") + ": " + why);
}

TEST(Device, NegativeOrdinalIsRefused) {
  std::string why, err;
  EXPECT_FALSE(model::cudaAvailable(&why, -1));
  EXPECT_EQ(why.rfind("CUDA is not available: ", 0), 0u) << why;
  model::LoadOptions lo;
  lo.device = model::Device::Cuda;
  lo.cudaDevice = -1;
  EXPECT_EQ(model::Model::load(test::dataPath("tiny-f32.gguf"), &err, lo), nullptr);
  EXPECT_NE(err.find("CUDA is not available: "), std::string::npos) << err;
}

}  // namespace
