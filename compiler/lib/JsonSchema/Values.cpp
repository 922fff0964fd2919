//===- Values.cpp ---------------------------------------------------------===//
#include "Values.h"

#include "Decimal.h"
#include "JsonStrings.h"
#include "Numbers.h"

#include <algorithm>
#include <unordered_set>

namespace decc::jsonschema {
using namespace gbnf;

bool jsonEqual(const Json &a, const Json &b) {
  if (isNumber(a) || isNumber(b)) {
    auto x = numberValue(a), y = numberValue(b);
    return x && y && compare(*x, *y) == 0;
  }
  if (a.type() != b.type())
    return false;
  if (a.is_array()) {
    if (a.size() != b.size())
      return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!jsonEqual(a[i], b[i]))
        return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size())
      return false;
    for (auto &[k, v] : a.items()) {
      auto it = b.find(k);
      if (it == b.end() || !jsonEqual(v, *it))
        return false;
    }
    return true;
  }
  return a == b;
}

std::string canonicalKey(const Json &v) {
  if (auto d = numberValue(v))
    return "n" + d->str();
  if (v.is_array()) {
    std::string out = "[";
    for (const Json &x : v)
      out += canonicalKey(x) + ",";
    return out + "]";
  }
  if (v.is_object()) {
    std::vector<std::pair<std::string, const Json *>> members;
    for (auto &[k, x] : v.items())
      members.push_back({k, &x});
    std::sort(members.begin(), members.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    std::string out = "{";
    for (auto &[k, x] : members)
      out += Json(k).dump() + ":" + canonicalKey(*x) + ",";
    return out + "}";
  }
  return spell(v);
}

std::vector<Json> commonValues(const std::vector<Json> &a, const std::vector<Json> &b) {
  std::unordered_set<std::string> keys;
  for (const Json &y : b)
    keys.insert(canonicalKey(y));
  std::vector<Json> out;
  for (const Json &x : a)
    if (keys.count(canonicalKey(x)))
      out.push_back(x);
  return out;
}

ExprP valueLiteral(const Json &v, const ExprP &ws) {
  switch (v.type()) {
  case Json::value_t::null: return lit("null");
  case Json::value_t::boolean: return lit(v.get<bool>() ? "true" : "false");
  case Json::value_t::string: return lit(canonicalJsonString(v.get<std::string>()));
  case Json::value_t::binary: {
    auto d = numberValue(v);
    return d ? decimalLiteral(*d) : nothing();
  }
  case Json::value_t::array: {
    std::vector<ExprP> items{lit("["), ws};
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) items.insert(items.end(), {lit(","), ws});
      items.insert(items.end(), {valueLiteral(v[i], ws), ws});
    }
    items.push_back(lit("]"));
    return seq(items);
  }
  case Json::value_t::object: {
    std::vector<ExprP> items{lit("{"), ws};
    bool first = true;
    for (auto &[k, x] : v.items()) {
      if (!first) items.insert(items.end(), {lit(","), ws});
      first = false;
      items.insert(items.end(), {lit(canonicalJsonString(k)), ws, lit(":"), ws, valueLiteral(x, ws), ws});
    }
    items.push_back(lit("}"));
    return seq(items);
  }
  default: return nothing();
  }
}

size_t codePointLength(const std::string &s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace decc::jsonschema
