//===- OpTable.h - Signatures and domains of the logits operators ---------===//
//
// One table drives argument binding, type checking, domain checks and the
// narrowing of parameter ranges; docs/language.md documents the same table.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_FRONTEND_OPTABLE_H
#define DECC_LIB_FRONTEND_OPTABLE_H

#include "decc/AST/AST.h"

#include <string>
#include <vector>

namespace decc::fe {

/// An interval of the real line; each end may be open. Infinite ends are
/// "open" when the infinity itself is not allowed.
struct Domain {
  double lo, hi;
  bool loOpen, hiOpen;

  bool contains(double v) const; ///< false for NaN
  /// "in [0, 1]", ">= 0", "> 0" or "finite".
  std::string describe() const;
  /// Inclusive bounds for a parameter of type `t` that must lie in this
  /// domain (open finite ends move to the next representable value).
  double inclusiveLo(ast::ScalarType t) const;
  double inclusiveHi(ast::ScalarType t) const;
};

struct ArgSpec {
  const char *name;
  ast::ScalarType type;
  Domain domain;
  bool required;
  /// Compile-time constant only (window sizes shape the generated code).
  bool constantOnly;
};

struct OpSpec {
  const char *name;
  ast::LogitsOpKind kind;
  std::vector<ArgSpec> args; ///< positional order; the value argument first
  bool takesBiasMap;
  /// Argmax-preserving: pointless in front of greedy selection.
  bool noEffectUnderGreedy;
};

const std::vector<OpSpec> &allOps();
const OpSpec *findOp(const std::string &name);
const OpSpec &opSpec(ast::LogitsOpKind kind);
std::vector<std::string> opNames();

} // namespace decc::fe

#endif
