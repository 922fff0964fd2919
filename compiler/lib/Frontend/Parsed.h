//===- Parsed.h - What the builder hands to Sema --------------------------===//
//
// The builder records a strategy as written, including what the checked AST
// has no room for (unevaluated defaults and bounds, repeated statements), so
// that Sema can diagnose it with locations. Nothing here is ANTLR.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_FRONTEND_PARSED_H
#define DECC_LIB_FRONTEND_PARSED_H

#include "decc/AST/AST.h"

#include <string>
#include <vector>

namespace decc::fe {

struct ParsedParam {
  std::string typeName;
  ast::SourceLoc typeLoc;
  ast::ExprPtr defaultExpr; ///< null when no default was written
  ast::ExprPtr lo, hi;      ///< both null when no range was written
};

struct ParsedBiasEntry {
  ast::ExprPtr token, bias;
  ast::SourceLoc loc;
};

struct ParsedOp {
  std::vector<ParsedBiasEntry> biases;   ///< entries of every `{...}` argument
  std::vector<ast::SourceLoc> biasMaps;  ///< one location per `{...}` argument
};

struct ParsedStopItem {
  std::string name;
  ast::SourceLoc loc;
  ast::ExprPtr value;                ///< `name = expr`
  bool hasList = false;              ///< `name = [...]`
  std::vector<ast::ExprPtr> list;
  ast::SourceLoc valueLoc;
};

struct ParsedStop {
  ast::SourceLoc loc;
  std::vector<ParsedStopItem> items;
};

struct ParsedGrammar {
  std::string name;
  ast::SourceLoc loc;
  std::string kindName;
  ast::SourceLoc kindLoc;
  std::string path; ///< escapes resolved
  ast::SourceLoc pathLoc;
};

struct ParsedConstrain {
  std::string name;
  ast::SourceLoc loc;     ///< of the `constrain` keyword
  ast::SourceLoc nameLoc;
};

struct ParsedStrategy {
  /// name, loc, params (name, loc), logits (name, loc, rawArgs) filled in.
  ast::Strategy ast;
  std::vector<ParsedParam> params;   ///< parallel to ast.params
  std::vector<ParsedOp> ops;         ///< parallel to ast.logits
  std::vector<ast::SourceLoc> logitsBlocks;
  std::vector<std::pair<ast::Selection, ast::SourceLoc>> selections;
  std::vector<ParsedStop> stops;
  std::vector<ParsedConstrain> constrains;
};

struct ParsedProgram {
  std::vector<ParsedGrammar> grammars;
  std::vector<ParsedStrategy> strategies;
};

} // namespace decc::fe

#endif
