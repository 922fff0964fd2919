//===- Generate.h - the autoregressive loop over the synthetic model ------===//
#ifndef DECC_DECRUN_GENERATE_H
#define DECC_DECRUN_GENERATE_H

#include "Options.h"
#include "decc/decrt.h"

#include <cstdint>
#include <string>
#include <vector>

namespace decc::decrun {

struct Sequence {
  std::vector<int32_t> tokens;
  std::string stop; // "eos", "stop_token", "max_tokens", "no_valid_token",
                    // "invalid_logits"
};

struct GenerateResult {
  std::vector<Sequence> sequences;
  int64_t steps = 0;         // decrt_sampler_step calls
  int64_t tokens = 0;        // tokens generated over all sequences
  double wallSeconds = 0;    // the whole loop
  double kernelSeconds = 0;  // inside decrt_sampler_step
  double logitsSeconds = 0;  // producing synthetic logits
  bool rowFailure = false;
};

// Decodes options.batch sequences until each stops. Returns DECRT_OK or the
// status of a failing runtime call (message in decrt_last_error()).
decrt_status generate(decrt_sampler *sampler, const Options &options,
                      GenerateResult &result);

} // namespace decc::decrun

#endif
