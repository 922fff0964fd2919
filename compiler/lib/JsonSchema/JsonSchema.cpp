//===- JsonSchema.cpp - The public entry point ----------------------------===//
#include "decc/JsonSchema/JsonSchema.h"

#include "Document.h"
#include "Numbers.h"
#include "ParseJson.h"
#include "Translator.h"

namespace decc::jsonschema {

namespace {
/// 1-based line and column (in code points) of a byte offset, and its line.
void locate(std::string_view text, size_t offset, Diagnostic &d) {
  offset = std::min(offset, text.size());
  size_t lineStart = 0;
  unsigned line = 1;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  unsigned col = 1;
  for (size_t i = lineStart; i < offset; ++i)
    col += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  size_t lineEnd = text.find('\n', lineStart);
  d.line = line;
  d.column = col;
  d.sourceLine = std::string(text.substr(lineStart, lineEnd == std::string_view::npos ? std::string_view::npos
                                                                                       : lineEnd - lineStart));
  if (!d.sourceLine.empty() && d.sourceLine.back() == '\r')
    d.sourceLine.pop_back();
}

/// Nesting depth check before parsing: deep input must not reach the
/// parser's or the destructor's recursion.
bool checkDepth(std::string_view text, unsigned maxDepth, size_t &where) {
  unsigned depth = 0;
  bool ok = true;
  scanOutsideStrings(text, [&](size_t i) {
    const char c = text[i];
    if (c == '[' || c == '{') {
      if (++depth > maxDepth) {
        where = i;
        ok = false;
        return text.size();
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    return i + 1;
  });
  return ok;
}

std::optional<Draft> draftOf(const std::string &uri) {
  if (uri.find("draft-07") != std::string::npos || uri.find("draft-06") != std::string::npos)
    return Draft::Draft7;
  if (uri.find("2020-12") != std::string::npos)
    return Draft::Draft2020_12;
  return std::nullopt;
}
} // namespace

size_t Result::errorCount() const {
  size_t n = 0;
  for (const Diagnostic &d : diagnostics) n += d.severity == Severity::Error;
  return n;
}

std::string Result::render() const {
  std::string out;
  for (const Diagnostic &d : diagnostics) {
    const char *sev = d.severity == Severity::Error ? "error" : "warning";
    if (d.line) {
      out += sourceName + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + sev + ": " +
             d.message + "\n" + d.sourceLine + "\n";
      // The caret under the column, tabs kept so that it lines up.
      unsigned col = 1;
      for (size_t i = 0; i < d.sourceLine.size() && col < d.column; ++i) {
        unsigned char c = d.sourceLine[i];
        if ((c & 0xC0) == 0x80) continue;
        out += c == '\t' ? '\t' : ' ';
        ++col;
      }
      out += "^\n";
    } else {
      out += sourceName + ": " + sev + ": " + (d.pointer.empty() ? "/" : d.pointer) + ": " + d.message + "\n";
    }
  }
  return out;
}

Result toGbnf(std::string_view text, const Options &options, std::string sourceName) {
  Result r;
  r.sourceName = std::move(sourceName);
  auto fail = [&](std::string message, std::optional<size_t> offset) {
    Diagnostic d;
    d.message = std::move(message);
    if (offset) locate(text, *offset, d);
    r.diagnostics.push_back(std::move(d));
    return r;
  };
  if (text.size() > options.limits.maxSchemaBytes)
    return fail("the schema is " + std::to_string(text.size()) + " bytes, over the limit of " +
                    std::to_string(options.limits.maxSchemaBytes),
                std::nullopt);
  size_t where = 0;
  if (!checkDepth(text, options.limits.maxDepth, where))
    return fail("nesting deeper than " + std::to_string(options.limits.maxDepth) + " (limit)", where);
  ParsedJson parsed = parseJsonExact(text);
  if (!parsed.value)
    return fail(parsed.error, parsed.offset);
  Json root = std::move(*parsed.value);
  if (!root.is_object() && !root.is_boolean())
    return fail("a schema must be an object or a boolean", std::nullopt);
  Draft draft = options.draft == Draft::Auto ? Draft::Draft2020_12 : options.draft;
  if (root.is_object() && root.contains("$schema")) {
    const Json &s = root["$schema"];
    std::optional<Draft> d = s.is_string() ? draftOf(s.get<std::string>()) : std::nullopt;
    if (!d)
      return fail("/: unsupported '$schema' " + spell(s) + " (draft 2020-12 and draft 7 are supported)",
                  std::nullopt);
    if (options.draft == Draft::Auto)
      draft = *d;
  }
  Document doc(std::move(root), draft);
  Translator t(doc, options, r.diagnostics);
  if (auto g = t.run()) {
    r.ok = true;
    r.gbnf = std::move(*g);
    r.grammar = t.ir();
  }
  return r;
}

} // namespace decc::jsonschema
