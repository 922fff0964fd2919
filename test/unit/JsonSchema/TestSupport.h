//===- TestSupport.h - Compile a schema and test strings against it -*- C++ -*-===//
#ifndef DECC_TEST_JSONSCHEMA_TESTSUPPORT_H
#define DECC_TEST_JSONSCHEMA_TESTSUPPORT_H

#include "GbnfRecognizer.h"
#include "decc/JsonSchema/JsonSchema.h"

#include <memory>
#include <string>

namespace decc::test {

struct Compiled {
  jsonschema::Result result;
  std::unique_ptr<GbnfRecognizer> recognizer;  ///< set when the result is ok
  bool accepts(const std::string &doc) const { return recognizer && recognizer->accepts(doc); }
};

/// Compact whitespace unless told otherwise.
Compiled compile(const std::string &schema, jsonschema::Options opt = [] {
  jsonschema::Options o;
  o.whitespace = jsonschema::Whitespace::Compact;
  return o;
}());

/// The first error message, or "" when there is none.
std::string firstError(const jsonschema::Result &r);

} // namespace decc::test

#endif
