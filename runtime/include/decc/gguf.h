// decc/gguf.h - GGUF v3 files: a validating, memory-mapped reader and a writer.
//
// The reader checks every count, size, offset, type and dimension against the
// file size before anything is used, so a truncated or corrupt file is refused
// with a message naming the file and the field instead of crashing later.
// Views returned by the reader (string_view, raw pointers) point into the mapped
// file and stay valid as long as the File lives.
#ifndef DECC_GGUF_H
#define DECC_GGUF_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace decc::gguf {

enum class ValueType : uint32_t {
  UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5,
  Float32 = 6, Bool = 7, String = 8, Array = 9, UInt64 = 10, Int64 = 11,
  Float64 = 12,
};
const char *valueTypeName(ValueType t);

// ggml tensor types. Only the ones marked "supported" have data the model host
// can read; the others are recognised so that errors can name them.
enum class TensorType : uint32_t {
  F32 = 0,   // supported
  F16 = 1,   // supported
  Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7,
  Q8_0 = 8,  // supported: blocks of 32 int8 with one f16 scale
  Q8_1 = 9, Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
  IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21,
  IQ2_S = 22, IQ4_XS = 23, I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28,
  IQ1_M = 29,
  BF16 = 30, // supported
  TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39,
};
// Name as ggml spells it ("q8_0"), or nullptr for a value ggml does not define.
const char *tensorTypeName(TensorType t);
// True for the types this library can read and convert (f32, f16, bf16, q8_0).
bool isSupportedTensorType(TensorType t);
// Elements per block and bytes per block (1 and the element size for plain
// types). Both are 0 for types whose layout is unknown here.
uint64_t blockElements(TensorType t);
uint64_t blockBytes(TensorType t);

constexpr uint32_t kMagic = 0x46554747u;  // "GGUF" read as little-endian
constexpr uint32_t kVersion = 3;
constexpr uint64_t kDefaultAlignment = 32;
constexpr uint32_t kMaxDims = 4;

// One metadata value. Scalars live in the union fields; strings and the
// elements of string arrays are views into the file; numeric arrays are a raw
// little-endian, possibly unaligned pointer (read them with the accessors).
struct Value {
  ValueType type = ValueType::UInt8;
  uint64_t u = 0;        // UInt8..UInt64, Bool (0/1)
  int64_t i = 0;         // Int8..Int64
  double f = 0;          // Float32, Float64
  std::string_view str;  // String
  // Arrays.
  ValueType elemType = ValueType::UInt8;
  uint64_t count = 0;
  const uint8_t *raw = nullptr;        // numeric and bool elements
  std::vector<std::string_view> strs;  // string elements
  std::vector<Value> items;            // nested array elements

  bool isInteger() const;
  // Integer value of an integer scalar, or false when the type is not an
  // integer type or the value does not fit in the requested range.
  bool asInt64(int64_t *out) const;
  bool asDouble(double *out) const;  // any numeric scalar
  // Numeric array element i (i < count) converted to double / int64.
  double numberAt(uint64_t i) const;
  int64_t intAt(uint64_t i) const;  // float elements saturate
};

struct KeyValue {
  std::string_view key;
  Value value;
};

struct TensorInfo {
  std::string_view name;
  TensorType type = TensorType::F32;
  std::vector<uint64_t> dims;  // ggml order: dims[0] is the contiguous one
  uint64_t offset = 0;         // relative to the data section
  uint64_t elements = 0;
  uint64_t bytes = 0;
  const uint8_t *data = nullptr;

  uint64_t rows() const;  // product of dims[1..]
  std::string shapeString() const;  // "[64, 512]"
};

class File {
 public:
  // Maps and validates a file. On failure returns nullptr and sets *err to a
  // message starting with the path.
  static std::unique_ptr<File> open(const std::string &path, std::string *err);
  // Validates a buffer the caller keeps alive (used by the fuzzer and tests);
  // `name` replaces the path in messages.
  static std::unique_ptr<File> fromMemory(const uint8_t *data, size_t size,
                                          std::string name, std::string *err);
  ~File();
  File(const File &) = delete;
  File &operator=(const File &) = delete;

  const std::string &name() const { return name_; }
  uint32_t version() const { return version_; }
  uint64_t alignment() const { return alignment_; }
  uint64_t dataOffset() const { return dataOffset_; }
  size_t size() const { return size_; }

  const std::vector<KeyValue> &metadata() const { return kvs_; }
  const Value *find(std::string_view key) const;
  const std::vector<TensorInfo> &tensors() const { return tensors_; }
  const TensorInfo *tensor(std::string_view name) const;

 private:
  File() = default;
  bool parse(std::string *err);

  std::string name_;
  const uint8_t *base_ = nullptr;
  size_t size_ = 0;
  void *mapping_ = nullptr;  // owned mmap, if any
  uint32_t version_ = 0;
  uint64_t alignment_ = kDefaultAlignment;
  uint64_t dataOffset_ = 0;
  std::vector<KeyValue> kvs_;
  std::vector<TensorInfo> tensors_;
};

// Builds a GGUF v3 file in memory and writes it. Keys and tensor names must be
// unique; the writer checks that and the tensor sizes.
class Writer {
 public:
  explicit Writer(uint64_t alignment = kDefaultAlignment);

  void addUInt32(const std::string &key, uint32_t v);
  void addInt32(const std::string &key, int32_t v);
  void addUInt64(const std::string &key, uint64_t v);
  void addFloat32(const std::string &key, float v);
  void addFloat64(const std::string &key, double v);
  void addBool(const std::string &key, bool v);
  void addString(const std::string &key, const std::string &v);
  void addStringArray(const std::string &key, const std::vector<std::string> &v);
  void addFloat32Array(const std::string &key, const std::vector<float> &v);
  void addInt32Array(const std::string &key, const std::vector<int32_t> &v);
  // Escape hatch for tests of the reader: any value type with a raw payload
  // (already encoded, little-endian).
  void addRaw(const std::string &key, ValueType type, std::vector<uint8_t> payload);

  // dims in ggml order (dims[0] contiguous). `data` must hold exactly the
  // encoded size of the tensor for `type`.
  bool addTensor(const std::string &name, TensorType type, std::vector<uint64_t> dims,
                 std::vector<uint8_t> data, std::string *err);
  // Convenience: f32 source data converted to `type` (f32, f16, bf16, q8_0).
  bool addTensorF32(const std::string &name, TensorType type, std::vector<uint64_t> dims,
                    const float *data, std::string *err);

  std::vector<uint8_t> serialize() const;
  bool write(const std::string &path, std::string *err) const;

 private:
  struct Entry { std::string key; ValueType type; std::vector<uint8_t> payload; };
  struct Tensor { std::string name; TensorType type; std::vector<uint64_t> dims; std::vector<uint8_t> data; };
  void addEntry(const std::string &key, ValueType type, std::vector<uint8_t> payload);
  uint64_t alignment_;
  std::vector<Entry> entries_;
  std::vector<Tensor> tensors_;
};

// Element conversions shared by the reader's users and the writer.
float fp16ToFp32(uint16_t h);
uint16_t fp32ToFp16(float f);  // round to nearest even
float bf16ToFp32(uint16_t h);
uint16_t fp32ToBf16(float f);  // round to nearest even
// Bytes needed for `n` elements of `type` (n a multiple of the block size),
// or false on overflow / unsupported layout.
bool encodedBytes(TensorType type, uint64_t n, uint64_t *bytes);
// Converts n floats to `type`; n must be a multiple of the block size.
void encodeRow(TensorType type, const float *src, uint64_t n, uint8_t *dst);
// Converts n elements of a supported type to floats.
void decodeRow(TensorType type, const uint8_t *src, uint64_t n, float *dst);

}  // namespace decc::gguf

#endif  // DECC_GGUF_H
