//===- Document.cpp -------------------------------------------------------===//
#include "Document.h"

#include <cctype>

namespace decc::jsonschema {

std::string escapePointerToken(const std::string &token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {
/// Keywords whose values are schemas, maps of schemas or arrays of schemas:
/// only these are walked for anchors and embedded resources (an `$id` inside
/// `const` or `enum` is data).
enum class Holds { Schema, Map, Array, MaybeArray };
const std::map<std::string, Holds> &schemaKeywords() {
  static const std::map<std::string, Holds> k = {
      {"properties", Holds::Map}, {"patternProperties", Holds::Map}, {"$defs", Holds::Map},
      {"definitions", Holds::Map}, {"dependentSchemas", Holds::Map}, {"dependencies", Holds::Map},
      {"additionalProperties", Holds::Schema}, {"items", Holds::MaybeArray},
      {"additionalItems", Holds::Schema}, {"prefixItems", Holds::Array}, {"contains", Holds::Schema},
      {"propertyNames", Holds::Schema}, {"not", Holds::Schema}, {"if", Holds::Schema},
      {"then", Holds::Schema}, {"else", Holds::Schema}, {"allOf", Holds::Array},
      {"anyOf", Holds::Array}, {"oneOf", Holds::Array}, {"unevaluatedItems", Holds::Schema},
      {"unevaluatedProperties", Holds::Schema}, {"contentSchema", Holds::Schema}};
  return k;
}

std::string percentDecode(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}
} // namespace

Document::Document(Json root, Draft draft) : root_(std::move(root)), draft_(draft) {
  if (root_.is_object() && root_.contains("$id") && root_["$id"].is_string()) {
    rootId_ = root_["$id"].get<std::string>();
    if (auto h = rootId_.find('#'); h != std::string::npos)
      rootId_.resize(h);
  }
  scan(root_, "", true);
}

void Document::scan(const Json &v, const std::string &pointer, bool isRoot) {
  if (!v.is_object())
    return;
  if (auto it = v.find("$anchor"); it != v.end() && it->is_string())
    anchors_.emplace(it->get<std::string>(), pointer);
  if (auto it = v.find("$id"); it != v.end() && it->is_string()) {
    std::string id = it->get<std::string>();
    if (!id.empty() && id[0] == '#')
      anchors_.emplace(id.substr(1), pointer);  // draft 7 plain-name fragment
    else if (!isRoot && !embeddedId_)
      embeddedId_ = pointer;
  }
  for (auto &[key, sub] : v.items()) {
    auto k = schemaKeywords().find(key);
    if (k == schemaKeywords().end())
      continue;
    std::string p = pointer + "/" + escapePointerToken(key);
    if (k->second == Holds::Map && sub.is_object()) {
      for (auto &[name, s] : sub.items())
        scan(s, p + "/" + escapePointerToken(name), false);
    } else if ((k->second == Holds::Array || k->second == Holds::MaybeArray) && sub.is_array()) {
      for (size_t i = 0; i < sub.size(); ++i)
        scan(sub[i], p + "/" + std::to_string(i), false);
    } else if (k->second != Holds::Array) {
      scan(sub, p, false);
    }
  }
}

const Json *Document::at(const std::string &pointer) const {
  const Json *v = &root_;
  size_t i = 0;
  while (i < pointer.size()) {
    if (pointer[i] != '/')
      return nullptr;
    size_t j = pointer.find('/', i + 1);
    std::string raw = pointer.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
    std::string token;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
        token += raw[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        token += raw[k];
      }
    }
    if (v->is_object()) {
      auto it = v->find(token);
      if (it == v->end())
        return nullptr;
      v = &*it;
    } else if (v->is_array()) {
      if (token.empty() || token.size() > 9 ||
          token.find_first_not_of("0123456789") != std::string::npos ||
          (token.size() > 1 && token[0] == '0'))
        return nullptr;
      size_t idx = std::stoul(token);
      if (idx >= v->size())
        return nullptr;
      v = &(*v)[idx];
    } else {
      return nullptr;
    }
    i = j == std::string::npos ? pointer.size() : j;
  }
  return v;
}

std::optional<std::string> Document::resolve(const std::string &ref, std::string &why) const {
  size_t hash = ref.find('#');
  std::string base = ref.substr(0, hash);
  std::string fragment = hash == std::string::npos ? "" : ref.substr(hash + 1);
  if (!base.empty() && base != rootId_) {
    why = "remote reference '" + ref + "' is not supported";
    return std::nullopt;
  }
  if (embeddedId_) {
    why = "references in a document with embedded resources ($id at '" + *embeddedId_ +
          "') are not supported";
    return std::nullopt;
  }
  fragment = percentDecode(fragment);
  if (!fragment.empty() && fragment[0] != '/') {
    auto it = anchors_.find(fragment);
    if (it == anchors_.end()) {
      why = "no anchor '" + fragment + "' in this document";
      return std::nullopt;
    }
    return it->second;
  }
  if (!at(fragment)) {
    why = "'" + ref + "' points to nothing in this document";
    return std::nullopt;
  }
  return fragment;
}

} // namespace decc::jsonschema
