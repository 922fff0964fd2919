//===- PhiloxTest.cpp - Philox4x32-10 known answers and keying ------------===//
#include "decc/philox.h"

#include <gtest/gtest.h>

#include <set>

using namespace decc;

TEST(Philox, KnownAnswerZeroCounterZeroKey) {
  Philox4x32Counter out = philox4x32_10({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(out, (Philox4x32Counter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu,
                                    0x9b00dbd8u}));
}

TEST(Philox, KnownAnswerAllOnes) {
  Philox4x32Counter out = philox4x32_10(
      {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
      {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(out, (Philox4x32Counter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u,
                                    0x6d5451fdu}));
}

TEST(Philox, KeyingSplitsSeedAndStepInto32BitHalves) {
  uint64_t seed = 0x0123456789abcdefull, step = 0xfedcba9876543210ull;
  EXPECT_EQ(philox_block(seed, step),
            philox4x32_10({0x76543210u, 0xfedcba98u, 0, 0},
                          {0x89abcdefu, 0x01234567u}));
  constexpr float u = philox_uniform(0, 0); // usable at compile time
  EXPECT_EQ(u, float(0x6627e8d5u >> 8) / 16777216.0f);
}

TEST(Philox, UniformsLieInUnitIntervalAndDiffer) {
  std::set<float> seen;
  for (uint64_t step = 0; step < 1000; ++step) {
    float u = philox_uniform(42, step);
    EXPECT_GE(u, 0.0f);
    EXPECT_LT(u, 1.0f);
    seen.insert(u);
  }
  EXPECT_GT(seen.size(), 990u); // 24-bit values: collisions are rare
  EXPECT_NE(philox_uniform(1, 5), philox_uniform(2, 5));
}
