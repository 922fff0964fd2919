//===- DecrunCli.h - decrun's command line, run in process by tests ------===//
#ifndef DECC_TEST_RUNTIME_DECRUNCLI_H
#define DECC_TEST_RUNTIME_DECRUNCLI_H

#include "Decrun.h"

#include <sstream>
#include <string>
#include <vector>

namespace decc::test {

struct CliResult {
  int code;
  std::string out, err;
};

/// Runs decrun's main with `args` (without the program name), capturing both
/// streams.
inline CliResult runDecrun(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = decc::decrun::decrunMain(args, out, err);
  return {code, out.str(), err.str()};
}

} // namespace decc::test

#endif
