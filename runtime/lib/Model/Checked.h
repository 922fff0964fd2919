// Overflow-checked arithmetic for sizes read from untrusted files.
#ifndef DECC_MODEL_CHECKED_H
#define DECC_MODEL_CHECKED_H

#include <cstdint>

namespace decc::gguf::detail {

// Each returns false (and leaves *out unspecified) when the result does not fit.
inline bool checkedAdd(uint64_t a, uint64_t b, uint64_t *out) { return !__builtin_add_overflow(a, b, out); }
inline bool checkedMul(uint64_t a, uint64_t b, uint64_t *out) { return !__builtin_mul_overflow(a, b, out); }
// Rounds x up to a multiple of the power of two `align`.
inline bool checkedAlignUp(uint64_t x, uint64_t align, uint64_t *out) {
  uint64_t t;
  if (!checkedAdd(x, align - 1, &t)) return false;
  *out = t & ~(align - 1);
  return true;
}

}  // namespace decc::gguf::detail

#endif  // DECC_MODEL_CHECKED_H
