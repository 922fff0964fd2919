//===- ByteBuckets.h - byte values in 64 buckets ---------------*- C++ -*-===//
//
// A trie node records which buckets the bytes below it fall in (one 64-bit
// word), and the walk takes a subtree whole when the set it is in steps to
// itself on every byte of those buckets (a loop: an unbounded string, an
// e-mail atom, an identifier). Bytes that grammars tell apart more often
// than not get a bucket of their own (punctuation); letters and digits go
// in pairs; control characters, DEL and every non-ASCII byte share one
// (they rarely loop byte by byte: a multi-byte character does not).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_RUNTIME_GRAMMAR_BYTEBUCKETS_H
#define DECC_RUNTIME_GRAMMAR_BYTEBUCKETS_H

#include <array>
#include <cstdint>

namespace decc::grammar {

inline unsigned byteBucket(uint8_t b) {
  if (b >= 'a' && b <= 'z')
    return 1 + (b - 'a') / 2; // 1..13
  if (b >= 'A' && b <= 'Z')
    return 14 + (b - 'A') / 2; // 14..26
  if (b >= '0' && b <= '9')
    return 27 + (b - '0') / 2; // 27..31
  if (b >= 0x20 && b <= 0x2F)
    return 32 + (b - 0x20); // 32..47
  if (b >= 0x3A && b <= 0x40)
    return 48 + (b - 0x3A); // 48..54
  if (b >= 0x5B && b <= 0x60)
    return 55 + (b - 0x5B); // 55..60
  if (b == '{')
    return 61;
  if (b == '}')
    return 62;
  if (b == '|' || b == '~')
    return 63;
  return 0; // control characters, DEL, non-ASCII
}

/// The byte values of each bucket, ascending, as [begin, end) offsets into
/// `bytes` (every byte value once).
struct ByteBucketTable {
  std::array<uint8_t, 256> bytes{};
  std::array<uint16_t, 65> begin{};
  ByteBucketTable() {
    std::array<uint16_t, 64> count{};
    for (int b = 0; b < 256; ++b)
      ++count[byteBucket(static_cast<uint8_t>(b))];
    for (int k = 0; k < 64; ++k)
      begin[k + 1] = static_cast<uint16_t>(begin[k] + count[k]);
    std::array<uint16_t, 64> at{};
    for (int b = 0; b < 256; ++b) {
      const unsigned k = byteBucket(static_cast<uint8_t>(b));
      bytes[begin[k] + at[k]++] = static_cast<uint8_t>(b);
    }
  }
};

inline const ByteBucketTable &byteBuckets() {
  static const ByteBucketTable table;
  return table;
}

} // namespace decc::grammar

#endif
