//===- ModelGenerate.h - text generation with a GGUF model ----------------===//
//
// The autoregressive loop over the model host: encode the prompt, prefill it
// in one chunk, then per step sample from the last logits with the strategy
// (history = prompt + generated) and feed the token back, until the
// strategy's stop rules or the token limit end the sequence.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DECRUN_MODELGENERATE_H
#define DECC_DECRUN_MODELGENERATE_H

#include "Constraint.h"
#include "Options.h"
#include "decc/decrt.h"
#include "decc/model.h"
#include "decc/tokenizer.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace decc::decrun {

struct ModelRun {
  std::vector<int32_t> prompt;    // as fed to the model (BOS included)
  std::vector<int32_t> generated; // the EOS / stop token included
  std::string text;               // bytes of the generated non-special tokens
  std::string stop; // "eos", "stop_token", "max_tokens", "context",
                    // "grammar_complete", "no_valid_token", "invalid_logits"
  int64_t limit = 0;         // the token limit the run had
  bool limitIsContext = false; // the limit is the context's room
  int64_t forwardPasses = 0; // Session::evaluate calls, prefill included
  double prefillSeconds = 0; // the prompt's forward pass
  double decodeSeconds = 0;  // everything after it
  double kernelSeconds = 0;  // inside decrt_sampler_step
  double forwardSeconds = 0; // decode-phase forward passes
  bool rowFailure = false;
  std::string constraint;    // the grammar's name; empty when unconstrained
  bool constrained = false;
  double maskSeconds = 0;    // computing the grammar's token masks
  int64_t masks = 0;         // masks computed
};

// Prompt ids: the tokenizer's own special tokens, plus BOS in front when the
// model's metadata asks for it and the tokenizer did not add it.
std::vector<int32_t> encodePrompt(const Tokenizer &tok,
                                  const model::Model &model,
                                  const std::string &prompt);

// The EOS id: --eos, else the model's metadata, else the tokenizer's; -1 when
// none is known.
int32_t eosId(const Options &o, const Tokenizer &tok, const model::Model &model);

// Runs the loop. With `mask` non-null, every step samples under the grammar's
// token mask and the run also ends when the grammar is complete and admits
// nothing more ("grammar_complete"). With `stream` non-null, text goes there as whole UTF-8
// characters as soon as they are complete. Returns false with `error` set for
// a run that cannot start (context too small, empty prompt) or a failing
// runtime or model call.
bool generateText(const Options &o, decrt_sampler *sampler,
                  const model::Model &model, const Tokenizer &tok,
                  ConstrainedMask *mask, std::ostream *stream, ModelRun &run,
                  std::string &error);

} // namespace decc::decrun

#endif
