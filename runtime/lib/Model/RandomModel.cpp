#include "RandomModel.h"

#include <cmath>
#include <vector>

namespace decc::model {
namespace {

// splitmix64: a seedable generator with the same output on every platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  float uniform() { return (float)((next() >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f; }  // [-1, 1)
};

}  // namespace

bool buildRandomLlama(const RandomModelSpec &s, gguf::Writer *w, std::string *err) {
  Rng rng{s.seed};
  const uint32_t hd = s.nEmbd / s.nHead;
  w->addString("general.architecture", "llama");
  w->addString("general.name", "decc-random");
  w->addUInt32("llama.context_length", s.nCtx);
  w->addUInt32("llama.embedding_length", s.nEmbd);
  w->addUInt32("llama.block_count", s.nLayer);
  w->addUInt32("llama.feed_forward_length", s.nFF);
  w->addUInt32("llama.attention.head_count", s.nHead);
  w->addUInt32("llama.attention.head_count_kv", s.nHeadKv);
  w->addUInt32("llama.rope.dimension_count", hd);
  w->addFloat32("llama.rope.freq_base", 10000.0f);
  w->addFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  std::vector<std::string> tokens;
  std::vector<float> scores;
  std::vector<int32_t> types;
  for (uint32_t i = 0; i < s.nVocab; ++i) {
    tokens.push_back("t" + std::to_string(i));
    scores.push_back(-(float)i);
    types.push_back(i < 3 ? 3 : 1);  // control tokens first, then normal ones
  }
  w->addString("tokenizer.ggml.model", "llama");
  w->addStringArray("tokenizer.ggml.tokens", tokens);
  w->addFloat32Array("tokenizer.ggml.scores", scores);
  w->addInt32Array("tokenizer.ggml.token_type", types);
  w->addUInt32("tokenizer.ggml.bos_token_id", 1);
  w->addUInt32("tokenizer.ggml.eos_token_id", 2);

  auto tensor = [&](const std::string &name, uint64_t cols, uint64_t rows, float scale, float center,
                    gguf::TensorType type) {
    std::vector<float> data(cols * rows);
    for (float &x : data) {
      x = center + scale * rng.uniform();
      if (s.roundThrough == gguf::TensorType::F16) x = gguf::fp16ToFp32(gguf::fp32ToFp16(x));
      if (s.roundThrough == gguf::TensorType::BF16) x = gguf::bf16ToFp32(gguf::fp32ToBf16(x));
    }
    std::vector<uint64_t> dims = {cols};
    if (rows > 1) dims.push_back(rows);
    return w->addTensorF32(name, type, dims, data.data(), err);
  };
  const float e = 1.0f / std::sqrt((float)s.nEmbd), f = 1.0f / std::sqrt((float)s.nFF);
  if (!tensor("token_embd.weight", s.nEmbd, s.nVocab, 1.0f, 0, s.type)) return false;
  for (uint32_t l = 0; l < s.nLayer; ++l) {
    const std::string p = "blk." + std::to_string(l) + ".";
    if (!tensor(p + "attn_norm.weight", s.nEmbd, 1, 0.1f, 1, gguf::TensorType::F32) ||
        !tensor(p + "attn_q.weight", s.nEmbd, s.nHead * hd, e, 0, s.type) ||
        !tensor(p + "attn_k.weight", s.nEmbd, s.nHeadKv * hd, e, 0, s.type) ||
        !tensor(p + "attn_v.weight", s.nEmbd, s.nHeadKv * hd, e, 0, s.type) ||
        !tensor(p + "attn_output.weight", s.nHead * hd, s.nEmbd, e, 0, s.type) ||
        !tensor(p + "ffn_norm.weight", s.nEmbd, 1, 0.1f, 1, gguf::TensorType::F32) ||
        !tensor(p + "ffn_gate.weight", s.nEmbd, s.nFF, e, 0, s.type) ||
        !tensor(p + "ffn_up.weight", s.nEmbd, s.nFF, e, 0, s.type) ||
        !tensor(p + "ffn_down.weight", s.nFF, s.nEmbd, f, 0, s.type))
      return false;
  }
  if (!tensor("output_norm.weight", s.nEmbd, 1, 0.1f, 1, gguf::TensorType::F32)) return false;
  if (!s.tied && !tensor("output.weight", s.nEmbd, s.nVocab, e, 0, s.type)) return false;
  return true;
}

}  // namespace decc::model
