// Open-addressing hash maps for the two hot lookups of BPE: token string ->
// id (looked up by string_view without allocating, which std::unordered_map
// cannot do in C++17) and (left id, right id) -> merge.
#ifndef DECC_TOKENIZER_HASHMAPS_H
#define DECC_TOKENIZER_HASHMAPS_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decc::tok {

inline uint64_t hashBytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  for (unsigned char c : s)
    h = (h ^ c) * 0x100000001B3ull;
  return h ^ (h >> 29);
}

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDull;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ull;
  return x ^ (x >> 33);
}

/// string -> int32 map; later inserts of an existing key overwrite.
class StringIdMap {
public:
  void reserve(size_t n) { rehash(capacityFor(n)); }
  void insert(std::string key, int32_t value) {
    if ((keys_.size() + 1) * 2 > slots_.size())
      rehash(capacityFor(keys_.size() + 1));
    size_t i = probe(key);
    if (slots_[i] != kEmpty) {
      values_[slots_[i]] = value;
      return;
    }
    slots_[i] = (uint32_t)keys_.size();
    keys_.push_back(std::move(key));
    values_.push_back(value);
  }
  /// The value for `key`, or -1.
  int32_t find(std::string_view key) const {
    if (slots_.empty())
      return -1;
    uint32_t s = slots_[probe(key)];
    return s == kEmpty ? -1 : values_[s];
  }
  size_t size() const { return keys_.size(); }
  const std::vector<std::string> &keys() const { return keys_; }
  const std::vector<int32_t> &values() const { return values_; }

private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static size_t capacityFor(size_t n) {
    size_t c = 16;
    while (c < n * 2)
      c <<= 1;
    return c;
  }
  size_t probe(std::string_view key) const {
    size_t mask = slots_.size() - 1, i = hashBytes(key) & mask;
    while (slots_[i] != kEmpty && keys_[slots_[i]] != key)
      i = (i + 1) & mask;
    return i;
  }
  void rehash(size_t cap) {
    if (cap <= slots_.size())
      return;
    slots_.assign(cap, kEmpty);
    for (uint32_t k = 0; k < keys_.size(); ++k)
      slots_[probe(keys_[k])] = k;
  }
  std::vector<uint32_t> slots_;
  std::vector<std::string> keys_;
  std::vector<int32_t> values_;
};

/// (uint32, uint32) -> (rank, new id) map for merges.
class PairMap {
public:
  struct Value {
    int32_t rank;
    int32_t newId;
  };
  void reserve(size_t n) { rehash(capacityFor(n)); }
  void insert(uint32_t a, uint32_t b, Value v) {
    if ((size_ + 1) * 2 > keys_.size())
      rehash(capacityFor(size_ + 1));
    uint64_t key = pack(a, b);
    size_t i = probe(key);
    if (keys_[i] != kEmpty) {
      values_[i] = v;
      return;
    }
    keys_[i] = key;
    values_[i] = v;
    ++size_;
  }
  const Value *find(uint32_t a, uint32_t b) const {
    if (keys_.empty())
      return nullptr;
    size_t i = probe(pack(a, b));
    return keys_[i] == kEmpty ? nullptr : &values_[i];
  }
  size_t size() const { return size_; }

private:
  // Ids are below 2^31, so this key never occurs.
  static constexpr uint64_t kEmpty = ~0ull;
  static uint64_t pack(uint32_t a, uint32_t b) {
    return (uint64_t)a << 32 | b;
  }
  static size_t capacityFor(size_t n) {
    size_t c = 16;
    while (c < n * 2)
      c <<= 1;
    return c;
  }
  size_t probe(uint64_t key) const {
    size_t mask = keys_.size() - 1, i = mix64(key) & mask;
    while (keys_[i] != kEmpty && keys_[i] != key)
      i = (i + 1) & mask;
    return i;
  }
  void rehash(size_t cap) {
    if (cap <= keys_.size())
      return;
    std::vector<uint64_t> oldKeys(cap, kEmpty);
    std::vector<Value> oldValues(cap);
    oldKeys.swap(keys_);
    oldValues.swap(values_);
    for (size_t i = 0; i < oldKeys.size(); ++i)
      if (oldKeys[i] != kEmpty) {
        size_t j = probe(oldKeys[i]);
        keys_[j] = oldKeys[i];
        values_[j] = oldValues[i];
      }
  }
  std::vector<uint64_t> keys_;
  std::vector<Value> values_;
  size_t size_ = 0;
};

} // namespace decc::tok

#endif
