//===- SuiteExclusions.cpp ------------------------------------------------===//
#include "SuiteExclusions.h"

namespace decc::test {

const std::vector<SuiteExclusion> &suiteExclusions() {
  static const std::vector<SuiteExclusion> list = [] {
    // 2020-12 has no `dependencies` (it became dependentRequired and
    // dependentSchemas): decc warns "unknown keyword 'dependencies' ignored",
    // as for any unknown keyword; the file tests the optional draft-7
    // compatibility.
    const std::string dependencies =
        "`dependencies` is an unknown keyword in 2020-12 (warning, not enforced); the test assumes the "
        "optional draft-7 compatibility";
    // Draft 7 lets an implementation validate content (section 8: MAY);
    // decc treats contentMediaType/contentEncoding as annotations, as 2020-12
    // requires.
    const std::string content =
        "contentMediaType/contentEncoding are annotations in decc; the test assumes the optional draft-7 "
        "content validation";
    std::vector<SuiteExclusion> out;
    for (const char *t : {"0.3", "2.3", "2.4", "2.5", "3.2", "3.3", "4.2", "4.3", "4.4", "5.1", "5.2", "6.1",
                          "6.2", "6.3"})
      out.push_back({"draft2020-12", std::string("optional/dependencies-compatibility.json#") + t, dependencies});
    for (const char *t : {"0.1", "1.1", "2.1", "2.2"})
      out.push_back({"draft7", std::string("optional/content.json#") + t, content});
    return out;
  }();
  return list;
}

const std::string *suiteExclusionReason(const std::string &draft, const std::string &id) {
  for (const SuiteExclusion &e : suiteExclusions())
    if (e.draft == draft && e.id == id)
      return &e.reason;
  return nullptr;
}

} // namespace decc::test
