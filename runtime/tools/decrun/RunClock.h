//===- RunClock.h - Timing and stop-reason names shared by the drivers ---===//
#ifndef DECC_DECRUN_RUNCLOCK_H
#define DECC_DECRUN_RUNCLOCK_H

#include "decc/decrt.h"

#include <chrono>

namespace decc::decrun {

using Clock = std::chrono::steady_clock;

inline double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

/// The name a statistics record gives a stop reason ("" when not stopped).
inline const char *stopName(decrt_stop_reason r) {
  switch (r) {
  case DECRT_STOP_EOS:
    return "eos";
  case DECRT_STOP_TOKEN:
    return "stop_token";
  case DECRT_STOP_MAX_TOKENS:
    return "max_tokens";
  case DECRT_STOP_NO_TOKEN:
    return "no_token";
  default:
    return "";
  }
}

} // namespace decc::decrun

#endif
