//===- Ir.cpp - grammar IR constructors -----------------------------------===//

#include "decc/grammar.h"

namespace decc {
namespace grammar {

Expr Expr::literal(std::string bytes, Loc loc) {
  Expr e;
  e.kind = Kind::Literal;
  e.bytes = std::move(bytes);
  e.loc = loc;
  return e;
}

Expr Expr::cls(std::vector<CodepointRange> ranges, bool negated, Loc loc) {
  Expr e;
  e.kind = Kind::Class;
  e.ranges = std::move(ranges);
  e.negated = negated;
  e.loc = loc;
  return e;
}

Expr Expr::any(Loc loc) { return cls({}, true, loc); }

Expr Expr::ref(uint32_t rule, Loc loc) {
  Expr e;
  e.kind = Kind::Ref;
  e.rule = rule;
  e.loc = loc;
  return e;
}

Expr Expr::seq(std::vector<Expr> items, Loc loc) {
  Expr e;
  e.kind = Kind::Seq;
  e.items = std::move(items);
  e.loc = loc;
  return e;
}

Expr Expr::alt(std::vector<Expr> items, Loc loc) {
  Expr e;
  e.kind = Kind::Alt;
  e.items = std::move(items);
  e.loc = loc;
  return e;
}

Expr Expr::repeat(Expr item, uint32_t min, uint32_t max, Loc loc) {
  Expr e;
  e.kind = Kind::Repeat;
  e.items.push_back(std::move(item));
  e.min = min;
  e.max = max;
  e.loc = loc;
  return e;
}

uint32_t Grammar::ruleId(const std::string &name, Loc use) {
  if (std::optional<uint32_t> id = findRule(name)) {
    Rule &r = rules[*id];
    if (r.firstUse.line == 0)
      r.firstUse = use;
    return *id;
  }
  Rule r;
  r.name = name;
  r.firstUse = use;
  rules.push_back(std::move(r));
  return static_cast<uint32_t>(rules.size() - 1);
}

std::optional<uint32_t> Grammar::findRule(std::string_view name) const {
  for (; indexed_ < rules.size(); ++indexed_)
    index_.emplace(rules[indexed_].name, static_cast<uint32_t>(indexed_));
  auto it = index_.find(std::string(name));
  if (it == index_.end())
    return std::nullopt;
  return it->second;
}

} // namespace grammar
} // namespace decc
