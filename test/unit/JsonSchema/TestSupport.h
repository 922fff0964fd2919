//===- TestSupport.h - Compile a schema and test strings against it -*- C++ -*-===//
#ifndef DECC_TEST_JSONSCHEMA_TESTSUPPORT_H
#define DECC_TEST_JSONSCHEMA_TESTSUPPORT_H

#include "GbnfRecognizer.h"
#include "decc/JsonSchema/JsonSchema.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

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

/// One test of the JSON Schema Test Suite.
struct SuiteInstance {
  std::string id;          ///< "file.json#group.test"
  bool valid = false;
  std::string compactText; ///< the instance without whitespace
  std::string prettyText;  ///< indented by 2
};

/// A test group: its schema compiled with compact and with flexible
/// whitespace, and its instances. Each instance is tried three ways: compact
/// text under the compact grammar, compact and pretty text under the flexible.
struct SuiteGroup {
  Compiled compact, flexible;
  std::vector<SuiteInstance> instances;
};

/// Every group of one draft ("draft2020-12", "draft7"): its files and those
/// under optional/, in path order; ids are "optional/format/date.json#0.1".
void forEachSuiteGroup(const std::string &draft, const std::function<void(const SuiteGroup &)> &fn);

} // namespace decc::test

#endif
