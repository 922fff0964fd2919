//===- Values.h - JSON values: equality and canonical spellings --*- C++ -*-===//
#ifndef DECC_JSONSCHEMA_VALUES_H
#define DECC_JSONSCHEMA_VALUES_H

#include "Document.h"
#include "Gbnf.h"

namespace decc::jsonschema {

/// JSON Schema equality: numbers by value (1 == 1.0), objects regardless of
/// key order.
bool jsonEqual(const Json &a, const Json &b);

/// Equal for two values exactly when jsonEqual holds (numbers by decimal
/// value, object members in key order): a hash key for value sets, so that
/// enums of 100k values are checked in linear time.
std::string canonicalKey(const Json &v);

/// The values of `a` that equal a value of `b`, in a's order.
std::vector<Json> commonValues(const std::vector<Json> &a, const std::vector<Json> &b);

/// The value's spellings: its canonical serialisation, `ws` where JSON
/// allows whitespace, numbers in every exponent-free spelling of the value.
gbnf::ExprP valueLiteral(const Json &v, const gbnf::ExprP &ws);

/// Number of code points of a UTF-8 string.
size_t codePointLength(const std::string &s);

} // namespace decc::jsonschema

#endif
