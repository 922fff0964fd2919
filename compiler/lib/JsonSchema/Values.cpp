//===- Values.cpp ---------------------------------------------------------===//
#include "Values.h"

#include "Decimal.h"
#include "JsonStrings.h"

namespace decc::jsonschema {
using namespace gbnf;

bool jsonEqual(const Json &a, const Json &b) {
  if (a.is_number() && b.is_number()) {
    auto x = Decimal::parse(a.dump()), y = Decimal::parse(b.dump());
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

ExprP valueLiteral(const Json &v, const ExprP &ws) {
  switch (v.type()) {
  case Json::value_t::null: return lit("null");
  case Json::value_t::boolean: return lit(v.get<bool>() ? "true" : "false");
  case Json::value_t::string: return lit(canonicalJsonString(v.get<std::string>()));
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
  case Json::value_t::number_float: {
    auto d = Decimal::parse(v.dump());
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
