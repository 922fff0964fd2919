//===- bench_sampling.cpp - Fused step kernel vs reference vs floor ------===//
//
// For each benchmark pipeline (bench/sampling/pipelines/*.dec, compiled by
// decc at build time), vocabulary size and batch size, times on one thread:
//   fused      the compiled row kernel (the product),
//   reference  the sort-based oracle (runtime/lib/Reference) on the same rows,
//   floor      one memcpy of the row (the cost of touching it once),
//   llama.cpp  llama.cpp's sampler chain on the same logits, when libllama is
//              available (bench/setup-peers.sh builds it from PyPI's
//              llama-cpp-python); the chain is the closest equivalent.
// Prints a table of ns per row and ratios, and writes JSON records.
//
//===----------------------------------------------------------------------===//
#include "LlamaChain.h"
#include "decc/abi.h"
#include "decc/reference.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Pipeline {
  std::string name;       ///< file stem in pipelines/
  decc::ref::RefPipeline reference;
  LlamaChainSpec llama;   ///< empty `stages` when llama.cpp has no equivalent
};

/// The reference spelling of each .dec pipeline (kept next to them on
/// purpose: a mismatch shows up as a wrong-token count in the output).
std::vector<Pipeline> pipelines() {
  using namespace decc::ref;
  std::vector<Pipeline> p;
  p.push_back({"greedy", {{}, DECC_SELECT_GREEDY}, {{LlamaStage::greedy()}}});
  p.push_back({"temperature_sample",
               {{temperature(0.7)}, DECC_SELECT_SAMPLE},
               {{LlamaStage::temp(0.7f), LlamaStage::dist()}}});
  p.push_back({"topk_topp",
               {{temperature(0.8), topK(40), topP(0.95)}, DECC_SELECT_SAMPLE},
               {{LlamaStage::temp(0.8f), LlamaStage::topK(40),
                 LlamaStage::topP(0.95f), LlamaStage::dist()}}});
  p.push_back(
      {"penalties_minp",
       {{repetitionPenalty(1.1, 64), presencePenalty(0.3),
         frequencyPenalty(0.2), minP(0.05)},
        DECC_SELECT_SAMPLE},
       {}}); // llama.cpp's penalties use one window for all three: no match
  p.push_back({"entropy_topp",
               {{temperature(Arg([](const FeatureView &f) {
                   return 0.6 * (1 + f.entropy() / std::log(f.vocab()));
                 })),
                 topP(0.9)},
                DECC_SELECT_SAMPLE},
               {}}); // no entropy-adaptive temperature in llama.cpp
  return p;
}

/// Logits shaped like a language model's: a heavy tail N(0, 2.5^2) with a few
/// dozen strong candidates 6-14 nats above it, at a random place in the row.
/// Rows differ in how peaked they are. Deterministic for a seed.
std::vector<float> makeLogits(int64_t batch, int64_t vocab, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> tail(0.0f, 2.5f);
  std::uniform_real_distribution<float> peak(6.0f, 14.0f);
  std::uniform_int_distribution<int64_t> pos(0, vocab - 1);
  std::vector<float> logits(batch * vocab);
  for (int64_t r = 0; r < batch; ++r) {
    float *row = &logits[r * vocab];
    for (int64_t i = 0; i < vocab; ++i)
      row[i] = tail(rng);
    int peaks = 8 + int(r % 5) * 10;
    for (int i = 0; i < peaks; ++i)
      row[pos(rng)] += peak(rng);
  }
  return logits;
}

/// Now in seconds: wall clock, or (cpuTime) this thread's CPU time, which
/// leaves out the time slices other processes take on a shared machine.
double nowSeconds(bool cpuTime) {
  if (!cpuTime)
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

/// Seconds per call of `fn`, best of 5 trials of at least `minSeconds` each.
double timeIt(const std::function<void()> &fn, double minSeconds, bool cpuTime) {
  fn(); // warm caches and pages
  double best = 1e30;
  for (int trial = 0; trial < 5; ++trial) {
    long calls = 0;
    double start = nowSeconds(cpuTime);
    double elapsed = 0;
    do {
      fn();
      ++calls;
      elapsed = nowSeconds(cpuTime) - start;
    } while (elapsed < minSeconds);
    best = std::min(best, elapsed / calls);
  }
  return best;
}

struct Module {
  void *handle = nullptr;
  const decc_strategy_desc *strategy = nullptr;
};

bool loadModule(const std::string &path, Module &m) {
  m.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!m.handle) {
    std::fprintf(stderr, "decc-bench-sampling: %s\n", dlerror());
    return false;
  }
  auto entry = reinterpret_cast<decc_module_entry_fn>(
      dlsym(m.handle, DECC_MODULE_SYMBOL));
  if (!entry || entry()->abi_version != DECC_ABI_VERSION ||
      entry()->num_strategies < 1) {
    std::fprintf(stderr, "decc-bench-sampling: %s: not a decc module\n",
                 path.c_str());
    return false;
  }
  m.strategy = &entry()->strategies[0];
  return true;
}

struct Record {
  std::string pipeline;
  int64_t vocab, batch;
  double fused, reference, floor, llama; ///< ns per row; < 0: not timed
  int64_t mismatches;                    ///< greedy rows where fused != ref
};

} // namespace

int main(int argc, char **argv) {
  std::string dir = DECC_BENCH_PIPELINE_DIR, json, only;
  std::string llamaLib;
  if (const char *env = std::getenv("DECC_LLAMA_LIB"))
    llamaLib = env;
  double minSeconds = 0.05;
  bool cpuTime = false;
  bool timeReference = true;
  std::vector<int64_t> vocabs = {32000, 128256, 262144};
  std::vector<int64_t> batches = {1, 64};
  // --vocab / --batch replace the default lists (each --vocab adds one size),
  // so a single configuration can be timed without the whole grid.
  std::vector<int64_t> onlyVocabs;
  int64_t onlyBatch = 0;
  auto positive = [](const std::string &opt, const std::string &v) {
    char *end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 1 || n > (1LL << 26)) {
      std::fprintf(stderr,
                   "decc-bench-sampling: %s needs an integer in [1, 2^26], "
                   "got '%s'\n",
                   opt.c_str(), v.c_str());
      std::exit(2);
    }
    return int64_t(n);
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "decc-bench-sampling: %s needs a value\n",
                     a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--json")
      json = next();
    else if (a == "--modules")
      dir = next();
    else if (a == "--pipeline")
      only = next();
    else if (a == "--llama-lib")
      llamaLib = next();
    else if (a == "--vocab")
      onlyVocabs.push_back(positive(a, next()));
    else if (a == "--batch")
      onlyBatch = positive(a, next());
    else if (a == "--cpu-time")
      cpuTime = true;
    else if (a == "--no-reference-time")
      timeReference = false;
    else if (a == "--quick") {
      minSeconds = 0.01;
      vocabs = {32000};
    } else if (a == "--help" || a == "-h") {
      std::printf(
          "usage: decc-bench-sampling [--json OUT.json] [--pipeline NAME] "
          "[--modules DIR] [--llama-lib libllama.so] [--quick] [--vocab N]... "
          "[--batch N] [--cpu-time] [--no-reference-time]\n"
          "Times compiled step kernels against the sort-based reference, one "
          "memcpy of the row, and llama.cpp's sampler chain. --cpu-time "
          "times with the thread's CPU time instead of the wall clock. "
          "--no-reference-time runs the reference once for the token check "
          "without timing it (quick before/after runs of the kernels).\n");
      return 0;
    } else {
      std::fprintf(stderr, "decc-bench-sampling: unknown option '%s'\n",
                   a.c_str());
      return 2;
    }
  }
  if (!onlyVocabs.empty())
    vocabs = onlyVocabs;
  if (onlyBatch > 0)
    batches = {onlyBatch};

  std::unique_ptr<LlamaChain> llama;
  if (!llamaLib.empty()) {
    std::string err;
    llama = LlamaChain::load(llamaLib, &err);
    if (!llama)
      std::fprintf(stderr, "decc-bench-sampling: llama.cpp column off: %s\n",
                   err.c_str());
  }

  std::vector<Record> records;
  std::printf("%-15s %7s %5s %12s %12s %10s %12s %9s %9s %9s\n", "pipeline",
              "vocab", "batch", "fused ns", "ref ns", "floor ns", "llama ns",
              "ref/fus", "fus/floor", "lla/fus");
  for (const Pipeline &p : pipelines()) {
    if (!only.empty() && p.name != only)
      continue;
    Module m;
    if (!loadModule(dir + "/" + p.name + ".so", m))
      return 1;
    for (int64_t vocab : vocabs) {
      for (int64_t batch : batches) {
        std::vector<float> logits = makeLogits(batch, vocab, 42 + vocab);
        std::vector<int32_t> history(64);
        std::mt19937 hrng(7);
        for (auto &t : history)
          t = int32_t(hrng() % vocab);
        std::vector<double> params(m.strategy->num_params);
        for (int i = 0; i < m.strategy->num_params; ++i)
          params[i] = m.strategy->params[i].default_value;
        int64_t wsBytes = m.strategy->workspace_bytes(vocab);
        void *ws = std::aligned_alloc(64, (wsBytes + 63) / 64 * 64 + 64);
        std::vector<int32_t> fusedTok(batch), refTok(batch);
        uint64_t step = 0;

        double fused = timeIt(
            [&] {
              ++step;
              for (int64_t r = 0; r < batch; ++r) {
                float lp;
                m.strategy->row_kernel(&logits[r * vocab], vocab, nullptr,
                                       history.data(), history.size(),
                                       params.data(), 1234 + r, step, ws,
                                       &fusedTok[r], &lp);
              }
            },
            minSeconds, cpuTime);
        auto runReference = [&] {
          for (int64_t r = 0; r < batch; ++r)
            refTok[r] = decc::ref::run(p.reference, &logits[r * vocab], vocab,
                                       nullptr, history.data(), history.size(),
                                       1234 + r, step)
                            .token;
        };
        double reference = -1;
        if (timeReference)
          reference = timeIt(runReference, minSeconds, cpuTime);
        else
          runReference();
        std::vector<float> copy(vocab);
        double floor = timeIt(
            [&] {
              for (int64_t r = 0; r < batch; ++r) {
                std::memcpy(copy.data(), &logits[r * vocab],
                            vocab * sizeof(float));
                asm volatile("" : : "r"(copy.data()) : "memory");
              }
            },
            minSeconds, cpuTime);
        double llamaNs = -1;
        if (llama && !p.llama.stages.empty()) {
          llama->configure(p.llama, vocab);
          llamaNs = 1e9 / batch * timeIt(
              [&] {
                for (int64_t r = 0; r < batch; ++r)
                  llama->sample(&logits[r * vocab]);
              },
              minSeconds, cpuTime);
        }
        // With the same (seed, step) a deterministic pipeline must agree
        // token for token; sampled ones nearly always do (same uniform).
        int64_t mismatches = 0;
        for (int64_t r = 0; r < batch; ++r)
          mismatches += fusedTok[r] != refTok[r];
        std::free(ws);

        Record rec{p.name, vocab, batch, 1e9 * fused / batch,
                   reference < 0 ? -1 : 1e9 * reference / batch,
                   1e9 * floor / batch, llamaNs, mismatches};
        char llamaCol[32] = "n/a", llamaRatio[32] = "n/a";
        if (llamaNs >= 0) {
          std::snprintf(llamaCol, sizeof llamaCol, "%.0f", llamaNs);
          std::snprintf(llamaRatio, sizeof llamaRatio, "%.2f",
                        llamaNs / rec.fused);
        }
        char refCol[32] = "n/a", refRatio[32] = "n/a";
        if (rec.reference >= 0) {
          std::snprintf(refCol, sizeof refCol, "%.0f", rec.reference);
          std::snprintf(refRatio, sizeof refRatio, "%.1f",
                        rec.reference / rec.fused);
        }
        std::printf("%-15s %7lld %5lld %12.0f %12s %10.0f %12s %9s %9.2f "
                    "%9s\n",
                    p.name.c_str(), (long long)vocab, (long long)batch,
                    rec.fused, refCol, rec.floor, llamaCol, refRatio,
                    rec.fused / rec.floor, llamaRatio);
        std::fflush(stdout);
        records.push_back(rec);
      }
    }
  }

  if (!json.empty()) {
    std::ofstream out(json);
    out << "[\n";
    for (size_t i = 0; i < records.size(); ++i) {
      const Record &r = records[i];
      out << "  {\"pipeline\": \"" << r.pipeline << "\", \"vocab\": " << r.vocab
          << ", \"batch\": " << r.batch
          << ", \"fused_ns_per_row\": " << r.fused
          << ", \"reference_ns_per_row\": ";
      if (r.reference >= 0)
        out << r.reference;
      else
        out << "null";
      out << ", \"floor_ns_per_row\": " << r.floor
          << ", \"llama_cpp_ns_per_row\": ";
      if (r.llama >= 0)
        out << r.llama;
      else
        out << "null";
      out << ", \"token_mismatches_vs_reference\": " << r.mismatches << "}"
          << (i + 1 < records.size() ? "," : "") << "\n";
    }
    out << "]\n";
    if (!out) {
      std::fprintf(stderr, "decc-bench-sampling: cannot write %s\n",
                   json.c_str());
      return 1;
    }
  }
  return 0;
}
