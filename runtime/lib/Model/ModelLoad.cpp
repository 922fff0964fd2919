// Reads the hyper-parameters of a Llama-family model from GGUF metadata and
// checks every tensor the forward pass uses against them.
#include <cmath>
#include <thread>

#include "ModelImpl.h"

namespace decc::model {
namespace {

using gguf::TensorType;
using gguf::Value;
using gguf::ValueType;

class Loader {
 public:
  Loader(ModelImpl &m, std::string *err) : m_(m), f_(*m.file), err_(err) {}

  bool run();

 private:
  bool fail(const std::string &msg) {
    if (err_) *err_ = f_.name() + ": " + msg;
    return false;
  }
  bool failKey(const std::string &key, const std::string &msg) { return fail("metadata '" + key + "': " + msg); }

  // Integer metadata in [lo, hi]; `required` false leaves *out untouched when absent.
  bool getUInt(const std::string &key, bool required, uint64_t lo, uint64_t hi, uint32_t *out) {
    const Value *v = f_.find(key);
    if (!v) return required ? failKey(key, "missing") : true;
    int64_t x;
    if (!v->isInteger()) return failKey(key, std::string("expected an integer, found ") + gguf::valueTypeName(v->type));
    if (!v->asInt64(&x) || x < (int64_t)lo || (uint64_t)x > hi)
      return failKey(key, "value " + (v->asInt64(&x) ? std::to_string(x) : std::to_string(v->u)) +
                              " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    *out = (uint32_t)x;
    return true;
  }
  bool getFloat(const std::string &key, double lo, double hi, float *out) {
    const Value *v = f_.find(key);
    if (!v) return true;
    double x;
    if (!v->asDouble(&x)) return failKey(key, std::string("expected a number, found ") + gguf::valueTypeName(v->type));
    if (!(x > lo && x <= hi)) return failKey(key, "value " + std::to_string(x) + " is outside (" +
                                                      std::to_string(lo) + ", " + std::to_string(hi) + "]");
    *out = (float)x;
    return true;
  }
  bool getBool(const std::string &key, bool *out) {
    const Value *v = f_.find(key);
    if (!v) return true;
    if (v->type != ValueType::Bool) return failKey(key, std::string("expected a bool, found ") + gguf::valueTypeName(v->type));
    *out = v->u != 0;
    return true;
  }
  bool getString(const std::string &key, std::string *out) {
    const Value *v = f_.find(key);
    if (!v) return true;
    if (v->type != ValueType::String) return failKey(key, std::string("expected a string, found ") + gguf::valueTypeName(v->type));
    *out = std::string(v->str);
    return true;
  }
  bool getId(const std::string &key, int32_t *out) {
    uint32_t x;
    if (!f_.find(key)) return true;
    if (!getUInt(key, true, 0, (uint64_t)m_.cfg.nVocab - 1, &x)) return false;
    *out = (int32_t)x;
    return true;
  }
  const Value *getArray(const std::string &key, ValueType elem, bool *ok) {
    const Value *v = f_.find(key);
    *ok = true;
    if (!v) return nullptr;
    if (v->type != ValueType::Array || v->elemType != elem) {
      *ok = failKey(key, std::string("expected an array of ") + gguf::valueTypeName(elem) + ", found " +
                             gguf::valueTypeName(v->type) +
                             (v->type == ValueType::Array ? std::string(" of ") + gguf::valueTypeName(v->elemType) : ""));
      return nullptr;
    }
    if (v->count != m_.cfg.nVocab && key != "tokenizer.ggml.merges") {
      *ok = failKey(key, "has " + std::to_string(v->count) + " entries, the vocabulary has " +
                             std::to_string(m_.cfg.nVocab));
      return nullptr;
    }
    return v;
  }

  const gguf::TensorInfo *tensor(const std::string &name, bool required, bool *ok) {
    const gguf::TensorInfo *t = f_.tensor(name);
    *ok = true;
    if (!t) {
      if (required) *ok = fail("missing tensor '" + name + "'");
      return nullptr;
    }
    if (!gguf::isSupportedTensorType(t->type)) {
      *ok = fail("tensor '" + name + "': type " + gguf::tensorTypeName(t->type) +
                 " is not supported (supported: f32, f16, bf16, q8_0)");
      return nullptr;
    }
    return t;
  }
  bool shapeIs(const gguf::TensorInfo *t, std::initializer_list<std::pair<uint64_t, const char *>> want) {
    bool match = t->dims.size() == want.size();
    std::string expect = "[";
    size_t d = 0;
    for (auto &w : want) {
      if (match && t->dims[d] != w.first) match = false;
      expect += (d ? ", " : "") + std::string(w.second) + "=" + std::to_string(w.first);
      ++d;
    }
    if (!match) return fail("tensor '" + std::string(t->name) + "': shape " + t->shapeString() +
                            " does not match the metadata " + expect + "]");
    return true;
  }
  bool matrix(const std::string &name, uint64_t cols, const char *colsName, uint64_t rows, const char *rowsName,
              Weight *w, bool required = true) {
    bool ok;
    const gguf::TensorInfo *t = tensor(name, required, &ok);
    if (!t) return ok;
    if (!shapeIs(t, {{cols, colsName}, {rows, rowsName}})) return false;
    w->type = t->type;
    w->data = t->data;
    w->cols = cols;
    w->rows = rows;
    w->rowBytes = t->bytes / rows;
    w->name = t->name;
    return true;
  }
  bool vector(const std::string &name, uint64_t n, const char *nName, std::vector<float> *out) {
    bool ok;
    const gguf::TensorInfo *t = tensor(name, true, &ok);
    if (!t) return ok;
    if (!shapeIs(t, {{n, nName}})) return false;
    out->resize(n);
    gguf::decodeRow(t->type, t->data, n, out->data());
    return true;
  }

  bool readConfig();
  bool readTokenizer();
  bool readWeights();

  ModelImpl &m_;
  const gguf::File &f_;
  std::string *err_;
};

bool Loader::readConfig() {
  ModelConfig &c = m_.cfg;
  const Value *arch = f_.find("general.architecture");
  if (!arch) return failKey("general.architecture", "missing");
  if (arch->type != ValueType::String) return failKey("general.architecture", "expected a string");
  c.architecture = std::string(arch->str);
  if (c.architecture != "llama" && c.architecture != "llada")
    return failKey("general.architecture", "architecture '" + c.architecture +
                                               "' is not supported (supported: llama, llada)");
  const std::string a = c.architecture + ".";
  constexpr uint64_t kMaxDim = 1u << 20;
  if (!getUInt(a + "context_length", true, 1, 1u << 24, &c.nCtxTrain) ||
      !getUInt(a + "embedding_length", true, 1, kMaxDim, &c.nEmbd) ||
      !getUInt(a + "block_count", true, 1, 4096, &c.nLayer) ||
      !getUInt(a + "feed_forward_length", true, 1, kMaxDim, &c.nFF) ||
      !getUInt(a + "attention.head_count", true, 1, c.nEmbd, &c.nHead))
    return false;
  c.nHeadKv = c.nHead;
  if (!getUInt(a + "attention.head_count_kv", false, 1, c.nHead, &c.nHeadKv)) return false;
  if (c.nHead % c.nHeadKv != 0)
    return failKey(a + "attention.head_count_kv", std::to_string(c.nHeadKv) + " does not divide head_count " +
                                                      std::to_string(c.nHead));
  if (c.nEmbd % c.nHead != 0 && !f_.find(a + "attention.key_length"))
    return failKey(a + "attention.head_count", std::to_string(c.nHead) + " does not divide embedding_length " +
                                                   std::to_string(c.nEmbd));
  c.headDim = c.nEmbd / c.nHead;
  if (!getUInt(a + "attention.key_length", false, 2, kMaxDim, &c.headDim)) return false;
  uint32_t valueLen = c.headDim;
  if (!getUInt(a + "attention.value_length", false, 1, kMaxDim, &valueLen)) return false;
  if (valueLen != c.headDim)
    return failKey(a + "attention.value_length", "must equal key_length " + std::to_string(c.headDim));
  if (c.headDim % 2 != 0) return fail("head dimension " + std::to_string(c.headDim) + " is odd (RoPE rotates pairs)");
  c.ropeDim = c.headDim;
  if (!getUInt(a + "rope.dimension_count", false, 2, c.headDim, &c.ropeDim)) return false;
  if (c.ropeDim % 2 != 0) return failKey(a + "rope.dimension_count", "must be even");
  if (!getFloat(a + "rope.freq_base", 0, 1e12, &c.ropeFreqBase) ||
      !getFloat(a + "attention.layer_norm_rms_epsilon", 0, 1, &c.rmsEps))
    return false;
  std::string scaling = "none";
  if (!getString(a + "rope.scaling.type", &scaling)) return false;
  float factor = 1.0f;
  if (!getFloat(a + "rope.scaling.factor", 0, 1e6, &factor)) return false;
  if (scaling == "linear") {
    c.ropeScaling = RopeScaling::Linear;
    c.ropeScaleFactor = factor;
  } else if (scaling == "none") {
    // Older files spell linear scaling as rope.scale_linear alone.
    float legacy = 1.0f;
    if (!getFloat(a + "rope.scale_linear", 0, 1e6, &legacy)) return false;
    if (legacy != 1.0f) {
      c.ropeScaling = RopeScaling::Linear;
      c.ropeScaleFactor = legacy;
    }
  } else {
    return failKey(a + "rope.scaling.type", "rope scaling '" + scaling + "' is not supported (supported: none, linear)");
  }
  c.causal = c.architecture != "llada";
  if (!getBool(a + "attention.causal", &c.causal)) return false;
  return true;
}

bool Loader::readTokenizer() {
  TokenizerData &t = m_.tok;
  bool ok;
  if (!getString("tokenizer.ggml.model", &t.model) || !getString("tokenizer.ggml.pre", &t.pre) ||
      !getString("tokenizer.chat_template", &t.chatTemplate))
    return false;
  if (const Value *v = getArray("tokenizer.ggml.tokens", ValueType::String, &ok))
    t.tokens.assign(v->strs.begin(), v->strs.end());
  if (!ok) return false;
  if (const Value *v = getArray("tokenizer.ggml.scores", ValueType::Float32, &ok))
    for (uint64_t i = 0; i < v->count; ++i) t.scores.push_back((float)v->numberAt(i));
  if (!ok) return false;
  if (const Value *v = getArray("tokenizer.ggml.token_type", ValueType::Int32, &ok))
    for (uint64_t i = 0; i < v->count; ++i) t.tokenTypes.push_back((int32_t)v->intAt(i));
  if (!ok) return false;
  if (const Value *v = getArray("tokenizer.ggml.merges", ValueType::String, &ok))
    t.merges.assign(v->strs.begin(), v->strs.end());
  if (!ok) return false;
  if (!getId("tokenizer.ggml.bos_token_id", &t.bosId) || !getId("tokenizer.ggml.eos_token_id", &t.eosId) ||
      !getId("tokenizer.ggml.unknown_token_id", &t.unkId) || !getId("tokenizer.ggml.padding_token_id", &t.padId) ||
      !getId("tokenizer.ggml.seperator_token_id", &t.sepId) || !getId("tokenizer.ggml.eot_token_id", &t.eotId) ||
      !getId("tokenizer.ggml.mask_token_id", &t.maskId))
    return false;
  bool b;
  if (f_.find("tokenizer.ggml.add_bos_token")) {
    if (!getBool("tokenizer.ggml.add_bos_token", &b)) return false;
    t.addBos = b;
  }
  if (f_.find("tokenizer.ggml.add_eos_token")) {
    if (!getBool("tokenizer.ggml.add_eos_token", &b)) return false;
    t.addEos = b;
  }
  m_.cfg.maskTokenId = t.maskId;
  return true;
}

bool Loader::readWeights() {
  ModelConfig &c = m_.cfg;
  const uint64_t qDim = (uint64_t)c.nHead * c.headDim, kvDim = (uint64_t)c.nHeadKv * c.headDim;
  bool ok;
  const gguf::TensorInfo *emb = tensor("token_embd.weight", true, &ok);
  if (!emb) return false;
  if (emb->dims.size() != 2 || emb->dims[0] != c.nEmbd || emb->dims[1] > (1u << 24))
    return fail("tensor 'token_embd.weight': shape " + emb->shapeString() + " does not match the metadata [n_embd=" +
                std::to_string(c.nEmbd) + ", n_vocab]");
  c.nVocab = (uint32_t)emb->dims[1];
  uint32_t vocabKey = c.nVocab;
  if (!getUInt(c.architecture + ".vocab_size", false, 1, 1u << 24, &vocabKey)) return false;
  if (vocabKey != c.nVocab)
    return failKey(c.architecture + ".vocab_size", std::to_string(vocabKey) + " does not match token_embd.weight rows " +
                                                       std::to_string(c.nVocab));
  if (!matrix("token_embd.weight", c.nEmbd, "n_embd", c.nVocab, "n_vocab", &m_.tokEmbd)) return false;
  if (!vector("output_norm.weight", c.nEmbd, "n_embd", &m_.outputNorm)) return false;
  c.tiedOutput = f_.tensor("output.weight") == nullptr;
  if (!matrix("output.weight", c.nEmbd, "n_embd", c.nVocab, "n_vocab", &m_.output, false)) return false;
  if (c.tiedOutput) m_.output = m_.tokEmbd;

  m_.layers.resize(c.nLayer);
  for (uint32_t l = 0; l < c.nLayer; ++l) {
    LayerWeights &L = m_.layers[l];
    const std::string p = "blk." + std::to_string(l) + ".";
    if (!vector(p + "attn_norm.weight", c.nEmbd, "n_embd", &L.attnNorm) ||
        !vector(p + "ffn_norm.weight", c.nEmbd, "n_embd", &L.ffnNorm) ||
        !matrix(p + "attn_q.weight", c.nEmbd, "n_embd", qDim, "n_head*head_dim", &L.q) ||
        !matrix(p + "attn_k.weight", c.nEmbd, "n_embd", kvDim, "n_head_kv*head_dim", &L.k) ||
        !matrix(p + "attn_v.weight", c.nEmbd, "n_embd", kvDim, "n_head_kv*head_dim", &L.v) ||
        !matrix(p + "attn_output.weight", qDim, "n_head*head_dim", c.nEmbd, "n_embd", &L.o) ||
        !matrix(p + "ffn_gate.weight", c.nEmbd, "n_embd", c.nFF, "n_ff", &L.gate) ||
        !matrix(p + "ffn_up.weight", c.nEmbd, "n_embd", c.nFF, "n_ff", &L.up) ||
        !matrix(p + "ffn_down.weight", c.nFF, "n_ff", c.nEmbd, "n_embd", &L.down))
      return false;
  }
  c.weightType = m_.layers[0].q.type;

  std::vector<float> freqFactors;
  if (f_.tensor("rope_freqs.weight")) {
    if (!vector("rope_freqs.weight", c.ropeDim / 2, "rope_dim/2", &freqFactors)) return false;
    for (float x : freqFactors)
      if (!(x > 0) || !std::isfinite(x)) return fail("tensor 'rope_freqs.weight': factors must be positive and finite");
    c.ropeFreqFactors = true;
  }
  m_.ropeInvFreq.resize(c.ropeDim / 2);
  for (uint32_t i = 0; i < c.ropeDim / 2; ++i) {
    double f = std::pow((double)c.ropeFreqBase, -2.0 * i / c.ropeDim) / c.ropeScaleFactor;
    if (!freqFactors.empty()) f /= freqFactors[i];
    m_.ropeInvFreq[i] = f;
  }
  for (const auto &t : f_.tensors()) c.parameters += t.elements;
  return true;
}

bool Loader::run() { return readConfig() && readWeights() && readTokenizer(); }

}  // namespace

bool loadModelImpl(ModelImpl &m, std::string *err) {
  Loader l(m, err);
  return l.run();
}

Model::Model(std::unique_ptr<ModelImpl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;

std::unique_ptr<Model> Model::load(const std::string &path, std::string *err, const LoadOptions &opts) {
  std::unique_ptr<gguf::File> f = gguf::File::open(path, err);
  if (!f) return nullptr;
  return fromFile(std::move(f), err, opts);
}

std::unique_ptr<Model> Model::fromFile(std::unique_ptr<gguf::File> file, std::string *err, const LoadOptions &opts) {
  auto impl = std::make_unique<ModelImpl>();
  impl->file = std::move(file);
  if (!loadModelImpl(*impl, err)) return nullptr;
  if (opts.device == Device::Cuda) {
    std::string msg;
    impl->cuda = cuda::upload(*impl, opts.cudaDevice, &msg);
    if (!impl->cuda) {
      if (err) *err = impl->file->name() + ": " + msg;
      return nullptr;
    }
  }
  impl->device = opts.device;
  unsigned n = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  impl->pool = std::make_unique<ThreadPool>(n);
  return std::unique_ptr<Model>(new Model(std::move(impl)));
}

const ModelConfig &Model::config() const { return impl_->cfg; }
const TokenizerData &Model::tokenizer() const { return impl_->tok; }
const gguf::File &Model::file() const { return *impl_->file; }
unsigned Model::threads() const { return impl_->pool->threads(); }
Device Model::device() const { return impl_->device; }

bool cudaAvailable(std::string *why, int cudaDevice) { return cuda::available(cudaDevice, why); }

}  // namespace decc::model
