// Helpers shared by the model tests: raw GGUF byte builders and temp files.
#ifndef DECC_TEST_MODEL_TESTUTIL_H
#define DECC_TEST_MODEL_TESTUTIL_H

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "decc/gguf.h"

namespace decc::test {

// Little-endian byte builder for hand-made (possibly corrupt) GGUF files.
struct Bytes {
  std::vector<uint8_t> b;
  template <typename T>
  Bytes &put(T v) {
    uint8_t x[sizeof(T)];
    std::memcpy(x, &v, sizeof(T));
    b.insert(b.end(), x, x + sizeof(T));
    return *this;
  }
  Bytes &u32(uint32_t v) { return put(v); }
  Bytes &u64(uint64_t v) { return put(v); }
  Bytes &str(const std::string &s) {
    u64(s.size());
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  Bytes &header(uint64_t nTensors, uint64_t nKV, uint32_t version = 3) {
    return u32(gguf::kMagic).u32(version).u64(nTensors).u64(nKV);
  }
  Bytes &zeros(size_t n) {
    b.resize(b.size() + n, 0);
    return *this;
  }
  Bytes &pad(size_t align) {
    b.resize((b.size() + align - 1) / align * align, 0);
    return *this;
  }
};

// A temporary file removed when the object dies.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string &tag) {
    char name[256];
    std::snprintf(name, sizeof name, "/tmp/decc-model-test-%s-XXXXXX", tag.c_str());
    int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    path = name;
  }
  ~TempFile() { unlink(path.c_str()); }
  bool write(const std::vector<uint8_t> &bytes) const {
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    return std::fclose(f) == 0 && ok;
  }
};

inline std::string dataPath(const std::string &name) { return std::string(DECC_MODEL_TEST_DATA) + "/" + name; }

}  // namespace decc::test

#endif  // DECC_TEST_MODEL_TESTUTIL_H
