/*
 * decc/philox.h - Philox4x32-10, the counter-based RNG every decc sampler uses
 * (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011). A draw is a pure function of (seed, step), so a sequence samples
 * the same token whatever batch row, thread or device it runs on.
 *
 * Header-only, C++17, constexpr: compiled kernels, the reference oracle and the
 * tests share this one definition.
 */
#ifndef DECC_PHILOX_H
#define DECC_PHILOX_H

#include <array>
#include <cstdint>

namespace decc {

using Philox4x32Counter = std::array<uint32_t, 4>;
using Philox4x32Key = std::array<uint32_t, 2>;

namespace philox_detail {
inline constexpr uint32_t kM0 = 0xD2511F53u;
inline constexpr uint32_t kM1 = 0xCD9E8D57u;
inline constexpr uint32_t kW0 = 0x9E3779B9u;
inline constexpr uint32_t kW1 = 0xBB67AE85u;

constexpr void mulhilo(uint32_t a, uint32_t b, uint32_t &hi, uint32_t &lo) {
  uint64_t p = uint64_t(a) * uint64_t(b);
  hi = uint32_t(p >> 32);
  lo = uint32_t(p);
}

constexpr Philox4x32Counter round(const Philox4x32Counter &c,
                                  const Philox4x32Key &k) {
  uint32_t hi0 = 0, lo0 = 0, hi1 = 0, lo1 = 0;
  mulhilo(kM0, c[0], hi0, lo0);
  mulhilo(kM1, c[2], hi1, lo1);
  return {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
}
} // namespace philox_detail

/* The full 10-round block function; the key is bumped between rounds. */
constexpr Philox4x32Counter philox4x32_10(Philox4x32Counter ctr,
                                          Philox4x32Key key) {
  for (int r = 0; r < 10; ++r) {
    if (r != 0) {
      key[0] += philox_detail::kW0;
      key[1] += philox_detail::kW1;
    }
    ctr = philox_detail::round(ctr, key);
  }
  return ctr;
}

/* decc's keying: counter = {lo32(step), hi32(step), 0, 0},
 * key = {lo32(seed), hi32(seed)}. */
constexpr Philox4x32Counter philox_block(uint64_t seed, uint64_t step) {
  return philox4x32_10({uint32_t(step), uint32_t(step >> 32), 0u, 0u},
                       {uint32_t(seed), uint32_t(seed >> 32)});
}

/* The uniform in [0, 1) a sampling step consumes: the top 24 bits of the
 * first output word, so the float is exact and never rounds up to 1. */
constexpr float philox_uniform(uint64_t seed, uint64_t step) {
  return float(philox_block(seed, step)[0] >> 8) * (1.0f / 16777216.0f);
}

static_assert(philox4x32_10({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5u &&
                  philox4x32_10({0, 0, 0, 0}, {0, 0})[3] == 0x9b00dbd8u,
              "Philox4x32-10 known answer (Random123 kat_vectors)");

} // namespace decc

#endif /* DECC_PHILOX_H */
