//===- Decimal.h - Exact decimal values of JSON numbers ---------*- C++ -*-===//
//
// Bounds and constants are compared and spelled exactly: a JSON number is
// sign, integer digits and fraction digits (no exponent after
// normalisation), so 1, 1.0 and 1e0 are the same value.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_DECIMAL_H
#define DECC_JSONSCHEMA_DECIMAL_H

#include "DigitRanges.h"
#include "Gbnf.h"

#include <optional>
#include <string>

namespace decc::jsonschema {

struct Decimal {
  bool negative = false;       ///< never set for zero
  std::string integer = "0";   ///< no leading zeros
  std::string fraction;        ///< no trailing zeros
  /// An exponent may write out at most this many zeros (1e4000 is a
  /// 4001-digit integer, 1e-4001 has 4000 zeros after the point): beyond,
  /// the written-out value would be unreasonably long.
  static constexpr long long kMaxAddedZeros = 4000;
  /// A JSON number's text ("-1.5e+3"), exactly; nullopt if malformed or
  /// beyond kMaxAddedZeros. Zero is zero whatever its sign and exponent.
  static std::optional<Decimal> parse(const std::string &text);
  bool isInteger() const { return fraction.empty(); }
  bool isZero() const { return integer == "0" && fraction.empty(); }
  Decimal abs() const { Decimal d = *this; d.negative = false; return d; }
  Decimal operator-() const { Decimal d = *this; d.negative = !isZero() && !negative; return d; }
  BigInt floor() const;
  BigInt ceil() const;
  std::string str() const;
};
int compare(const Decimal &a, const Decimal &b);

/// Every JSON spelling without exponent of exactly this value: optional
/// trailing fraction zeros, and "-" for zero.
gbnf::ExprP decimalLiteral(const Decimal &d);

struct DecimalBound {
  Decimal value;
  bool exclusive = false;
};
/// Numbers (no exponent) in the interval; either bound may be absent.
gbnf::ExprP decimalRange(const std::optional<DecimalBound> &lo, const std::optional<DecimalBound> &hi);

} // namespace decc::jsonschema

#endif
