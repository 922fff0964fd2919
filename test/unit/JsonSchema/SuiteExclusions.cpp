//===- SuiteExclusions.cpp ------------------------------------------------===//
#include "SuiteExclusions.h"

namespace decc::test {

const std::vector<SuiteExclusion> &suiteExclusions() {
  static const std::vector<SuiteExclusion> list = [] {
    // Draft 7 lets an implementation validate content (section 8: MAY);
    // decc treats contentMediaType/contentEncoding as annotations, as 2020-12
    // requires.
    const std::string content =
        "contentMediaType/contentEncoding are annotations in decc; the test assumes the optional draft-7 "
        "content validation";
    std::vector<SuiteExclusion> out;
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
