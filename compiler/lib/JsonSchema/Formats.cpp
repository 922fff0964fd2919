//===- Formats.cpp --------------------------------------------------------===//
#include "Formats.h"

#include "DigitRanges.h"

namespace decc::jsonschema {
using namespace gbnf;

namespace {
ExprP d(unsigned lo = 0, unsigned hi = 9) { return cls(decDigits(lo, hi)); }
CodePointSet charSet(const std::string &s) {
  CodePointSet set;
  for (char c : s) set.add(uint32_t(c), uint32_t(c));
  return set;
}
ExprP chars(const std::string &s) { return cls(charSet(s)); }
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
  ExprP fraction = opt(seq({lit("."), rep(d(), 1, std::nullopt)}));
  ExprP partial = seq({hour, lit(":"), minute, lit(":"), twoDigits(0, 59), fraction});
  ExprP offset = alt({chars("Zz"), seq({chars("+-"), hour, lit(":"), minute})});
  // A leap second ends a UTC day: 23:59:60 under an offset that is UTC
  // (-00:00 is UTC with the local offset unknown, RFC 3339 section 4.3).
  // Under another offset it is the local time 23:59 minus that offset, a
  // pairing of 1,440 local times with their offsets per sign that crosses
  // the fraction, so nothing is shared: built, it had 19,097 automaton states
  // (38 without) and took 21 ms to compile, for every time and date-time
  // (docs/json-schema.md, "Optional tests"). Left out.
  ExprP utc = alt({chars("Zz"), seq({chars("+-"), lit("00:00")})});
  return alt({seq({ref(g.add("partial-time", partial)), offset}), seq({lit("23:59:60"), fraction, utc})});
}

ExprP hostname(Grammar &g) {
  ExprP inner = rep(alt({alnum(), lit("-")}), 0, 61);
  ExprP label = seq({alnum(), opt(seq({inner, alnum()}))});
  std::string l = g.add("dns-label", label);
  return seq({ref(l), star(seq({lit("."), ref(l)}))});
}

ExprP ipv4Address(Grammar &g) {
  ExprP octet = alt({d(), seq({d(1, 9), d()}), seq({lit("1"), d(), d()}), seq({lit("2"), d(0, 4), d()}),
                     seq({lit("25"), d(0, 5)})});
  std::string o = g.add("ipv4-octet", octet);
  return ref(g.add("ipv4-address", seq({ref(o), lit("."), ref(o), lit("."), ref(o), lit("."), ref(o)})));
}

/// IPv6 text (RFC 4291 section 2.2, RFC 3986's IPv6address): eight groups of
/// 1-4 hex digits, the last two possibly a dotted quad; "::" once, for at
/// least one zero group, so that at most `maxWithGap` groups are written
/// around it (7; RFC 5321's address literals: 6, "::" standing for at least
/// two groups).
ExprP ipv6Address(Grammar &g, unsigned maxWithGap) {
  std::string h16 = g.add("ipv6-h16", rep(hex(), 1, 4));
  std::string v4 = ipv4Address(g)->text;
  // `n` groups, each followed by ":".
  auto groupsColon = [&](unsigned lo, unsigned hi) { return rep(seq({ref(h16), lit(":")}), lo, hi); };
  // 1..n groups separated by ":".
  auto groups = [&](unsigned n) { return seq({ref(h16), rep(seq({lit(":"), ref(h16)}), 0, n - 1)}); };
  std::vector<ExprP> forms = {seq({groupsColon(7, 7), ref(h16)}), seq({groupsColon(6, 6), ref(v4)})};
  // Left of "::": `left` groups; right: up to maxWithGap - left groups, the
  // last two of which may be a dotted quad.
  for (unsigned left = 0; left <= maxWithGap; ++left) {
    ExprP lhs = left ? seq({ref(h16), rep(seq({lit(":"), ref(h16)}), left - 1, left - 1)}) : empty();
    unsigned room = maxWithGap - left;
    std::vector<ExprP> rhs = {empty()};
    if (room >= 1) rhs.push_back(groups(room));
    if (room >= 2) rhs.push_back(seq({groupsColon(0, room - 2), ref(v4)}));
    forms.push_back(seq({lhs, lit("::"), alt(rhs)}));
  }
  return ref(g.add(maxWithGap == 7 ? "ipv6-address" : "ipv6-address-smtp", alt(forms)));
}

ExprP email(Grammar &g) {
  ExprP atext = alt({alnum(), chars("!#$%&'*+/=?^_`{|}~-")});
  ExprP atom = rep(atext, 1, std::nullopt);
  std::string a = g.add("email-atom", atom);
  // RFC 5321 Quoted-string: printable ASCII, `"` and `\` only after a
  // backslash; in the JSON string each of `"` and `\` is spelled escaped.
  CodePointSet plain = CodePointSet::of(' ', '~').minus(charSet("\"\\"));
  ExprP escapedChar = alt({cls(plain), lit("\\\""), lit("\\\\")});
  ExprP quoted = seq({lit("\\\""), star(alt({cls(plain), seq({lit("\\\\"), escapedChar})})), lit("\\\"")});
  ExprP local = alt({seq({ref(a), star(seq({lit("."), ref(a)}))}), ref(g.add("email-quoted", quoted))});
  // Address literals: IPv4 (without leading zeros) and IPv6 ("IPv6:" in any
  // case); general address literals need a tag registered with IANA, left out.
  ExprP literal = seq({lit("["), alt({ipv4Address(g), seq({chars("Ii"), chars("Pp"), chars("Vv"), lit("6:"),
                                                           ipv6Address(g, 6)})}),
                       lit("]")});
  return seq({local, lit("@"), alt({hostname(g), literal})});
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
  ExprP ipFuture = seq({chars("vV"), rep(hex(), 1, std::nullopt), lit("."),
                        rep(alt({unreserved, subDelims, lit(":")}), 1, std::nullopt)});
  ExprP ipLiteral = seq({lit("["), alt({ipv6Address(g, 7), ipFuture}), lit("]")});
  ExprP host = alt({ipLiteral, star(alt({unreserved, pct, subDelims}))});
  ExprP authority = seq({opt(seq({userinfo, lit("@")})), host, opt(seq({lit(":"), star(d())}))});
  ExprP pathAbempty = star(seq({lit("/"), segment}));
  ExprP hier = alt({seq({lit("//"), authority, pathAbempty}),
                    seq({lit("/"), opt(seq({segmentNz, pathAbempty}))}),
                    seq({segmentNz, pathAbempty}), empty()});
  ExprP tail = star(alt({ref(pchar), chars("/?")}));
  return seq({scheme, lit(":"), hier, opt(seq({lit("?"), tail})), opt(seq({lit("#"), tail}))});
}

} // namespace

ExprP formatGrammar(const std::string &format, Grammar &g) {
  if (format == "date") return date(g);
  if (format == "time") return time(g);
  if (format == "date-time") return seq({date(g), chars("Tt"), time(g)});
  if (format == "email") return email(g);
  if (format == "uuid") return uuid();
  if (format == "uri") return uri(g);
  if (format == "ipv4") return ipv4Address(g);
  if (format == "ipv6") return ipv6Address(g, 7);
  return nullptr;
}

} // namespace decc::jsonschema
