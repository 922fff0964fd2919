//===- OpTable.cpp --------------------------------------------------------===//

#include "OpTable.h"

#include "Format.h"

#include <cmath>
#include <limits>

namespace decc::fe {

using ast::LogitsOpKind;
using ast::ScalarType;

static constexpr double kInf = std::numeric_limits<double>::infinity();

bool Domain::contains(double v) const {
  if (std::isnan(v))
    return false;
  bool aboveLo = loOpen ? v > lo : v >= lo;
  bool belowHi = hiOpen ? v < hi : v <= hi;
  return aboveLo && belowHi;
}

std::string Domain::describe() const {
  bool loFinite = std::isfinite(lo), hiFinite = std::isfinite(hi);
  if (loFinite && hiFinite)
    return std::string("in ") + (loOpen ? "(" : "[") + formatNumber(lo) + ", " +
           formatNumber(hi) + (hiOpen ? ")" : "]");
  if (loFinite)
    return std::string(loOpen ? "> " : ">= ") + formatNumber(lo);
  if (hiFinite)
    return std::string(hiOpen ? "< " : "<= ") + formatNumber(hi);
  return "finite";
}

double Domain::inclusiveLo(ScalarType t) const {
  if (!loOpen || !std::isfinite(lo))
    return lo;
  if (t == ScalarType::I32)
    return std::floor(lo) + 1;
  return std::nextafter(static_cast<float>(lo), std::numeric_limits<float>::infinity());
}

double Domain::inclusiveHi(ScalarType t) const {
  if (!hiOpen || !std::isfinite(hi))
    return hi;
  if (t == ScalarType::I32)
    return std::ceil(hi) - 1;
  return std::nextafter(static_cast<float>(hi), -std::numeric_limits<float>::infinity());
}

static ArgSpec windowArg() {
  return {"window", ScalarType::I32, {0, kInf, false, true}, false, true};
}

const std::vector<OpSpec> &allOps() {
  static const Domain positive{0, kInf, true, true};
  static const Domain finite{-kInf, kInf, true, true};
  static const Domain unit{0, 1, false, false};
  static const std::vector<OpSpec> ops = {
      {"repetition_penalty", LogitsOpKind::RepetitionPenalty,
       {{"penalty", ScalarType::F32, positive, true, false}, windowArg()}, false, false},
      {"presence_penalty", LogitsOpKind::PresencePenalty,
       {{"penalty", ScalarType::F32, finite, true, false}, windowArg()}, false, false},
      {"frequency_penalty", LogitsOpKind::FrequencyPenalty,
       {{"penalty", ScalarType::F32, finite, true, false}, windowArg()}, false, false},
      {"logit_bias", LogitsOpKind::LogitBias, {}, true, false},
      {"temperature", LogitsOpKind::Temperature,
       {{"t", ScalarType::F32, {0, kInf, false, false}, true, false}}, false, true},
      {"top_k", LogitsOpKind::TopK,
       {{"k", ScalarType::I32, {0, kInf, false, true}, true, false}}, false, true},
      {"top_p", LogitsOpKind::TopP, {{"p", ScalarType::F32, unit, true, false}}, false, true},
      {"min_p", LogitsOpKind::MinP, {{"p", ScalarType::F32, unit, true, false}}, false, true},
      {"typical_p", LogitsOpKind::TypicalP, {{"p", ScalarType::F32, unit, true, false}}, false,
       false},
  };
  return ops;
}

const OpSpec *findOp(const std::string &name) {
  for (const OpSpec &op : allOps())
    if (name == op.name)
      return &op;
  return nullptr;
}

const OpSpec &opSpec(LogitsOpKind kind) {
  for (const OpSpec &op : allOps())
    if (op.kind == kind)
      return op;
  return allOps().front();
}

std::vector<std::string> opNames() {
  std::vector<std::string> names;
  for (const OpSpec &op : allOps())
    names.push_back(op.name);
  return names;
}

} // namespace decc::fe
