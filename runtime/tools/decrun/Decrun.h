//===- Decrun.h - decrun as a testable function ---------------------------===//
#ifndef DECC_DECRUN_DECRUN_H
#define DECC_DECRUN_DECRUN_H

#include <ostream>
#include <string>
#include <vector>

namespace decc::decrun {

// Exit codes.
enum ExitCode {
  kExitOk = 0,
  kExitError = 1,      // usage, module or parameter error
  kExitRowFailure = 3, // a step reported no valid token or invalid logits
};

// Runs decrun with argv[1..]: token lines or JSON to `out`, statistics and
// errors to `err`. Returns the process exit code.
int decrunMain(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err);

} // namespace decc::decrun

#endif
