//===- Format.cpp ---------------------------------------------------------===//

#include "Format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace decc::fe {

std::string formatNumber(double v) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v < 0 ? "-inf" : "inf";
  if (v == 0)
    return std::signbit(v) ? "-0" : "0";
  char buf[64];
  if (std::fabs(v) < 1e15 && v == std::trunc(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

std::string formatLoc(ast::SourceLoc loc) {
  return "@" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

} // namespace decc::fe
