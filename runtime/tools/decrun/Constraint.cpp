//===- Constraint.cpp -----------------------------------------------------===//
#include "Constraint.h"
#include "RunClock.h"

namespace decc::decrun {

bool loadConstraint(const std::string &modulePath, const decc_strategy_desc &s,
                    std::shared_ptr<const Constraint> &out, std::string &error) {
  out.reset();
  if (!s.constraint_table && s.constraint_table_bytes == 0)
    return true;
  const std::string where = modulePath + ": strategy " + s.name + ": constraint " +
                            (s.constraint_name ? s.constraint_name : "(unnamed)") + ": ";
  if (!s.constraint_table || s.constraint_table_bytes <= 0) {
    error = where + "the table pointer and size disagree (" +
            std::to_string(s.constraint_table_bytes) + " bytes)";
    return false;
  }
  std::string why;
  auto g = grammar::deserialize(s.constraint_table, size_t(s.constraint_table_bytes), &why);
  if (!g) {
    error = where + why;
    return false;
  }
  auto c = std::make_shared<Constraint>();
  c->name = s.constraint_name ? s.constraint_name : "";
  c->grammar = std::move(g);
  out = std::move(c);
  return true;
}

std::shared_ptr<const grammar::Vocabulary> constraintVocabulary(const Tokenizer &tok,
                                                                int32_t eos) {
  const size_t n = size_t(tok.vocabSize());
  std::vector<std::string> tokens(n);
  std::vector<bool> special(n);
  for (size_t i = 0; i < n; ++i) {
    tokens[i] = tok.tokenBytes(int32_t(i));
    special[i] = tok.isSpecial(int32_t(i));
  }
  std::vector<int32_t> eosIds;
  if (eos >= 0 && size_t(eos) < n)
    eosIds.push_back(eos);
  return std::make_shared<grammar::Vocabulary>(tokens, special, std::move(eosIds));
}

ConstrainedMask::ConstrainedMask(const Constraint &c,
                                 std::shared_ptr<const grammar::Vocabulary> vocab,
                                 int64_t vocabSize)
    : vocab_(vocab), matcher_(c.grammar, std::move(vocab)),
      words_(size_t((vocabSize + 31) / 32), 0) {}

void ConstrainedMask::refresh() {
  Clock::time_point t0 = Clock::now();
  matcher_.fillMask(words_.data(), words_.size() * 32);
  seconds_ += decrun::seconds(t0, Clock::now());
  ++refreshes_;
}

bool ConstrainedMask::exhausted() const {
  if (!matcher_.isComplete())
    return false;
  for (size_t w = 0; w < words_.size(); ++w)
    for (uint32_t bits = words_[w]; bits; bits &= bits - 1) {
      int32_t t = int32_t(w * 32 + size_t(__builtin_ctz(bits)));
      if (!vocab_->isEos(t))
        return false;
    }
  return true;
}

} // namespace decc::decrun
