//===- Flatten.cpp - The keywords of a conjunction, merged ----------------===//
//
// Merging is exact because each keyword family constrains one instance type
// and merges by intersection: type sets intersect, lower bounds take the
// maximum, `required` unites, and children (property values, array positions)
// become conjunctions of every node's schema for that child, where a node
// without the property contributes its `additionalProperties` (that is the
// schema the node applies to it).
//
//===----------------------------------------------------------------------===//
#include "Translator.h"

#include "Numbers.h"
#include "Values.h"

#include <algorithm>

namespace decc::jsonschema {

namespace {
enum class Kind { Annotation, Handled, Unsupported };

/// Keywords that never constrain (annotations, containers of definitions).
bool isAnnotation(const std::string &k) {
  static const std::set<std::string> a = {
      "title", "description", "default", "examples", "$comment", "$schema", "$id", "$anchor",
      "$dynamicAnchor", "$recursiveAnchor", "deprecated", "readOnly", "writeOnly",
      "contentEncoding", "contentMediaType", "contentSchema", "$defs", "definitions", "$vocabulary",
      "$ref", "allOf", "anyOf", "oneOf"};
  return a.count(k) > 0;
}

} // namespace

Flat Translator::flatten(const std::vector<std::string> &nodes) {
  Flat f;
  if (!nodes.empty())
    f.pointer = nodes.front();
  for (const std::string &p : nodes)
    flattenNode(p, *doc_.at(p), f);

  // Children: every node's schema for each property / position.
  std::vector<std::string> additionalOf(nodes.size());
  std::vector<std::vector<std::string>> prefixOf(nodes.size());
  std::vector<std::string> restOf(nodes.size());
  size_t prefixLen = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const std::string &p = nodes[i];
    const Json &v = *doc_.at(p);
    if (doc_.draft() == Draft::Draft7 && v.contains("$ref"))
      continue;
    if (v.contains("additionalProperties"))
      additionalOf[i] = p + "/additionalProperties";
    else if (opt_.strictObjects && v.contains("properties"))
      additionalOf[i] = kFalsePointer;
    bool draft7 = doc_.draft() == Draft::Draft7;
    const char *prefixKw = draft7 ? "items" : "prefixItems";
    if (auto it = v.find(prefixKw); it != v.end() && it->is_array()) {
      for (size_t k = 0; k < it->size(); ++k)
        prefixOf[i].push_back(p + "/" + prefixKw + "/" + std::to_string(k));
      prefixLen = std::max(prefixLen, it->size());
      if (draft7 && v.contains("additionalItems"))
        restOf[i] = p + "/additionalItems";
    }
    if (auto it = v.find("items"); it != v.end() && !it->is_array())
      restOf[i] = p + "/items";
  }
  for (size_t k = 0; k < prefixLen; ++k) {
    Conj c;
    for (size_t i = 0; i < nodes.size(); ++i) {
      std::string s = k < prefixOf[i].size() ? prefixOf[i][k] : restOf[i];
      if (!s.empty()) c.nodes.insert(s);
    }
    f.prefix.push_back(c);
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!restOf[i].empty()) f.rest.nodes.insert(restOf[i]);
    if (!additionalOf[i].empty()) f.additional.nodes.insert(additionalOf[i]);
  }
  // Property names in first-seen order, then required names not declared.
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const std::string &p : nodes) {
    const Json &v = *doc_.at(p);
    if (doc_.draft() == Draft::Draft7 && v.contains("$ref"))
      continue;
    if (auto it = v.find("properties"); it != v.end() && it->is_object())
      for (auto &[k, s] : it->items())
        if (seen.insert(k).second) names.push_back(k);
  }
  for (const std::string &r : f.required)
    if (seen.insert(r).second) names.push_back(r);
  for (const std::string &k : names) {
    Conj c;
    for (size_t i = 0; i < nodes.size(); ++i) {
      const Json &v = *doc_.at(nodes[i]);
      if (doc_.draft() == Draft::Draft7 && v.contains("$ref"))
        continue;
      auto props = v.find("properties");
      if (props != v.end() && props->is_object() && props->contains(k))
        c.nodes.insert(nodes[i] + "/properties/" + escapePointerToken(k));
      else if (!additionalOf[i].empty())
        c.nodes.insert(additionalOf[i]);
    }
    f.properties.emplace_back(k, c);
  }
  return f;
}

void Translator::flattenNode(const std::string &p, const Json &v, Flat &f) {
  bool draft7 = doc_.draft() == Draft::Draft7;
  if (draft7 && v.contains("$ref"))
    return;  // siblings of "$ref" are ignored in draft 7
  auto needCount = [&](const std::string &k, const Json &x) -> std::optional<uint64_t> {
    auto n = countValue(x);
    if (!n) error(p, "'" + k + "' must be a non-negative integer");
    return n;
  };
  auto needNumber = [&](const std::string &k, const Json &x) -> std::optional<Decimal> {
    std::optional<Decimal> d = numberValue(x);
    if (!d) error(p, "'" + k + "' must be a number");
    return d;
  };
  auto tightenLower = [&](DecimalBound b) {
    if (!f.lower || compare(b.value, f.lower->value) > 0 ||
        (compare(b.value, f.lower->value) == 0 && b.exclusive))
      f.lower = b;
  };
  auto tightenUpper = [&](DecimalBound b) {
    if (!f.upper || compare(b.value, f.upper->value) < 0 ||
        (compare(b.value, f.upper->value) == 0 && b.exclusive))
      f.upper = b;
  };
  auto intersectValues = [&](std::vector<Json> vs) {
    if (!f.values) {
      f.values = std::move(vs);
      f.valuesPointer = p;
      return;
    }
    f.values = commonValues(*f.values, vs);
    f.valueKeys.reset();
  };
  bool hasContains = v.contains("contains");
  for (auto &[k, x] : v.items()) {
    if (isAnnotation(k))
      continue;
    if (k == "type") {
      unsigned bits = 0;
      std::vector<Json> names = x.is_array() ? std::vector<Json>(x.begin(), x.end()) : std::vector<Json>{x};
      for (const Json &n : names) {
        unsigned b = n.is_string() ? typeBitsOfName(n.get<std::string>()) : 0;
        if (!b) error(p, "'type' must name JSON types (null, boolean, object, array, number, string, integer)");
        bits |= b;
      }
      f.types &= bits;
    } else if (k == "enum") {
      if (!x.is_array()) error(p, "'enum' must be an array");
      else intersectValues(std::vector<Json>(x.begin(), x.end()));
    } else if (k == "const") {
      intersectValues({x});
    } else if (k == "minLength") {
      if (auto n = needCount(k, x)) f.minLength = std::max(f.minLength, *n), f.lengthPointer = p;
    } else if (k == "maxLength") {
      if (auto n = needCount(k, x)) f.maxLength = std::min(f.maxLength.value_or(*n), *n), f.lengthPointer = p;
    } else if (k == "pattern") {
      if (!x.is_string()) error(p, "'pattern' must be a string");
      else f.patterns.emplace_back(p, x.get<std::string>());
    } else if (k == "format") {
      if (!x.is_string()) error(p, "'format' must be a string");
      else f.formats.emplace_back(p, x.get<std::string>());
    } else if (k == "minimum" || k == "exclusiveMinimum") {
      if (auto d = needNumber(k, x)) tightenLower({*d, k == "exclusiveMinimum"});
    } else if (k == "maximum" || k == "exclusiveMaximum") {
      if (auto d = needNumber(k, x)) tightenUpper({*d, k == "exclusiveMaximum"});
    } else if (k == "minItems") {
      if (auto n = needCount(k, x)) f.minItems = std::max(f.minItems, *n);
    } else if (k == "maxItems") {
      if (auto n = needCount(k, x)) f.maxItems = std::min(f.maxItems.value_or(*n), *n);
    } else if (k == "minProperties") {
      if (auto n = needCount(k, x)) f.minProperties = std::max(f.minProperties.value_or(0), *n), f.minPropertiesPointer = p;
    } else if (k == "maxProperties") {
      if (auto n = needCount(k, x)) f.maxProperties = std::min(f.maxProperties.value_or(*n), *n), f.maxPropertiesPointer = p;
    } else if (k == "required") {
      if (!x.is_array()) {
        error(p, "'required' must be an array of strings");
        continue;
      }
      for (const Json &n : x) {
        if (!n.is_string()) error(p, "'required' must be an array of strings");
        else if (std::find(f.required.begin(), f.required.end(), n.get<std::string>()) == f.required.end())
          f.required.push_back(n.get<std::string>());
      }
    } else if (k == "properties") {
      if (!x.is_object()) error(p, "'properties' must be an object of schemas");
    } else if (k == "additionalProperties") {
    } else if (k == "patternProperties") {
      if (!x.is_object() || !x.empty())
        unsupported(p, k, "cannot be enforced by a grammar");
    } else if (k == "items") {
      if (x.is_array() && !draft7) error(p, "'items' must be a schema in draft 2020-12 (use 'prefixItems')");
    } else if (k == "prefixItems" && !draft7) {
      if (!x.is_array()) error(p, "'prefixItems' must be an array of schemas");
    } else if (k == "additionalItems" && draft7) {
    } else if (k == "uniqueItems") {
      if (!x.is_boolean()) error(p, "'uniqueItems' must be a boolean");
      else if (x.get<bool>()) unsupported(p, k, "cannot be enforced by a grammar");
    } else if ((k == "minContains" || k == "maxContains") && !draft7) {
      if (hasContains) unsupported(p, k, "cannot be enforced by a grammar");
    } else if (k == "then" || k == "else") {
      if (v.contains("if")) unsupported(p, k, "cannot be enforced by a grammar");
    } else if (k == "contains" || k == "not" || k == "if" || k == "dependentSchemas" ||
               k == "dependentRequired" || k == "propertyNames" || k == "multipleOf" ||
               k == "unevaluatedItems" || k == "unevaluatedProperties" || k == "$dynamicRef" ||
               k == "$recursiveRef" || (k == "dependencies" && draft7)) {
      unsupported(p, k, "cannot be enforced by a grammar");
    } else if (k == "dependencies") {
      // Not a 2020-12 keyword, but validators commonly still apply it (the
      // suite tests that as optional draft-7 compatibility), and the author
      // surely meant it to constrain: ignoring it with a warning would
      // accept instances they mean to reject. Its draft-7 meaning is not
      // enforceable anyway, so it is refused as in draft 7.
      unsupported(p, k,
                  "is not a draft 2020-12 keyword (it became 'dependentRequired' and 'dependentSchemas') "
                  "and cannot be enforced by a grammar");
    } else {
      warning(p, "unknown keyword '" + k + "' ignored");
    }
  }
}

} // namespace decc::jsonschema
