//===- SuiteTest.cpp - The JSON Schema Test Suite against the grammars ----===//
//
// For every test group of drafts 2020-12 and 7: compile the schema; if it
// compiles, every valid instance must be accepted and every invalid one
// rejected, as compact text under the compact grammar and as compact and
// pretty-printed (indent 2) text under the flexible grammar. Each test is
// classified pass / false_negative / unsupported / false_positive and
// compared with the committed baseline: a test that passed must still pass,
// and no test may be a false positive. DECC_UPDATE_SUITE_BASELINE=1 rewrites
// the baseline.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

using namespace decc;
using namespace decc::test;
using OJson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

std::string classify(const Compiled &compact, const Compiled &flexible, const OJson &instance, bool valid) {
  if (!compact.result.ok || !flexible.result.ok)
    return "unsupported";
  std::string tight = instance.dump(-1, ' ', false, OJson::error_handler_t::replace);
  std::string pretty = instance.dump(2, ' ', false, OJson::error_handler_t::replace);
  bool accepted[] = {compact.accepts(tight), flexible.accepts(tight), flexible.accepts(pretty)};
  for (bool a : accepted)
    if (a && !valid)
      return "false_positive";
  for (bool a : accepted)
    if (!a && valid)
      return "false_negative";
  return "pass";
}

std::map<std::string, std::string> runDraft(const std::string &draft) {
  std::map<std::string, std::string> out;
  std::vector<fs::path> files;
  for (auto &e : fs::directory_iterator(fs::path(DECC_JSON_SCHEMA_SUITE_DIR) / draft))
    if (e.path().extension() == ".json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  jsonschema::Options compactOpt, flexibleOpt;
  compactOpt.draft = flexibleOpt.draft =
      draft == "draft7" ? jsonschema::Draft::Draft7 : jsonschema::Draft::Draft2020_12;
  compactOpt.whitespace = jsonschema::Whitespace::Compact;
  flexibleOpt.whitespace = jsonschema::Whitespace::Flexible;
  for (const fs::path &f : files) {
    std::ifstream in(f);
    OJson groups = OJson::parse(in);
    for (size_t g = 0; g < groups.size(); ++g) {
      std::string schema = groups[g]["schema"].dump();
      Compiled compact = compile(schema, compactOpt);
      Compiled flexible = compile(schema, flexibleOpt);
      const OJson &tests = groups[g]["tests"];
      for (size_t t = 0; t < tests.size(); ++t) {
        std::string id = f.filename().string() + "#" + std::to_string(g) + "." + std::to_string(t);
        out[id] = classify(compact, flexible, tests[t]["data"], tests[t]["valid"].get<bool>());
      }
    }
  }
  return out;
}

void checkDraft(const std::string &draft) {
  std::map<std::string, std::string> now = runDraft(draft);
  std::map<std::string, unsigned> counts;
  for (auto &[id, c] : now)
    ++counts[c];
  std::cout << "json-schema-suite: pass=" << counts["pass"] << " false_negative=" << counts["false_negative"]
            << " unsupported=" << counts["unsupported"] << " false_positive=" << counts["false_positive"]
            << "\n";
  for (auto &[id, c] : now)
    EXPECT_NE(c, "false_positive") << draft << " " << id << " accepts an invalid instance";

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
