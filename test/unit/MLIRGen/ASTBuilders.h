//===- ASTBuilders.h - Terse construction of checked ASTs for tests -------===//
//
// Builds ASTs in the shape Sema leaves them (types resolved, arguments in
// canonical order), so MLIRGen can be tested without the front end.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_UNIT_MLIRGEN_ASTBUILDERS_H
#define DECC_TEST_UNIT_MLIRGEN_ASTBUILDERS_H

#include "decc/AST/AST.h"

#include <initializer_list>

namespace decc::test {

ast::ExprPtr num(double v, ast::ScalarType t = ast::ScalarType::F32,
                 ast::SourceLoc loc = {3, 7});
ast::ExprPtr ref(const ast::Param &p, ast::SourceLoc loc = {3, 9});
ast::ExprPtr feature(ast::Feature f, ast::SourceLoc loc = {3, 11});
ast::ExprPtr neg(ast::ExprPtr x);
ast::ExprPtr bin(ast::BinaryOp op, ast::ExprPtr a, ast::ExprPtr b);
ast::ExprPtr call(ast::Builtin f, std::vector<ast::ExprPtr> args);
ast::ExprPtr toF32(ast::ExprPtr x);

ast::Param &addParam(ast::Strategy &s, const char *name, ast::ScalarType t,
                     double def, double lo = -__builtin_huge_val(),
                     double hi = __builtin_huge_val());
ast::LogitsOp &addOp(ast::Strategy &s, ast::LogitsOpKind kind,
                     ast::ExprPtr arg = nullptr, int64_t window = 0,
                     ast::SourceLoc loc = {4, 5});
ast::Strategy &addStrategy(ast::Module &m, const char *name,
                           ast::Selection sel = ast::Selection::Sample);

} // namespace decc::test

#endif
