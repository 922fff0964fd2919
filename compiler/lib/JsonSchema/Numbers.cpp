//===- Numbers.cpp --------------------------------------------------------===//
#include "Numbers.h"

#include <limits>

namespace decc::jsonschema {

Json::binary_t numberBinary(const std::string &text) {
  return Json::binary_t(std::vector<std::uint8_t>(text.begin(), text.end()), kNumberSubtype);
}

Json numberNode(const std::string &text) { return Json(numberBinary(text)); }

bool isNumber(const Json &v) {
  return v.is_binary() && v.get_binary().has_subtype() && v.get_binary().subtype() == kNumberSubtype;
}

namespace {
std::string textOf(const Json &v) {
  const auto &bytes = v.get_binary();
  return std::string(bytes.begin(), bytes.end());
}
} // namespace

std::optional<Decimal> numberValue(const Json &v) {
  if (!isNumber(v))
    return std::nullopt;
  return Decimal::parse(textOf(v));
}

std::optional<std::uint64_t> countValue(const Json &v) {
  auto d = numberValue(v);
  if (!d || d->negative || !d->isInteger())
    return std::nullopt;
  const std::string max = std::to_string(std::numeric_limits<std::uint64_t>::max());
  if (d->integer.size() > max.size() || (d->integer.size() == max.size() && d->integer > max))
    return std::numeric_limits<std::uint64_t>::max();
  return std::stoull(d->integer);
}

std::string spell(const Json &v) {
  if (isNumber(v))
    return textOf(v);
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i)
      out += (i ? "," : "") + spell(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (auto &[k, x] : v.items()) {
      out += (first ? "" : ",") + Json(k).dump() + ":" + spell(x);
      first = false;
    }
    return out + "}";
  }
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace decc::jsonschema
