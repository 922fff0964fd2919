//===- LlamaChain.h - llama.cpp's sampler chain, loaded at run time -*- C++ -*-===//
//
// The peer column of the sampling benchmark. libllama is loaded with dlopen
// (built by bench/setup-peers.sh from PyPI's llama-cpp-python), so decc never
// links it. Only the few C entry points of llama.h's sampling API are used;
// their declarations are checked against the library's llama.h by
// bench/setup-peers.sh.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_BENCH_LLAMACHAIN_H
#define DECC_BENCH_LLAMACHAIN_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct LlamaStage {
  enum Kind { Greedy, Dist, Temp, TopK, TopP, MinP } kind;
  float value = 0;
  static LlamaStage greedy() { return {Greedy}; }
  static LlamaStage dist() { return {Dist}; }
  static LlamaStage temp(float t) { return {Temp, t}; }
  static LlamaStage topK(int k) { return {TopK, float(k)}; }
  static LlamaStage topP(float p) { return {TopP, p}; }
  static LlamaStage minP(float p) { return {MinP, p}; }
};

struct LlamaChainSpec {
  std::vector<LlamaStage> stages;
};

class LlamaChain {
public:
  static std::unique_ptr<LlamaChain> load(const std::string &path,
                                          std::string *error);
  ~LlamaChain();
  /// Builds a fresh chain for `spec` over rows of `vocab` logits.
  void configure(const LlamaChainSpec &spec, int64_t vocab);
  /// What llama_sampler_sample does after the forward pass: fill the
  /// candidate array from the logits, apply the chain, return the token.
  int32_t sample(const float *logits);

  struct Api;

private:
  LlamaChain() = default;
  void *handle_ = nullptr;
  std::unique_ptr<Api> api_;
  void *chain_ = nullptr;
  std::vector<char> candidates_; ///< llama_token_data[vocab]
  int64_t vocab_ = 0;
};

#endif
