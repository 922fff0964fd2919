//===- grammar-batch.cpp - batched mask fills of libdecgram on N threads --===//
//
// Simulates the constraint side of a serving engine's decode loop through
// the C ABI: B sequences, half under grammars/json.gbnf and half under a
// JSON Schema, each at its own position of one JSON document; every step
// fills the B mask rows with decgram_fill_masks (timed) and then accepts
// each sequence's next token (not timed). Each configuration runs the same
// steps twice on freshly compiled grammars: pass 1 starts with empty mask
// caches (cold), pass 2 repeats the same states (warm, the steady state of
// a long-running server). Prints a table and writes JSON records.
//
//   decgram-bench-batch --tokenizer T.json [--grammar G.gbnf] [--steps N]
//                       [--batches 1,8,64] [--threads 1,2] [--repeat R] [--json OUT]
//
// --repeat runs every configuration R times and keeps the fastest pass
// times: on a shared machine the minimum is the figure least disturbed by
// other processes.
//
//===----------------------------------------------------------------------===//

#include "decc/decgram.h"
#include "decc/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char *kSchema = R"({"type": "object", "properties": {"records": {"type": "array", "items": {
  "type": "object", "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"},
    "tags": {"type": "array", "items": {"type": "string"}}, "score": {"type": "number"}},
  "required": ["id", "name", "tags", "score"], "additionalProperties": false}}},
  "required": ["records"], "additionalProperties": false})";

/// A document both grammars accept (json.gbnf's root is an object): records
/// like the schema's, with the spellings flexible whitespace allows.
std::string document() {
  static const char *names[] = {"Ada Lovelace", "Zoë Ålund", "李小龙", "Grace \\\"Amazing\\\" Hopper",
                                "Niklaus Wirth"};
  std::ostringstream os;
  os << "{\"records\": [";
  for (int i = 0; i < 12; ++i) {
    os << (i ? ",\n " : "\n ") << "{\"id\": " << 1000 + i * 37 << ", \"name\": \"" << names[i % 5]
       << "\", \"tags\": [\"t" << i << "\", \"café\"], \"score\": " << (i * 7 % 100) << "."
       << (i % 10) << "e-" << i % 3 << "}";
  }
  os << "\n]}";
  return os.str();
}

std::vector<size_t> parseList(const std::string &s) {
  std::vector<size_t> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    out.push_back(std::stoul(item));
  return out;
}

bool ok(decgram_status s, const char *what) {
  if (s == DECGRAM_OK)
    return true;
  std::fprintf(stderr, "decgram-bench-batch: %s: %s\n", what, decgram_last_error());
  return false;
}

double nowUs() {
  using namespace std::chrono;
  return duration<double, std::micro>(steady_clock::now().time_since_epoch()).count();
}

/// CPU time of all threads of the process: with the wall time it tells how
/// many cores the fills actually got on a shared machine.
double cpuUs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

struct Result {
  size_t batch, threads, steps;
  double coldUs, warmUs; ///< mean wall time of one decgram_fill_masks call
  double warmCpuUs;      ///< mean CPU time (all threads) of one warm call
  /// decgram_compile of the two grammars (cache disabled: a real compile).
  double compileGbnfUs, compileSchemaUs;
};

/// One configuration: fresh grammars (empty mask caches), B matchers at
/// staggered positions, `steps` timed fills per pass, two passes.
bool runConfig(decgram_vocab *vocab, const std::string &gbnf, const std::vector<int32_t> &doc,
               size_t batch, size_t threads, size_t steps, Result &r) {
  decgram_cache_limits noCache{0, 0};
  decgram_compiler *c = nullptr;
  decgram_grammar *g[2] = {nullptr, nullptr};
  decgram_pool *pool = nullptr;
  if (!ok(decgram_compiler_new(vocab, &noCache, &c), "compiler"))
    return false;
  double t0 = nowUs();
  if (!ok(decgram_compile(c, DECGRAM_KIND_GBNF, gbnf.data(), gbnf.size(), nullptr, &g[0]),
          "grammar"))
    return false;
  double t1 = nowUs();
  if (!ok(decgram_compile(c, DECGRAM_KIND_JSON_SCHEMA, kSchema, std::strlen(kSchema), nullptr,
                          &g[1]),
          "schema"))
    return false;
  r.compileGbnfUs = t1 - t0;
  r.compileSchemaUs = nowUs() - t1;
  if (!ok(decgram_pool_new(threads, &pool), "pool"))
    return false;
  std::vector<decgram_matcher *> ms(batch, nullptr);
  std::vector<size_t> pos(batch);
  size_t words = decgram_vocab_mask_words(vocab);
  std::vector<uint32_t> buf(batch * words);
  bool good = true;
  auto start = [&](size_t i) {
    // Rows start spread over the document so the batch holds different states.
    size_t at = (i * doc.size()) / batch;
    size_t n = 0;
    decgram_matcher_reset(ms[i]);
    good = good && ok(decgram_matcher_accept_tokens(ms[i], doc.data(), at, &n), "prefix") &&
           n == at;
    pos[i] = at;
  };
  for (size_t i = 0; i < batch && good; ++i) {
    good = ok(decgram_matcher_new(g[i % 2], &ms[i]), "matcher");
    if (good)
      start(i);
  }
  for (int pass = 0; pass < 2 && good; ++pass) {
    for (size_t i = 0; i < batch; ++i)
      start(i);
    double total = 0, cpu = 0;
    for (size_t s = 0; s < steps && good; ++s) {
      double t0 = nowUs(), c0 = cpuUs();
      good = ok(decgram_fill_masks(pool, ms.data(), nullptr, batch, buf.data(), words, words),
                "fill");
      cpu += cpuUs() - c0;
      total += nowUs() - t0;
      for (size_t i = 0; i < batch && good; ++i) {
        if (pos[i] == doc.size()) {
          start(i);
          continue;
        }
        bool accepted = false;
        good = ok(decgram_matcher_accept_token(ms[i], doc[pos[i]], &accepted), "accept");
        if (good && !accepted) {
          std::fprintf(stderr, "decgram-bench-batch: token %zu of the document rejected\n",
                       pos[i]);
          good = false;
        }
        ++pos[i];
      }
    }
    (pass == 0 ? r.coldUs : r.warmUs) = total / steps;
    r.warmCpuUs = cpu / steps;
  }
  for (decgram_matcher *m : ms)
    decgram_matcher_free(m);
  decgram_pool_free(pool);
  decgram_grammar_free(g[0]);
  decgram_grammar_free(g[1]);
  decgram_compiler_free(c);
  r.batch = batch;
  r.threads = threads;
  r.steps = steps;
  return good;
}

} // namespace

int main(int argc, char **argv) {
  std::string tokenizer, grammarPath = std::string(DECC_GRAMMARS_DIR) + "/json.gbnf", jsonOut;
  std::vector<size_t> batches = {1, 8, 64}, threadCounts = {1, 2};
  size_t steps = 200, repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--tokenizer")
      tokenizer = next();
    else if (a == "--grammar")
      grammarPath = next();
    else if (a == "--json")
      jsonOut = next();
    else if (a == "--steps")
      steps = std::stoul(next());
    else if (a == "--batches")
      batches = parseList(next());
    else if (a == "--threads")
      threadCounts = parseList(next());
    else if (a == "--repeat")
      repeat = std::stoul(next());
    else {
      std::fprintf(stderr,
                   "usage: decgram-bench-batch --tokenizer T.json [--grammar G.gbnf] [--steps N] "
                   "[--batches 1,8,64] [--threads 1,2] [--repeat R] [--json OUT]\n");
      return 2;
    }
  }
  if (tokenizer.empty() || steps == 0 || repeat == 0) {
    std::fprintf(stderr, "decgram-bench-batch: --tokenizer is required (and --steps, --repeat "
                         "> 0)\n");
    return 2;
  }
  std::ifstream gin(grammarPath);
  std::stringstream gss;
  gss << gin.rdbuf();
  if (!gin) {
    std::fprintf(stderr, "decgram-bench-batch: cannot read %s\n", grammarPath.c_str());
    return 2;
  }
  std::string err;
  std::unique_ptr<decc::Tokenizer> tok = decc::Tokenizer::fromFile(tokenizer, &err);
  if (!tok) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 2;
  }
  std::vector<int32_t> doc = tok->encode(document(), false, false);
  decgram_vocab *vocab = nullptr;
  if (!ok(decgram_vocab_from_tokenizer_file(tokenizer.c_str(), nullptr, 0, 0, &vocab), "vocab"))
    return 1;

  std::vector<Result> results;
  for (size_t b : batches)
    for (size_t t : threadCounts) {
      Result best{};
      for (size_t k = 0; k < repeat; ++k) {
        Result r{};
        if (!runConfig(vocab, gss.str(), doc, b, t, steps, r))
          return 1;
        if (k == 0 || r.coldUs < best.coldUs)
          best.coldUs = r.coldUs;
        if (k == 0 || r.warmUs < best.warmUs)
          best.warmUs = r.warmUs, best.warmCpuUs = r.warmCpuUs;
        if (k == 0 || r.compileSchemaUs < best.compileSchemaUs)
          best.compileSchemaUs = r.compileSchemaUs;
        if (k == 0 || r.compileGbnfUs < best.compileGbnfUs)
          best.compileGbnfUs = r.compileGbnfUs;
        best.batch = r.batch, best.threads = r.threads, best.steps = r.steps;
      }
      results.push_back(best);
    }
  decgram_vocab_free(vocab);

  auto base = [&](const Result &r) {
    for (const Result &x : results)
      if (x.batch == r.batch && x.threads == 1)
        return x.warmUs;
    return 0.0;
  };
  std::printf("vocab %d tokens, document %zu tokens, %zu steps per pass, best of %zu\n",
              tok->vocabSize(), doc.size(), steps, repeat);
  double gbnfUs = results.front().compileGbnfUs, schemaUs = results.front().compileSchemaUs;
  for (const Result &x : results)
    gbnfUs = std::min(gbnfUs, x.compileGbnfUs), schemaUs = std::min(schemaUs, x.compileSchemaUs);
  std::printf("decgram_compile (best): json.gbnf %.0f us, the JSON Schema %.0f us\n", gbnfUs,
              schemaUs);
  std::printf("| batch | threads | cold us/fill | warm us/fill | warm us/row | speedup vs 1 "
              "thread | warm CPU us/fill | cores used (CPU/wall) |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const Result &r : results)
    std::printf("| %zu | %zu | %.0f | %.1f | %.1f | %.2f | %.1f | %.2f |\n", r.batch, r.threads,
                r.coldUs, r.warmUs, r.warmUs / r.batch, base(r) > 0 ? base(r) / r.warmUs : 0.0,
                r.warmCpuUs, r.warmCpuUs / r.warmUs);
  if (!jsonOut.empty()) {
    std::ofstream out(jsonOut);
    out << "[";
    for (size_t i = 0; i < results.size(); ++i) {
      const Result &r = results[i];
      out << (i ? ",\n " : "\n ") << "{\"batch\": " << r.batch << ", \"threads\": " << r.threads
          << ", \"steps\": " << r.steps << ", \"repeat\": " << repeat << ", \"vocab\": " << tok->vocabSize()
          << ", \"document_tokens\": " << doc.size() << ", \"cold_us_per_fill\": " << r.coldUs
          << ", \"warm_us_per_fill\": " << r.warmUs
          << ", \"warm_us_per_row\": " << r.warmUs / r.batch
          << ", \"warm_cpu_us_per_fill\": " << r.warmCpuUs
          << ", \"compile_gbnf_us\": " << r.compileGbnfUs
          << ", \"compile_schema_us\": " << r.compileSchemaUs
          << ", \"speedup_vs_1_thread\": " << (base(r) > 0 ? base(r) / r.warmUs : 0.0) << "}";
    }
    out << "\n]\n";
    if (!out) {
      std::fprintf(stderr, "decgram-bench-batch: cannot write %s\n", jsonOut.c_str());
      return 1;
    }
  }
  return 0;
}
