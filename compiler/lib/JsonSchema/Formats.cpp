//===- Formats.cpp --------------------------------------------------------===//
#include "Formats.h"

#include "DigitRanges.h"

namespace decc::jsonschema {
using namespace gbnf;

namespace {
ExprP d(unsigned lo = 0, unsigned hi = 9) { return cls(decDigits(lo, hi)); }
ExprP chars(const std::string &s) {
  CodePointSet set;
  for (char c : s) set.add(uint32_t(c), uint32_t(c));
  return cls(set);
}
ExprP alnum() { return chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"); }
ExprP hex() { return cls(hexDigits(0, 15)); }
/// Two-digit numbers in [lo, hi].
ExprP twoDigits(unsigned lo, unsigned hi) {
  return fixedWidthRange({lo / 10, lo % 10}, {hi / 10, hi % 10}, 10, decDigits);
}

ExprP date(Grammar &g) {
  ExprP year = rep(d(), 4, 4);
  // Years divisible by 4, except centuries not divisible by 400.
  ExprP mult4 = alt({seq({d(0, 0), chars("48")}), seq({chars("2468"), chars("048")}),
                     seq({chars("13579"), chars("26")})});
  ExprP mult4or0 = alt({seq({chars("02468"), chars("048")}), seq({chars("13579"), chars("26")})});
  ExprP leapYear = alt({seq({d(), d(), mult4}), seq({mult4or0, lit("00")})});
  ExprP long31 = alt({lit("01"), lit("03"), lit("05"), lit("07"), lit("08"), lit("10"), lit("12")});
  ExprP short30 = alt({lit("04"), lit("06"), lit("09"), lit("11")});
  std::string y = g.add("year", year);
  return alt({seq({ref(y), lit("-"), long31, lit("-"), twoDigits(1, 31)}),
              seq({ref(y), lit("-"), short30, lit("-"), twoDigits(1, 30)}),
              seq({ref(y), lit("-02-"), twoDigits(1, 28)}),
              seq({ref(g.add("leap-year", leapYear)), lit("-02-29")})});
}

ExprP time(Grammar &g) {
  ExprP hour = twoDigits(0, 23), minute = twoDigits(0, 59);
  ExprP partial = seq({hour, lit(":"), minute, lit(":"), twoDigits(0, 59), opt(seq({lit("."), rep(d(), 1, std::nullopt)}))});
  ExprP offset = alt({chars("Zz"), seq({chars("+-"), hour, lit(":"), minute})});
  return seq({ref(g.add("partial-time", partial)), offset});
}

ExprP hostname(Grammar &g) {
  ExprP inner = rep(alt({alnum(), lit("-")}), 0, 61);
  ExprP label = seq({alnum(), opt(seq({inner, alnum()}))});
  std::string l = g.add("dns-label", label);
  return seq({ref(l), star(seq({lit("."), ref(l)}))});
}

ExprP email(Grammar &g) {
  ExprP atext = alt({alnum(), chars("!#$%&'*+/=?^_`{|}~-")});
  ExprP atom = rep(atext, 1, std::nullopt);
  std::string a = g.add("email-atom", atom);
  return seq({ref(a), star(seq({lit("."), ref(a)})), lit("@"), hostname(g)});
}

ExprP uuid() {
  ExprP h = hex();
  return seq({rep(h, 8, 8), lit("-"), rep(h, 4, 4), lit("-"), rep(h, 4, 4), lit("-"), rep(h, 4, 4),
              lit("-"), rep(h, 12, 12)});
}

ExprP uri(Grammar &g) {
  ExprP unreserved = alt({alnum(), chars("-._~")});
  ExprP pct = seq({lit("%"), hex(), hex()});
  ExprP subDelims = chars("!$&'()*+,;=");
  std::string pchar = g.add("uri-pchar", alt({unreserved, pct, subDelims, chars(":@")}));
  ExprP segment = star(ref(pchar));
  ExprP segmentNz = rep(ref(pchar), 1, std::nullopt);
  ExprP scheme = seq({alt({cls(CodePointSet::of('a', 'z')), cls(CodePointSet::of('A', 'Z'))}),
                star(alt({alnum(), chars("+-.")}))});
  ExprP userinfo = star(alt({unreserved, pct, subDelims, lit(":")}));
  ExprP host = star(alt({unreserved, pct, subDelims}));
  ExprP authority = seq({opt(seq({userinfo, lit("@")})), host, opt(seq({lit(":"), star(d())}))});
  ExprP pathAbempty = star(seq({lit("/"), segment}));
  ExprP hier = alt({seq({lit("//"), authority, pathAbempty}),
                    seq({lit("/"), opt(seq({segmentNz, pathAbempty}))}),
                    seq({segmentNz, pathAbempty}), empty()});
  ExprP tail = star(alt({ref(pchar), chars("/?")}));
  return seq({scheme, lit(":"), hier, opt(seq({lit("?"), tail})), opt(seq({lit("#"), tail}))});
}

ExprP ipv4(Grammar &g) {
  ExprP octet = alt({d(), seq({d(1, 9), d()}), seq({lit("1"), d(), d()}), seq({lit("2"), d(0, 4), d()}),
                     seq({lit("25"), d(0, 5)})});
  std::string o = g.add("ipv4-octet", octet);
  return seq({ref(o), lit("."), ref(o), lit("."), ref(o), lit("."), ref(o)});
}
} // namespace

ExprP formatGrammar(const std::string &format, Grammar &g) {
  if (format == "date") return date(g);
  if (format == "time") return time(g);
  if (format == "date-time") return seq({date(g), chars("Tt"), time(g)});
  if (format == "email") return email(g);
  if (format == "uuid") return uuid();
  if (format == "uri") return uri(g);
  if (format == "ipv4") return ipv4(g);
  return nullptr;
}

} // namespace decc::jsonschema
