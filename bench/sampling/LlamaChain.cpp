//===- LlamaChain.cpp - llama.cpp's sampler chain, loaded at run time ----===//
#include "LlamaChain.h"

#include <dlfcn.h>

#include <cstddef>

namespace {
// From llama.h (llama.cpp b4000 and later).
struct llama_token_data {
  int32_t id;
  float logit;
  float p;
};
struct llama_token_data_array {
  llama_token_data *data;
  size_t size;
  int64_t selected;
  bool sorted;
};
struct llama_sampler_chain_params {
  bool no_perf;
};
} // namespace

struct LlamaChain::Api {
  llama_sampler_chain_params (*chain_default_params)();
  void *(*chain_init)(llama_sampler_chain_params);
  void (*chain_add)(void *, void *);
  void *(*init_greedy)();
  void *(*init_dist)(uint32_t);
  void *(*init_temp)(float);
  void *(*init_top_k)(int32_t);
  void *(*init_top_p)(float, size_t);
  void *(*init_min_p)(float, size_t);
  void (*apply)(void *, llama_token_data_array *);
  void (*free_sampler)(void *);
};

std::unique_ptr<LlamaChain> LlamaChain::load(const std::string &path,
                                             std::string *error) {
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    *error = dlerror();
    return nullptr;
  }
  std::unique_ptr<LlamaChain> c(new LlamaChain);
  c->handle_ = h;
  c->api_ = std::make_unique<Api>();
  Api &a = *c->api_;
  bool ok = true;
  auto sym = [&](auto &fn, const char *name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
        dlsym(h, name));
    if (!fn) {
      *error = path + ": missing symbol " + name;
      ok = false;
    }
  };
  sym(a.chain_default_params, "llama_sampler_chain_default_params");
  sym(a.chain_init, "llama_sampler_chain_init");
  sym(a.chain_add, "llama_sampler_chain_add");
  sym(a.init_greedy, "llama_sampler_init_greedy");
  sym(a.init_dist, "llama_sampler_init_dist");
  sym(a.init_temp, "llama_sampler_init_temp");
  sym(a.init_top_k, "llama_sampler_init_top_k");
  sym(a.init_top_p, "llama_sampler_init_top_p");
  sym(a.init_min_p, "llama_sampler_init_min_p");
  sym(a.apply, "llama_sampler_apply");
  sym(a.free_sampler, "llama_sampler_free");
  if (!ok)
    return nullptr;
  return c;
}

LlamaChain::~LlamaChain() {
  if (chain_)
    api_->free_sampler(chain_);
  if (handle_)
    dlclose(handle_);
}

void LlamaChain::configure(const LlamaChainSpec &spec, int64_t vocab) {
  if (chain_)
    api_->free_sampler(chain_);
  chain_ = api_->chain_init(api_->chain_default_params());
  for (const LlamaStage &s : spec.stages) {
    void *smpl = nullptr;
    switch (s.kind) {
    case LlamaStage::Greedy: smpl = api_->init_greedy(); break;
    case LlamaStage::Dist: smpl = api_->init_dist(1234); break;
    case LlamaStage::Temp: smpl = api_->init_temp(s.value); break;
    case LlamaStage::TopK: smpl = api_->init_top_k(int32_t(s.value)); break;
    case LlamaStage::TopP: smpl = api_->init_top_p(s.value, 1); break;
    case LlamaStage::MinP: smpl = api_->init_min_p(s.value, 1); break;
    }
    api_->chain_add(chain_, smpl);
  }
  vocab_ = vocab;
  candidates_.resize(sizeof(llama_token_data) * vocab);
}

int32_t LlamaChain::sample(const float *logits) {
  auto *data = reinterpret_cast<llama_token_data *>(candidates_.data());
  for (int64_t i = 0; i < vocab_; ++i)
    data[i] = {int32_t(i), logits[i], 0.0f};
  llama_token_data_array arr{data, size_t(vocab_), -1, false};
  api_->apply(chain_, &arr);
  return arr.selected >= 0 ? arr.data[arr.selected].id : -1;
}
