//===- GbnfPrinter.cpp ----------------------------------------------------===//

#include "decc/Grammar/GbnfPrinter.h"

#include "Utf8Decode.h"

#include <cctype>
#include <cstdio>
#include <set>

namespace decc {
namespace grammar {
namespace {

std::string hexEscape(uint32_t cp) {
  char buf[16];
  if (cp <= 0xFF)
    std::snprintf(buf, sizeof buf, "\\x%02X", cp);
  else if (cp <= 0xFFFF)
    std::snprintf(buf, sizeof buf, "\\u%04X", cp);
  else
    std::snprintf(buf, sizeof buf, "\\U%08X", cp);
  return buf;
}

/// GBNF escapes name code points, so every character outside printable
/// ASCII is written as one; inside classes so are the characters GBNF
/// gives a meaning there (`^` first, `-` between, brackets, backslash).
std::string charText(uint32_t cp, bool inClass) {
  if (cp == '\n')
    return "\\n";
  if (cp == '\t')
    return "\\t";
  if (cp == '\r')
    return "\\r";
  if (cp == '\\' || cp == '"')
    return std::string("\\") + static_cast<char>(cp);
  if (cp < 0x20 || cp >= 0x7F)
    return hexEscape(cp);
  if (inClass && (cp == '[' || cp == ']' || cp == '^' || cp == '-'))
    return hexEscape(cp);
  return std::string(1, static_cast<char>(cp));
}

class Printer {
public:
  explicit Printer(const Grammar &g) : g_(g), names_(g.rules.size()) {
    std::set<std::string> used{"root"};
    names_[g.root] = "root";
    for (size_t i = 0; i < g.rules.size(); ++i) {
      if (i == g.root)
        continue;
      std::string base;
      for (char c : g.rules[i].name)
        base += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '-';
      if (base.empty())
        base = "rule";
      std::string name = base;
      for (unsigned n = 2; !used.insert(name).second; ++n)
        name = base + "-" + std::to_string(n);
      names_[i] = name;
    }
  }

  std::string print() {
    std::string out;
    rule(g_.root, out);
    for (uint32_t i = 0; i < g_.rules.size(); ++i)
      if (i != g_.root && g_.rules[i].defined)
        rule(i, out);
    return out;
  }

private:
  void rule(uint32_t i, std::string &out) {
    out += names_[i] + " ::= ";
    expr(g_.rules[i].body, out, /*inSeq=*/false);
    out += '\n';
  }

  void atom(const Expr &e, std::string &out) {
    if (e.kind == Expr::Kind::Literal || e.kind == Expr::Kind::Class ||
        e.kind == Expr::Kind::Ref) {
      expr(e, out, true);
      return;
    }
    out += '(';
    expr(e, out, false);
    out += ')';
  }

  void expr(const Expr &e, std::string &out, bool inSeq) {
    switch (e.kind) {
    case Expr::Kind::Literal:
      out += '"';
      for (size_t i = 0; i < e.bytes.size();) {
        uint32_t cp = 0;
        size_t len = decodeUtf8(e.bytes, i, cp);
        // Front ends build literals from code points: always valid UTF-8.
        i += len ? len : 1;
        out += charText(cp, false);
      }
      out += '"';
      return;
    case Expr::Kind::Class:
      if (e.negated && e.ranges.empty()) {
        out += '.';
        return;
      }
      out += e.negated ? "[^" : "[";
      for (const CodepointRange &r : e.ranges) {
        out += charText(r.lo, true);
        if (r.hi != r.lo)
          out += "-" + charText(r.hi, true);
      }
      out += ']';
      return;
    case Expr::Kind::Ref:
      out += names_[e.rule];
      return;
    case Expr::Kind::Seq:
      if (e.items.empty())
        out += "\"\"";
      for (size_t i = 0; i < e.items.size(); ++i) {
        if (i)
          out += ' ';
        if (e.items[i].kind == Expr::Kind::Alt)
          atom(e.items[i], out);
        else
          expr(e.items[i], out, true);
      }
      return;
    case Expr::Kind::Alt:
      if (e.items.empty()) {
        out += "[]"; // the empty language
        return;
      }
      if (inSeq)
        out += '(';
      for (size_t i = 0; i < e.items.size(); ++i) {
        if (i)
          out += " | ";
        expr(e.items[i], out, false);
      }
      if (inSeq)
        out += ')';
      return;
    case Expr::Kind::Repeat:
      atom(e.items[0], out);
      if (e.min == 0 && e.max == 1)
        out += '?';
      else if (e.min == 0 && e.max == kUnbounded)
        out += '*';
      else if (e.min == 1 && e.max == kUnbounded)
        out += '+';
      else if (e.max == kUnbounded)
        out += "{" + std::to_string(e.min) + ",}";
      else if (e.min == e.max)
        out += "{" + std::to_string(e.min) + "}";
      else
        out += "{" + std::to_string(e.min) + "," + std::to_string(e.max) + "}";
      return;
    }
  }

  const Grammar &g_;
  std::vector<std::string> names_;
};

} // namespace

std::string printGbnf(const Grammar &g) { return Printer(g).print(); }

} // namespace grammar
} // namespace decc
