//===- TestModule.cpp - a hand-written strategy module for loader tests ---===//
//
// Exports decc_module_v1 the way a decc-compiled object does, with kernels
// implemented by the reference oracle, so the loader and sampler are tested
// independently of the compiler. DECRT_TEST_VARIANT selects a deliberately
// broken table for the error-path tests:
//   0 good, 1 wrong ABI version, 2 no entry symbol, 3 default outside range,
//   4 NULL row kernel, 5 duplicate parameter, 6 entry returns NULL,
//   7 unknown strategy kind, 8 a fifth strategy constrained by a grammar
//   (serialised table), 9 the same with a corrupt table.
//
//===----------------------------------------------------------------------===//
#include "decc/abi.h"
#include "decc/reference.h"
#if DECRT_TEST_VARIANT >= 8
#include "decc/grammar.h"
#endif

#include <cmath>
#include <cstdint>
#include <cstring>

#ifndef DECRT_TEST_VARIANT
#define DECRT_TEST_VARIANT 0
#endif

using namespace decc::ref;

namespace {
// A kernel status no real kernel returns: the test fails loudly if the
// runtime hands out a misaligned workspace.
constexpr int32_t kMisalignedWorkspace = 99;

int64_t workspaceBytes(int64_t vocab) { return vocab * int64_t(sizeof(float)); }

// Runs `pipeline` on a copy of the row held in the workspace, so that two
// workers sharing a workspace would corrupt each other's rows.
int32_t runViaWorkspace(const RefPipeline &pipeline, const float *logits,
                        int64_t vocab, const uint32_t *mask,
                        const int32_t *history, int64_t historyLen,
                        uint64_t seed, uint64_t step, void *workspace,
                        int32_t *outToken, float *outLogprob) {
  if (reinterpret_cast<uintptr_t>(workspace) % 64 != 0)
    return kMisalignedWorkspace;
  auto *row = static_cast<float *>(workspace);
  std::memcpy(row, logits, size_t(vocab) * sizeof(float));
  RefResult r = run(pipeline, row, vocab, mask, history, historyLen, seed, step);
  *outToken = r.token;
  if (outLogprob)
    *outLogprob = r.logprob;
  return r.status;
}

// greedy(temperature: f32 = 1, top_k: i32 = 0)
[[maybe_unused]] int32_t greedyKernel(const float *logits, int64_t vocab, const uint32_t *mask,
                     const int32_t *history, int64_t historyLen,
                     const double *params, uint64_t seed, uint64_t step,
                     void *ws, int32_t *tok, float *lp) {
  RefPipeline p{{temperature(params[0]), topK(params[1])}, DECC_SELECT_GREEDY};
  return runViaWorkspace(p, logits, vocab, mask, history, historyLen, seed,
                         step, ws, tok, lp);
}

// chat(temperature: f32 = 0.7, k: i32 = 40, p: f32 = 0.95, max_tokens = 16)
int32_t chatKernel(const float *logits, int64_t vocab, const uint32_t *mask,
                   const int32_t *history, int64_t historyLen,
                   const double *params, uint64_t seed, uint64_t step,
                   void *ws, int32_t *tok, float *lp) {
  RefPipeline p{{repetitionPenalty(1.1, 64), temperature(params[0]),
                 topK(params[1]), topP(params[2])},
                DECC_SELECT_SAMPLE};
  return runViaWorkspace(p, logits, vocab, mask, history, historyLen, seed,
                         step, ws, tok, lp);
}

int32_t biasedKernel(const float *logits, int64_t vocab, const uint32_t *mask,
                     const int32_t *history, int64_t historyLen,
                     const double *, uint64_t seed, uint64_t step, void *ws,
                     int32_t *tok, float *lp) {
  RefPipeline p{{logitBias({{1000, 5.0f}})}, DECC_SELECT_GREEDY};
  return runViaWorkspace(p, logits, vocab, mask, history, historyLen, seed,
                         step, ws, tok, lp);
}

int32_t fixedKernel(const float *logits, int64_t vocab, const uint32_t *mask,
                    const int32_t *history, int64_t historyLen, const double *,
                    uint64_t seed, uint64_t step, void *ws, int32_t *tok,
                    float *lp) {
  return runViaWorkspace({{}, DECC_SELECT_GREEDY}, logits, vocab, mask,
                         history, historyLen, seed, step, ws, tok, lp);
}

const double kInf = INFINITY;

#if DECRT_TEST_VARIANT >= 8
// What `decc` embeds for `grammar Obj = gbnf ...` + `constrain Obj`:
//   root ::= "{\"n\": " [0-9] [0-9]? [0-9]? "}"
std::vector<uint8_t> makeTable() {
  using namespace decc::grammar;
  Grammar g;
  uint32_t root = g.ruleId("root");
  g.rules[root].defined = true;
  Expr digit = Expr::cls({{'0', '9'}}, false);
  g.rules[root].body = Expr::seq({Expr::literal("{\"n\": "), digit, Expr::repeat(digit, 0, 2),
                                  Expr::literal("}")});
  std::vector<Diagnostic> diags;
  auto compiled = compile(g, diags);
  std::vector<uint8_t> table = serialize(*compiled);
#if DECRT_TEST_VARIANT == 9
  table[4] = 99; // format version 99
#endif
  return table;
}
const std::vector<uint8_t> kTable = makeTable();

// root ::= ("ab")+ : complete after every "ab", and always open to more.
std::vector<uint8_t> makeRepeatTable() {
  using namespace decc::grammar;
  Grammar g;
  uint32_t root = g.ruleId("root");
  g.rules[root].defined = true;
  g.rules[root].body = Expr::repeat(Expr::literal("ab"), 1, kUnbounded);
  std::vector<Diagnostic> diags;
  return serialize(*compile(g, diags));
}
const std::vector<uint8_t> kRepeatTable = makeRepeatTable();

// Prefers token 2 (the test model's EOS) above all: under a grammar it is
// chosen as soon as the grammar allows it.
int32_t eosKernel(const float *logits, int64_t vocab, const uint32_t *mask,
                  const int32_t *history, int64_t historyLen, const double *,
                  uint64_t seed, uint64_t step, void *ws, int32_t *tok, float *lp) {
  RefPipeline p{{logitBias({{2, 1000.0f}})}, DECC_SELECT_GREEDY};
  return runViaWorkspace(p, logits, vocab, mask, history, historyLen, seed, step, ws, tok,
                         lp);
}

// The strategy's own filter admits only token 0, which no grammar admits:
// every row ends with DECC_STATUS_NO_VALID_TOKEN.
int32_t onlyZeroKernel(const float *logits, int64_t vocab, const uint32_t *mask,
                       const int32_t *history, int64_t historyLen, const double *,
                       uint64_t seed, uint64_t step, void *ws, int32_t *tok, float *lp) {
  std::vector<uint32_t> own(size_t((vocab + 31) / 32), 0);
  own[0] = mask ? mask[0] & 1u : 1u;
  return runViaWorkspace({{}, DECC_SELECT_GREEDY}, logits, vocab, own.data(), history,
                         historyLen, seed, step, ws, tok, lp);
}
#endif

const decc_param_desc greedyParams[] = {
    {"temperature", DECC_TYPE_F32, 0, 1.0, 0.0, 10.0},
#if DECRT_TEST_VARIANT == 5
    {"temperature", DECC_TYPE_I32, 0, 0.0, 0.0, 1e6},
#else
    {"top_k", DECC_TYPE_I32, 0, 0.0, 0.0, 1e6},
#endif
};

const decc_param_desc chatParams[] = {
#if DECRT_TEST_VARIANT == 3
    {"temperature", DECC_TYPE_F32, 0, 7.0, 0.0, 5.0},
#else
    {"temperature", DECC_TYPE_F32, 0, 0.7, 0.0, 5.0},
#endif
    {"k", DECC_TYPE_I32, 0, 40.0, 0.0, 1e6},
    {"p", DECC_TYPE_F32, 0, 0.95, 0.0, 1.0},
    {"max_tokens", DECC_TYPE_I32, 0, 16.0, 1.0, 4096.0},
    {"bias_scale", DECC_TYPE_F32, 0, 0.0, -kInf, kInf},
};

const int32_t chatStopTokens[] = {5, 7};

const decc_strategy_desc strategies[] = {
    {"greedy", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 2, 1, greedyParams,
     8, -1, 0, nullptr, -1, 0, workspaceBytes,
#if DECRT_TEST_VARIANT == 4
     nullptr,
#else
     greedyKernel,
#endif
     "temperature(temperature) | top_k(top_k) | greedy", nullptr, nullptr, 0},
    {"chat",
#if DECRT_TEST_VARIANT == 7
     7,
#else
     DECC_KIND_AUTOREGRESSIVE,
#endif
     DECC_SELECT_SAMPLE, 5, 1, chatParams, 0, 3, 2, chatStopTokens, 7, 0,
     workspaceBytes, chatKernel,
     "repetition_penalty(1.1, window = 64) | temperature(temperature) | "
     "top_k(k) | top_p(p) | sample", nullptr, nullptr, 0},
    {"biased", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 0, 0, nullptr, 0,
     -1, 0, nullptr, 1000, 0, workspaceBytes, biasedKernel,
     "logit_bias(1000: 5.0) | greedy", nullptr, nullptr, 0},
    {"fixed", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 0, 1, nullptr, 0,
     -1, 0, nullptr, -1, 256, workspaceBytes, fixedKernel, "greedy", nullptr,
     nullptr, 0},
#if DECRT_TEST_VARIANT >= 8
    {"object", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 0, 1, nullptr, 32,
     -1, 0, nullptr, -1, 0, workspaceBytes, fixedKernel, "greedy", "Obj",
     kTable.data(), int64_t(kTable.size())},
    {"refusing", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 0, 1, nullptr, 32,
     -1, 0, nullptr, -1, 0, workspaceBytes, onlyZeroKernel, "greedy", "Obj",
     kTable.data(), int64_t(kTable.size())},
    {"until_eos", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 0, 1, nullptr, 32,
     -1, 0, nullptr, 2, 0, workspaceBytes, eosKernel, "logit_bias(2: 1000) | greedy",
     "Pairs", kRepeatTable.data(), int64_t(kRepeatTable.size())},
    {"eos_no_stop", DECC_KIND_AUTOREGRESSIVE, DECC_SELECT_GREEDY, 0, 0, nullptr, 32,
     -1, 0, nullptr, 2, 0, workspaceBytes, eosKernel, "logit_bias(2: 1000) | greedy",
     "Pairs", kRepeatTable.data(), int64_t(kRepeatTable.size())},
#endif
};

[[maybe_unused]] const decc_module_desc module = {
#if DECRT_TEST_VARIANT == 1
    99u,
#else
    DECC_ABI_VERSION,
#endif
    0, "hand-written test module", "TestModule.cpp",
    int32_t(sizeof strategies / sizeof strategies[0]), 0, strategies};
} // namespace

#if DECRT_TEST_VARIANT == 2
extern "C" __attribute__((visibility("default"))) int not_a_decc_module(void) {
  return 0;
}
#else
extern "C" __attribute__((visibility("default"))) const decc_module_desc *
decc_module_v1(void) {
#if DECRT_TEST_VARIANT == 6
  return nullptr;
#else
  return &module;
#endif
}
#endif
