//===- AlignedBuffer.h - cache-line aligned scratch memory ----------------===//
#ifndef DECC_RUNTIME_COMMON_ALIGNEDBUFFER_H
#define DECC_RUNTIME_COMMON_ALIGNEDBUFFER_H

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace decc::rt {

// Kernel workspaces: 64-byte aligned (decc/abi.h), sized up to whole cache
// lines so that two workers' buffers never share a line.
class AlignedBuffer {
public:
  static constexpr size_t kAlignment = 64;

  // Returns false when the allocation fails (the buffer is then empty).
  bool allocate(size_t bytes) {
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    if (rounded == 0)
      rounded = kAlignment;
    data_.reset(std::aligned_alloc(kAlignment, rounded));
    size_ = data_ ? rounded : 0;
    return data_ != nullptr;
  }
  void *data() const { return data_.get(); }
  size_t size() const { return size_; }

private:
  struct Free {
    void operator()(void *p) const { std::free(p); }
  };
  std::unique_ptr<void, Free> data_;
  size_t size_ = 0;
};

} // namespace decc::rt

#endif
