//===- Constraint.h - a strategy's grammar constraint in decrun ------------===//
//
// A strategy compiled with `constrain G` carries G's serialised table
// (decc_strategy_desc.constraint_table). decrun loads it with the strategy
// and, when generating text, keeps a Matcher over the tokenizer's bytes: the
// matcher's token mask goes to every decrt_sampler_step and each sampled
// token is fed back to it.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DECRUN_CONSTRAINT_H
#define DECC_DECRUN_CONSTRAINT_H

#include "decc/abi.h"
#include "decc/grammar.h"
#include "decc/tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace decc::decrun {

struct Constraint {
  std::string name;
  std::shared_ptr<const grammar::CompiledGrammar> grammar;
};

// The strategy's constraint, or null when it has none. A table that does not
// load is an error naming the module, the strategy and the table's field.
bool loadConstraint(const std::string &modulePath, const decc_strategy_desc &s,
                    std::shared_ptr<const Constraint> &out, std::string &error);

// The tokenizer's token -> bytes table as the matcher sees it, with `eos`
// (decrun's EOS id; -1 for none) as the only end-of-sequence token.
std::shared_ptr<const grammar::Vocabulary> constraintVocabulary(const Tokenizer &tok,
                                                                int32_t eos);

// The per-step mask of a constrained run and its timing.
class ConstrainedMask {
public:
  ConstrainedMask(const Constraint &c, std::shared_ptr<const grammar::Vocabulary> vocab,
                  int64_t vocabSize);
  // Recomputes the mask for the next step.
  void refresh();
  const uint32_t *words() const { return words_.data(); }
  // The grammar derives the output and no token other than EOS continues it.
  bool exhausted() const;
  // False (state unchanged) when the grammar does not admit `token`.
  bool accept(int32_t token) { return matcher_.acceptToken(token); }
  double seconds() const { return seconds_; }
  int64_t refreshes() const { return refreshes_; }

private:
  std::shared_ptr<const grammar::Vocabulary> vocab_;
  grammar::Matcher matcher_;
  std::vector<uint32_t> words_;
  double seconds_ = 0;
  int64_t refreshes_ = 0;
};

} // namespace decc::decrun

#endif
