//===- EbnfCommon.h - Lark's `common` terminals, restated -------*- C++ -*-===//
#ifndef DECC_LIB_GRAMMAR_EBNFCOMMON_H
#define DECC_LIB_GRAMMAR_EBNFCOMMON_H

#include <string_view>

namespace decc {
namespace grammar {

/// EBNF source of the module `%import common.X` reads: Lark's common.lark,
/// with its lookbehind and lazy-quantifier terminals rewritten as the regular
/// languages they denote (docs/grammars.md, "EBNF").
std::string_view ebnfCommonModule();

} // namespace grammar
} // namespace decc

#endif
