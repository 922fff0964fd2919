//===- CodePointSet.cpp ---------------------------------------------------===//
#include "CodePointSet.h"

#include <algorithm>

namespace decc::jsonschema {

void CodePointSet::add(uint32_t lo, uint32_t hi) {
  if (lo > hi)
    return;
  std::vector<Range> out;
  out.reserve(ranges_.size() + 1);
  bool placed = false;
  for (const Range &r : ranges_) {
    // Merge overlapping or adjacent ranges into [lo, hi].
    if (r.second + 1 < lo) {
      out.push_back(r);
    } else if (hi + 1 < r.first) {
      if (!placed) {
        out.emplace_back(lo, hi);
        placed = true;
      }
      out.push_back(r);
    } else {
      lo = std::min(lo, r.first);
      hi = std::max(hi, r.second);
    }
  }
  if (!placed)
    out.emplace_back(lo, hi);
  ranges_ = std::move(out);
}

CodePointSet CodePointSet::complement() const {
  CodePointSet s;
  uint32_t next = 0;
  for (const Range &r : ranges_) {
    if (r.first > next)
      s.ranges_.emplace_back(next, r.first - 1);
    next = r.second + 1;
  }
  if (next <= kMaxCodePoint)
    s.ranges_.emplace_back(next, kMaxCodePoint);
  return s;
}

CodePointSet CodePointSet::intersect(const CodePointSet &o) const {
  CodePointSet s;
  size_t i = 0, j = 0;
  while (i < ranges_.size() && j < o.ranges_.size()) {
    uint32_t lo = std::max(ranges_[i].first, o.ranges_[j].first);
    uint32_t hi = std::min(ranges_[i].second, o.ranges_[j].second);
    if (lo <= hi)
      s.ranges_.emplace_back(lo, hi);
    if (ranges_[i].second < o.ranges_[j].second)
      ++i;
    else
      ++j;
  }
  return s;
}

bool CodePointSet::contains(uint32_t c) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), c,
                             [](uint32_t v, const Range &r) { return v < r.first; });
  return it != ranges_.begin() && std::prev(it)->second >= c;
}

std::string CodePointSet::key() const {
  std::string k;
  for (const Range &r : ranges_)
    k += std::to_string(r.first) + "-" + std::to_string(r.second) + ",";
  return k;
}

} // namespace decc::jsonschema
