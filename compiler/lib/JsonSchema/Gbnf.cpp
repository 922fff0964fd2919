//===- Gbnf.cpp -----------------------------------------------------------===//
#include "Gbnf.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>

namespace decc::jsonschema::gbnf {

namespace {
ExprP make(Expr e) { return std::make_shared<const Expr>(std::move(e)); }

bool isEmptyString(const ExprP &e) { return e->kind == Expr::Literal && e->text.empty(); }

void appendUtf8(std::string &out, uint32_t c) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | (c >> 18));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

std::string hex(uint32_t c, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*X", width, c);
  return buf;
}

/// A code point inside a character class: printable ASCII as itself (escaped
/// where class syntax needs it), everything else as \xHH / \uHHHH /
/// \UHHHHHHHH, so that the text stays ASCII and surrogate values print.
/// GBNF (llama.cpp's and ours) has no `\-` or `\^` escapes: those two are
/// written as \x2D / \x5E wherever they stand.
std::string classChar(uint32_t c) {
  if (c == '\\' || c == ']' || c == '[')
    return std::string("\\") + char(c);
  if (c == '^' || c == '-')
    return "\\x" + hex(c, 2);
  if (c >= 0x20 && c < 0x7F)
    return std::string(1, char(c));
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\t') return "\\t";
  if (c < 0x100) return "\\x" + hex(c, 2);
  if (c < 0x10000) return "\\u" + hex(c, 4);
  return "\\U" + hex(c, 8);
}

std::string printClass(const CodePointSet &s) {
  // The negated form when it is shorter: "[^\"\\\x00-\x1F]" reads better
  // than the ranges of its complement.
  CodePointSet comp = s.complement();
  bool negate = comp.ranges().size() < s.ranges().size() ||
                (comp.ranges().size() == s.ranges().size() && !s.ranges().empty() &&
                 s.ranges().back().second == kMaxCodePoint);
  // Surrogate code points never occur in UTF-8 text, so whether a class
  // contains them does not change its language; they are left out of the
  // printed form (GBNF parsers reject them as escapes).
  CodePointSet shown = (negate ? comp : s).minus(CodePointSet::of(0xD800, 0xDFFF));
  std::string out = negate ? "[^" : "[";
  for (auto [lo, hi] : shown.ranges()) {
    out += classChar(lo);
    if (hi > lo) {
      if (hi > lo + 1)
        out += '-';
      out += classChar(hi);
    }
  }
  return out + "]";
}

std::string printLiteral(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20 || c == 0x7F)
        out += "\\x" + hex(c, 2);
      else
        out += char(c);
    }
  }
  return out + "\"";
}

enum Prec { PAlt = 0, PSeq = 1, PAtom = 2 };

std::string printP(const ExprP &e, Prec ctx) {
  std::string s;
  Prec mine = PAtom;
  switch (e->kind) {
  case Expr::Nothing: return "[^\\x00-\\U0010FFFF]";  // never printed after pruning
  case Expr::Literal: return printLiteral(e->text);
  case Expr::Class: return printClass(e->set);
  case Expr::Ref: return e->text;
  case Expr::Seq:
    mine = PSeq;
    for (size_t i = 0; i < e->items.size(); ++i)
      s += (i ? " " : "") + printP(e->items[i], PSeq);
    break;
  case Expr::Alt:
    mine = PAlt;
    for (size_t i = 0; i < e->items.size(); ++i)
      s += (i ? " | " : "") + printP(e->items[i], PSeq);
    break;
  case Expr::Repeat: {
    s = printP(e->items[0], PAtom);
    if (e->min == 0 && !e->max) s += "*";
    else if (e->min == 1 && !e->max) s += "+";
    else if (e->min == 0 && e->max && *e->max == 1) s += "?";
    else if (e->max && *e->max == e->min) s += "{" + std::to_string(e->min) + "}";
    else if (!e->max) s += "{" + std::to_string(e->min) + ",}";
    else s += "{" + std::to_string(e->min) + "," + std::to_string(*e->max) + "}";
    return s;
  }
  }
  return mine < ctx ? "(" + s + ")" : s;
}
} // namespace

ExprP nothing() {
  static ExprP n = make(Expr{});
  return n;
}
ExprP empty() {
  static ExprP e = [] { Expr x; x.kind = Expr::Literal; return make(x); }();
  return e;
}
bool isNothing(const ExprP &e) { return e->kind == Expr::Nothing; }

ExprP lit(std::string utf8) {
  if (utf8.empty())
    return empty();
  Expr x;
  x.kind = Expr::Literal;
  x.text = std::move(utf8);
  return make(std::move(x));
}

ExprP cls(CodePointSet set) {
  if (set.empty())
    return nothing();
  if (set.ranges().size() == 1 && set.ranges()[0].first == set.ranges()[0].second &&
      set.ranges()[0].first >= 0x20 && !(set.ranges()[0].first >= 0xD800 && set.ranges()[0].first < 0xE000)) {
    std::string s;
    appendUtf8(s, set.ranges()[0].first);
    return lit(s);
  }
  Expr x;
  x.kind = Expr::Class;
  x.set = std::move(set);
  return make(std::move(x));
}

ExprP ref(std::string rule) {
  Expr x;
  x.kind = Expr::Ref;
  x.text = std::move(rule);
  return make(std::move(x));
}

ExprP seq(std::vector<ExprP> items) {
  Expr x;
  x.kind = Expr::Seq;
  for (ExprP &e : items) {
    if (isNothing(e))
      return nothing();
    if (isEmptyString(e))
      continue;
    // Adjacent literals fuse: `"a" "b"` prints as `"ab"`.
    if (e->kind == Expr::Literal && !x.items.empty() && x.items.back()->kind == Expr::Literal) {
      x.items.back() = lit(x.items.back()->text + e->text);
      continue;
    }
    if (e->kind == Expr::Seq)
      for (const ExprP &k : e->items)
        x.items.push_back(k);
    else
      x.items.push_back(std::move(e));
  }
  if (x.items.empty())
    return empty();
  if (x.items.size() == 1)
    return x.items[0];
  return make(std::move(x));
}

ExprP alt(std::vector<ExprP> items) {
  Expr x;
  x.kind = Expr::Alt;
  std::set<std::string> seen;
  for (ExprP &e : items) {
    if (isNothing(e))
      continue;
    std::vector<ExprP> flat = e->kind == Expr::Alt ? e->items : std::vector<ExprP>{e};
    for (ExprP &f : flat)
      if (seen.insert(print(f)).second)
        x.items.push_back(std::move(f));
  }
  if (x.items.empty())
    return nothing();
  if (x.items.size() == 1)
    return x.items[0];
  // `a | ""` prints as `a?`.
  auto e = std::find_if(x.items.begin(), x.items.end(), isEmptyString);
  if (e != x.items.end()) {
    x.items.erase(e);
    return opt(x.items.size() == 1 ? x.items[0] : make(std::move(x)));
  }
  return make(std::move(x));
}

ExprP rep(ExprP e, uint64_t min, std::optional<uint64_t> max) {
  if (max && *max < min)
    return nothing();
  if (max && *max == 0)
    return empty();
  if (isNothing(e))
    return min == 0 ? empty() : nothing();
  if (isEmptyString(e))
    return empty();
  if (min == 1 && max && *max == 1)
    return e;
  Expr x;
  x.kind = Expr::Repeat;
  x.items.push_back(std::move(e));
  x.min = min;
  x.max = max;
  return make(std::move(x));
}

std::string print(const ExprP &e) { return printP(e, PAlt); }

std::string Grammar::reserve(const std::string &hint) {
  std::string base;
  for (char c : hint)
    base += (std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '-');
  while (base.find("--") != std::string::npos)
    base.erase(base.find("--"), 1);
  while (!base.empty() && base.front() == '-') base.erase(0, 1);
  while (!base.empty() && base.back() == '-') base.pop_back();
  if (base.size() > 40)
    base.resize(40);
  if (base.empty())
    base = "r";
  std::string name = base;
  unsigned &n = hintCount_[base];
  while (rules_.count(name))
    name = base + "-" + std::to_string(++n);
  rules_[name] = nothing();
  order_.push_back(name);
  return name;
}

void Grammar::define(const std::string &name, ExprP body) { rules_[name] = std::move(body); }

std::string Grammar::add(const std::string &hint, ExprP body) {
  std::string key = gbnf::print(body);
  auto it = byBody_.find(key);
  if (it != byBody_.end())
    return it->second;
  std::string name = reserve(hint);
  define(name, std::move(body));
  byBody_[key] = name;
  return name;
}

bool Grammar::prune(const std::string &root) {
  // Productive rules: least fixpoint.
  std::set<std::string> productive;
  std::function<bool(const ExprP &)> prod = [&](const ExprP &e) -> bool {
    switch (e->kind) {
    case Expr::Nothing: return false;
    case Expr::Literal:
    case Expr::Class: return true;
    case Expr::Ref: return productive.count(e->text) > 0;
    case Expr::Seq:
      for (auto &k : e->items)
        if (!prod(k)) return false;
      return true;
    case Expr::Alt:
      for (auto &k : e->items)
        if (prod(k)) return true;
      return false;
    case Expr::Repeat: return e->min == 0 || prod(e->items[0]);
    }
    return false;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto &[name, body] : rules_)
      if (!productive.count(name) && prod(body)) {
        productive.insert(name);
        changed = true;
      }
  }
  if (!productive.count(root))
    return false;
  std::function<ExprP(const ExprP &)> rewrite = [&](const ExprP &e) -> ExprP {
    switch (e->kind) {
    case Expr::Ref: return productive.count(e->text) ? e : nothing();
    case Expr::Seq:
    case Expr::Alt: {
      std::vector<ExprP> ks;
      for (auto &k : e->items) ks.push_back(rewrite(k));
      return e->kind == Expr::Seq ? seq(std::move(ks)) : alt(std::move(ks));
    }
    case Expr::Repeat: return rep(rewrite(e->items[0]), e->min, e->max);
    default: return e;
    }
  };
  for (auto &[name, body] : rules_)
    if (productive.count(name))
      body = rewrite(body);
  // Reachable from root.
  std::set<std::string> reach{root};
  std::vector<std::string> work{root};
  std::function<void(const ExprP &)> visit = [&](const ExprP &e) {
    if (e->kind == Expr::Ref && reach.insert(e->text).second)
      work.push_back(e->text);
    for (auto &k : e->items) visit(k);
  };
  while (!work.empty()) {
    std::string n = work.back();
    work.pop_back();
    visit(rules_[n]);
  }
  std::vector<std::string> kept;
  for (auto &n : order_)
    if (reach.count(n)) kept.push_back(n);
    else rules_.erase(n);
  order_ = kept;
  // Root first, the rest in creation order.
  order_.erase(std::find(order_.begin(), order_.end(), root));
  order_.insert(order_.begin(), root);
  return true;
}

namespace {
grammar::Expr irOf(const ExprP &e, grammar::Grammar &g) {
  switch (e->kind) {
  case Expr::Nothing:
    return grammar::Expr::alt({}); // derives no string
  case Expr::Literal:
    return grammar::Expr::literal(e->text);
  case Expr::Class: {
    // As printed: surrogates never occur in UTF-8 text.
    CodePointSet shown = e->set.minus(CodePointSet::of(0xD800, 0xDFFF));
    std::vector<grammar::CodepointRange> ranges;
    for (auto [lo, hi] : shown.ranges())
      ranges.push_back({lo, hi});
    return grammar::Expr::cls(std::move(ranges), false);
  }
  case Expr::Ref:
    return grammar::Expr::ref(g.ruleId(e->text));
  case Expr::Seq:
  case Expr::Alt: {
    std::vector<grammar::Expr> items;
    for (const ExprP &k : e->items)
      items.push_back(irOf(k, g));
    return e->kind == Expr::Seq ? grammar::Expr::seq(std::move(items))
                                : grammar::Expr::alt(std::move(items));
  }
  case Expr::Repeat: {
    // Counts above the IR's range are kept out of range (the compiler's
    // repetition limit reports them) rather than wrapped.
    auto count = [](uint64_t n) { return uint32_t(std::min<uint64_t>(n, grammar::kUnbounded - 1)); };
    return grammar::Expr::repeat(irOf(e->items[0], g), count(e->min),
                                 e->max ? count(*e->max) : grammar::kUnbounded);
  }
  }
  return grammar::Expr::alt({});
}
} // namespace

grammar::Grammar Grammar::toIr(const std::string &root) const {
  // Rules are numbered as GBNF's parser numbers the printed text (a rule at
  // its definition or first reference, whichever comes first), so both paths
  // compile to the same automata.
  grammar::Grammar g;
  for (const std::string &n : order_) {
    uint32_t id = g.ruleId(n);
    grammar::Expr body = irOf(rules_.at(n), g);
    g.rules[id].body = std::move(body);
    g.rules[id].defined = true;
  }
  g.root = g.ruleId(root);
  return g;
}

std::string Grammar::print() const {
  std::string out;
  for (const std::string &n : order_)
    out += n + " ::= " + gbnf::print(rules_.at(n)) + "\n";
  return out;
}

} // namespace decc::jsonschema::gbnf
