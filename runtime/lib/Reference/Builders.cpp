//===- Builders.cpp - RefOp constructors and names ------------------------===//
#include "decc/reference.h"

namespace decc::ref {

RefOp repetitionPenalty(Arg r, int64_t window) {
  return {OpKind::RepetitionPenalty, std::move(r), window, {}};
}
RefOp presencePenalty(Arg a, int64_t window) {
  return {OpKind::PresencePenalty, std::move(a), window, {}};
}
RefOp frequencyPenalty(Arg a, int64_t window) {
  return {OpKind::FrequencyPenalty, std::move(a), window, {}};
}
RefOp logitBias(std::vector<std::pair<int64_t, float>> biases) {
  return {OpKind::LogitBias, 0.0, 0, std::move(biases)};
}
RefOp temperature(Arg t) { return {OpKind::Temperature, std::move(t), 0, {}}; }
RefOp topK(Arg k) { return {OpKind::TopK, std::move(k), 0, {}}; }
RefOp topP(Arg p) { return {OpKind::TopP, std::move(p), 0, {}}; }
RefOp minP(Arg p) { return {OpKind::MinP, std::move(p), 0, {}}; }
RefOp typicalP(Arg p) { return {OpKind::TypicalP, std::move(p), 0, {}}; }

const char *opName(OpKind kind) {
  switch (kind) {
  case OpKind::RepetitionPenalty:
    return "repetition_penalty";
  case OpKind::PresencePenalty:
    return "presence_penalty";
  case OpKind::FrequencyPenalty:
    return "frequency_penalty";
  case OpKind::LogitBias:
    return "logit_bias";
  case OpKind::Temperature:
    return "temperature";
  case OpKind::TopK:
    return "top_k";
  case OpKind::TopP:
    return "top_p";
  case OpKind::MinP:
    return "min_p";
  case OpKind::TypicalP:
    return "typical_p";
  }
  return "?";
}

} // namespace decc::ref
