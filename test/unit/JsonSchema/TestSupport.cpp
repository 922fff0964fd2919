//===- TestSupport.cpp ----------------------------------------------------===//
#include "TestSupport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

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

void forEachSuiteGroup(const std::string &draft, const std::function<void(const SuiteGroup &)> &fn) {
  namespace fs = std::filesystem;
  using OJson = nlohmann::ordered_json;
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
      SuiteGroup group{compile(schema, compactOpt), compile(schema, flexibleOpt), {}};
      const OJson &tests = groups[g]["tests"];
      for (size_t t = 0; t < tests.size(); ++t) {
        const OJson &data = tests[t]["data"];
        group.instances.push_back(
            {f.filename().string() + "#" + std::to_string(g) + "." + std::to_string(t),
             tests[t]["valid"].get<bool>(),
             data.dump(-1, ' ', false, OJson::error_handler_t::replace),
             data.dump(2, ' ', false, OJson::error_handler_t::replace)});
      }
      fn(group);
    }
  }
}

} // namespace decc::test
