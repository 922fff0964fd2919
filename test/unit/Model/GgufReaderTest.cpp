// The GGUF reader on corrupt and hostile input: every failure is an error
// value naming the file and the field, never a crash.
#include <gtest/gtest.h>

#include "TestUtil.h"
#include "decc/gguf.h"

using namespace decc;
using decc::test::Bytes;

namespace {

std::string parseError(const std::vector<uint8_t> &bytes) {
  std::string err;
  auto f = gguf::File::fromMemory(bytes.data(), bytes.size(), "bad.gguf", &err);
  EXPECT_EQ(f, nullptr) << "corrupt input was accepted";
  EXPECT_EQ(err.rfind("bad.gguf: ", 0), 0u) << err;
  return err;
}

// One f32 tensor "w" of shape [8] at data offset `offset`, with `dataBytes`
// bytes of data section after the aligned tensor table.
std::vector<uint8_t> oneTensor(uint64_t offset, size_t dataBytes, uint32_t type = 0, uint64_t dim0 = 8) {
  Bytes b;
  b.header(1, 0).str("w").u32(1).u64(dim0).u32(type).u64(offset).pad(32);
  b.b.resize(b.b.size() + dataBytes, 0);
  return b.b;
}

TEST(GgufReader, BadMagic) {
  Bytes b;
  b.u32(0x12345678).u32(3).u64(0).u64(0);
  std::string err = parseError(b.b);
  EXPECT_NE(err.find("header: bad magic 0x12345678"), std::string::npos) << err;
}

TEST(GgufReader, UnknownVersion) {
  Bytes b;
  b.header(0, 0, 2);
  EXPECT_NE(parseError(b.b).find("unsupported GGUF version 2"), std::string::npos);
  Bytes c;
  c.header(0, 0, 99);
  EXPECT_NE(parseError(c.b).find("version 99"), std::string::npos);
}

TEST(GgufReader, EmptyAndTruncatedHeader) {
  EXPECT_NE(parseError({}).find("header magic: needs 4 bytes at offset 0"), std::string::npos);
  Bytes b;
  b.u32(gguf::kMagic).u32(3).u32(0);
  EXPECT_NE(parseError(b.b).find("header tensor count"), std::string::npos);
}

TEST(GgufReader, AbsurdCounts) {
  Bytes a;
  a.header(0, UINT64_MAX);
  EXPECT_NE(parseError(a.b).find("header metadata count: 18446744073709551615 entries cannot fit"),
            std::string::npos);
  Bytes t;
  t.header(1ull << 40, 0);
  EXPECT_NE(parseError(t.b).find("header tensor count"), std::string::npos);
}

TEST(GgufReader, StringLengthPastEnd) {
  Bytes b;
  b.header(0, 1).u64(1000).zeros(20);
  std::string err = parseError(b.b);
  EXPECT_NE(err.find("metadata entry 0 key: string length 1000 at offset 24 runs past the end of the file (20 bytes left)"), std::string::npos)
      << err;
  Bytes v;
  v.header(0, 1).str("general.name").u32((uint32_t)gguf::ValueType::String).u64(UINT64_MAX - 3);
  err = parseError(v.b);
  EXPECT_NE(err.find("metadata 'general.name': string length"), std::string::npos) << err;
}

TEST(GgufReader, ArrayPastEnd) {
  Bytes b;
  b.header(0, 1).str("a").u32((uint32_t)gguf::ValueType::Array).u32((uint32_t)gguf::ValueType::UInt64).u64(1ull << 61);
  std::string err = parseError(b.b);
  EXPECT_NE(err.find("metadata 'a': array of 2305843009213693952 uint64 runs past the end"), std::string::npos) << err;
  Bytes s;
  s.header(0, 1).str("s").u32((uint32_t)gguf::ValueType::Array).u32((uint32_t)gguf::ValueType::String).u64(2).str("x").u64(5);
  err = parseError(s.b);
  EXPECT_NE(err.find("metadata 's'[1]: string length 5"), std::string::npos) << err;
}

TEST(GgufReader, UnknownValueTypesAndBadBool) {
  Bytes b;
  b.header(0, 1).str("k").u32(13).zeros(8);
  EXPECT_NE(parseError(b.b).find("metadata 'k': unknown value type 13"), std::string::npos);
  Bytes c;
  c.header(0, 1).str("k").u32((uint32_t)gguf::ValueType::Bool).b.push_back(7);
  EXPECT_NE(parseError(c.b).find("bool value 7 is neither 0 nor 1"), std::string::npos);
}

TEST(GgufReader, DeeplyNestedArraysAreBounded) {
  Bytes b;
  b.header(0, 1).str("n").u32((uint32_t)gguf::ValueType::Array);
  for (int i = 0; i < 100; ++i) b.u32((uint32_t)gguf::ValueType::Array).u64(1);
  b.u32((uint32_t)gguf::ValueType::UInt8).u64(0);
  EXPECT_NE(parseError(b.b).find("nested deeper than"), std::string::npos);
}

TEST(GgufReader, DuplicateKeyAndTensor) {
  Bytes b;
  b.header(0, 2).str("k").u32(4).u32(1).str("k").u32(4).u32(2);
  EXPECT_NE(parseError(b.b).find("metadata 'k': duplicate key"), std::string::npos);
  Bytes t;
  t.header(2, 0).str("w").u32(1).u64(8).u32(0).u64(0).str("w").u32(1).u64(8).u32(0).u64(32).pad(32);
  t.b.resize(t.b.size() + 64);
  EXPECT_NE(parseError(t.b).find("tensor 'w': duplicate tensor name"), std::string::npos);
}

TEST(GgufReader, TensorOffsetPastEnd) {
  std::string err = parseError(oneTensor(0, 16));
  EXPECT_NE(err.find("tensor 'w': data offset 0 + size 32 exceeds the data section (16 bytes"), std::string::npos)
      << err;
  err = parseError(oneTensor(UINT64_MAX - 31, 64));
  EXPECT_NE(err.find("tensor 'w': data offset 18446744073709551584 + size 32 exceeds"), std::string::npos) << err;
}

TEST(GgufReader, MisalignedOffset) {
  std::string err = parseError(oneTensor(4, 64));
  EXPECT_NE(err.find("tensor 'w': data offset 4 is not a multiple of the alignment 32"), std::string::npos) << err;
}

TEST(GgufReader, UnknownTensorTypeAndBlockMismatch) {
  std::string err = parseError(oneTensor(0, 64, 77));
  EXPECT_NE(err.find("tensor 'w': unknown tensor type 77"), std::string::npos) << err;
  err = parseError(oneTensor(0, 64, (uint32_t)gguf::TensorType::Q8_0, 40));
  EXPECT_NE(err.find("dim 0 (40) is not a multiple of the q8_0 block size 32"), std::string::npos) << err;
}

TEST(GgufReader, DimsOverflowAndRank) {
  Bytes b;
  b.header(1, 0).str("w").u32(3).u64(1ull << 32).u64(1ull << 32).u64(16).u32(0).u64(0);
  std::string err = parseError(b.b);
  EXPECT_NE(err.find("tensor 'w': element count of shape [4294967296, 4294967296] overflows"), std::string::npos)
      << err;
  Bytes r;
  r.header(1, 0).str("w").u32(5).zeros(40);
  EXPECT_NE(parseError(r.b).find("tensor 'w': n_dims 5 is outside 1..4"), std::string::npos);
  Bytes z;
  z.header(1, 0).str("w").u32(2).u64(4).u64(0).zeros(40);
  EXPECT_NE(parseError(z.b).find("tensor 'w': dim 1 is 0"), std::string::npos);
  // Elements fit in 63 bits but the f32 byte size does not.
  Bytes s;
  s.header(1, 0).str("w").u32(2).u64(1ull << 31).u64(1ull << 31).u32(0).u64(0);
  EXPECT_NE(parseError(s.b).find("byte size of shape"), std::string::npos);
}

TEST(GgufReader, OverlappingTensors) {
  Bytes t;
  t.header(2, 0).str("a").u32(1).u64(16).u32(0).u64(0).str("b").u32(1).u64(8).u32(0).u64(32).pad(32);
  t.b.resize(t.b.size() + 96);
  // a spans [0, 64), b starts at 32.
  std::string err = parseError(t.b);
  EXPECT_NE(err.find("tensor 'b': data at offset 32 overlaps tensor 'a'"), std::string::npos) << err;
}

TEST(GgufReader, BadAlignmentValue) {
  Bytes b;
  b.header(0, 1).str("general.alignment").u32((uint32_t)gguf::ValueType::UInt32).u32(24);
  EXPECT_NE(parseError(b.b).find("metadata 'general.alignment': value 24 is not a power of two"), std::string::npos);
  Bytes c;
  c.header(0, 1).str("general.alignment").u32((uint32_t)gguf::ValueType::UInt64).u64(64);
  EXPECT_NE(parseError(c.b).find("type is uint64, expected uint32"), std::string::npos);
}

TEST(GgufReader, NonPrintableNamesAreEscaped) {
  Bytes b;
  b.header(0, 2).str("k\x01").u32(4).u32(1).str("k\x01").u32(4).u32(2);
  EXPECT_NE(parseError(b.b).find("metadata 'k\\x01': duplicate key"), std::string::npos);
}

TEST(GgufReader, EveryTruncationOfAValidFileFails) {
  gguf::Writer w;
  w.addString("general.architecture", "llama");
  w.addStringArray("tokenizer.ggml.tokens", {"a", "bb", "ccc"});
  w.addFloat32Array("s", {1, 2, 3});
  std::vector<float> data(64, 0.5f);
  std::string err;
  ASSERT_TRUE(w.addTensorF32("t0", gguf::TensorType::Q8_0, {32, 2}, data.data(), &err)) << err;
  ASSERT_TRUE(w.addTensorF32("t1", gguf::TensorType::F16, {4}, data.data(), &err)) << err;
  std::vector<uint8_t> bytes = w.serialize();
  ASSERT_NE(gguf::File::fromMemory(bytes.data(), bytes.size(), "ok.gguf", &err), nullptr) << err;
  // The last tensor's padding is not data: the file stays valid up to the end of t1.
  const size_t minimal = bytes.size() - 32 + 8;
  for (size_t n = 0; n < minimal; ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    std::string e;
    EXPECT_EQ(gguf::File::fromMemory(cut.data(), cut.size(), "cut.gguf", &e), nullptr) << "prefix " << n;
    EXPECT_EQ(e.rfind("cut.gguf: ", 0), 0u) << e;
  }
}

TEST(GgufReader, OpenReportsMissingFile) {
  std::string err;
  EXPECT_EQ(gguf::File::open("/nonexistent/x.gguf", &err), nullptr);
  EXPECT_EQ(err.rfind("/nonexistent/x.gguf: cannot open", 0), 0u) << err;
}

}  // namespace
