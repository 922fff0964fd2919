//===- RegexClasses.cpp ---------------------------------------------------===//

#include "RegexClasses.h"

#include <algorithm>

namespace decc {
namespace grammar {
namespace regex {

Ranges normalize(Ranges r) {
  std::sort(r.begin(), r.end(),
            [](const CodepointRange &a, const CodepointRange &b) { return a.lo < b.lo; });
  Ranges out;
  for (const CodepointRange &x : r) {
    if (!out.empty() && x.lo <= out.back().hi + 1)
      out.back().hi = std::max(out.back().hi, x.hi);
    else
      out.push_back(x);
  }
  return out;
}

Ranges complement(const Ranges &r) {
  Ranges out;
  uint32_t next = 0;
  for (const CodepointRange &x : r) {
    if (x.lo > next)
      out.push_back({next, x.lo - 1});
    next = x.hi + 1;
  }
  if (next <= 0x10FFFF)
    out.push_back({next, 0x10FFFF});
  return out;
}

Ranges foldAsciiCase(Ranges r) {
  size_t n = r.size();
  for (size_t i = 0; i < n; ++i) {
    // The part of the range inside each ASCII letter block, shifted to the
    // other block.
    for (uint32_t base : {uint32_t('a'), uint32_t('A')}) {
      uint32_t lo = std::max(r[i].lo, base), hi = std::min(r[i].hi, base + 25);
      if (lo <= hi)
        r.push_back({lo ^ 0x20, hi ^ 0x20});
    }
  }
  return normalize(std::move(r));
}

Ranges digits() { return {{'0', '9'}}; }

Ranges wordChars() { return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }

Ranges whitespace() {
  return normalize({{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                    {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
                    {0xFEFF, 0xFEFF}});
}

Ranges lineTerminators() { return {{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}; }

} // namespace regex
} // namespace grammar
} // namespace decc
