//===- DigitRanges.h - Grammars for ranges of numerals ----------*- C++ -*-===//
//
// The classic construction: a range of fixed-width numerals splits into at
// most 2*width pieces `prefix [a-b] any{k}`. Used in base 16 for \uXXXX
// escapes and in base 10 for integer bounds of any size (decimal strings, no
// machine-integer limit).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_DIGITRANGES_H
#define DECC_JSONSCHEMA_DIGITRANGES_H

#include "Gbnf.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace decc::jsonschema {

/// The set of characters spelling digit values [lo, hi] in some base.
using DigitClass = std::function<CodePointSet(unsigned lo, unsigned hi)>;

/// Numerals of exactly lo.size() digits between lo and hi (same width,
/// most significant first).
gbnf::ExprP fixedWidthRange(const std::vector<unsigned> &lo, const std::vector<unsigned> &hi,
                            unsigned base, const DigitClass &digits);

/// Hex digits, either case.
CodePointSet hexDigits(unsigned lo, unsigned hi);
CodePointSet decDigits(unsigned lo, unsigned hi);

/// A signed integer of any size as sign + decimal magnitude (no leading zeros).
struct BigInt {
  bool negative = false;
  std::string magnitude = "0";
  static BigInt parse(const std::string &s);  ///< "-123", "45"
  BigInt operator-() const;
  BigInt plusOne() const;
  BigInt minusOne() const;
  std::string str() const { return (negative ? "-" : "") + magnitude; }
};
int compare(const BigInt &a, const BigInt &b);

/// JSON integers (no leading zeros; "-0" allowed where 0 is in range)
/// between lo and hi, either of which may be unbounded. Empty when lo > hi.
gbnf::ExprP integerRange(const std::optional<BigInt> &lo, const std::optional<BigInt> &hi);

} // namespace decc::jsonschema

#endif
