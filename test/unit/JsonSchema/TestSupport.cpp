//===- TestSupport.cpp ----------------------------------------------------===//
#include "TestSupport.h"

namespace decc::test {

Compiled compile(const std::string &schema, jsonschema::Options opt) {
  Compiled c;
  c.result = jsonschema::toGbnf(schema, opt, "schema.json");
  if (c.result.ok)
    c.recognizer = std::make_unique<GbnfRecognizer>(c.result.gbnf);
  return c;
}

std::string firstError(const jsonschema::Result &r) {
  for (const auto &d : r.diagnostics)
    if (d.severity == jsonschema::Severity::Error)
      return (d.pointer.empty() ? "/" : d.pointer) + ": " + d.message;
  return "";
}

} // namespace decc::test
