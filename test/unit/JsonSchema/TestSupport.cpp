//===- TestSupport.cpp ----------------------------------------------------===//
#include "TestSupport.h"

#include "Decimal.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace decc::test {
namespace {
using OJson = nlohmann::ordered_json;

/// A number whose value a double does not hold (the suite's bignums: 2^64 - 1
/// negated, 1.2e52 written out in digits, 27 integer and 9 fraction digits)
/// would be written back rounded and in exponent form, testing another value
/// than the suite's. Such a number is kept as a marked string holding its
/// text, and spelled as that text again by `dump` below.
const std::string kExactNumber = "\x01" "decc-exact-number:";

struct ExactNumberParser : nlohmann::detail::json_sax_dom_parser<OJson> {
  using json_sax_dom_parser::json_sax_dom_parser;
  bool number_float(double value, const std::string &text) {
    auto exact = jsonschema::Decimal::parse(text), held = jsonschema::Decimal::parse(OJson(value).dump());
    if (exact && held && jsonschema::compare(*exact, *held) != 0) {
      std::string marked = kExactNumber + text;
      return string(marked);
    }
    return json_sax_dom_parser::number_float(value, text);
  }
};

OJson parseSuiteFile(const std::filesystem::path &path) {
  std::ifstream in(path);
  OJson out;
  ExactNumberParser parser(out);
  if (!OJson::sax_parse(in, &parser))
    throw std::runtime_error(path.string() + ": invalid JSON");
  return out;
}

/// `v` compact (indent -1) or indented, marked numbers as their text.
std::string dump(const OJson &v, int indent) {
  std::string text = v.dump(indent, ' ', false, OJson::error_handler_t::replace);
  const std::string marker = OJson(kExactNumber).dump();  // the marker is spelled with \u0001
  const std::string open = marker.substr(0, marker.size() - 1);
  for (size_t at; (at = text.find(open)) != std::string::npos;) {
    size_t close = text.find('"', at + open.size());
    text.replace(at, close + 1 - at, text.substr(at + open.size(), close - at - open.size()));
  }
  return text;
}
} // namespace

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
  // The required tests, then optional/ and optional/format/ (formats as
  // assertions, which is decc's choice and what those tests assume).
  fs::path root = fs::path(DECC_JSON_SCHEMA_SUITE_DIR) / draft;
  std::vector<fs::path> files;
  for (auto &e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".json")
      files.push_back(e.path().lexically_relative(root));
  std::sort(files.begin(), files.end());
  jsonschema::Options compactOpt, flexibleOpt;
  compactOpt.draft = flexibleOpt.draft =
      draft == "draft7" ? jsonschema::Draft::Draft7 : jsonschema::Draft::Draft2020_12;
  compactOpt.whitespace = jsonschema::Whitespace::Compact;
  flexibleOpt.whitespace = jsonschema::Whitespace::Flexible;
  for (const fs::path &f : files) {
    OJson groups = parseSuiteFile(root / f);
    for (size_t g = 0; g < groups.size(); ++g) {
      std::string schema = dump(groups[g]["schema"], -1);
      SuiteGroup group{compile(schema, compactOpt), compile(schema, flexibleOpt), {}};
      const OJson &tests = groups[g]["tests"];
      for (size_t t = 0; t < tests.size(); ++t) {
        const OJson &data = tests[t]["data"];
        group.instances.push_back(
            {f.generic_string() + "#" + std::to_string(g) + "." + std::to_string(t),
             tests[t]["valid"].get<bool>(),
             dump(data, -1), dump(data, 2)});
      }
      fn(group);
    }
  }
}

} // namespace decc::test
