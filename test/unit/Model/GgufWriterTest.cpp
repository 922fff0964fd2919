// Writer round trips through our reader and through the `gguf` Python package.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "TestUtil.h"
#include "decc/gguf.h"

using namespace decc;

namespace {

std::vector<float> ramp(size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = std::sin(0.37f * (float)i) * (1.0f + (float)(i % 7));
  return v;
}

void buildSample(gguf::Writer &w, const std::vector<float> &src) {
  w.addString("general.architecture", "llama");
  w.addUInt32("u32", 4000000000u);
  w.addInt32("i32", -7);
  w.addUInt64("u64", 1ull << 40);
  w.addFloat32("f32", 0.25f);
  w.addFloat64("f64", -1.5);
  w.addBool("flag", true);
  w.addStringArray("strs", {"", "héllo", "a b"});
  w.addFloat32Array("floats", {1.5f, -2.0f});
  w.addInt32Array("ints", {-1, 0, 1 << 30});
  std::string err;
  for (auto [name, type] : {std::pair{"t.f32", gguf::TensorType::F32}, {"t.f16", gguf::TensorType::F16},
                            {"t.bf16", gguf::TensorType::BF16}, {"t.q8_0", gguf::TensorType::Q8_0}})
    ASSERT_TRUE(w.addTensorF32(name, type, {64, 3}, src.data(), &err)) << err;
}

TEST(GgufWriter, RoundTripThroughReader) {
  const std::vector<float> src = ramp(192);
  gguf::Writer w(64);
  buildSample(w, src);
  std::vector<uint8_t> bytes = w.serialize();
  std::string err;
  auto f = gguf::File::fromMemory(bytes.data(), bytes.size(), "rt.gguf", &err);
  ASSERT_NE(f, nullptr) << err;
  EXPECT_EQ(f->alignment(), 64u);
  EXPECT_EQ(f->dataOffset() % 64, 0u);
  EXPECT_EQ(f->find("general.architecture")->str, "llama");
  EXPECT_EQ(f->find("u32")->u, 4000000000u);
  EXPECT_EQ(f->find("i32")->i, -7);
  EXPECT_EQ(f->find("u64")->u, 1ull << 40);
  EXPECT_EQ(f->find("f32")->f, 0.25);
  EXPECT_EQ(f->find("f64")->f, -1.5);
  EXPECT_EQ(f->find("flag")->u, 1u);
  const gguf::Value *s = f->find("strs");
  ASSERT_EQ(s->count, 3u);
  EXPECT_EQ(s->strs[1], "héllo");
  EXPECT_EQ(f->find("floats")->numberAt(1), -2.0);
  EXPECT_EQ(f->find("ints")->intAt(2), 1 << 30);
  EXPECT_EQ(f->find("missing"), nullptr);

  ASSERT_EQ(f->tensors().size(), 4u);
  std::vector<float> out(192);
  // Expected worst-case error per element for each storage type.
  const std::pair<const char *, float> tol[] = {{"t.f32", 0}, {"t.f16", 4e-3f}, {"t.bf16", 3e-2f}, {"t.q8_0", 3e-2f}};
  for (auto [name, t] : tol) {
    const gguf::TensorInfo *ti = f->tensor(name);
    ASSERT_NE(ti, nullptr) << name;
    EXPECT_EQ(ti->shapeString(), "[64, 3]");
    EXPECT_EQ(ti->rows(), 3u);
    EXPECT_EQ(ti->offset % 64, 0u);
    gguf::decodeRow(ti->type, ti->data, 192, out.data());
    for (size_t i = 0; i < 192; ++i) ASSERT_NEAR(out[i], src[i], t) << name << "[" << i << "]";
  }
}

TEST(GgufWriter, HalfConversionsRoundCorrectly) {
  // Exactly representable values survive; ties round to even; overflow is inf.
  for (float x : {0.0f, -0.0f, 1.0f, -2.5f, 65504.0f, 6.103515625e-05f, 5.960464477539063e-08f})
    EXPECT_EQ(gguf::fp16ToFp32(gguf::fp32ToFp16(x)), x) << x;
  EXPECT_EQ(gguf::fp32ToFp16(1.0f + 1.0f / 2048), gguf::fp32ToFp16(1.0f));  // tie -> even mantissa
  EXPECT_TRUE(std::isinf(gguf::fp16ToFp32(gguf::fp32ToFp16(70000.0f))));
  EXPECT_TRUE(std::isnan(gguf::fp16ToFp32(gguf::fp32ToFp16(NAN))));
  EXPECT_EQ(gguf::bf16ToFp32(gguf::fp32ToBf16(3.0f)), 3.0f);
  EXPECT_EQ(gguf::fp32ToBf16(1.0f + 1.0f / 256), gguf::fp32ToBf16(1.0f));  // tie -> even
}

TEST(GgufWriter, RejectsBadTensors) {
  gguf::Writer w;
  std::string err;
  EXPECT_FALSE(w.addTensor("x", gguf::TensorType::F32, {4}, std::vector<uint8_t>(15), &err));
  EXPECT_NE(err.find("tensor 'x': data has 15 bytes, the shape needs 16"), std::string::npos) << err;
  EXPECT_TRUE(w.addTensor("x", gguf::TensorType::F32, {4}, std::vector<uint8_t>(16), &err));
  EXPECT_FALSE(w.addTensor("x", gguf::TensorType::F32, {4}, std::vector<uint8_t>(16), &err));
  EXPECT_NE(err.find("duplicate"), std::string::npos);
  std::vector<float> v(40);
  EXPECT_FALSE(w.addTensorF32("q", gguf::TensorType::Q8_0, {40}, v.data(), &err));
  EXPECT_FALSE(w.addTensorF32("k", gguf::TensorType::Q4_K, {256}, v.data(), &err));
}

// Writes a sample file, then asks the reference Python reader to check it.
TEST(GgufWriter, ReadableByPythonGguf) {
  const std::string py = std::string(DECC_SOURCE_DIR) + "/.venv/bin/python";
  if (access(py.c_str(), X_OK) != 0) GTEST_SKIP() << "no project venv at " << py << " (run tools/setup.sh)";
  const std::vector<float> src = ramp(192);
  gguf::Writer w(64);
  buildSample(w, src);
  decc::test::TempFile file("py"), expect("py-src");
  std::string err;
  ASSERT_TRUE(w.write(file.path, &err)) << err;
  {
    std::ofstream o(expect.path);
    for (float x : src) o << std::hexfloat << x << "\n";
  }
  std::string cmd = py + " " + DECC_SOURCE_DIR + "/tools/gguf_check_written.py " + file.path + " " + expect.path;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace
