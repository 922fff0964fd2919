//===- Options.cpp - decrun's command line --------------------------------===//
#include "Options.h"

#include <cerrno>
#include <cstdlib>
#include <sys/stat.h>

namespace decc::decrun {

const char *usage() {
  return "usage: decrun STRATEGY.so[:name] [options]\n"
         "  --list                 print strategies, parameters and pipelines\n"
         "  --synthetic-vocab N    vocabulary of the synthetic model "
         "(default 128256)\n"
         "  --seed N               sampling seed (sequence i uses seed + i)\n"
         "  --max-tokens N         stop after N generated tokens\n"
         "  --param name=value     override a strategy parameter "
         "(repeatable)\n"
         "  --threads N            worker threads (default: all cores)\n"
         "  --batch N              sequences decoded together (default 1)\n"
         "  --eos N                token id the synthetic model treats as EOS\n"
         "  --json                 print one JSON record instead of token "
         "lines\n";
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
  if (!haveModule && !o.help) {
    error = "no strategy module given";
    return false;
  }
  return true;
}

} // namespace decc::decrun
