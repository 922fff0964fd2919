// Validating GGUF v3 reader. Every size read from the file is checked against
// the bytes that remain before it is used, with overflow-checked arithmetic.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_set>

#include "Checked.h"
#include "decc/gguf.h"

namespace decc::gguf {
using detail::checkedAdd;
using detail::checkedAlignUp;
using detail::checkedMul;

namespace {

constexpr uint64_t kMaxKeyBytes = 65535;   // GGUF spec limit on key length
constexpr uint64_t kMaxNameBytes = 64;     // GGUF spec limit on tensor names
constexpr int kMaxArrayDepth = 8;          // nested arrays: bound the recursion

uint64_t scalarSize(ValueType t) {
  switch (t) {
    case ValueType::UInt8: case ValueType::Int8: case ValueType::Bool: return 1;
    case ValueType::UInt16: case ValueType::Int16: return 2;
    case ValueType::UInt32: case ValueType::Int32: case ValueType::Float32: return 4;
    case ValueType::UInt64: case ValueType::Int64: case ValueType::Float64: return 8;
    default: return 0;
  }
}

bool knownValueType(uint32_t t) { return t <= (uint32_t)ValueType::Float64; }

template <typename T>
T load(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

std::string quoted(std::string_view s) {
  // Names come from untrusted bytes: keep messages printable and short.
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < 80; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f) out += (char)c;
    else { char buf[8]; std::snprintf(buf, sizeof buf, "\\x%02x", c); out += buf; }
  }
  if (s.size() > 80) out += "...";
  return out + "'";
}

// A bounds-checked cursor over the file. Errors name the file, the field
// being read and the offset.
class Cursor {
 public:
  Cursor(const uint8_t *base, size_t size, const std::string &name, std::string *err)
      : base_(base), size_(size), name_(name), err_(err) {}

  uint64_t pos() const { return pos_; }
  uint64_t remaining() const { return size_ - pos_; }

  bool fail(const std::string &field, const std::string &msg) {
    if (err_) *err_ = name_ + ": " + field + ": " + msg;
    return false;
  }
  bool need(uint64_t n, const std::string &field) {
    if (n > remaining())
      return fail(field, "needs " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) +
                             " but the file has only " + std::to_string(remaining()) + " left (size " +
                             std::to_string(size_) + ")");
    return true;
  }
  template <typename T>
  bool read(T *out, const std::string &field) {
    if (!need(sizeof(T), field)) return false;
    *out = load<T>(base_ + pos_);
    pos_ += sizeof(T);
    return true;
  }
  bool readString(std::string_view *out, uint64_t maxLen, const std::string &field) {
    uint64_t len;
    if (!read(&len, field + " length")) return false;
    if (len > maxLen)
      return fail(field, "length " + std::to_string(len) + " exceeds the limit of " + std::to_string(maxLen));
    if (len > remaining())
      return fail(field, "string length " + std::to_string(len) + " at offset " + std::to_string(pos_ - 8) +
                             " runs past the end of the file (" + std::to_string(remaining()) + " bytes left)");
    *out = std::string_view((const char *)base_ + pos_, len);
    pos_ += len;
    return true;
  }
  const uint8_t *here() const { return base_ + pos_; }
  void skip(uint64_t n) { pos_ += n; }

 private:
  const uint8_t *base_;
  uint64_t size_;
  uint64_t pos_ = 0;
  const std::string &name_;
  std::string *err_;
};

bool readValue(Cursor &c, ValueType type, Value *v, const std::string &field, int depth);

bool readArray(Cursor &c, Value *v, const std::string &field, int depth) {
  uint32_t et;
  if (!c.read(&et, field + " array element type")) return false;
  if (!knownValueType(et)) return c.fail(field, "unknown array element type " + std::to_string(et));
  v->elemType = (ValueType)et;
  if (!c.read(&v->count, field + " array length")) return false;
  uint64_t es = scalarSize(v->elemType);
  if (es) {
    uint64_t bytes;
    if (!checkedMul(v->count, es, &bytes) || bytes > c.remaining())
      return c.fail(field, "array of " + std::to_string(v->count) + " " + valueTypeName(v->elemType) +
                               " runs past the end of the file (" + std::to_string(c.remaining()) + " bytes left)");
    v->raw = c.here();
    c.skip(bytes);
    return true;
  }
  if (v->elemType == ValueType::String) {
    // Each string needs at least its 8-byte length: bound the count first so
    // an absurd count cannot make us reserve absurd memory.
    if (v->count > c.remaining() / 8)
      return c.fail(field, "array of " + std::to_string(v->count) + " strings cannot fit in the " +
                               std::to_string(c.remaining()) + " bytes left");
    v->strs.resize(v->count);
    // Vocabularies hold 100k+ strings: build the field name only on failure.
    for (uint64_t i = 0; i < v->count; ++i) {
      if (c.remaining() < 8 || load<uint64_t>(c.here()) > c.remaining() - 8)
        return c.readString(&v->strs[i], UINT64_MAX, field + "[" + std::to_string(i) + "]");
      uint64_t len = load<uint64_t>(c.here());
      v->strs[i] = std::string_view((const char *)c.here() + 8, len);
      c.skip(8 + len);
    }
    return true;
  }
  // Nested arrays: each needs at least 12 bytes (element type + length).
  if (depth >= kMaxArrayDepth) return c.fail(field, "arrays nested deeper than " + std::to_string(kMaxArrayDepth));
  if (v->count > c.remaining() / 12)
    return c.fail(field, "array of " + std::to_string(v->count) + " arrays cannot fit in the " +
                             std::to_string(c.remaining()) + " bytes left");
  v->items.resize(v->count);
  for (uint64_t i = 0; i < v->count; ++i)
    if (!readValue(c, ValueType::Array, &v->items[i], field + "[" + std::to_string(i) + "]", depth + 1))
      return false;
  return true;
}

bool readValue(Cursor &c, ValueType type, Value *v, const std::string &field, int depth) {
  v->type = type;
  switch (type) {
    case ValueType::UInt8: { uint8_t x; if (!c.read(&x, field)) return false; v->u = x; return true; }
    case ValueType::UInt16: { uint16_t x; if (!c.read(&x, field)) return false; v->u = x; return true; }
    case ValueType::UInt32: { uint32_t x; if (!c.read(&x, field)) return false; v->u = x; return true; }
    case ValueType::UInt64: return c.read(&v->u, field);
    case ValueType::Int8: { int8_t x; if (!c.read(&x, field)) return false; v->i = x; return true; }
    case ValueType::Int16: { int16_t x; if (!c.read(&x, field)) return false; v->i = x; return true; }
    case ValueType::Int32: { int32_t x; if (!c.read(&x, field)) return false; v->i = x; return true; }
    case ValueType::Int64: return c.read(&v->i, field);
    case ValueType::Float32: { float x; if (!c.read(&x, field)) return false; v->f = x; return true; }
    case ValueType::Float64: return c.read(&v->f, field);
    case ValueType::Bool: {
      uint8_t x;
      if (!c.read(&x, field)) return false;
      if (x > 1) return c.fail(field, "bool value " + std::to_string(x) + " is neither 0 nor 1");
      v->u = x;
      return true;
    }
    case ValueType::String: return c.readString(&v->str, UINT64_MAX, field);
    case ValueType::Array: return readArray(c, v, field, depth);
  }
  return c.fail(field, "unknown value type");
}

}  // namespace

bool Value::isInteger() const {
  switch (type) {
    case ValueType::UInt8: case ValueType::UInt16: case ValueType::UInt32: case ValueType::UInt64:
    case ValueType::Int8: case ValueType::Int16: case ValueType::Int32: case ValueType::Int64:
      return true;
    default:
      return false;
  }
}

bool Value::asInt64(int64_t *out) const {
  switch (type) {
    case ValueType::UInt8: case ValueType::UInt16: case ValueType::UInt32: case ValueType::UInt64:
      if (u > (uint64_t)INT64_MAX) return false;
      *out = (int64_t)u;
      return true;
    case ValueType::Int8: case ValueType::Int16: case ValueType::Int32: case ValueType::Int64:
      *out = i;
      return true;
    default:
      return false;
  }
}

bool Value::asDouble(double *out) const {
  if (type == ValueType::Float32 || type == ValueType::Float64) { *out = f; return true; }
  int64_t x;
  if (!asInt64(&x)) return false;
  *out = (double)x;
  return true;
}

double Value::numberAt(uint64_t idx) const {
  const uint8_t *p = raw + idx * scalarSize(elemType);
  switch (elemType) {
    case ValueType::Float32: return load<float>(p);
    case ValueType::Float64: return load<double>(p);
    case ValueType::UInt64: return (double)load<uint64_t>(p);
    default: return (double)intAt(idx);
  }
}

int64_t Value::intAt(uint64_t idx) const {
  const uint8_t *p = raw + idx * scalarSize(elemType);
  switch (elemType) {
    case ValueType::UInt8: case ValueType::Bool: return load<uint8_t>(p);
    case ValueType::Int8: return load<int8_t>(p);
    case ValueType::UInt16: return load<uint16_t>(p);
    case ValueType::Int16: return load<int16_t>(p);
    case ValueType::UInt32: return load<uint32_t>(p);
    case ValueType::Int32: return load<int32_t>(p);
    case ValueType::UInt64: return (int64_t)load<uint64_t>(p);
    case ValueType::Int64: return load<int64_t>(p);
    case ValueType::Float32:
    case ValueType::Float64: {
      // Saturate: casting an out-of-range float to an integer is undefined.
      double d = elemType == ValueType::Float32 ? load<float>(p) : load<double>(p);
      if (!(d == d)) return 0;
      if (d >= 9.2e18) return INT64_MAX;
      if (d <= -9.2e18) return INT64_MIN;
      return (int64_t)d;
    }
    default: return 0;
  }
}

uint64_t TensorInfo::rows() const {
  uint64_t r = 1;
  for (size_t d = 1; d < dims.size(); ++d) r *= dims[d];  // product validated at load
  return r;
}

std::string TensorInfo::shapeString() const {
  std::string s = "[";
  for (size_t d = 0; d < dims.size(); ++d) s += (d ? ", " : "") + std::to_string(dims[d]);
  return s + "]";
}

File::~File() {
  if (mapping_) munmap(mapping_, size_);
}

std::unique_ptr<File> File::open(const std::string &path, std::string *err) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (err) *err = path + ": cannot open: " + std::strerror(errno);
    return nullptr;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (err) *err = path + ": not a regular file";
    ::close(fd);
    return nullptr;
  }
  std::unique_ptr<File> f(new File());
  f->name_ = path;
  f->size_ = (size_t)st.st_size;
  if (f->size_ > 0) {
    void *m = mmap(nullptr, f->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      if (err) *err = path + ": cannot map " + std::to_string(f->size_) + " bytes: " + std::strerror(errno);
      ::close(fd);
      return nullptr;
    }
    f->mapping_ = m;
    f->base_ = (const uint8_t *)m;
  }
  ::close(fd);
  if (!f->parse(err)) return nullptr;
  return f;
}

std::unique_ptr<File> File::fromMemory(const uint8_t *data, size_t size, std::string name, std::string *err) {
  std::unique_ptr<File> f(new File());
  f->name_ = std::move(name);
  f->base_ = data;
  f->size_ = size;
  if (!f->parse(err)) return nullptr;
  return f;
}

const Value *File::find(std::string_view key) const {
  for (const auto &kv : kvs_)
    if (kv.key == key) return &kv.value;
  return nullptr;
}

const TensorInfo *File::tensor(std::string_view name) const {
  for (const auto &t : tensors_)
    if (t.name == name) return &t;
  return nullptr;
}

bool File::parse(std::string *err) {
  Cursor c(base_, size_, name_, err);
  uint32_t magic;
  if (!c.read(&magic, "header magic")) return false;
  if (magic != kMagic) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "bad magic 0x%08x (expected 'GGUF')", magic);
    return c.fail("header", buf);
  }
  if (!c.read(&version_, "header version")) return false;
  if (version_ != kVersion)
    return c.fail("header version", "unsupported GGUF version " + std::to_string(version_) + " (only 3 is read)");
  uint64_t nTensors, nKV;
  if (!c.read(&nTensors, "header tensor count")) return false;
  if (!c.read(&nKV, "header metadata count")) return false;
  // Minimal encodings: a KV is key length + 1 byte + type + 1 byte of value;
  // a tensor info is name length + 1 byte + n_dims + one dim + type + offset.
  if (nKV > c.remaining() / 14)
    return c.fail("header metadata count", std::to_string(nKV) + " entries cannot fit in the " +
                                               std::to_string(c.remaining()) + " bytes left");
  if (nTensors > c.remaining() / 33)
    return c.fail("header tensor count", std::to_string(nTensors) + " tensors cannot fit in the " +
                                             std::to_string(c.remaining()) + " bytes left");

  kvs_.resize(nKV);
  std::unordered_set<std::string_view> keys;
  for (uint64_t k = 0; k < nKV; ++k) {
    KeyValue &kv = kvs_[k];
    std::string field = "metadata entry " + std::to_string(k);
    if (!c.readString(&kv.key, kMaxKeyBytes, field + " key")) return false;
    if (kv.key.empty()) return c.fail(field + " key", "empty key");
    field = "metadata " + quoted(kv.key);
    if (!keys.insert(kv.key).second) return c.fail(field, "duplicate key");
    uint32_t t;
    if (!c.read(&t, field + " type")) return false;
    if (!knownValueType(t)) return c.fail(field, "unknown value type " + std::to_string(t));
    if (!readValue(c, (ValueType)t, &kv.value, field, 0)) return false;
  }

  if (const Value *a = find("general.alignment")) {
    if (a->type != ValueType::UInt32)
      return c.fail("metadata 'general.alignment'", std::string("type is ") + valueTypeName(a->type) +
                                                         ", expected uint32");
    if (a->u == 0 || (a->u & (a->u - 1)) != 0)
      return c.fail("metadata 'general.alignment'", "value " + std::to_string(a->u) + " is not a power of two");
    alignment_ = a->u;
  }

  tensors_.resize(nTensors);
  std::unordered_set<std::string_view> names;
  for (uint64_t ti = 0; ti < nTensors; ++ti) {
    TensorInfo &t = tensors_[ti];
    std::string field = "tensor " + std::to_string(ti);
    if (!c.readString(&t.name, kMaxNameBytes, field + " name")) return false;
    if (t.name.empty()) return c.fail(field + " name", "empty name");
    field = "tensor " + quoted(t.name);
    if (!names.insert(t.name).second) return c.fail(field, "duplicate tensor name");
    uint32_t nd;
    if (!c.read(&nd, field + " n_dims")) return false;
    if (nd == 0 || nd > kMaxDims)
      return c.fail(field, "n_dims " + std::to_string(nd) + " is outside 1.." + std::to_string(kMaxDims));
    t.elements = 1;
    for (uint32_t d = 0; d < nd; ++d) {
      uint64_t dim;
      if (!c.read(&dim, field + " dim " + std::to_string(d))) return false;
      if (dim == 0) return c.fail(field, "dim " + std::to_string(d) + " is 0");
      t.dims.push_back(dim);
      if (!checkedMul(t.elements, dim, &t.elements) || t.elements > (uint64_t)INT64_MAX)
        return c.fail(field, "element count of shape " + t.shapeString() + " overflows");
    }
    uint32_t type;
    if (!c.read(&type, field + " type")) return false;
    t.type = (TensorType)type;
    if (!tensorTypeName(t.type)) return c.fail(field, "unknown tensor type " + std::to_string(type));
    uint64_t be = blockElements(t.type);
    if (t.dims[0] % be != 0)
      return c.fail(field, "dim 0 (" + std::to_string(t.dims[0]) + ") is not a multiple of the " +
                               tensorTypeName(t.type) + " block size " + std::to_string(be));
    if (!encodedBytes(t.type, t.elements, &t.bytes))
      return c.fail(field, "byte size of shape " + t.shapeString() + " overflows");
    if (!c.read(&t.offset, field + " data offset")) return false;
    if (t.offset % alignment_ != 0)
      return c.fail(field, "data offset " + std::to_string(t.offset) + " is not a multiple of the alignment " +
                               std::to_string(alignment_));
  }

  if (!checkedAlignUp(c.pos(), alignment_, &dataOffset_)) return c.fail("data section", "offset overflows");
  if (nTensors == 0) return true;
  if (dataOffset_ > size_)
    return c.fail("data section", "starts at " + std::to_string(dataOffset_) + ", past the end of the file (size " +
                                      std::to_string(size_) + ")");
  uint64_t dataBytes = size_ - dataOffset_;
  for (TensorInfo &t : tensors_) {
    uint64_t end;
    if (!checkedAdd(t.offset, t.bytes, &end) || end > dataBytes)
      return c.fail("tensor " + quoted(t.name), "data offset " + std::to_string(t.offset) + " + size " +
                                                    std::to_string(t.bytes) + " exceeds the data section (" +
                                                    std::to_string(dataBytes) + " bytes from offset " +
                                                    std::to_string(dataOffset_) + ", file size " +
                                                    std::to_string(size_) + ")");
    t.data = base_ + dataOffset_ + t.offset;
  }
  // Overlapping tensors mean a corrupt table (or a crafted file that makes two
  // weights alias): refuse them.
  std::vector<const TensorInfo *> order;
  for (const auto &t : tensors_) order.push_back(&t);
  std::sort(order.begin(), order.end(), [](auto *a, auto *b) { return a->offset < b->offset; });
  for (size_t i = 1; i < order.size(); ++i)
    if (order[i - 1]->offset + order[i - 1]->bytes > order[i]->offset)
      return c.fail("tensor " + quoted(order[i]->name),
                    "data at offset " + std::to_string(order[i]->offset) + " overlaps tensor " +
                        quoted(order[i - 1]->name) + " (offset " + std::to_string(order[i - 1]->offset) +
                        ", size " + std::to_string(order[i - 1]->bytes) + ")");
  return true;
}

}  // namespace decc::gguf
