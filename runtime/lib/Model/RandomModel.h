// Random Llama-family models built in memory with the GGUF writer: used by the
// tests, the fuzzer's seed corpus and the speed benchmark (no weights to ship).
#ifndef DECC_MODEL_RANDOMMODEL_H
#define DECC_MODEL_RANDOMMODEL_H

#include <cstdint>
#include <string>

#include "decc/gguf.h"

namespace decc::model {

struct RandomModelSpec {
  uint32_t nVocab = 512, nEmbd = 64, nLayer = 2, nHead = 4, nHeadKv = 2, nFF = 128, nCtx = 256;
  gguf::TensorType type = gguf::TensorType::F32;  // matrices; norms stay f32
  bool tied = false;
  uint64_t seed = 1;
  // Rounds every weight through this type before encoding it as `type`, so
  // that models of different storage types hold the same values.
  gguf::TensorType roundThrough = gguf::TensorType::F32;
};

bool buildRandomLlama(const RandomModelSpec &spec, gguf::Writer *w, std::string *err);

}  // namespace decc::model

#endif  // DECC_MODEL_RANDOMMODEL_H
