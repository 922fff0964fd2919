//===- ExprSema.h - Typing and constant folding of expressions ------------===//
#ifndef DECC_LIB_FRONTEND_EXPRSEMA_H
#define DECC_LIB_FRONTEND_EXPRSEMA_H

#include "decc/AST/AST.h"
#include "decc/Frontend/Diagnostics.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace decc::fe {

std::optional<ast::Feature> featureByName(const std::string &name);
std::vector<std::string> featureNames();

/// Where an expression appears, which decides what it may read.
struct ExprEnv {
  const std::vector<std::unique_ptr<ast::Param>> *params = nullptr;
  /// Parameters and features are allowed (logits operator arguments only);
  /// otherwise the expression must be a compile-time constant.
  bool runtime = false;
  /// What needs the constant, for messages: "a parameter default", "window".
  const char *constantUse = "this value";
};

struct ExprValue {
  bool ok = false;
  std::optional<double> constant; ///< folded value, when known at compile time
};

class ExprChecker {
public:
  explicit ExprChecker(DiagnosticEngine &diags) : diags_(diags) {}

  /// Resolves and types `e` in place and folds it. Reports and returns
  /// !ok on error.
  ExprValue check(ast::ExprPtr &e, const ExprEnv &env);

  /// Wraps an i32 expression in an explicit cast to f32 (no-op for f32).
  static void promoteToF32(ast::ExprPtr &e);

private:
  ExprValue name(ast::Expr &e, const ExprEnv &env);
  ExprValue unary(ast::ExprPtr &e, const ExprEnv &env);
  ExprValue binary(ast::ExprPtr &e, const ExprEnv &env);
  ExprValue call(ast::ExprPtr &e, const ExprEnv &env);
  /// Checks an i32 fold result; reports overflow at `e`.
  bool fitsI32(double v, const ast::Expr &e, const std::string &what);
  ExprValue fail();

  DiagnosticEngine &diags_;
};

} // namespace decc::fe

#endif
