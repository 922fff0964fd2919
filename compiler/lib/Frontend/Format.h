//===- Format.h - Number and location formatting shared by dump and Sema --===//
#ifndef DECC_LIB_FRONTEND_FORMAT_H
#define DECC_LIB_FRONTEND_FORMAT_H

#include "decc/AST/AST.h"

#include <string>

namespace decc::fe {

/// Shortest text that reads back as the same double: "0.7", "512", "inf",
/// "-inf", "nan", "1e+20". Used wherever a value is shown to users so that
/// messages and dumps repeat what was written.
std::string formatNumber(double v);

/// "@LINE:COL".
std::string formatLoc(ast::SourceLoc loc);

} // namespace decc::fe

#endif
