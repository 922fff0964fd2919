//===- ByteBits.h - 256-bit sets of byte values ----------------*- C++ -*-===//
//
// Each Earley set carries the bytes it can read as four 64-bit words, so a
// rejected byte costs one bit test; the matcher and the mask walk build them
// from the byte edges' ranges.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_RUNTIME_GRAMMAR_BYTEBITS_H
#define DECC_RUNTIME_GRAMMAR_BYTEBITS_H

#include <cstdint>

namespace decc::grammar {

/// Sets bits lo..hi (inclusive, 0..255) of the 4-word set `bits`.
inline void setByteRange(uint64_t *bits, unsigned lo, unsigned hi) {
  for (unsigned w = lo >> 6; w <= (hi >> 6); ++w) {
    unsigned a = w == (lo >> 6) ? lo & 63 : 0;
    unsigned b = w == (hi >> 6) ? hi & 63 : 63;
    uint64_t m = (b == 63 ? ~uint64_t(0) : ((uint64_t(1) << (b + 1)) - 1)) & (~uint64_t(0) << a);
    bits[w] |= m;
  }
}

} // namespace decc::grammar

#endif
