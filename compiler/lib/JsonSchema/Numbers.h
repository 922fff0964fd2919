//===- Numbers.h - Schema numbers held exactly ------------------*- C++ -*-===//
//
// A double cannot hold most bounds and constants a schema may write
// (0.99999999999999999999 reads as 1, 12345678901234567890123 loses its last
// digits), and the grammar must match the value written, so every number of
// a schema document is kept as its source text. It lives in the document as
// a binary value of subtype kNumberSubtype: JSON text never produces a
// binary value, so nothing else can be taken for a number, and a number
// read through the plain nlohmann accessors (is_number, get<double>) fails
// visibly instead of rounding. Read numbers only through this header.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_NUMBERS_H
#define DECC_JSONSCHEMA_NUMBERS_H

#include "Decimal.h"
#include "Document.h"

#include <cstdint>
#include <optional>
#include <string>

namespace decc::jsonschema {

inline constexpr std::uint64_t kNumberSubtype = 0xDEC;

/// A number node holding `text`, a JSON number whose Decimal::parse
/// succeeds, and its binary payload (what a SAX handler stores).
Json::binary_t numberBinary(const std::string &text);
Json numberNode(const std::string &text);
bool isNumber(const Json &v);
/// The exact value of a number node; nullopt for any other value.
std::optional<Decimal> numberValue(const Json &v);
/// A non-negative integer value (2 and 2.0 alike); values beyond 64 bits
/// saturate, being above every count a limit allows. nullopt for negative,
/// fractional and non-number values.
std::optional<std::uint64_t> countValue(const Json &v);
/// `v` as compact JSON text, numbers in their source spelling (messages).
std::string spell(const Json &v);

} // namespace decc::jsonschema

#endif
