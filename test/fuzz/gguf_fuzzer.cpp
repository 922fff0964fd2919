// libFuzzer target: arbitrary bytes through the GGUF reader, the model loader
// and, for files that load as a model, a short forward pass. Anything but an
// error value (crash, hang, sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "decc/gguf.h"
#include "decc/model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string err;
  auto file = decc::gguf::File::fromMemory(data, size, "fuzz.gguf", &err);
  if (!file) return 0;
  // Touch every view the reader handed out so ASan sees out-of-range ones.
  size_t sum = 0;
  for (const auto &kv : file->metadata()) {
    sum += kv.key.size() + kv.value.str.size();
    for (auto s : kv.value.strs) sum += s.size() ? (uint8_t)s.back() : 0;
    if (kv.value.raw && kv.value.count) sum += (size_t)kv.value.intAt(kv.value.count - 1);
  }
  for (const auto &t : file->tensors())
    if (t.bytes) sum += t.data[t.bytes - 1];
  decc::model::LoadOptions lo;
  lo.threads = 1;
  auto model = decc::model::Model::fromFile(std::move(file), &err, lo);
  if (!model) return (int)(sum & 0);
  decc::model::SessionOptions so;
  so.maxTokens = 4;
  decc::model::Session s(*model, so);
  int32_t toks[3] = {0, (int32_t)(model->config().nVocab - 1), 1 % (int32_t)model->config().nVocab};
  s.evaluate(toks, 3, true, &err);
  s.truncate(1);
  s.evaluate(toks, 1, false, &err);
  return 0;
}
