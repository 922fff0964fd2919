//===- Decimal.cpp --------------------------------------------------------===//
#include "Decimal.h"

#include <cctype>
#include <cstdlib>

namespace decc::jsonschema {
using namespace gbnf;

std::optional<Decimal> Decimal::parse(const std::string &text) {
  size_t i = 0;
  bool neg = false;
  if (i < text.size() && text[i] == '-') {
    neg = true;
    ++i;
  }
  std::string digits;
  long long exp = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    digits += text[i++];
  if (digits.empty())
    return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      digits += text[i++];
      --exp;
    }
    if (i == start)
      return std::nullopt;
  }
  bool hugeExponent = false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
      eneg = text[i++] == '-';
    std::string e;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      e += text[i++];
    if (e.empty())
      return std::nullopt;
    size_t z = e.find_first_not_of('0');
    e = z == std::string::npos ? "0" : e.substr(z);
    if (e.size() > 9)
      hugeExponent = true;
    else
      exp += eneg ? -std::stoll(e) : std::stoll(e);
  }
  if (i != text.size())
    return std::nullopt;
  Decimal d;
  // Normalised: digits without leading or trailing zeros, value digits * 10^exp.
  size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos)
    return d;  // zero, whatever the exponent and sign
  size_t trail = digits.find_last_not_of('0');
  exp += (long long)(digits.size() - 1 - trail);
  digits = digits.substr(lead, trail + 1 - lead);
  // The exponent may write out at most kMaxAddedZeros zeros (after the
  // digits, or between the point and the digits).
  long long n = (long long)digits.size();
  if (hugeExponent || exp > kMaxAddedZeros || -exp - n > kMaxAddedZeros)
    return std::nullopt;
  if (exp >= 0) {
    d.integer = digits + std::string(size_t(exp), '0');
  } else if (-exp >= n) {
    d.fraction = std::string(size_t(-exp - n), '0') + digits;
  } else {
    d.integer = digits.substr(0, size_t(n + exp));
    d.fraction = digits.substr(size_t(n + exp));
  }
  d.negative = neg;
  return d;
}

std::string Decimal::str() const {
  return (negative ? "-" : "") + integer + (fraction.empty() ? "" : "." + fraction);
}

int compare(const Decimal &a, const Decimal &b) {
  if (a.negative != b.negative)
    return a.negative ? -1 : 1;
  int c = 0;
  if (a.integer.size() != b.integer.size())
    c = a.integer.size() < b.integer.size() ? -1 : 1;
  else if (a.integer != b.integer)
    c = a.integer < b.integer ? -1 : 1;
  else if (a.fraction != b.fraction)
    c = a.fraction < b.fraction ? -1 : 1;  // no trailing zeros: lexicographic order is numeric
  return a.negative ? -c : c;
}

BigInt Decimal::floor() const {
  BigInt i = BigInt::parse((negative ? "-" : "") + integer);
  return negative && !fraction.empty() ? i.minusOne() : i;
}
BigInt Decimal::ceil() const {
  BigInt i = BigInt::parse((negative ? "-" : "") + integer);
  return !negative && !fraction.empty() ? i.plusOne() : i;
}

namespace {
ExprP digit(unsigned lo = 0, unsigned hi = 9) { return cls(decDigits(lo, hi)); }
ExprP digits0() { return star(digit()); }
std::string rest(const std::string &s) { return s.empty() ? s : s.substr(1); }

struct FracBound {
  std::string digits;  ///< no trailing zeros; "" = 0
  bool strict = false;
};

/// Fraction digit strings s (value 0.s, s possibly empty when !nonempty)
/// with lo <= 0.s <= hi (strict variants too); hi absent = below 1.
ExprP fracDigits(const FracBound &lo, const std::optional<FracBound> &hi, bool nonempty) {
  if (hi && hi->digits.empty()) {
    // 0.s <= 0: s is all zeros, and 0 must satisfy the lower bound.
    if (hi->strict || !lo.digits.empty() || lo.strict)
      return nothing();
    return rep(lit("0"), nonempty ? 1 : 0, std::nullopt);
  }
  if (lo.digits.empty() && !hi) {
    if (!lo.strict)
      return rep(digit(), nonempty ? 1 : 0, std::nullopt);
    return seq({digits0(), digit(1, 9), digits0()});
  }
  std::vector<ExprP> alts;
  // s empty: value 0, which is >= lo only when lo is 0 (non-strict); any hi
  // left here is above 0.
  if (!nonempty && lo.digits.empty() && !lo.strict)
    alts.push_back(empty());
  unsigned l1 = lo.digits.empty() ? 0 : unsigned(lo.digits[0] - '0');
  unsigned h1 = hi ? unsigned(hi->digits[0] - '0') : 10;
  FracBound loRest{rest(lo.digits), lo.strict};
  std::optional<FracBound> hiRest;
  if (hi) hiRest = FracBound{rest(hi->digits), hi->strict};
  if (hi && l1 == h1) {
    alts.push_back(seq({digit(l1, l1), fracDigits(loRest, hiRest, false)}));
  } else {
    alts.push_back(seq({digit(l1, l1), fracDigits(loRest, std::nullopt, false)}));
    if (l1 + 1 <= h1 - 1 && l1 + 1 <= 9)
      alts.push_back(seq({digit(l1 + 1, std::min(h1 - 1, 9u)), digits0()}));
    if (hi)
      alts.push_back(seq({digit(h1, h1), fracDigits(FracBound{}, hiRest, false)}));
  }
  return alt(alts);
}

/// The optional fraction part ("." digits) of a number whose fraction value
/// lies in the bounds.
ExprP fractionPart(const FracBound &lo, const std::optional<FracBound> &hi) {
  std::vector<ExprP> alts;
  bool zeroOk = lo.digits.empty() && !lo.strict && !(hi && hi->digits.empty() && hi->strict);
  if (zeroOk)
    alts.push_back(empty());
  alts.push_back(seq({lit("."), fracDigits(lo, hi, true)}));
  return alt(alts);
}

/// Magnitudes (no sign) in [lo, hi] (hi absent = unbounded), lo >= 0.
ExprP magnitudeRange(const DecimalBound &lo, const std::optional<DecimalBound> &hi) {
  if (hi) {
    int c = compare(lo.value, hi->value);
    if (c > 0 || (c == 0 && (lo.exclusive || hi->exclusive)))
      return nothing();
  }
  BigInt a = BigInt::parse(lo.value.integer);
  FracBound alpha{lo.value.fraction, lo.exclusive};
  std::vector<ExprP> alts;
  if (hi && hi->value.integer == lo.value.integer) {
    alts.push_back(seq({lit(a.magnitude), fractionPart(alpha, FracBound{hi->value.fraction, hi->exclusive})}));
    return alt(alts);
  }
  alts.push_back(seq({lit(a.magnitude), fractionPart(alpha, std::nullopt)}));
  std::optional<BigInt> midHi;
  if (hi)
    midHi = BigInt::parse(hi->value.integer).minusOne();
  ExprP anyFrac = opt(seq({lit("."), rep(digit(), 1, std::nullopt)}));
  alts.push_back(seq({integerRange(a.plusOne(), midHi), anyFrac}));
  if (hi)
    alts.push_back(seq({lit(hi->value.integer), fractionPart(FracBound{}, FracBound{hi->value.fraction, hi->exclusive})}));
  return alt(alts);
}
} // namespace

ExprP decimalLiteral(const Decimal &d) {
  ExprP frac = d.fraction.empty() ? opt(seq({lit("."), rep(lit("0"), 1, std::nullopt)}))
                                  : seq({lit("." + d.fraction), star(lit("0"))});
  ExprP body = seq({lit(d.integer), frac});
  if (d.isZero())
    return seq({opt(lit("-")), body});
  return d.negative ? seq({lit("-"), body}) : body;
}

ExprP decimalRange(const std::optional<DecimalBound> &lo, const std::optional<DecimalBound> &hi) {
  Decimal zero;
  std::vector<ExprP> alts;
  // Values >= 0 without a sign: magnitude in [max(lo, 0), hi].
  if (!hi || !hi->value.negative) {
    DecimalBound from{zero, false};
    if (lo && !lo->value.negative)
      from = *lo;
    alts.push_back(magnitudeRange(from, hi));
  }
  // Values <= 0 with a sign: magnitude in [max(-hi, 0), -lo]; "-0" is zero.
  if (!lo || lo->value.negative || lo->value.isZero()) {
    DecimalBound from{zero, false};
    if (hi && (hi->value.negative || hi->value.isZero()))
      from = DecimalBound{hi->value.abs(), hi->exclusive};
    std::optional<DecimalBound> to;
    if (lo)
      to = DecimalBound{lo->value.abs(), lo->exclusive};
    alts.push_back(seq({lit("-"), magnitudeRange(from, to)}));
  }
  return alt(alts);
}

} // namespace decc::jsonschema
