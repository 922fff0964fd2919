//===- SuiteTest.cpp - The JSON Schema Test Suite against the grammars ----===//
//
// For every test group of drafts 2020-12 and 7: compile the schema; if it
// compiles, every valid instance must be accepted and every invalid one
// rejected, as compact text under the compact grammar and as compact and
// pretty-printed (indent 2) text under the flexible grammar. Each test is
// classified pass / false_negative / unsupported / false_positive and
// compared with the committed baseline: a test that passed must still pass,
// and no test may be a false positive except the listed exclusions
// (SuiteExclusions.cpp, classified "excluded"), each of which must still be
// one. DECC_UPDATE_SUITE_BASELINE=1 rewrites the baseline.
//
//===----------------------------------------------------------------------===//
#include "SuiteExclusions.h"
#include "TestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

using namespace decc;
using namespace decc::test;
using OJson = nlohmann::ordered_json;

namespace {

std::string classify(const SuiteGroup &g, const SuiteInstance &inst) {
  if (!g.compact.result.ok || !g.flexible.result.ok)
    return "unsupported";
  bool accepted[] = {g.compact.accepts(inst.compactText), g.flexible.accepts(inst.compactText),
                     g.flexible.accepts(inst.prettyText)};
  for (bool a : accepted)
    if (a && !inst.valid)
      return "false_positive";
  for (bool a : accepted)
    if (!a && inst.valid)
      return "false_negative";
  return "pass";
}

std::map<std::string, std::string> runDraft(const std::string &draft) {
  std::map<std::string, std::string> out;
  forEachSuiteGroup(draft, [&](const SuiteGroup &g) {
    for (const SuiteInstance &inst : g.instances)
      out[inst.id] = classify(g, inst);
  });
  return out;
}

void checkDraft(const std::string &draft) {
  std::map<std::string, std::string> now = runDraft(draft);
  for (auto &[id, c] : now) {
    if (const std::string *why = suiteExclusionReason(draft, id)) {
      EXPECT_EQ(c, "false_positive") << draft << " " << id << " is excluded (" << *why
                                     << ") but is no longer accepted: remove it from SuiteExclusions.cpp";
      if (c == "false_positive")
        c = "excluded";
    } else {
      EXPECT_NE(c, "false_positive") << draft << " " << id << " accepts an invalid instance";
    }
  }
  for (const SuiteExclusion &e : suiteExclusions())
    EXPECT_TRUE(e.draft != draft || now.count(e.id)) << draft << " " << e.id << " is excluded but not in the suite";
  // One line for the draft's required tests (its top-level files), one for
  // optional/.
  std::map<std::string, unsigned> counts[2];
  for (auto &[id, c] : now)
    ++counts[id.rfind("optional/", 0) == 0][c];
  for (int optional : {0, 1})
    std::cout << "json-schema-suite (" << draft << (optional ? " optional" : " required")
              << "): pass=" << counts[optional]["pass"] << " false_negative=" << counts[optional]["false_negative"]
              << " unsupported=" << counts[optional]["unsupported"]
              << " false_positive=" << counts[optional]["false_positive"]
              << " excluded=" << counts[optional]["excluded"] << "\n";

  OJson baseline = OJson::object();
  if (std::ifstream in(DECC_JSON_SCHEMA_BASELINE); in)
    baseline = OJson::parse(in);
  if (std::getenv("DECC_UPDATE_SUITE_BASELINE")) {
    baseline[draft] = OJson::object();
    for (auto &[id, c] : now)
      baseline[draft][id] = c;
    std::ofstream(DECC_JSON_SCHEMA_BASELINE) << baseline.dump(1) << "\n";
    return;
  }
  ASSERT_TRUE(baseline.contains(draft)) << "no baseline for " << draft;
  for (auto &[id, c] : baseline[draft].items()) {
    auto it = now.find(id);
    ASSERT_NE(it, now.end()) << draft << " " << id << " disappeared from the suite";
    if (c == "pass")
      EXPECT_EQ(it->second, "pass") << draft << " " << id << " regressed";
  }
}

} // namespace

TEST(JsonSchemaSuite, Draft2020_12) { checkDraft("draft2020-12"); }
TEST(JsonSchemaSuite, Draft7) { checkDraft("draft7"); }
