// decc/model.h - the model host: a Llama-family transformer read from a GGUF
// file, and sessions holding a KV cache, on the CPU or a CUDA GPU.
//
// Conventions (docs/model.md): weights are stored as llama.cpp stores them,
// including its permutation of the Q/K rows, so RoPE rotates adjacent pairs
// (x[2i], x[2i+1]) ("normal" rope in ggml terms). Linear rope scaling and
// per-dimension frequency factors (the `rope_freqs.weight` tensor llama.cpp
// writes for Llama-3.1-style scaling) are applied.
#ifndef DECC_MODEL_H
#define DECC_MODEL_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "decc/gguf.h"

namespace decc::model {

enum class RopeScaling { None, Linear };

struct ModelConfig {
  std::string architecture;  // "llama" or "llada"
  uint32_t nVocab = 0;
  uint32_t nCtxTrain = 0;    // <arch>.context_length
  uint32_t nEmbd = 0;
  uint32_t nLayer = 0;
  uint32_t nHead = 0;
  uint32_t nHeadKv = 0;
  uint32_t headDim = 0;      // <arch>.attention.key_length, default nEmbd / nHead
  uint32_t nFF = 0;
  uint32_t ropeDim = 0;      // <arch>.rope.dimension_count, default headDim
  float ropeFreqBase = 10000.0f;
  RopeScaling ropeScaling = RopeScaling::None;
  float ropeScaleFactor = 1.0f;  // positions are divided by it (linear)
  bool ropeFreqFactors = false;  // rope_freqs.weight present (llama3-style)
  float rmsEps = 1e-5f;
  bool causal = true;        // <arch>.attention.causal; false for masked-diffusion LMs
  bool tiedOutput = false;   // no output.weight: the head reuses token_embd
  int32_t maskTokenId = -1;  // tokenizer.ggml.mask_token_id, -1 when absent
  gguf::TensorType weightType = gguf::TensorType::F32;  // type of blk.0.attn_q.weight
  uint64_t parameters = 0;   // elements of all tensors
};

// The `tokenizer.ggml.*` metadata as stored, for a tokenizer library to build
// from. Absent arrays are empty; absent ids are -1.
struct TokenizerData {
  std::string model;  // "llama" (SentencePiece), "gpt2" (byte-level BPE), ...
  std::string pre;    // pre-tokenizer name, may be empty
  std::vector<std::string> tokens;
  std::vector<float> scores;
  std::vector<int32_t> tokenTypes;
  std::vector<std::string> merges;
  int32_t bosId = -1, eosId = -1, unkId = -1, padId = -1, sepId = -1, eotId = -1, maskId = -1;
  int addBos = -1, addEos = -1;  // -1 absent, else 0/1
  std::string chatTemplate;
};

// Where the forward pass runs. Cuda uploads the weights to the GPU once, at
// load time (as f32, whatever their storage type), and every session of the
// model keeps its KV cache there; logits come back to the host.
enum class Device { Cpu, Cuda };

struct LoadOptions {
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  Device device = Device::Cpu;
  int cudaDevice = 0;    // CUDA device ordinal (Device::Cuda)
};

// Whether Device::Cuda can be used with device ordinal `cudaDevice`: this build
// has the CUDA backend (DECC_CUDA), the driver loads and the device exists.
// Otherwise false, with the reason in *why.
bool cudaAvailable(std::string *why, int cudaDevice = 0);

class ModelImpl;

class Model {
 public:
  static std::unique_ptr<Model> load(const std::string &path, std::string *err, const LoadOptions &opts = {});
  // Builds a model over an already validated file (used by the fuzzer).
  static std::unique_ptr<Model> fromFile(std::unique_ptr<gguf::File> file, std::string *err,
                                         const LoadOptions &opts = {});
  ~Model();
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;

  const ModelConfig &config() const;
  const TokenizerData &tokenizer() const;
  const gguf::File &file() const;
  unsigned threads() const;
  Device device() const;

  const ModelImpl &impl() const { return *impl_; }

 private:
  explicit Model(std::unique_ptr<ModelImpl> impl);
  std::unique_ptr<ModelImpl> impl_;
};

struct SessionOptions {
  // Most tokens the cache may hold; 0 means the model's context length.
  uint32_t maxTokens = 0;
  // 0: all layers. 1..nLayer-1: early exit, only the first `exitLayer` layers
  // run and the final norm and output head apply to their hidden state (the
  // KV cache then holds only those layers).
  uint32_t exitLayer = 0;
  // Attention mode: causal with a KV cache, or bidirectional (masked-diffusion
  // LMs): each evaluate() then attends over exactly the tokens it is given and
  // keeps no cache. Defaults to the model's own mode.
  enum class Attention { Default, Causal, Bidirectional } attention = Attention::Default;
};

class SessionImpl;

// A sequence being decoded. Not thread-safe; sessions of one model may be used
// one at a time from different threads (the model's thread pool is shared and
// guarded).
class Session {
 public:
  explicit Session(const Model &model, const SessionOptions &opts = {});
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  // Appends `n` tokens at positions size()..size()+n-1 (causal), or evaluates
  // them as one whole sequence (bidirectional). With allLogits the logits of
  // every position of the chunk are kept, else only the last one. On error
  // (bad token id, context full) the session is unchanged.
  bool evaluate(const int32_t *tokens, size_t n, bool allLogits, std::string *err);
  bool evaluate(const std::vector<int32_t> &tokens, bool allLogits, std::string *err) {
    return evaluate(tokens.data(), tokens.size(), allLogits, err);
  }

  // Rows of logits from the last evaluate(): row i belongs to chunk position
  // i (allLogits) or there is one row for the last position. nullptr when out
  // of range.
  size_t logitsRows() const;
  const float *logits(size_t row) const;
  const float *lastLogits() const;
  size_t vocab() const;

  // Tokens in the KV cache (0 for bidirectional sessions).
  size_t size() const;
  // Drops cached positions >= n (rollback after rejected speculative tokens).
  // Returns false when n > size().
  bool truncate(size_t n);
  size_t capacity() const;
  bool causal() const;
  uint32_t layers() const;

 private:
  std::unique_ptr<SessionImpl> impl_;
};

}  // namespace decc::model

#endif  // DECC_MODEL_H
