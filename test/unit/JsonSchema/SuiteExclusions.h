//===- SuiteExclusions.h - Suite tests decc fails by a documented choice -*- C++ -*-===//
//
// The optional tests whose invalid instances decc accepts because the test
// assumes a keyword is an assertion where decc, by a documented choice
// (docs/json-schema.md, "JSON Schema Test Suite"), treats it as an
// annotation. The suite tests check that this list stays exact: each entry
// is accepted, and no other invalid instance is.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_JSONSCHEMA_SUITEEXCLUSIONS_H
#define DECC_TEST_JSONSCHEMA_SUITEEXCLUSIONS_H

#include <string>
#include <vector>

namespace decc::test {

struct SuiteExclusion {
  std::string draft;   ///< "draft2020-12", "draft7"
  std::string id;      ///< "optional/content.json#0.1"
  std::string reason;
};

const std::vector<SuiteExclusion> &suiteExclusions();

/// The reason `id` of `draft` is excluded, or nullptr.
const std::string *suiteExclusionReason(const std::string &draft, const std::string &id);

} // namespace decc::test

#endif
