// GGUF v3 writer: metadata and tensors assembled in memory, written at once.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "Checked.h"
#include "decc/gguf.h"

namespace decc::gguf {

namespace {
template <typename T>
void put(std::vector<uint8_t> &out, T v) {
  uint8_t b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.insert(out.end(), b, b + sizeof(T));
}
void putString(std::vector<uint8_t> &out, const std::string &s) {
  put<uint64_t>(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}
}  // namespace

Writer::Writer(uint64_t alignment) : alignment_(alignment) {
  if (alignment != kDefaultAlignment) addUInt32("general.alignment", (uint32_t)alignment);
}

void Writer::addEntry(const std::string &key, ValueType type, std::vector<uint8_t> payload) {
  for (auto &e : entries_)
    if (e.key == key) {  // last write wins, so callers can override defaults
      e.type = type;
      e.payload = std::move(payload);
      return;
    }
  entries_.push_back({key, type, std::move(payload)});
}

void Writer::addRaw(const std::string &key, ValueType type, std::vector<uint8_t> payload) {
  addEntry(key, type, std::move(payload));
}

#define DECC_SCALAR(fn, T, VT)                       \
  void Writer::fn(const std::string &key, T v) {     \
    std::vector<uint8_t> p;                          \
    put<T>(p, v);                                    \
    addEntry(key, ValueType::VT, std::move(p));      \
  }
DECC_SCALAR(addUInt32, uint32_t, UInt32)
DECC_SCALAR(addInt32, int32_t, Int32)
DECC_SCALAR(addUInt64, uint64_t, UInt64)
DECC_SCALAR(addFloat32, float, Float32)
DECC_SCALAR(addFloat64, double, Float64)
#undef DECC_SCALAR

void Writer::addBool(const std::string &key, bool v) { addEntry(key, ValueType::Bool, {(uint8_t)(v ? 1 : 0)}); }

void Writer::addString(const std::string &key, const std::string &v) {
  std::vector<uint8_t> p;
  putString(p, v);
  addEntry(key, ValueType::String, std::move(p));
}

void Writer::addStringArray(const std::string &key, const std::vector<std::string> &v) {
  std::vector<uint8_t> p;
  put<uint32_t>(p, (uint32_t)ValueType::String);
  put<uint64_t>(p, v.size());
  for (const auto &s : v) putString(p, s);
  addEntry(key, ValueType::Array, std::move(p));
}

void Writer::addFloat32Array(const std::string &key, const std::vector<float> &v) {
  std::vector<uint8_t> p;
  put<uint32_t>(p, (uint32_t)ValueType::Float32);
  put<uint64_t>(p, v.size());
  for (float x : v) put<float>(p, x);
  addEntry(key, ValueType::Array, std::move(p));
}

void Writer::addInt32Array(const std::string &key, const std::vector<int32_t> &v) {
  std::vector<uint8_t> p;
  put<uint32_t>(p, (uint32_t)ValueType::Int32);
  put<uint64_t>(p, v.size());
  for (int32_t x : v) put<int32_t>(p, x);
  addEntry(key, ValueType::Array, std::move(p));
}

bool Writer::addTensor(const std::string &name, TensorType type, std::vector<uint64_t> dims,
                       std::vector<uint8_t> data, std::string *err) {
  auto fail = [&](const std::string &m) {
    if (err) *err = "tensor '" + name + "': " + m;
    return false;
  };
  if (name.empty() || name.size() > 64) return fail("name must have 1 to 64 bytes");
  for (const auto &t : tensors_)
    if (t.name == name) return fail("duplicate tensor name");
  if (dims.empty() || dims.size() > kMaxDims) return fail("needs 1 to 4 dims");
  uint64_t n = 1;
  for (uint64_t d : dims)
    if (d == 0 || !detail::checkedMul(n, d, &n)) return fail("bad shape");
  if (!tensorTypeName(type)) return fail("unknown tensor type");
  if (dims[0] % blockElements(type) != 0) return fail("dim 0 is not a multiple of the block size");
  uint64_t bytes;
  if (!encodedBytes(type, n, &bytes) || bytes != data.size())
    return fail("data has " + std::to_string(data.size()) + " bytes, the shape needs " + std::to_string(bytes));
  tensors_.push_back({name, type, std::move(dims), std::move(data)});
  return true;
}

bool Writer::addTensorF32(const std::string &name, TensorType type, std::vector<uint64_t> dims,
                          const float *data, std::string *err) {
  if (!isSupportedTensorType(type)) {
    if (err) *err = "tensor '" + name + "': cannot encode type " + (tensorTypeName(type) ? tensorTypeName(type) : "?");
    return false;
  }
  uint64_t n = 1, bytes;
  for (uint64_t d : dims) n *= d;
  if (dims.empty() || !encodedBytes(type, n, &bytes)) {
    if (err) *err = "tensor '" + name + "': shape does not fit type";
    return false;
  }
  std::vector<uint8_t> enc(bytes);
  encodeRow(type, data, n, enc.data());
  return addTensor(name, type, std::move(dims), std::move(enc), err);
}

std::vector<uint8_t> Writer::serialize() const {
  std::vector<uint8_t> out;
  put<uint32_t>(out, kMagic);
  put<uint32_t>(out, kVersion);
  put<uint64_t>(out, tensors_.size());
  put<uint64_t>(out, entries_.size());
  for (const auto &e : entries_) {
    putString(out, e.key);
    put<uint32_t>(out, (uint32_t)e.type);
    out.insert(out.end(), e.payload.begin(), e.payload.end());
  }
  uint64_t offset = 0;
  for (const auto &t : tensors_) {
    putString(out, t.name);
    put<uint32_t>(out, (uint32_t)t.dims.size());
    for (uint64_t d : t.dims) put<uint64_t>(out, d);
    put<uint32_t>(out, (uint32_t)t.type);
    put<uint64_t>(out, offset);
    offset += (t.data.size() + alignment_ - 1) / alignment_ * alignment_;
  }
  out.resize((out.size() + alignment_ - 1) / alignment_ * alignment_, 0);
  for (const auto &t : tensors_) {
    out.insert(out.end(), t.data.begin(), t.data.end());
    out.resize((out.size() + alignment_ - 1) / alignment_ * alignment_, 0);
  }
  return out;
}

bool Writer::write(const std::string &path, std::string *err) const {
  std::vector<uint8_t> bytes = serialize();
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    if (err) *err = path + ": cannot create: " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok && err) *err = path + ": write failed: " + std::strerror(errno);
  return ok;
}

}  // namespace decc::gguf
