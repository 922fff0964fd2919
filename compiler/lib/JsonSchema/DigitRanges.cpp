//===- DigitRanges.cpp ----------------------------------------------------===//
#include "DigitRanges.h"

namespace decc::jsonschema {
using namespace gbnf;

CodePointSet hexDigits(unsigned lo, unsigned hi) {
  CodePointSet s;
  for (unsigned d = lo; d <= hi; ++d) {
    if (d < 10) {
      s.add('0' + d, '0' + d);
    } else {
      s.add('a' + d - 10, 'a' + d - 10);
      s.add('A' + d - 10, 'A' + d - 10);
    }
  }
  return s;
}

CodePointSet decDigits(unsigned lo, unsigned hi) { return CodePointSet::of('0' + lo, '0' + hi); }

ExprP fixedWidthRange(const std::vector<unsigned> &lo, const std::vector<unsigned> &hi,
                      unsigned base, const DigitClass &digits) {
  size_t n = lo.size();
  if (n == 0)
    return empty();
  std::vector<unsigned> loRest(lo.begin() + 1, lo.end()), hiRest(hi.begin() + 1, hi.end());
  if (lo[0] == hi[0])
    return seq({cls(digits(lo[0], lo[0])), fixedWidthRange(loRest, hiRest, base, digits)});
  bool loMin = true, hiMax = true;
  for (unsigned d : loRest) loMin &= d == 0;
  for (unsigned d : hiRest) hiMax &= d == base - 1;
  auto any = [&](unsigned a, unsigned b) {
    return seq({cls(digits(a, b)), rep(cls(digits(0, base - 1)), n - 1, n - 1)});
  };
  std::vector<ExprP> alts;
  unsigned a = lo[0], b = hi[0];
  if (!loMin) {
    std::vector<unsigned> maxRest(n - 1, base - 1);
    alts.push_back(seq({cls(digits(a, a)), fixedWidthRange(loRest, maxRest, base, digits)}));
    ++a;
  }
  std::optional<ExprP> upper;
  if (!hiMax) {
    std::vector<unsigned> minRest(n - 1, 0);
    upper = seq({cls(digits(b, b)), fixedWidthRange(minRest, hiRest, base, digits)});
    --b;
  }
  if (a <= b)
    alts.push_back(any(a, b));
  if (upper)
    alts.push_back(*upper);
  return alt(alts);
}

BigInt BigInt::parse(const std::string &s) {
  BigInt r;
  size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    r.negative = true;
    ++i;
  }
  while (i + 1 < s.size() && s[i] == '0')
    ++i;
  r.magnitude = s.substr(i);
  if (r.magnitude.empty())
    r.magnitude = "0";
  if (r.magnitude == "0")
    r.negative = false;
  return r;
}

BigInt BigInt::operator-() const {
  BigInt r = *this;
  r.negative = magnitude != "0" && !negative;
  return r;
}

namespace {
int compareMag(const std::string &a, const std::string &b) {
  if (a.size() != b.size())
    return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : (a > b ? 1 : 0);
}
std::string incMag(std::string m) {
  int i = int(m.size()) - 1;
  while (i >= 0 && m[i] == '9')
    m[i--] = '0';
  if (i < 0)
    return "1" + m;
  ++m[i];
  return m;
}
std::string decMag(std::string m) {  // m > 0
  int i = int(m.size()) - 1;
  while (m[i] == '0')
    m[i--] = '9';
  --m[i];
  size_t z = m.find_first_not_of('0');
  return z == std::string::npos ? "0" : m.substr(z);
}
std::vector<unsigned> digitsOf(const std::string &s) {
  std::vector<unsigned> d;
  for (char c : s) d.push_back(unsigned(c - '0'));
  return d;
}
/// Natural numbers in [lo, hi] (hi unset = unbounded), as JSON spells them.
ExprP naturalRange(const std::string &lo, const std::optional<std::string> &hi) {
  if (hi && compareMag(lo, *hi) > 0)
    return nothing();
  std::vector<ExprP> alts;
  size_t last = hi ? hi->size() : lo.size();
  for (size_t len = lo.size(); len <= last; ++len) {
    std::string a = len == lo.size() ? lo : "1" + std::string(len - 1, '0');
    std::string b = hi && len == hi->size() ? *hi : std::string(len, '9');
    alts.push_back(fixedWidthRange(digitsOf(a), digitsOf(b), 10, decDigits));
  }
  if (!hi)
    alts.push_back(seq({cls(decDigits(1, 9)), rep(cls(decDigits(0, 9)), lo.size(), std::nullopt)}));
  return alt(alts);
}
} // namespace

int compare(const BigInt &a, const BigInt &b) {
  if (a.negative != b.negative)
    return a.negative ? -1 : 1;
  int c = compareMag(a.magnitude, b.magnitude);
  return a.negative ? -c : c;
}

BigInt BigInt::plusOne() const {
  if (!negative)
    return parse(incMag(magnitude));
  return -parse(decMag(magnitude));
}
BigInt BigInt::minusOne() const { return -((-*this).plusOne()); }

ExprP integerRange(const std::optional<BigInt> &lo, const std::optional<BigInt> &hi) {
  if (lo && hi && compare(*lo, *hi) > 0)
    return nothing();
  BigInt zero;
  std::vector<ExprP> alts;
  // Non-negative part.
  if (!hi || !hi->negative) {
    std::string from = lo && !lo->negative ? lo->magnitude : "0";
    std::optional<std::string> to;
    if (hi) to = hi->magnitude;
    alts.push_back(naturalRange(from, to));
  }
  // Negative part: -x with x in [max(1, -hi), -lo].
  if (!lo || lo->negative) {
    std::string from = hi && hi->negative ? hi->magnitude : "1";
    std::optional<std::string> to;
    if (lo) to = lo->magnitude;
    alts.push_back(seq({lit("-"), naturalRange(from, to)}));
  }
  // "-0" is zero.
  if ((!lo || compare(*lo, zero) <= 0) && (!hi || compare(*hi, zero) >= 0))
    alts.push_back(lit("-0"));
  return alt(alts);
}

} // namespace decc::jsonschema
