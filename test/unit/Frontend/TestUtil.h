//===- TestUtil.h - Run the front end on a string -------------------------===//
#ifndef DECC_TEST_UNIT_FRONTEND_TESTUTIL_H
#define DECC_TEST_UNIT_FRONTEND_TESTUTIL_H

#include "decc/Frontend/Frontend.h"

#include <memory>
#include <string>

namespace decc::test {

struct Compiled {
  std::unique_ptr<ast::Module> module;
  std::string diagnostics; ///< everything printed, clang format
  unsigned errors = 0;
  unsigned warnings = 0;
};

/// Runs parseAndCheck on `source` as file "t.dec".
Compiled compile(const std::string &source, const FrontendLimits &limits = {});

/// Wraps logits-block content into a sampling strategy.
std::string inLogits(const std::string &ops);

/// The first diagnostic line ("t.dec:L:C: error: ..."), or "".
std::string firstLine(const std::string &diagnostics);

} // namespace decc::test

#endif
