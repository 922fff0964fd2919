//===- CodePointSet.h - Sets of Unicode code points as sorted ranges -*- C++ -*-===//
#ifndef DECC_JSONSCHEMA_CODEPOINTSET_H
#define DECC_JSONSCHEMA_CODEPOINTSET_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace decc::jsonschema {

constexpr uint32_t kMaxCodePoint = 0x10FFFF;

/// Disjoint, sorted, non-adjacent closed ranges.
class CodePointSet {
public:
  using Range = std::pair<uint32_t, uint32_t>;
  CodePointSet() = default;
  static CodePointSet of(uint32_t lo, uint32_t hi) { CodePointSet s; s.add(lo, hi); return s; }
  static CodePointSet single(uint32_t c) { return of(c, c); }
  static CodePointSet all() { return of(0, kMaxCodePoint); }

  void add(uint32_t lo, uint32_t hi);
  void add(const CodePointSet &o) { for (auto &r : o.ranges_) add(r.first, r.second); }
  CodePointSet complement() const;
  CodePointSet intersect(const CodePointSet &o) const;
  CodePointSet minus(const CodePointSet &o) const { return intersect(o.complement()); }
  bool contains(uint32_t c) const;
  bool empty() const { return ranges_.empty(); }
  bool operator==(const CodePointSet &o) const { return ranges_ == o.ranges_; }
  const std::vector<Range> &ranges() const { return ranges_; }
  /// A stable textual key (rule memoisation).
  std::string key() const;

private:
  std::vector<Range> ranges_;
};

} // namespace decc::jsonschema

#endif
