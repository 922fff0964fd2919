//===- Options.cpp - decrun's command line --------------------------------===//
#include "Options.h"

#include <cerrno>
#include <cstdlib>
#include <sys/stat.h>

namespace decc::decrun {

const char *usage() {
  return "usage: decrun STRATEGY.so[:name] --model M.gguf --prompt TEXT "
         "[options]\n"
         "       decrun STRATEGY.so[:name] [--synthetic-vocab N] [options]\n"
         "       decrun (--tokenizer T | --model M.gguf) --encode TEXT\n"
         "       decrun (--tokenizer T | --model M.gguf) --decode ID...\n"
         "  --model M.gguf         generate text with this model\n"
         "  --tokenizer T          tokenizer.json (or a GGUF file) for the text "
         "(default:\n"
         "                         the tokenizer embedded in the model)\n"
         "  --prompt TEXT          text to continue (with --model)\n"
         "  --encode TEXT          print the token ids of TEXT (no BOS/EOS)\n"
         "  --decode ID...         print the text of the token ids\n"
         "  --list                 print strategies, parameters and pipelines\n"
         "  --synthetic-vocab N    without --model: vocabulary of the synthetic "
         "model\n"
         "                         (default 128256)\n"
         "  --seed N               sampling seed (sequence i uses seed + i)\n"
         "  --max-tokens N         stop after N generated tokens\n"
         "  --param name=value     override a strategy parameter "
         "(repeatable)\n"
         "  --threads N            worker threads (default: all cores)\n"
         "  --device cpu|cuda      where the model runs (default cpu; cuda "
         "needs a build\n"
         "                         with the CUDA backend and a GPU)\n"
         "  --batch N              synthetic model: sequences decoded together "
         "(default 1)\n"
         "  --eos N                EOS token id (default: the model's; the "
         "synthetic\n"
         "                         model has none)\n"
         "  --json                 print one JSON record instead of the "
         "text / token lines\n";
}

namespace {
bool parseInt(const std::string &text, int64_t min, int64_t max,
              int64_t &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno || *end || v < min || v > max)
    return false;
  out = v;
  return true;
}

bool parseSeed(const std::string &text, uint64_t &out) {
  if (text.empty() || text[0] == '-')
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (errno || *end)
    return false;
  out = v;
  return true;
}

bool isFile(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// "a.so:chat" names strategy chat of a.so, unless a file of that exact name
// exists (paths may contain ':').
void splitModuleArg(const std::string &arg, Options &o) {
  size_t colon = arg.rfind(':');
  if (colon != std::string::npos && colon > 0 && !isFile(arg) &&
      arg.find('/', colon) == std::string::npos) {
    o.modulePath = arg.substr(0, colon);
    o.strategy = arg.substr(colon + 1);
    return;
  }
  o.modulePath = arg;
}
} // namespace

bool parseOptions(const std::vector<std::string> &args, Options &o,
                  std::string &error) {
  bool haveModule = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool inlineValue = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inlineValue = true;
      }
    }
    auto takeValue = [&]() -> bool {
      if (inlineValue)
        return true;
      if (i + 1 >= args.size()) {
        error = "option " + arg + " needs a value";
        return false;
      }
      value = args[++i];
      return true;
    };
    auto bad = [&](const char *what) {
      error = "option " + arg + ": '" + value + "' is not " + what;
      return false;
    };
    int64_t n = 0;
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--list") {
      o.list = true;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--synthetic-vocab") {
      if (!takeValue())
        return false;
      if (!parseInt(value, 1, INT32_MAX, o.vocab))
        return bad("a vocabulary size in [1, 2147483647]");
    } else if (arg == "--seed") {
      if (!takeValue())
        return false;
      if (!parseSeed(value, o.seed))
        return bad("an unsigned 64-bit integer");
    } else if (arg == "--max-tokens") {
      if (!takeValue())
        return false;
      if (!parseInt(value, 1, INT64_MAX, n))
        return bad("a positive integer");
      o.maxTokens = n;
    } else if (arg == "--param") {
      if (!takeValue())
        return false;
      o.params.push_back(value);
    } else if (arg == "--threads") {
      if (!takeValue())
        return false;
      if (!parseInt(value, 0, 1024, n))
        return bad("a thread count in [0, 1024]");
      o.threads = int32_t(n);
    } else if (arg == "--device") {
      if (!takeValue())
        return false;
      if (value != "cpu" && value != "cuda")
        return bad("cpu or cuda");
      o.cuda = value == "cuda";
    } else if (arg == "--batch") {
      if (!takeValue())
        return false;
      if (!parseInt(value, 1, 65536, o.batch))
        return bad("a batch size in [1, 65536]");
    } else if (arg == "--eos") {
      if (!takeValue())
        return false;
      if (!parseInt(value, 0, INT32_MAX, n))
        return bad("a token id");
      o.eos = int32_t(n);
    } else if (arg == "--model" || arg == "--tokenizer" || arg == "--prompt" ||
               arg == "--encode") {
      if (!takeValue())
        return false;
      if (arg == "--model")
        o.modelPath = value;
      else if (arg == "--tokenizer")
        o.tokenizerPath = value;
      else if (arg == "--prompt")
        o.prompt = value;
      else
        o.encode = value;
    } else if (arg == "--decode") {
      // Every following argument that is a token id belongs to it.
      std::vector<int32_t> ids;
      if (inlineValue) {
        if (!parseInt(value, 0, INT32_MAX, n))
          return bad("a token id");
        ids.push_back(int32_t(n));
      }
      while (i + 1 < args.size() && parseInt(args[i + 1], 0, INT32_MAX, n)) {
        ids.push_back(int32_t(n));
        ++i;
      }
      if (ids.empty()) {
        error = "option --decode needs token ids";
        return false;
      }
      o.decode = std::move(ids);
    } else if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option '" + arg + "'";
      return false;
    } else if (!haveModule) {
      splitModuleArg(arg, o);
      haveModule = true;
    } else {
      error = "unexpected argument '" + arg + "' (one module only)";
      return false;
    }
  }
  bool tokenizerCommand = o.encode || o.decode;
  if (tokenizerCommand) {
    if (o.encode && o.decode) {
      error = "--encode and --decode cannot be combined";
      return false;
    }
    if (o.tokenizerPath.empty() && o.modelPath.empty()) {
      error = std::string(o.encode ? "--encode" : "--decode") +
              " needs --tokenizer T or --model M.gguf";
      return false;
    }
    if (haveModule) {
      error = "--encode and --decode take no strategy module";
      return false;
    }
    return true;
  }
  if (!haveModule && !o.help) {
    error = "no strategy module given";
    return false;
  }
  if (!o.modelPath.empty() && !o.prompt && !o.list && !o.help) {
    error = "--model needs --prompt TEXT";
    return false;
  }
  if (o.modelPath.empty() && (o.prompt || !o.tokenizerPath.empty())) {
    error = std::string(o.prompt ? "--prompt" : "--tokenizer") +
            " needs --model M.gguf";
    return false;
  }
  if (o.modelPath.empty() && o.cuda) {
    error = "--device cuda needs --model M.gguf";
    return false;
  }
  if (!o.modelPath.empty() && o.batch != 1) {
    error = "--batch is for the synthetic model (one sequence per model run)";
    return false;
  }
  return true;
}

} // namespace decc::decrun
