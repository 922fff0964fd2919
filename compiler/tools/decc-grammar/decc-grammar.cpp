//===- decc-grammar.cpp - grammar checks and mask benchmarks --------------===//
//
//   decc-grammar check --grammar G.gbnf --tokenizer T.json --input DOC [--check-masks]
//   decc-grammar bench --grammar G.gbnf --tokenizer T.json --input DOC --json OUT.json
//   decc-grammar dump  --grammar G.gbnf
//   decc-grammar masks --grammar G --tokenizer T.json (--input DOC | --ids IDS) --out FILE (Masks.h)
//
// Exit codes: 0 accepted (check) / done; 1 the document is rejected; 2 the
// grammar has an error (printed located); 3 a usage or I/O error (missing
// file, bad tokenizer).

#include "Masks.h"

#include "decc/Grammar/Gbnf.h"
#include "decc/Grammar/Source.h"
#include "decc/JsonSchema/JsonSchema.h"
#include "decc/grammar.h"
#include "decc/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

using namespace decc;
using namespace decc::grammar;

namespace {

constexpr int kRejected = 1, kGrammarError = 2, kUsage = 3;

constexpr const char *kUsageText =
    "usage: decc-grammar check --grammar G --tokenizer T.json --input DOC [--check-masks]\n"
    "       decc-grammar bench --grammar G --tokenizer T.json --input DOC --json OUT.json [--passes N] [--trace]\n"
    "       decc-grammar dump --grammar G\n"
    "       decc-grammar masks --grammar G --tokenizer T.json (--input DOC | --ids IDS) --out FILE\n";

int usage() {
  std::cerr << kUsageText << "(decc-grammar --help for more)\n";
  return kUsage;
}

int help() {
  std::cout << kUsageText
            << "\n"
               "Compiles a grammar, tokenizes DOC with T.json (a Hugging Face tokenizer.json) and runs the\n"
               "token-mask matcher along it.\n"
               "\n"
               "commands:\n"
               "  check   accept DOC token by token; exit 0 when it is accepted and complete, 1 when a token\n"
               "          is rejected (its byte offset and text are printed) or DOC ends early\n"
               "  bench   time the mask before every token; writes JSON records (compile_us, mask_us_avg/p50/\n"
               "          p99/max, memory_bytes, ...) to OUT.json and prints a summary\n"
               "  dump    print the grammar's normal form\n"
               "  masks   write every mask along DOC (or a stream of token ids) to FILE, for mask-diff tools\n"
               "\n"
               "options:\n"
               "  --grammar G      grammar file; its extension names its kind: .gbnf, .ebnf, .regex, or .json\n"
               "                   (a JSON Schema)\n"
               "  --tokenizer T    tokenizer.json\n"
               "  --input DOC      the document\n"
               "  --ids IDS        (masks) token ids, decimal, separated by whitespace or commas\n"
               "  --out FILE       (masks) output file (docs/grammar-peers.md gives its format)\n"
               "  --json OUT.json  (bench) where the records go\n"
               "  --passes N       (bench) passes over DOC, the first with an empty mask cache (default 1)\n"
               "  --trace          (bench) print each mask's time\n"
               "  --check-masks    (check) also fill the mask before each token and check it agrees with the matcher\n"
               "  -h, --help       this text\n"
               "\n"
               "exit codes: 0 success, 1 document rejected, 2 grammar error (located), 3 usage or I/O error\n";
  return 0;
}

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

double nowUs() {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

struct Options {
  std::string command, grammar, tokenizer, input, json;
  bool checkMasks = false;
  /// bench: one line per mask on stderr (which steps make the tail).
  bool trace = false;
  int passes = 1;
};

/// A JSON Schema is translated to the grammar IR (compiler/lib/JsonSchema)
/// and compiled from it, as libdecgram does.
std::shared_ptr<const CompiledGrammar> compileSchema(const std::string &path, const std::string &src) {
  decc::jsonschema::Result r = decc::jsonschema::toGbnf(src, decc::jsonschema::Options(), path);
  if (!r.ok) {
    std::cerr << r.render();
    return nullptr;
  }
  std::vector<Diagnostic> diags;
  std::shared_ptr<const CompiledGrammar> g = compile(*r.grammar, diags);
  if (!g) // a compile limit, shown against the schema's grammar as GBNF
    printDiagnostics(path + " (as GBNF)", r.gbnf, diags, std::cerr);
  return g;
}

std::shared_ptr<const CompiledGrammar> loadGrammar(const std::string &path, double *us) {
  std::string src;
  if (!readFile(path, src)) {
    std::cerr << path << ": error: cannot read the grammar file\n";
    return nullptr;
  }
  // The grammar kind follows the file extension; compile time covers every
  // step from the source text.
  std::string ext = std::filesystem::path(path).extension().string();
  std::optional<SourceKind> kind = sourceKindForExtension(ext);
  if (ext != ".json" && !kind) {
    std::cerr << path << ": error: unsupported grammar kind '" << ext
              << "' (supported: .gbnf, .ebnf, .regex, .json for a JSON Schema)\n";
    return nullptr;
  }
  double t0 = nowUs();
  std::shared_ptr<const CompiledGrammar> g;
  if (kind) {
    std::vector<Diagnostic> diags;
    g = compileSource(*kind, src, diags);
    if (!g)
      printDiagnostics(path, src, diags, std::cerr);
  } else {
    g = compileSchema(path, src);
  }
  if (us)
    *us = nowUs() - t0;
  return g;
}

/// The tokenizer and the document of `check` and `bench`; null after
/// reporting an error.
std::unique_ptr<Tokenizer> loadTokenizerAndInput(const Options &o, std::string &doc) {
  std::string err;
  std::unique_ptr<Tokenizer> tok = Tokenizer::fromFile(o.tokenizer, &err);
  if (!tok) {
    std::cerr << err << "\n";
    return nullptr;
  }
  if (!readFile(o.input, doc)) {
    std::cerr << o.input << ": error: cannot read the input\n";
    return nullptr;
  }
  return tok;
}

int check(const Options &o) {
  std::shared_ptr<const CompiledGrammar> g = loadGrammar(o.grammar, nullptr);
  if (!g)
    return kGrammarError;
  std::string doc;
  std::unique_ptr<Tokenizer> tok = loadTokenizerAndInput(o, doc);
  if (!tok)
    return kUsage;
  auto vocab = Vocabulary::fromTokenizer(*tok);
  Matcher m(g, vocab);
  std::vector<int32_t> ids = tok->encode(doc, /*addSpecial=*/false, /*parseSpecial=*/false);
  size_t words = (vocab->size() + 31) / 32;
  std::vector<uint32_t> mask(words);
  size_t offset = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string_view bytes = vocab->bytes(ids[i]);
    bool inMask = true;
    if (o.checkMasks) {
      m.fillMask(mask.data(), vocab->size());
      inMask = (mask[ids[i] >> 5] >> (ids[i] & 31)) & 1;
    }
    bool ok = m.acceptToken(ids[i]);
    if (o.checkMasks && ok != inMask) {
      std::cerr << o.input << ": error: mask and matcher disagree on token " << i << " (id "
                << ids[i] << ") at byte " << offset << "\n";
      return kRejected;
    }
    if (!ok) {
      std::cout << o.input << ": rejected at byte " << offset << ": token " << i << " (id "
                << ids[i] << ", \"" << printable(bytes) << "\")\n";
      return kRejected;
    }
    offset += bytes.size();
  }
  if (!m.isComplete()) {
    std::cout << o.input << ": rejected at byte " << offset
              << ": the input ends before the grammar is complete\n";
    return kRejected;
  }
  std::cout << o.input << ": accepted (" << ids.size() << " tokens, " << offset << " bytes)\n";
  return 0;
}

int bench(const Options &o) {
  double compileUs = 0;
  std::shared_ptr<const CompiledGrammar> g = loadGrammar(o.grammar, &compileUs);
  if (!g)
    return kGrammarError;
  std::string doc;
  std::unique_ptr<Tokenizer> tok = loadTokenizerAndInput(o, doc);
  if (!tok)
    return kUsage;
  double v0 = nowUs();
  auto vocab = Vocabulary::fromTokenizer(*tok);
  double vocabUs = nowUs() - v0;
  std::vector<int32_t> ids = tok->encode(doc, false, false);
  std::vector<uint32_t> mask((vocab->size() + 31) / 32);
  std::vector<double> times, firstPass;
  Matcher m(g, vocab);
  for (int pass = 0; pass < o.passes; ++pass) {
    m.reset();
    for (size_t i = 0; i <= ids.size(); ++i) {
      double t0 = nowUs();
      m.fillMask(mask.data(), vocab->size());
      double dt = nowUs() - t0;
      times.push_back(dt);
      if (o.trace)
        std::cerr << "trace: pass " << pass << " step " << i << " mask_us " << dt << " next "
                  << (i < ids.size() ? "\"" + printable(vocab->bytes(ids[i])) + "\"" : "EOS")
                  << "\n";
      if (pass == 0)
        firstPass.push_back(dt);
      if (i < ids.size() && !m.acceptToken(ids[i])) {
        std::cerr << o.input << ": error: token " << i << " is rejected; bench needs a "
                  << "document the grammar accepts (try `decc-grammar check`)\n";
        return kRejected;
      }
    }
  }
  auto stats = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v)
      sum += x;
    auto pct = [&](double p) { return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))]; };
    return std::map<std::string, double>{
        {"avg", sum / v.size()}, {"p50", pct(0.5)}, {"p99", pct(0.99)}, {"max", v.back()}};
  };
  auto all = stats(times), cold = stats(firstPass);
  size_t memory = g->memoryBytes() + vocab->memoryBytes() + m.memoryBytes();
  nlohmann::json rec = {
      {"grammar", o.grammar},        {"tokenizer", o.tokenizer},
      {"input", o.input},            {"tokens", ids.size()},
      {"vocab", vocab->size()},      {"passes", o.passes},
      {"compile_us", compileUs},     {"vocab_trie_us", vocabUs},
      {"mask_us_avg", all["avg"]},   {"mask_us_p50", all["p50"]},
      {"mask_us_p99", all["p99"]},   {"mask_us_max", all["max"]},
      {"first_pass_mask_us_avg", cold["avg"]}, {"first_pass_mask_us_p50", cold["p50"]},
      {"first_pass_mask_us_p99", cold["p99"]}, {"first_pass_mask_us_max", cold["max"]},
      {"memory_bytes", memory}};
  nlohmann::json out = nlohmann::json::array({rec});
  std::ofstream f(o.json);
  if (!f) {
    std::cerr << o.json << ": error: cannot write\n";
    return kUsage;
  }
  f << out.dump(2) << "\n";
  std::printf("%s tokens=%zu compile_us=%.1f mask_us avg=%.1f p50=%.1f p99=%.1f max=%.1f "
              "(first pass avg=%.1f p50=%.1f p99=%.1f) memory=%zu\n",
              o.grammar.c_str(), ids.size(), compileUs, all["avg"], all["p50"], all["p99"],
              all["max"], cold["avg"], cold["p50"], cold["p99"], memory);
  return 0;
}

int dump(const Options &o) {
  std::shared_ptr<const CompiledGrammar> g = loadGrammar(o.grammar, nullptr);
  if (!g)
    return kGrammarError;
  std::cout << g->dump();
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return usage();
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h")
      return help();
  const std::string_view command = argv[1];
  if (command != "check" && command != "bench" && command != "dump" && command != "masks") {
    std::cerr << "decc-grammar: error: unknown command '" << command << "'\n";
    return usage();
  }
  if (command == "masks")
    return decc::grammar_tool::masksMain(argc - 2, argv + 2, {loadGrammar, readFile});
  Options o;
  o.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string &dst) {
      if (i + 1 >= argc)
        return false;
      dst = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--grammar")
      ok = value(o.grammar);
    else if (a == "--tokenizer")
      ok = value(o.tokenizer);
    else if (a == "--input")
      ok = value(o.input);
    else if (a == "--json")
      ok = value(o.json);
    else if (a == "--check-masks")
      o.checkMasks = true;
    else if (a == "--trace")
      o.trace = true;
    else if (a == "--passes") {
      std::string n;
      ok = value(n) && (o.passes = std::atoi(n.c_str())) > 0;
    } else {
      std::cerr << "decc-grammar: error: unknown option '" << a << "'\n";
      return usage();
    }
    if (!ok) {
      std::cerr << "decc-grammar: error: option '" << a << "' needs a valid value\n";
      return usage();
    }
  }
  if (o.grammar.empty())
    return usage();
  if (o.command == "dump")
    return dump(o);
  if (o.tokenizer.empty() || o.input.empty())
    return usage();
  if (o.command == "check")
    return check(o);
  if (o.command == "bench" && !o.json.empty())
    return bench(o);
  return usage();
}
