//===- Utf8.cpp - code-point classes as UTF-8 byte-range sequences --------===//
//
// A class over code points becomes an alternation of byte-range sequences,
// one per (length, leading-byte structure) block, as in RE2/Rust regex
// UTF-8 compilation: a range is split until each piece has a common prefix
// of exact bytes followed by full continuation ranges.

#include "decc/grammar.h"

#include <algorithm>

namespace decc {
namespace grammar {

void appendUtf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

using Seq = std::vector<std::pair<uint8_t, uint8_t>>;

unsigned utf8Len(uint32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

uint32_t maxOfLen(unsigned n) {
  static const uint32_t m[] = {0, 0x7F, 0x7FF, 0xFFFF, 0x10FFFF};
  return m[n];
}

/// [lo, hi] have the same encoded length.
void splitSameLen(uint32_t lo, uint32_t hi, std::vector<Seq> &out) {
  unsigned n = utf8Len(lo);
  if (n == 1) {
    out.push_back({{static_cast<uint8_t>(lo), static_cast<uint8_t>(hi)}});
    return;
  }
  // Split at continuation-byte boundaries: for i = 1..n-1, the low i bytes
  // (6 bits each) must span their full range unless the prefixes are equal.
  for (unsigned i = 1; i < n; ++i) {
    uint32_t m = (1u << (6 * i)) - 1;
    if ((lo & ~m) != (hi & ~m)) {
      if ((lo & m) != 0) {
        splitSameLen(lo, lo | m, out);
        splitSameLen((lo | m) + 1, hi, out);
        return;
      }
      if ((hi & m) != m) {
        splitSameLen(lo, (hi & ~m) - 1, out);
        splitSameLen(hi & ~m, hi, out);
        return;
      }
    }
  }
  std::string a, b;
  appendUtf8(a, lo);
  appendUtf8(b, hi);
  Seq s;
  for (unsigned i = 0; i < n; ++i)
    s.push_back({static_cast<uint8_t>(a[i]), static_cast<uint8_t>(b[i])});
  out.push_back(std::move(s));
}

} // namespace

std::vector<std::vector<std::pair<uint8_t, uint8_t>>>
utf8Sequences(const std::vector<CodepointRange> &input) {
  std::vector<CodepointRange> rs;
  for (CodepointRange r : input) {
    if (r.lo > r.hi || r.lo > 0x10FFFF)
      continue;
    r.hi = std::min<uint32_t>(r.hi, 0x10FFFF);
    // Surrogates have no UTF-8 encoding.
    if (r.lo < 0xD800 && r.hi > 0xDFFF) {
      rs.push_back({r.lo, 0xD7FF});
      rs.push_back({0xE000, r.hi});
    } else if (r.lo >= 0xD800 && r.hi <= 0xDFFF) {
      continue;
    } else if (r.lo >= 0xD800 && r.lo <= 0xDFFF) {
      rs.push_back({0xE000, r.hi});
    } else if (r.hi >= 0xD800 && r.hi <= 0xDFFF) {
      rs.push_back({r.lo, 0xD7FF});
    } else {
      rs.push_back(r);
    }
  }
  std::sort(rs.begin(), rs.end(), [](const CodepointRange &a, const CodepointRange &b) {
    return a.lo < b.lo;
  });
  std::vector<CodepointRange> merged;
  for (const CodepointRange &r : rs) {
    if (!merged.empty() && r.lo <= merged.back().hi + 1)
      merged.back().hi = std::max(merged.back().hi, r.hi);
    else
      merged.push_back(r);
  }
  std::vector<Seq> out;
  for (CodepointRange r : merged) {
    uint32_t lo = r.lo;
    while (lo <= r.hi) {
      uint32_t end = std::min(r.hi, maxOfLen(utf8Len(lo)));
      splitSameLen(lo, end, out);
      if (end == 0x10FFFF)
        break;
      lo = end + 1;
    }
  }
  return out;
}

} // namespace grammar
} // namespace decc
