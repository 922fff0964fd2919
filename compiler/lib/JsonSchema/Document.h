//===- Document.h - A parsed schema: pointers, anchors, local $ref -*- C++ -*-===//
#ifndef DECC_JSONSCHEMA_DOCUMENT_H
#define DECC_JSONSCHEMA_DOCUMENT_H

#include "decc/JsonSchema/JsonSchema.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace decc::jsonschema {

using Json = nlohmann::ordered_json;

/// A JSON pointer token, escaped (~0 ~1).
std::string escapePointerToken(const std::string &token);

class Document {
public:
  Document(Json root, Draft draft);
  const Json &root() const { return root_; }
  Draft draft() const { return draft_; }
  /// The value at a canonical pointer, or nullptr.
  const Json *at(const std::string &pointer) const;
  /// A `$ref` value to the canonical pointer of its target; on failure the
  /// reason ("remote reference", "no such location", ...).
  std::optional<std::string> resolve(const std::string &ref, std::string &why) const;

private:
  void scan(const Json &v, const std::string &pointer, bool isRoot);
  Json root_;
  Draft draft_;
  std::string rootId_;
  std::map<std::string, std::string> anchors_;  ///< anchor name -> pointer
  std::optional<std::string> embeddedId_;       ///< pointer of an embedded resource
};

} // namespace decc::jsonschema

#endif
