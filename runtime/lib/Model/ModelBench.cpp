// decrt-model-bench: prefill and decode speed of the CPU forward pass.
//   decrt-model-bench [--model FILE | --embd N --layers N --heads N --kv-heads N --ff N --vocab N]
//                     [--type f32|f16|bf16|q8_0] [--threads N] [--prompt N] [--decode N] [--reps N]
// Without --model it builds a random model in memory (written to a temporary
// file, then mapped like any other model).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#include "RandomModel.h"
#include "decc/model.h"

using namespace decc;

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
bool parseType(const char *s, gguf::TensorType *t) {
  for (auto c : {gguf::TensorType::F32, gguf::TensorType::F16, gguf::TensorType::BF16, gguf::TensorType::Q8_0})
    if (std::strcmp(gguf::tensorTypeName(c), s) == 0) { *t = c; return true; }
  return false;
}
}  // namespace

int main(int argc, char **argv) {
  std::string modelPath;
  model::RandomModelSpec spec;
  spec.nVocab = 8192; spec.nEmbd = 256; spec.nLayer = 8; spec.nHead = 8; spec.nHeadKv = 4; spec.nFF = 768;
  spec.nCtx = 2048;
  unsigned threads = 0;
  int prompt = 128, decode = 64, reps = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char * {
      if (i + 1 >= argc) { std::fprintf(stderr, "decrt-model-bench: %s needs a value\n", a.c_str()); std::exit(2); }
      return argv[++i];
    };
    if (a == "--model") modelPath = next();
    else if (a == "--embd") spec.nEmbd = std::atoi(next());
    else if (a == "--layers") spec.nLayer = std::atoi(next());
    else if (a == "--heads") spec.nHead = std::atoi(next());
    else if (a == "--kv-heads") spec.nHeadKv = std::atoi(next());
    else if (a == "--ff") spec.nFF = std::atoi(next());
    else if (a == "--vocab") spec.nVocab = std::atoi(next());
    else if (a == "--threads") threads = std::atoi(next());
    else if (a == "--prompt") prompt = std::atoi(next());
    else if (a == "--decode") decode = std::atoi(next());
    else if (a == "--reps") reps = std::atoi(next());
    else if (a == "--type") {
      const char *t = next();
      if (!parseType(t, &spec.type)) { std::fprintf(stderr, "decrt-model-bench: unknown type '%s'\n", t); return 2; }
    } else {
      std::fprintf(stderr, "decrt-model-bench: unknown option '%s'\n", a.c_str());
      return 2;
    }
  }
  if (prompt < 1 || decode < 0 || reps < 1) { std::fprintf(stderr, "decrt-model-bench: bad counts\n"); return 2; }
  std::string err;
  std::string tmp;
  if (modelPath.empty()) {
    gguf::Writer w;
    if (!model::buildRandomLlama(spec, &w, &err)) { std::fprintf(stderr, "decrt-model-bench: %s\n", err.c_str()); return 1; }
    char name[] = "/tmp/decrt-model-bench-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) { std::perror("mkstemp"); return 1; }
    close(fd);
    tmp = modelPath = name;
    if (!w.write(modelPath, &err)) { std::fprintf(stderr, "decrt-model-bench: %s\n", err.c_str()); return 1; }
  }
  model::LoadOptions lo;
  lo.threads = threads;
  auto m = model::Model::load(modelPath, &err, lo);
  if (!tmp.empty()) unlink(tmp.c_str());  // the mapping stays valid
  if (!m) { std::fprintf(stderr, "decrt-model-bench: %s\n", err.c_str()); return 1; }
  const model::ModelConfig &c = m->config();
  std::printf("model: %s, %.2fM parameters, weights %s, n_embd %u, layers %u, heads %u/%u, ff %u, vocab %u, threads %u\n",
              modelPath == tmp ? "random" : modelPath.c_str(), c.parameters / 1e6, gguf::tensorTypeName(c.weightType),
              c.nEmbd, c.nLayer, c.nHead, c.nHeadKv, c.nFF, c.nVocab, m->threads());
  std::vector<int32_t> toks(prompt);
  for (int i = 0; i < prompt; ++i) toks[i] = (int32_t)((i * 7919 + 13) % c.nVocab);
  double bestPrefill = 1e30, bestDecode = 1e30;
  for (int r = 0; r < reps; ++r) {
    model::Session s(*m);
    double t0 = now();
    if (!s.evaluate(toks, false, &err)) { std::fprintf(stderr, "decrt-model-bench: %s\n", err.c_str()); return 1; }
    double t1 = now();
    for (int i = 0; i < decode; ++i) {
      int32_t tok = (int32_t)((i * 31 + 5) % c.nVocab);
      if (!s.evaluate(&tok, 1, false, &err)) { std::fprintf(stderr, "decrt-model-bench: %s\n", err.c_str()); return 1; }
    }
    double t2 = now();
    bestPrefill = std::min(bestPrefill, t1 - t0);
    bestDecode = std::min(bestDecode, t2 - t1);
  }
  std::printf("prefill: %d tokens in %.2f ms = %.1f tokens/s (best of %d)\n", prompt, bestPrefill * 1e3,
              prompt / bestPrefill, reps);
  if (decode > 0)
    std::printf("decode:  %d tokens in %.2f ms = %.1f tokens/s (after a %d-token prompt, best of %d)\n", decode,
                bestDecode * 1e3, decode / bestDecode, prompt, reps);
  return 0;
}
