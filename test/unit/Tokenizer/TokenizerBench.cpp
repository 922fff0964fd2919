// Encode throughput and load time of the real tokenizers (not a test: prints
// a table; figures go to docs/tokenizers.md).
//   decrt-tokenizer-bench [MB of text, default 4]
#include "TestSupport.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Deterministic mixed text: English prose, code, JSON, numbers, CJK, Cyrillic,
// emoji, with newlines every few sentences so Gemma/Llama-2 words stay short.
static std::string makeText(size_t bytes) {
  const char *parts[] = {
      "The quick brown fox jumps over the lazy dog. ",
      "Grammar-constrained decoding masks the logits at every step. ",
      "for (int i = 0; i < n; ++i) { sum += a[i] * 2; }\n",
      "{\"id\": 12345, \"name\": \"decc\", \"tags\": [\"fast\", \"exact\"]}\n",
      "東京は日本の首都です。中文测试，你好世界。",
      "Привет, мир! Как дела? ",
      "Numbers 3.14159 2718281828 and 1,000,000. ",
      "emoji 😀👍🏽 done.\n",
      "   indented   text\twith\ttabs\n",
  };
  std::string s;
  unsigned k = 12345;
  while (s.size() < bytes) {
    k = k * 1103515245u + 12345u;
    s += parts[(k >> 16) % (sizeof(parts) / sizeof(parts[0]))];
  }
  return s;
}

int main(int argc, char **argv) {
  double mb = argc > 1 ? std::atof(argv[1]) : 4.0;
  std::string text = makeText((size_t)(mb * 1e6));
  std::printf("%-8s %10s %12s %12s %14s\n", "name", "load_s", "tokens",
              "cold_MB/s", "warm_MB/s");
  for (const char *name : {"llama3", "qwen3", "gemma3", "llama2"}) {
    std::string path = decc::test::tokenizerPath(name);
    std::string error;
    auto t0 = Clock::now();
    auto tok = decc::Tokenizer::fromFile(path, &error);
    auto t1 = Clock::now();
    if (!tok) {
      std::printf("%-8s skipped: %s\n", name, error.c_str());
      continue;
    }
    auto ids = tok->encode(text, false);
    auto t2 = Clock::now();
    auto ids2 = tok->encode(text, false);
    auto t3 = Clock::now();
    if (ids != ids2)
      return 1;
    double mbytes = text.size() / 1e6;
    std::printf("%-8s %10.3f %12zu %12.2f %14.2f\n", name, seconds(t0, t1),
                ids.size(), mbytes / seconds(t1, t2), mbytes / seconds(t2, t3));
  }
  return 0;
}
