//===- Gbnf.h - GBNF expression trees, rules and printing -------*- C++ -*-===//
//
// The translator builds expressions with simplifying constructors (a sequence
// containing the empty language is empty, and so on), names rules, and prints
// llama.cpp GBNF. `nothing()` is the empty language: it never reaches the
// output, because the printer's pruning pass removes unproductive rules and
// alternatives first.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_GBNF_H
#define DECC_JSONSCHEMA_GBNF_H

#include "CodePointSet.h"

#include "decc/grammar.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace decc::jsonschema::gbnf {

struct Expr;
using ExprP = std::shared_ptr<const Expr>;

struct Expr {
  enum Kind { Nothing, Literal, Class, Ref, Seq, Alt, Repeat } kind = Nothing;
  std::string text;   ///< Literal: UTF-8 bytes; Ref: rule name
  CodePointSet set;   ///< Class
  std::vector<ExprP> items;  ///< Seq, Alt; Repeat: one item
  uint64_t min = 0;
  std::optional<uint64_t> max;  ///< Repeat: unset = unbounded
};

ExprP nothing();
ExprP empty();  ///< the empty string
ExprP lit(std::string utf8);
ExprP cls(CodePointSet set);
ExprP ref(std::string rule);
ExprP seq(std::vector<ExprP> items);
ExprP alt(std::vector<ExprP> items);
ExprP rep(ExprP e, uint64_t min, std::optional<uint64_t> max);
inline ExprP opt(ExprP e) { return rep(std::move(e), 0, 1); }
inline ExprP star(ExprP e) { return rep(std::move(e), 0, std::nullopt); }

bool isNothing(const ExprP &e);

class Grammar {
public:
  /// Reserves a unique rule name derived from `hint` (recursion: refer to it
  /// before its body is known).
  std::string reserve(const std::string &hint);
  void define(const std::string &name, ExprP body);
  /// A rule with this body: an existing rule with the same printed body is
  /// reused (duplicate removal).
  std::string add(const std::string &hint, ExprP body);
  size_t size() const { return order_.size(); }

  /// Removes unproductive rules and alternatives and rules unreachable from
  /// `root`. Returns false when `root` itself is unproductive (the language
  /// is empty).
  bool prune(const std::string &root);
  std::string print() const;
  /// The same rules as the grammar compiler's IR (root = `root`), without a
  /// round trip through GBNF text and its parser.
  grammar::Grammar toIr(const std::string &root) const;

private:
  std::vector<std::string> order_;
  std::map<std::string, ExprP> rules_;
  std::map<std::string, std::string> byBody_;
  std::map<std::string, unsigned> hintCount_;
};

/// Printed form of an expression (for duplicate detection and tests).
std::string print(const ExprP &e);

} // namespace decc::jsonschema::gbnf

#endif
