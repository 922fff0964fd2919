//===- Regex.cpp ----------------------------------------------------------===//
#include "Regex.h"

#include "JsonStrings.h"

#include "decc/Grammar/Regex.h"

#include <algorithm>

namespace decc::jsonschema {
using namespace gbnf;

namespace {

CodePointSet setOf(const grammar::Expr &e) {
  CodePointSet s;
  for (const grammar::CodepointRange &r : e.ranges)
    s.add(r.lo, r.hi);
  return e.negated ? s.complement() : s;
}

/// The regex front end builds no rule references: literals, classes and the
/// three combinators.
ExprP lower(const grammar::Expr &e, const std::function<ExprP(const CodePointSet &)> &atom) {
  using K = grammar::Expr::Kind;
  std::vector<ExprP> items;
  switch (e.kind) {
  case K::Literal:
    for (uint32_t cp : decodeUtf8(e.bytes))
      items.push_back(atom(CodePointSet::single(cp)));
    return seq(items);
  case K::Class:
    return atom(setOf(e));
  case K::Seq:
  case K::Alt:
    for (const grammar::Expr &i : e.items)
      items.push_back(lower(i, atom));
    return e.kind == K::Seq ? seq(items) : alt(items);
  case K::Repeat: {
    std::optional<uint64_t> max;
    if (e.max != grammar::kUnbounded)
      max = e.max;
    return rep(lower(e.items[0], atom), e.min, max);
  }
  case K::Ref:
    break;
  }
  return nothing();
}

} // namespace

RegexResult regexToGbnf(const std::string &pattern,
                        const std::function<ExprP(const CodePointSet &)> &atom,
                        uint64_t maxRepetition) {
  grammar::RegexOptions opt;
  opt.match = grammar::RegexMatch::Search;
  opt.limits.maxRepeat = static_cast<uint32_t>(std::min<uint64_t>(maxRepetition, UINT32_MAX - 1));
  // The schema's own size limit bounds the pattern.
  opt.limits.maxSourceBytes = pattern.size();
  std::vector<grammar::Diagnostic> diags;
  std::optional<grammar::Expr> e = grammar::parseRegex(pattern, diags, opt);
  if (!e) {
    const grammar::Diagnostic &d = diags.front();
    return {nullptr, "at offset " + std::to_string(d.loc.col - 1) + ": " + d.message};
  }
  return {lower(*e, atom), ""};
}

} // namespace decc::jsonschema
