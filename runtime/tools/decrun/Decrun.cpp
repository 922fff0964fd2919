//===- Decrun.cpp - decrun's command: list or generate --------------------===//
#include "Constraint.h"
#include "Decrun.h"
#include "Generate.h"
#include "ModelGenerate.h"
#include "Options.h"
#include "TokenizerSource.h"
#include "Utf8Stream.h"

#include "decc/decrt.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <new>
#include <sstream>

namespace decc::decrun {

namespace {
struct ModuleDeleter {
  void operator()(decrt_module *m) const { decrt_module_free(m); }
};
struct SamplerDeleter {
  void operator()(decrt_sampler *s) const { decrt_sampler_free(s); }
};

std::string number(double v) {
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

/// A measured rate or duration for people: one decimal (the JSON record
/// keeps full precision).
std::string measured(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

void listModule(const decrt_module *m, std::ostream &out) {
  const decc_module_desc *d = decrt_module_desc(m);
  out << "module " << decrt_module_path(m) << " (" << d->producer << ", from "
      << d->source_name << ")\n";
  for (int32_t i = 0; i < d->num_strategies; ++i) {
    const decc_strategy_desc &s = d->strategies[i];
    out << "strategy " << s.name << " ("
        << (s.selection == DECC_SELECT_GREEDY ? "greedy" : "sample") << ")\n";
    out << "  pipeline: " << s.pipeline << "\n";
    out << "  stop:";
    if (s.stop_on_eos)
      out << " eos";
    for (int32_t k = 0; k < s.num_stop_tokens; ++k)
      out << " token " << s.stop_tokens[k];
    if (s.max_tokens_param >= 0)
      out << " max_tokens = " << s.params[s.max_tokens_param].name;
    else if (s.max_tokens > 0)
      out << " max_tokens = " << s.max_tokens;
    out << "\n";
    if (s.vocab_size > 0)
      out << "  vocabulary: " << s.vocab_size << " tokens\n";
    if (s.constraint_table)
      out << "  constraint: " << (s.constraint_name ? s.constraint_name : "(unnamed)")
          << " (grammar table, " << s.constraint_table_bytes << " bytes)\n";
    for (int32_t k = 0; k < s.num_params; ++k) {
      const decc_param_desc &p = s.params[k];
      out << "  param " << p.name << ": "
          << (p.type == DECC_TYPE_I32 ? "i32" : "f32") << " = "
          << number(p.default_value) << " in [" << number(p.min_value) << ", "
          << number(p.max_value) << "]\n";
    }
  }
}

void printTokens(const GenerateResult &r, std::ostream &out) {
  for (const Sequence &seq : r.sequences) {
    for (size_t i = 0; i < seq.tokens.size(); ++i)
      out << (i ? " " : "") << seq.tokens[i];
    out << "\n";
  }
}

struct Figures {
  double tokensPerSecond, kernelMicrosPerToken, logitsMicrosPerStep;
};

Figures figures(const GenerateResult &r) {
  double tokens = double(r.tokens ? r.tokens : 1);
  double steps = double(r.steps ? r.steps : 1);
  return {r.wallSeconds > 0 ? double(r.tokens) / r.wallSeconds : 0.0,
          r.kernelSeconds * 1e6 / tokens, r.logitsSeconds * 1e6 / steps};
}

// The fields every JSON record starts with, up to the parameters.
void printJsonHeader(const Options &o, decrt_sampler *s, std::ostream &out) {
  const decc_strategy_desc *d = decrt_sampler_strategy(s);
  out << "{\"module\":" << jsonString(o.modulePath)
      << ",\"strategy\":" << jsonString(d->name)
      << ",\"vocab\":" << decrt_sampler_vocab(s) << ",\"seed\":" << o.seed
      << ",\"threads\":" << decrt_sampler_threads(s) << ",\"params\":{";
  const double *block = decrt_sampler_params(s);
  for (int32_t k = 0; k < d->num_params; ++k)
    out << (k ? "," : "") << jsonString(d->params[k].name) << ":"
        << (std::isfinite(block[k]) ? number(block[k]) : "null");
  out << "}";
}

void printJson(const Options &o, decrt_sampler *s, const GenerateResult &r,
               std::ostream &out) {
  Figures f = figures(r);
  printJsonHeader(o, s, out);
  out << ",\"sequences\":[";
  for (size_t i = 0; i < r.sequences.size(); ++i) {
    out << (i ? "," : "") << "{\"tokens\":[";
    for (size_t k = 0; k < r.sequences[i].tokens.size(); ++k)
      out << (k ? "," : "") << r.sequences[i].tokens[k];
    out << "],\"stop\":" << jsonString(r.sequences[i].stop) << "}";
  }
  out << "],\"tokens\":" << r.tokens << ",\"steps\":" << r.steps
      << ",\"wall_s\":" << number(r.wallSeconds)
      << ",\"tokens_per_s\":" << number(f.tokensPerSecond)
      << ",\"kernel_us_per_token\":" << number(f.kernelMicrosPerToken)
      << ",\"logits_us_per_step\":" << number(f.logitsMicrosPerStep) << "}\n";
}

void printStats(decrt_sampler *s, const GenerateResult &r, std::ostream &err) {
  Figures f = figures(r);
  err << "decrun: " << decrt_sampler_strategy(s)->name << ": " << r.tokens
      << " tokens in " << r.sequences.size() << " sequence(s), "
      << measured(f.tokensPerSecond) << " tokens/s, kernel "
      << measured(f.kernelMicrosPerToken) << " us/token, synthetic logits "
      << measured(f.logitsMicrosPerStep) << " us/step (vocab "
      << decrt_sampler_vocab(s) << ", " << decrt_sampler_threads(s)
      << " threads)\n";
  for (size_t i = 0; i < r.sequences.size(); ++i)
    if (r.sequences[i].stop == "no_valid_token" ||
        r.sequences[i].stop == "invalid_logits")
      err << "decrun: sequence " << i << " ended after "
          << r.sequences[i].tokens.size()
          << " tokens: " << r.sequences[i].stop << "\n";
}

int fail(std::ostream &err) {
  err << "decrun: error: " << decrt_last_error() << "\n";
  return kExitError;
}

int fail(std::ostream &err, const std::string &message) {
  err << "decrun: error: " << message << "\n";
  return kExitError;
}

void printIds(const std::vector<int32_t> &ids, std::ostream &out) {
  out << "[";
  for (size_t i = 0; i < ids.size(); ++i)
    out << (i ? "," : "") << ids[i];
  out << "]";
}

struct TextFigures {
  double prefillTokensPerSecond, decodeTokensPerSecond, passesPerToken,
      kernelShare;
};

TextFigures textFigures(const ModelRun &r) {
  double generated = double(r.generated.size());
  return {r.prefillSeconds > 0 ? double(r.prompt.size()) / r.prefillSeconds : 0,
          r.decodeSeconds > 0 ? generated / r.decodeSeconds : 0,
          generated > 0 ? double(r.forwardPasses) / generated : 0,
          r.decodeSeconds > 0 ? r.kernelSeconds / r.decodeSeconds : 0};
}

double maskMicrosPerToken(const ModelRun &r) {
  return r.masks > 0 ? r.maskSeconds * 1e6 / double(r.masks) : 0.0;
}

void printTextJson(const Options &o, decrt_sampler *s, const ModelRun &r,
                   std::ostream &out) {
  TextFigures f = textFigures(r);
  printJsonHeader(o, s, out);
  out << ",\"model\":" << jsonString(o.modelPath)
      << ",\"tokenizer\":"
      << jsonString(o.tokenizerPath.empty() ? o.modelPath : o.tokenizerPath)
      << ",\"prompt\":" << jsonString(validUtf8(*o.prompt))
      << ",\"prompt_tokens\":";
  printIds(r.prompt, out);
  out << ",\"tokens\":";
  printIds(r.generated, out);
  out << ",\"text\":" << jsonString(validUtf8(r.text))
      << ",\"stop\":" << jsonString(r.stop) << ",\"stats\":{"
      << "\"prompt_tokens\":" << r.prompt.size()
      << ",\"generated_tokens\":" << r.generated.size()
      << ",\"prefill_s\":" << number(r.prefillSeconds)
      << ",\"decode_s\":" << number(r.decodeSeconds)
      << ",\"prefill_tokens_per_s\":" << number(f.prefillTokensPerSecond)
      << ",\"decode_tokens_per_s\":" << number(f.decodeTokensPerSecond)
      << ",\"forward_passes\":" << r.forwardPasses
      << ",\"forward_passes_per_token\":" << number(f.passesPerToken)
      << ",\"forward_s\":" << number(r.forwardSeconds)
      << ",\"kernel_s\":" << number(r.kernelSeconds)
      << ",\"kernel_share\":" << number(f.kernelShare)
      << ",\"constrained\":" << (r.constrained ? "true" : "false");
  if (r.constrained)
    out << ",\"constraint\":" << jsonString(r.constraint)
        << ",\"mask_us_per_token\":" << number(maskMicrosPerToken(r));
  out << "}}\n";
}

void printTextStats(decrt_sampler *s, const ModelRun &r, std::ostream &err) {
  TextFigures f = textFigures(r);
  char share[32];
  std::snprintf(share, sizeof share, "%.2f%%", 100.0 * f.kernelShare);
  err << "decrun: " << decrt_sampler_strategy(s)->name << ": prompt "
      << r.prompt.size() << " tokens, generated " << r.generated.size()
      << " tokens (stop: " << r.stop << "); prefill "
      << measured(f.prefillTokensPerSecond) << " tokens/s, decode "
      << measured(f.decodeTokensPerSecond) << " tokens/s; "
      << number(f.passesPerToken)
      << " forward passes per generated token; strategy kernel " << share
      << " of decode time (" << decrt_sampler_threads(s) << " threads)\n";
  if (r.constrained)
    err << "decrun: constrained by grammar " << r.constraint << ": mask "
        << measured(maskMicrosPerToken(r)) << " us/token\n";
  else
    err << "decrun: unconstrained\n";
}

// decrun STRATEGY.so --model M.gguf --prompt TEXT: text on `out` as it is
// generated (or one JSON record at the end), statistics on `err`.
using SamplerPtr = std::unique_ptr<decrt_sampler, SamplerDeleter>;

/// The sampler of the selected strategy for `vocab`, with the --param
/// overrides and the thread count applied; null after reporting an error.
SamplerPtr makeSampler(const Options &o, decrt_module *module, int64_t vocab,
                       std::ostream &err) {
  decrt_sampler *raw = nullptr;
  if (decrt_sampler_new(module, o.strategy.empty() ? nullptr : o.strategy.c_str(),
                        vocab, &raw) != DECRT_OK) {
    fail(err);
    return nullptr;
  }
  SamplerPtr sampler(raw);
  for (const std::string &p : o.params)
    if (decrt_sampler_set_param_str(sampler.get(), p.c_str()) != DECRT_OK) {
      fail(err);
      return nullptr;
    }
  if (decrt_sampler_set_threads(sampler.get(), o.threads) != DECRT_OK) {
    fail(err);
    return nullptr;
  }
  return sampler;
}

int runModel(const Options &o, decrt_module *module, std::ostream &out,
             std::ostream &err) {
  std::string error;
  model::LoadOptions lo;
  lo.threads = unsigned(o.threads);
  if (o.cuda)
    lo.device = model::Device::Cuda;
  std::unique_ptr<model::Model> model = model::Model::load(o.modelPath, &error, lo);
  if (!model)
    return fail(err, error);
  std::unique_ptr<Tokenizer> tok = loadTokenizer(o, model->file(), error);
  if (!tok)
    return fail(err, error);
  const int64_t vocab = model->config().nVocab;
  if (tok->vocabSize() != vocab)
    return fail(err, "the tokenizer (" +
                         (o.tokenizerPath.empty() ? o.modelPath
                                                  : o.tokenizerPath) +
                         ") has " + std::to_string(tok->vocabSize()) +
                         " tokens, but the model " + o.modelPath + " has " +
                         std::to_string(vocab));
  SamplerPtr sampler = makeSampler(o, module, vocab, err);
  if (!sampler)
    return kExitError;

  std::shared_ptr<const Constraint> constraint;
  if (!loadConstraint(o.modulePath, *decrt_sampler_strategy(sampler.get()), constraint, error))
    return fail(err, error);
  std::unique_ptr<ConstrainedMask> mask;
  ModelRun run;
  if (constraint) {
    mask = std::make_unique<ConstrainedMask>(
        *constraint, constraintVocabulary(*tok, eosId(o, *tok, *model)), vocab);
    run.constraint = constraint->name;
  }
  if (!generateText(o, sampler.get(), *model, *tok, mask.get(),
                    o.json ? nullptr : &out, run, error)) {
    if (!o.json && !run.text.empty())
      out << "\n";
    return fail(err, o.modelPath + ": " + error);
  }
  if (o.json)
    printTextJson(o, sampler.get(), run, out);
  else
    out << "\n";
  printTextStats(sampler.get(), run, err);
  if (run.rowFailure)
    err << "decrun: the sequence ended after " << run.generated.size()
        << " tokens: " << run.stop << "\n";
  if (run.rowFailure && run.constrained && run.stop == "no_valid_token")
    err << "decrun: no token of the vocabulary continues the output under grammar "
        << run.constraint << "\n";
  return run.rowFailure ? kExitRowFailure : kExitOk;
}
} // namespace

int decrunMain(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err) {
  Options o;
  std::string error;
  if (!parseOptions(args, o, error)) {
    err << "decrun: error: " << error << "\n" << usage();
    return kExitError;
  }
  if (o.help) {
    out << usage();
    return kExitOk;
  }
  if (o.encode || o.decode)
    return runTokenizerCommand(o, out, err);
  decrt_module *rawModule = nullptr;
  if (decrt_module_load(o.modulePath.c_str(), &rawModule) != DECRT_OK)
    return fail(err);
  std::unique_ptr<decrt_module, ModuleDeleter> module(rawModule);
  if (o.list) {
    listModule(module.get(), out);
    return kExitOk;
  }
  if (!o.modelPath.empty())
    return runModel(o, module.get(), out, err);
  SamplerPtr sampler = makeSampler(o, module.get(), o.vocab, err);
  if (!sampler)
    return kExitError;
  // A grammar constrains bytes: synthetic logits have no tokenizer to give
  // the tokens' bytes, so a constrained strategy needs --model.
  std::shared_ptr<const Constraint> constraint;
  if (!loadConstraint(o.modulePath, *decrt_sampler_strategy(sampler.get()), constraint, error))
    return fail(err, error);
  if (constraint)
    return fail(err, "strategy " + std::string(decrt_sampler_strategy(sampler.get())->name) +
                         " is constrained by grammar " + constraint->name +
                         ": constrained decoding needs --model (a tokenizer gives the "
                         "tokens' bytes)");

  GenerateResult result;
  try {
    if (generate(sampler.get(), o, result) != DECRT_OK)
      return fail(err);
  } catch (const std::bad_alloc &) {
    err << "decrun: error: out of memory for a batch of " << o.batch
        << " rows of " << o.vocab << " logits\n";
    return kExitError;
  }
  if (o.json)
    printJson(o, sampler.get(), result, out);
  else
    printTokens(result, out);
  printStats(sampler.get(), result, err);
  return result.rowFailure ? kExitRowFailure : kExitOk;
}

} // namespace decc::decrun
